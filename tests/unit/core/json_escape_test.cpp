#include "core/json_escape.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <random>
#include <string>

namespace busytrap::core {
namespace {

std::string escaped(std::string_view bytes) {
  std::string out;
  append_json_escaped(out, bytes);
  return out;
}

std::string unescaped(std::string_view text) {
  std::string out;
  EXPECT_TRUE(append_json_unescaped(out, text)) << text;
  return out;
}

TEST(JsonEscape, QuotesBackslashesAndControlBytes) {
  EXPECT_EQ(escaped("say \"hi\" \\ now"), R"(say \"hi\" \\ now)");
  EXPECT_EQ(escaped("a\nb\rc\td\be\ff"), R"(a\nb\rc\td\be\ff)");
  EXPECT_EQ(escaped(std::string("\x00\x01\x1b[0m\x1f\x7f", 8)), R"(\u0000\u0001\u001b[0m\u001f\u007f)");
}

TEST(JsonEscape, KeepsValidMultibyteUtf8) {
  const std::string text = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xe6\x97\xa5\xe6\x9c\xac";
  EXPECT_EQ(escaped(text), text);
  EXPECT_TRUE(is_valid_utf8(text));
}

TEST(JsonEscape, InvalidBytesBecomeLoneLowSurrogates) {
  EXPECT_EQ(escaped("\x80"), R"(\udc80)");
  EXPECT_EQ(escaped("\xff\xfe"), R"(\udcff\udcfe)");
  // Truncated sequence followed by ASCII: each byte of the broken sequence escaped on its own.
  EXPECT_EQ(escaped("\xe2\x82" "A"), R"(\udce2\udc82A)");
  // Overlong encoding of '/', a UTF-16 surrogate encoded in UTF-8, and a code point > U+10FFFF.
  EXPECT_EQ(escaped("\xc0\xaf"), R"(\udcc0\udcaf)");
  EXPECT_EQ(escaped("\xed\xa0\x80"), R"(\udced\udca0\udc80)");
  EXPECT_EQ(escaped("\xf4\x90\x80\x80"), R"(\udcf4\udc90\udc80\udc80)");
  // A valid sequence right after an invalid byte is kept.
  EXPECT_EQ(escaped("\xff\xc3\xa9"), "\\udcff\xc3\xa9");
  // ELF magic, as in a captured binary.
  EXPECT_EQ(escaped("\x7f" "ELF\x01\x01\x01"), R"(\u007fELF\u0001\u0001\u0001)");
}

// Every special byte at every offset of a long plain run (the 8-bytes-at-a-time path).
TEST(JsonEscape, SpecialBytesAnywhereInLongRuns) {
  const std::pair<char, std::string> specials[] = {
      {'"', "\\\""}, {'\\', "\\\\"}, {'\x1f', "\\u001f"}, {'\x00', "\\u0000"},
      {'\x7f', "\\u007f"}, {'\x80', "\\udc80"}, {'\xff', "\\udcff"}, {'\n', "\\n"}};
  for (const auto& [byte, expected_escape] : specials) {
    for (std::size_t pos = 0; pos < 40; ++pos) {
      std::string text(40, 'a');
      text[pos] = byte;
      const std::string expected = std::string(pos, 'a') + expected_escape + std::string(39 - pos, 'a');
      ASSERT_EQ(escaped(text), expected) << "byte " << int(static_cast<unsigned char>(byte)) << " at " << pos;
    }
  }
  // The edges of the plain range stay plain.
  EXPECT_EQ(escaped(std::string(20, ' ') + std::string(20, '~')), std::string(20, ' ') + std::string(20, '~'));
}

TEST(JsonEscape, RoundTripsRandomBytes) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 5000; ++round) {
    std::string bytes(rng() % 40, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng() % 4 == 0 ? 0x80 + rng() % 0x80 : rng() % 256);
    const std::string text = escaped(bytes);
    ASSERT_TRUE(is_valid_utf8(text));
    ASSERT_EQ(unescaped(text), bytes);
  }
}

