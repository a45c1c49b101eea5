// SourceTable: dense ids in order of first insertion, the same id for an IPv4 address given
// as text or as value, texts given back byte for byte, non-canonical and hostile texts kept
// as text, and many addresses through the table's growth.
#include "analyze/intel/source_table.h"

#include <gtest/gtest.h>

#include <string>

namespace busytrap::analyze::intel {
namespace {

TEST(SourceTable, ReadsOnlyCanonicalDottedQuads) {
  std::uint32_t address = 0;
  ASSERT_TRUE(SourceTable::parse_ipv4("192.0.2.1", address));
  EXPECT_EQ(address, 0xc0000201u);
  ASSERT_TRUE(SourceTable::parse_ipv4("0.0.0.0", address));
  EXPECT_EQ(address, 0u);
  ASSERT_TRUE(SourceTable::parse_ipv4("255.255.255.255", address));
  EXPECT_EQ(address, 0xffffffffu);
  for (const char* text : {"", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256", "1.2.3.4 ", " 1.2.3.4", "1..3.4",
                           "1.2.3.-4", "2001:db8::1", "1.2.3.4x", "1234.2.3.4", "1.2.3.0004"}) {
    EXPECT_FALSE(SourceTable::parse_ipv4(text, address)) << text;
  }
}

TEST(SourceTable, FormatsWhatItParses) {
  for (const char* text : {"0.0.0.0", "1.2.3.4", "10.100.200.255", "255.255.255.255", "192.0.2.10"}) {
    std::uint32_t address = 0;
    ASSERT_TRUE(SourceTable::parse_ipv4(text, address));
    std::string out = "x";
    SourceTable::format_ipv4(address, out);
    EXPECT_EQ(out, std::string("x") + text);
  }
}

TEST(SourceTable, TextAndValueShareIdsInFirstInsertionOrder) {
  SourceTable table;
  std::uint32_t address = 0;
  ASSERT_TRUE(SourceTable::parse_ipv4("198.51.100.7", address));
  EXPECT_EQ(table.intern("203.0.113.9"), 0u);
  EXPECT_EQ(table.intern_ipv4(address), 1u);
  EXPECT_EQ(table.intern("2001:db8::1"), 2u);
  EXPECT_EQ(table.intern(std::string("01.2.3.4\0x", 10)), 3u);
  EXPECT_EQ(table.intern("198.51.100.7"), 1u);
  EXPECT_EQ(table.intern("2001:db8::1"), 2u);
  EXPECT_EQ(table.intern("203.0.113.9"), 0u);
  ASSERT_EQ(table.size(), 4u);
  EXPECT_EQ(table.key(0), "203.0.113.9");
  EXPECT_EQ(table.key(1), "198.51.100.7");
  EXPECT_EQ(table.key(2), "2001:db8::1");
  EXPECT_EQ(table.key(3), std::string("01.2.3.4\0x", 10));
}

TEST(SourceTable, GivesIpv4ValuesBackByIdAndNothingForOtherTexts) {
  SourceTable table;
  std::uint32_t address = 0;
  ASSERT_TRUE(SourceTable::parse_ipv4("198.51.100.7", address));
  const std::uint32_t by_text = table.intern("203.0.113.9");
  const std::uint32_t by_value = table.intern_ipv4(address);
  const std::uint32_t v6 = table.intern("2001:db8::1");
  const std::uint32_t odd = table.intern("01.2.3.4");
  std::uint32_t value = 0;
  ASSERT_TRUE(table.ipv4(by_text, value));
  EXPECT_EQ(value, 0xcb007109u);
  ASSERT_TRUE(table.ipv4(by_value, value));
  EXPECT_EQ(value, address);
  value = 42;
  EXPECT_FALSE(table.ipv4(v6, value));
  EXPECT_FALSE(table.ipv4(odd, value));
  EXPECT_EQ(value, 42u);
}

TEST(SourceTable, KeepsEveryAddressThroughGrowth) {
  SourceTable table;
  constexpr std::uint32_t kCount = 100'000;
  for (std::uint32_t i = 0; i < kCount; ++i) ASSERT_EQ(table.intern_ipv4(0x0a000000u + i * 7), i);
  for (std::uint32_t i = 0; i < kCount; i += 997) {
    std::string text;
    SourceTable::format_ipv4(0x0a000000u + i * 7, text);
    EXPECT_EQ(table.intern(text), i);
    EXPECT_EQ(table.key(i), text);
    std::uint32_t value = 0;
    ASSERT_TRUE(table.ipv4(i, value));
    EXPECT_EQ(value, 0x0a000000u + i * 7);
  }
  EXPECT_EQ(table.size(), kCount);
}

}  // namespace
}  // namespace busytrap::analyze::intel
