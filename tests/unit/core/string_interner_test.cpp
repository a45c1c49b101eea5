#include "core/string_interner.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

// intern_all maps another interner's ids exactly as interning its keys one by one would,
// also while the table grows in the middle of the batch.
TEST(StringInterner, InternAllMatchesInterningInTurn) {
  StringInterner chunk;
  for (int i = 0; i < 3000; ++i) chunk.intern("line " + std::to_string(i % 1000 == 0 ? 0 : i));
  StringInterner batched, one_by_one;
  for (StringInterner* global : {&batched, &one_by_one}) {
    global->intern("line 7");
    global->intern("seen before");
  }
  std::vector<std::uint32_t> ids;
  batched.intern_all(chunk, ids);
  ASSERT_EQ(ids.size(), chunk.size());
  for (std::uint32_t i = 0; i < chunk.size(); ++i) {
    EXPECT_EQ(ids[i], one_by_one.intern(chunk.key(i))) << i;
    EXPECT_EQ(batched.key(ids[i]), chunk.key(i));
  }
  EXPECT_EQ(batched.size(), one_by_one.size());
  EXPECT_EQ(ids[7], 0u);  // "line 7" kept its id
  StringInterner empty;
  batched.intern_all(empty, ids);
  EXPECT_TRUE(ids.empty());
}

// A cleared interner starts again at id 0 and finds none of its old keys.
TEST(StringInterner, ClearForgetsEveryKey) {
  StringInterner interner;
  for (int i = 0; i < 1000; ++i) interner.intern("k" + std::to_string(i));
  interner.clear();
  EXPECT_EQ(interner.size(), 0u);
  EXPECT_EQ(interner.find("k1"), StringInterner::kNone);
  EXPECT_EQ(interner.intern("k999"), 0u);
  EXPECT_EQ(interner.intern("new"), 1u);
  EXPECT_EQ(interner.key(0), "k999");
}

}  // namespace
}  // namespace busytrap::core