TEST(JsonEscape, ValidUtf8StringsParseWithSimdjson) {
  const std::string original = "wget http://x/\"a b\"\t\x01 caf\xc3\xa9\n";
  std::string doc = "{\"k\":";
  append_json_string(doc, original);
  doc += "}";
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(doc);
  auto parsed = parser.iterate(padded);
  std::string_view value;
  ASSERT_EQ(parsed["k"].get_string().get(value), simdjson::SUCCESS);
  EXPECT_EQ(value, original);
}

TEST(JsonEscape, PrefixStopsAtWholeUnits) {
  std::string out;
  EXPECT_EQ(append_json_escaped_prefix(out, "abc\ndef", 4), 3u);  // "\n" needs 2 more
  EXPECT_EQ(out, "abc");
  out.clear();
  EXPECT_EQ(append_json_escaped_prefix(out, "ab\xc3\xa9", 3), 2u);  // never splits é
  EXPECT_EQ(out, "ab");
  out.clear();
  EXPECT_EQ(append_json_escaped_prefix(out, "\xff\xff", 11), 1u);
  EXPECT_EQ(out, R"(\udcff)");
  out.clear();
  EXPECT_EQ(append_json_escaped_prefix(out, "all fits", 100), 8u);
}

// Long inputs (the escaper stages its output in 1 KB pieces) of every mix: plain runs, escapes
// every few bytes (a loader's echo -ne '\\xNN'), UTF-8 and invalid bytes.
TEST(JsonEscape, RoundTripsLongMixedInputs) {
  std::mt19937 rng(777);
  for (int round = 0; round < 300; ++round) {
    std::string bytes;
    const std::size_t size = 1000 + rng() % 5000;
    while (bytes.size() < size) {
      switch (rng() % 4) {
        case 0: bytes.append(rng() % 30, 'a' + static_cast<char>(rng() % 26)); break;
        case 1: bytes += "\\x7f"; break;
        case 2: bytes += "caf\xc3\xa9\""; break;
        default: bytes += static_cast<char>(rng() % 256); break;
      }
    }
    const std::string text = escaped(bytes);
    ASSERT_TRUE(is_valid_utf8(text));
    ASSERT_EQ(unescaped(text), bytes);
  }
}

// Whatever the budget, the prefix is the full escape cut at a whole unit, and fits the budget.
TEST(JsonEscape, PrefixOfEveryBudgetIsACutOfTheFullEscape) {
  std::mt19937 rng(99);
  for (int round = 0; round < 200; ++round) {
    std::string bytes(rng() % 60, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng() % 3 == 0 ? rng() % 256 : 'a' + rng() % 26);
    const std::string full = escaped(bytes);
    for (std::size_t budget = 0; budget <= full.size() + 1; ++budget) {
      std::string out;
      const std::size_t consumed = append_json_escaped_prefix(out, bytes, budget);
      ASSERT_LE(out.size(), budget);
      ASSERT_EQ(out, full.substr(0, out.size()));
      ASSERT_EQ(out, escaped(std::string_view(bytes).substr(0, consumed)));
      if (budget >= full.size()) {
        ASSERT_EQ(consumed, bytes.size());
      }
    }
  }
}

TEST(JsonEscape, UnescapeDecodesStandardEscapes) {
  EXPECT_EQ(unescaped(R"(a\"b\\c\/d\n\u0041\u00e9\ud83d\ude00)"), "a\"b\\c/d\nA\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(unescaped(R"(\udc80\udcff)"), "\x80\xff");
}

TEST(JsonEscape, UnescapeRejectsMalformed) {
  std::string out;
  EXPECT_FALSE(append_json_unescaped(out, R"(\x)"));
  EXPECT_FALSE(append_json_unescaped(out, R"(\u12)"));
  EXPECT_FALSE(append_json_unescaped(out, R"(\ud83d)"));        // lone high surrogate
  EXPECT_FALSE(append_json_unescaped(out, R"(\udc10)"));        // low surrogate not a byte
  EXPECT_FALSE(append_json_unescaped(out, "a\"b"));             // unescaped quote
  EXPECT_FALSE(append_json_unescaped(out, std::string("a\nb")));  // raw control byte
  EXPECT_FALSE(append_json_unescaped(out, "trailing\\"));
}

}  // namespace
}  // namespace busytrap::core
