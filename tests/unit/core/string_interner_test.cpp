#include "core/string_interner.h"

#include <gtest/gtest.h>

#include <string>

namespace busytrap::core {
namespace {

TEST(StringInterner, IdsAreDenseAndStable) {
  StringInterner interner;
  EXPECT_EQ(interner.intern("enable"), 0u);
  EXPECT_EQ(interner.intern("system"), 1u);
  EXPECT_EQ(interner.intern("enable"), 0u);
  EXPECT_EQ(interner.key(1), "system");
  EXPECT_EQ(interner.find("shell"), StringInterner::kNone);
  for (int i = 0; i < 10000; ++i) interner.intern("k" + std::to_string(i));  // grows the table
  EXPECT_EQ(interner.find("enable"), 0u);
  EXPECT_EQ(interner.key(interner.find("k9999")), "k9999");
}

// Found by fuzz_log_readers under UBSan: hashing an empty view whose data() is null.
TEST(StringInterner, EmptyViewsWithNullDataAreKeys) {
  StringInterner interner;
  const std::string_view null_view;
  EXPECT_EQ(hash_bytes(null_view), hash_bytes(std::string_view("", 0)));
  EXPECT_EQ(interner.intern(null_view), interner.intern(""));
  EXPECT_EQ(interner.key(0), "");
}

TEST(StringInterner, BinaryKeysAreBytes) {
  StringInterner interner;
  const std::string a("a\0b", 3), b("a\0c", 3);
  EXPECT_NE(interner.intern(a), interner.intern(b));
  EXPECT_EQ(interner.key(interner.find(a)), a);
}

}  // namespace
}  // namespace busytrap::core
