#include "core/timestamp.h"

#include <gtest/gtest.h>

namespace busytrap::core {
namespace {

TEST(Timestamp, ParsesCowrieForms) {
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso8601("2017-10-07T14:53:57.761300Z"), 1507388037761300);
  EXPECT_EQ(parse_iso8601("2017-10-07T14:53:57+0000 [x]"), 1507388037000000);
  EXPECT_EQ(parse_iso8601("2017-10-07T16:53:57+02:00"), 1507388037000000);
  EXPECT_EQ(parse_iso8601("2017-10-07 14:53:57.5"), 1507388037500000);
  EXPECT_EQ(parse_iso8601("2017-10-07"), 1507334400000000);
}

// Consecutive stamps of the same second reuse the cached second; fraction and zone still count.
TEST(Timestamp, SameSecondRunsKeepTheirFractionAndZone) {
  EXPECT_EQ(parse_iso8601("2017-10-07T14:53:57Z"), 1507388037000000);
  EXPECT_EQ(parse_iso8601("2017-10-07T14:53:57.25Z"), 1507388037250000);
  EXPECT_EQ(parse_iso8601("2017-10-07T14:53:57+0100"), 1507384437000000);
  EXPECT_EQ(parse_iso8601("2017-10-07T14:53:58Z"), 1507388038000000);
  EXPECT_EQ(parse_iso8601("2017-10-07T14:53:57Z"), 1507388037000000);
}

// Cowrie's ".ffffffZ" in a cached second takes a shortcut; anything else after the second
// (another zone, more or fewer digits, a stray byte) still reads as the general parse does.
// A new second of a cached day reuses the day, out-of-range times still fail.
TEST(Timestamp, CachedSecondAndDayReadLikeTheGeneralParse) {
  std::size_t length = 0;
  EXPECT_EQ(parse_iso8601("2017-10-07T14:53:57.761300Z"), 1507388037761300);
  EXPECT_EQ(parse_iso8601_prefix("2017-10-07T14:53:57.000001Z\",", length), 1507388037000001);
  EXPECT_EQ(length, 27u);
  EXPECT_EQ(parse_iso8601("2017-10-07T14:53:57.761300+0100"), 1507384437761300);
  EXPECT_EQ(parse_iso8601_prefix("2017-10-07T14:53:57.7613009Z", length), 1507388037761300);
  EXPECT_EQ(length, 28u);
  EXPECT_EQ(parse_iso8601_prefix("2017-10-07T14:53:57.76a300Z", length), 1507388037760000);
  EXPECT_EQ(length, 22u);
  EXPECT_EQ(parse_iso8601_prefix("2017-10-07T14:53:57.761300", length), 1507388037761300);
  EXPECT_EQ(length, 26u);
  EXPECT_EQ(parse_iso8601("2017-10-07T23:59:59.5Z"), 1507420799500000);
  EXPECT_EQ(parse_iso8601("2017-10-07T24:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso8601("2017-10-07T23:60:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso8601("2017-10-07Tx"), 1507334400000000);
  EXPECT_EQ(parse_iso8601("2017-10-07"), 1507334400000000);
  EXPECT_EQ(parse_iso8601("2017-10-08T00:00:00.000000Z"), 1507420800000000);
  EXPECT_EQ(parse_iso8601("2017-10-32T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso8601("2017-10-08T00:00:00.000000Z"), 1507420800000000);
}

// Every second of many random days, in each form the logs write, against the formatter.
TEST(Timestamp, RandomStampsRoundTripInEveryForm) {
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto micros = static_cast<std::int64_t>((state >> 11) % 4102444800000000ULL);  // 1970..2099
    const std::string full = format_iso8601(micros);                                    // ...SS.ffffffZ
    ASSERT_EQ(parse_iso8601(full), micros) << full;
    const std::int64_t whole = micros - micros % 1'000'000;
    const std::string seconds = full.substr(0, 19);
    EXPECT_EQ(parse_iso8601(seconds + "+0000 [x]"), whole) << seconds;
    EXPECT_EQ(parse_iso8601(seconds + "-0130"), whole + 5'400'000'000) << seconds;
    std::string spaced = seconds;
    spaced[10] = ' ';
    EXPECT_EQ(parse_iso8601(spaced), whole) << spaced;
    std::size_t length = 0;
    EXPECT_EQ(parse_iso8601_prefix(seconds + " [", length), whole);
    EXPECT_EQ(length, 19u);
  }
}

TEST(Timestamp, RejectsOutOfRangeAndReadsBareDates) {
  std::size_t length = 0;
  EXPECT_EQ(parse_iso8601("2017-10-07T24:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso8601("2017-10-07T23:60:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso8601("2017-10-07T23:59:61Z"), std::nullopt);
  EXPECT_EQ(parse_iso8601("2017-10-07T23:59:60Z"), 1507420800000000);  // a leap second
  EXPECT_EQ(parse_iso8601("2017-00-07T10:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso8601("2017-10-32T10:00:00Z"), std::nullopt);
  // A date whose time is malformed is a bare date: midnight, 10 bytes.
  EXPECT_EQ(parse_iso8601_prefix("2017-10-07T1x:00:00Z", length), 1507334400000000);
  EXPECT_EQ(length, 10u);
  EXPECT_EQ(parse_iso8601_prefix("2017-10-07 [CowrieTelnetTransport,1,1.2.3.4] CMD: x", length), 1507334400000000);
  EXPECT_EQ(length, 10u);
  EXPECT_EQ(parse_iso8601_prefix("2017-10-07T10:00:0", length), 1507334400000000);  // too short for a time
  EXPECT_EQ(length, 10u);
  EXPECT_EQ(parse_iso8601("2017/10/07T10:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso8601("\xff" "017-10-07T10:00:00Z"), std::nullopt);
}

TEST(Timestamp, RejectsGarbage) {
  EXPECT_EQ(parse_iso8601(""), std::nullopt);
  EXPECT_EQ(parse_iso8601("2017-13-01"), std::nullopt);
  EXPECT_EQ(parse_iso8601("hello world"), std::nullopt);
  EXPECT_EQ(iso8601_length("x2017-10-07"), 0u);
}

TEST(Timestamp, FormatsAndRoundTrips) {
  EXPECT_EQ(format_iso8601(1507388037761300), "2017-10-07T14:53:57.761300Z");
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000000Z");
  for (std::int64_t t : {0LL, 1LL, 1504224000123456LL, 4102444799999999LL}) {
    EXPECT_EQ(parse_iso8601(format_iso8601(t)), t);
  }
}

}  // namespace
}  // namespace busytrap::core
