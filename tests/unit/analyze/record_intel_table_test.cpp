// RecordIntelTable: one id per distinct combination of family features and indicators, kNone for
// neither, and each entry's features-only twin.
#include "analyze/intel/record_intel_table.h"

#include <gtest/gtest.h>

#include <vector>

namespace busytrap::analyze::intel {
namespace {

std::vector<std::uint32_t> as_vector(std::span<const std::uint32_t> ids) { return {ids.begin(), ids.end()}; }

TEST(RecordIntelTable, InternsEachCombinationOnce) {
  RecordIntelTable table;
  EXPECT_EQ(table.intern({}, {}), RecordIntelTable::kNone);
  const std::vector<std::uint32_t> ab{7, 3}, ba{3, 7};
  const std::uint32_t a = table.intern(FamilyFeatures{1, 0}, ab);
  EXPECT_EQ(table.intern(FamilyFeatures{1, 0}, ab), a);
  EXPECT_NE(table.intern(FamilyFeatures{1, 0}, ba), a);  // order is part of it
  EXPECT_NE(table.intern(FamilyFeatures{1, 2}, ab), a);
  EXPECT_NE(table.intern(FamilyFeatures{std::uint64_t{1} << 40, 0}, ab), a);
  EXPECT_EQ(as_vector(table.indicators(a)), ab);
  EXPECT_EQ(table.features(a).lines, 1u);
  EXPECT_EQ(table.features(a).applets, 0u);
  // The same features without indicators: an entry of its own, its own twin.
  const std::uint32_t plain = table.without_indicators(a);
  EXPECT_NE(plain, a);
  EXPECT_TRUE(table.indicators(plain).empty());
  EXPECT_EQ(table.features(plain).lines, 1u);
  EXPECT_EQ(table.intern(FamilyFeatures{1, 0}, {}), plain);
  EXPECT_EQ(table.without_indicators(plain), plain);
  // Indicators without features: the twin is "nothing".
  const std::uint32_t only = table.intern({}, ab);
  EXPECT_NE(only, RecordIntelTable::kNone);
  EXPECT_EQ(table.without_indicators(only), RecordIntelTable::kNone);
  EXPECT_EQ(as_vector(table.indicators(only)), ab);
}

}  // namespace
}  // namespace busytrap::analyze::intel
