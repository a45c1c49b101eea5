#include "config/toml_document.h"

#include <gtest/gtest.h>

#include <string>

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
