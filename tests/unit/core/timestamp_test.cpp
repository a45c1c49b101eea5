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
