#include "core/timestamp_prefix_cache.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/timestamp.h"

namespace busytrap::core {
namespace {

// The cache's answer as parse_iso8601_prefix gives it.
std::optional<std::int64_t> cached_parse(TimestampPrefixCache& cache, std::string_view text, std::size_t& length) {
  std::int64_t value = 0;
  if (!cache.parse_prefix(text, length, value)) return std::nullopt;
  return value;
}

// Whatever the cache holds, every text gets exactly what parse_iso8601_prefix gives it.
void expect_same_as_parser(TimestampPrefixCache& cache, const std::string& text) {
  std::size_t cached_length = 99, parsed_length = 99;
  const auto cached = cached_parse(cache, text, cached_length);
  const auto parsed = parse_iso8601_prefix(text, parsed_length);
  EXPECT_EQ(cached, parsed) << text;
  EXPECT_EQ(cached_length, parsed_length) << text;
}

TEST(TimestampPrefixCache, AgreesWithTheParserOnRunsAndTheirEdges) {
  const std::vector<std::string> lines = {
      "2017-10-07T14:53:57+0000 [a] x",
      "2017-10-07T14:53:57+0000 [b] same stamp",
      "2017-10-07T14:53:58+0000 [a] the next second",
      "2017-10-07T14:53:59+0000 [a] and the next",
      "2017-10-07T14:53:59+0100 [a] same second, another zone",
      "2017-10-07T14:53:59+01:00 [a] colon zone",
      "2017-10-07T14:53:59.5+0000 [a] a fraction",
      "2017-10-07T14:53:59.25+0000 [a] another fraction",
      "2017-10-07T14:53:59.25Z [a] Z",
      "2017-10-07T14:53:59 [a] no zone",
      "2017-10-07T14:53:59+0 [a] a zone cut short",
      "2017-10-07T14:53:59+0",
      "2017-10-07T14:53:59",
      "2017-10-07 [a] a bare date",
      "2017-10-07 14:53:59 [a] a space instead of T",
      "2017-10-07 [a] the bare date again",
      "2017-10-07T14:53:59 ",
      "2017-10-07T14:53:59",
      "garbage",
      "",
      "2017-10-07T14:53:59+0000 [a] back to the first form",
      "2017-10-07T14:53:59+0000",
      "2017-12-31T23:59:59+0000 [a] year end",
      "2018-01-01T00:00:00+0000 [a] new year",
      "2018-01-01T00:00:00.999999999+0000 [a] more than six fraction digits",
  };
  TimestampPrefixCache cache;
  for (const std::string& line : lines) expect_same_as_parser(cache, line);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) expect_same_as_parser(cache, *it);
}

TEST(TimestampPrefixCache, ARepeatedStampKeepsItsValueAndLength) {
  TimestampPrefixCache cache;
  std::size_t length = 0;
  EXPECT_EQ(cached_parse(cache, "2017-10-07T14:53:57+0000 [a] x", length), 1507388037000000);
  EXPECT_EQ(length, 24u);
  length = 0;
  EXPECT_EQ(cached_parse(cache, "2017-10-07T14:53:57+0000 [b] y", length), 1507388037000000);
  EXPECT_EQ(length, 24u);
  // A text holding the cached bytes but ending before the space is parsed, not looked up.
  EXPECT_EQ(cached_parse(cache, "2017-10-07T14:53:57+0000", length), 1507388037000000);
  EXPECT_EQ(length, 24u);
  EXPECT_EQ(cached_parse(cache, "2017-10-07T14:53:57+00", length), 1507388037000000);
  EXPECT_EQ(length, 19u);
}

// Texts that differ from the cached stamp only in the seconds take the seconds' shortcut; the
// shortcut must agree with the parser at its edges (a leap second, 61, non-digits, fractions).
TEST(TimestampPrefixCache, TheNextSecondsAgreeWithTheParser) {
  const std::vector<std::string> lines = {
      "2017-10-07T14:53:00+0000 [a] x",   "2017-10-07T14:53:01+0000 [a] x",  "2017-10-07T14:53:59+0000 [a] x",
      "2017-10-07T14:53:60+0000 [a] leap", "2017-10-07T14:53:61+0000 [a] no", "2017-10-07T14:53:59+0000 [a] back",
      "2017-10-07T14:53:5x+0000 [a] no",   "2017-10-07T14:53:/9+0000 [a] no", "2017-10-07T14:53:09+0000 [a] x",
      "2017-10-07T14:53:10+0100 [a] zone", "2017-10-07T14:53:11+0100 [a] x",  "2017-10-07T14:54:11+0100 [a] minute",
      "2017-10-07T14:53:12.5+0000 [a] f",  "2017-10-07T14:53:13.5+0000 [a] f", "2017-10-07T14:53:13.5+0000",
      "2017-10-07T14:53:14.5+000",         "2017-10-07T14:53:15 [a] no zone", "2017-10-07T14:53:16 [a] no zone",
  };
  TimestampPrefixCache cache;
  for (const std::string& line : lines) expect_same_as_parser(cache, line);
  std::size_t length = 0;
  EXPECT_EQ(cached_parse(cache, "2017-10-07T14:53:17 [b] y", length), 1507387997000000);
  EXPECT_EQ(length, 19u);
}

}  // namespace
}  // namespace busytrap::core
