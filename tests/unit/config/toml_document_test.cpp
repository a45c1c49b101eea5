#include "config/toml_document.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <algorithm>
#include <string>
#include <vector>

#include "config/config_loader.h"

namespace busytrap::config {
namespace {

TEST(TomlDocument, NonAsciiInStringsCommentsAndQuotedKeysIsRead) {
  const std::string text =
      "# Zürich — a comment\n"
      "basic = \"caf\xC3\xA9 \\\" \xC2\xA1\"\n"
      "literal = 'na\xC3\xAFve'\n"
      "multi = \"\"\"\n\xE6\x97\xA5\xE6\x9C\xAC \"\" \"\"\"\"\"\n"
      "multi_literal = '''\xC2\xA1'''\n"
      "\"k\xC3\xA9y\" = 1\n";
  TomlError error;
  const auto root = parse_toml(text, "test", error);
  ASSERT_TRUE(root) << error.line << ":" << error.column << " " << error.description;
  EXPECT_EQ((*root)["basic"].value_or(std::string()), "caf\xC3\xA9 \" \xC2\xA1");
  EXPECT_EQ((*root)["literal"].value_or(std::string()), "na\xC3\xAFve");
  EXPECT_EQ((*root)["multi"].value_or(std::string()), "\xE6\x97\xA5\xE6\x9C\xAC \"\" \"\"");
  EXPECT_EQ((*root)["multi_literal"].value_or(std::string()), "\xC2\xA1");
  EXPECT_EQ((*root)["k\xC3\xA9y"].value_or(0), 1);
}

// Every code point from U+0080 to U+FFFF (surrogates excepted) and every 16th above, as UTF-8.
std::vector<std::string> non_ascii_characters() {
  std::vector<std::string> characters;
  for (char32_t c = 0x80; c <= 0x10FFFF; c += c < 0x10000 ? 1 : 16) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string utf8;
    if (c < 0x800) {
      utf8 = {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
    } else if (c < 0x10000) {
      utf8 = {static_cast<char>(0xE0 | (c >> 12)), static_cast<char>(0x80 | ((c >> 6) & 0x3F)),
              static_cast<char>(0x80 | (c & 0x3F))};
    } else {
      utf8 = {static_cast<char>(0xF0 | (c >> 18)), static_cast<char>(0x80 | ((c >> 12) & 0x3F)),
              static_cast<char>(0x80 | ((c >> 6) & 0x3F)), static_cast<char>(0x80 | (c & 0x3F))};
    }
    characters.push_back(std::move(utf8));
  }
  return characters;
}

// toml++ 3.3 asks "is this whitespace?" of the character after a line-ending backslash and of
// the one after any backslash in a multi-line string; for U+00A1 and ~2,000 others that is
// undefined behaviour (the sanitizer build stops on it). Every character, in every place a
// string or comment can hold it, reads back as itself.
TEST(TomlDocument, EveryNonAsciiCharacterInEveryStringFormReadsBackAsItself) {
  const std::vector<std::string> characters = non_ascii_characters();
  constexpr std::size_t kPerDocument = 50'000;
  for (std::size_t first = 0; first < characters.size(); first += kPerDocument) {
    std::string joined;
    std::string after_line_ending_backslashes;
    for (std::size_t i = first; i < std::min(characters.size(), first + kPerDocument); ++i) {
      joined += characters[i];
      after_line_ending_backslashes += "\\\n  " + characters[i];
    }
    const std::string text = "# " + joined + "\n" +                                          //
                             "basic = \"" + joined + "\"\n" +                                 //
                             "literal = '" + joined + "'\n" +                                 //
                             "multi = \"\"\"" + after_line_ending_backslashes + "\"\"\"\n" +  //
                             "multi_literal = '''\n" + joined + "'''\n" +                     //
                             "\"" + joined + "\" = 1\n";
    TomlError error;
    const auto root = parse_toml(text, "test", error);
    ASSERT_TRUE(root) << "from character #" << first << ": " << error.line << ":" << error.column << " "
                      << error.description;
    EXPECT_EQ((*root)["basic"].value_or(std::string()), joined);
    EXPECT_EQ((*root)["literal"].value_or(std::string()), joined);
    EXPECT_EQ((*root)["multi"].value_or(std::string()), joined);
    EXPECT_EQ((*root)["multi_literal"].value_or(std::string()), joined);
    EXPECT_EQ((*root)[joined].value_or(0), 1);
  }
}

TEST(TomlDocument, LiteralStringsKeepBackslashesAndQuotes) {
  TomlError error;
  const auto root = parse_toml("a = 'C:\\x \"q\" \xC3\xA9'\nb = '''\\\n\"\"\"\xC3\xA9'''''\n", "test", error);
  ASSERT_TRUE(root) << error.description;
  EXPECT_EQ((*root)["a"].value_or(std::string()), "C:\\x \"q\" \xC3\xA9");
  EXPECT_EQ((*root)["b"].value_or(std::string()), "\\\n\"\"\"\xC3\xA9''");
}

TEST(TomlDocument, InvalidUtf8InAStringAndABackslashBeforeNonAsciiAreErrors) {
  for (const std::string& text : {std::string("a = 1\nb = \"x\xC3\"\n"), std::string("a = 1\nb = '\xFF'\n"),
                                  std::string("a = 1\nb = \"\"\"\\\xC2\xA1\"\"\"\n"),
                                  std::string("a = 1\nb = \"\\\xC2\xA1\"\n")}) {
    TomlError error;
    EXPECT_FALSE(parse_toml(text, "test", error)) << text;
    EXPECT_EQ(error.line, 2u) << text;
  }
  TomlError error;
  EXPECT_TRUE(parse_toml("# a comment may hold any byte: \xFF\xC3\n a = 1\n", "test", error)) << error.description;
}

TEST(TomlDocument, NonAsciiOutsideStringsIsAnErrorAtItsPlace) {
  // U+00A1 and a no-break space where toml++ 3.3 looks for whitespace: undefined behaviour in
  // toml++ itself (tomlplusplus#295), a clear error here.
  for (const std::string& text : {std::string("a = 1\nb\xC2\xA0= 2\n"), std::string("a = 1\nb\xC2\xA1\n"),
                                  std::string("a = 1\nb \"x\" \xC2\xA1\n")}) {
    TomlError error;
    EXPECT_FALSE(parse_toml(text, "test", error)) << text;
    EXPECT_EQ(error.line, 2u) << text;
    EXPECT_NE(error.description.find("non-ASCII"), std::string::npos);
  }
  TomlError error;
  EXPECT_FALSE(parse_toml("a = \"x\\\"\" \xC2\xA1 # the escaped quote does not end the string\n", "t", error));
  EXPECT_EQ(error.column, 11u);
}

TEST(TomlDocument, ALeadingByteOrderMarkIsDropped) {
  TomlError error;
  const auto root = parse_toml("\xEF\xBB\xBFkey = \"v\"\n", "test", error);
  ASSERT_TRUE(root) << error.description;
  EXPECT_EQ((*root)["key"].value_or(std::string()), "v");
  EXPECT_FALSE(parse_toml("\xEF\xBB\xBF\xC2\xA1 = 1\n", "test", error));
  EXPECT_EQ(error.line, 1u);
  EXPECT_EQ(error.column, 1u);
}

TEST(TomlDocument, SyntaxErrorsAndUnreadableFilesSayWhere) {
  TomlError error;
  EXPECT_FALSE(parse_toml("a = \n", "test", error));
  EXPECT_EQ(error.line, 1u);
  EXPECT_FALSE(error.description.empty());
  EXPECT_FALSE(parse_toml_file("/nonexistent/busytrap.toml", error));
  EXPECT_EQ(error.line, 0u);
  EXPECT_EQ(error.description, "cannot open: No such file or directory");
  // An unterminated string ends the scan; toml++ reports it.
  EXPECT_FALSE(parse_toml("a = \"\xC2\xA1\n", "test", error));
  EXPECT_NE(error.line, 0u);
}

TEST(TomlDocument, TheConfigurationReportsItAsAnOperatorError) {
  Config config;
  try {
    apply_toml_text(config, "[server]\nthreads\xC2\xA0= 2\n", "busytrap.toml");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("busytrap.toml:2:8: a non-ASCII character", 0), 0u) << e.what();
  }
}

}  // namespace
}  // namespace busytrap::config
