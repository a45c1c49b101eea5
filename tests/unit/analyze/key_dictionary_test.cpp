// KeyDictionary: ids stable across chunks, each new key reported once to the chunk that
// learnt it, ids restarting (and told so) only when a limit was reached, at a chunk start.
#include "analyze/intel/key_dictionary.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace busytrap::analyze::intel {
namespace {

TEST(KeyDictionary, ReportsEachNewKeyOnceToItsChunk) {
  KeyDictionary keys;
  std::vector<std::string> first, second;
  EXPECT_TRUE(keys.begin_chunk(first));  // a fresh dictionary starts at 0
  EXPECT_EQ(keys.intern("root"), 0u);
  EXPECT_EQ(keys.intern("admin"), 1u);
  EXPECT_EQ(keys.intern("root"), 0u);
  EXPECT_EQ(first, (std::vector<std::string>{"root", "admin"}));
  EXPECT_FALSE(keys.begin_chunk(second));
  EXPECT_EQ(keys.intern("admin"), 1u);
  EXPECT_EQ(keys.intern(std::string("root\0admin", 10)), 2u);
  EXPECT_EQ(second, (std::vector<std::string>{std::string("root\0admin", 10)}));
  EXPECT_EQ(first.size(), 2u);
  EXPECT_EQ(keys.generation(), 0u);
}

TEST(KeyDictionary, LoginsAreTheKeysOfTheirTexts) {
  KeyDictionary keys;
  std::vector<std::string> chunk;
  keys.begin_chunk(chunk);
  const std::string root_admin("root\0admin", 10), admin_root("admin\0root", 10);
  const KeyDictionary::LoginIds first = keys.intern_login("root", "admin");
  EXPECT_EQ(first.username, keys.intern("root"));
  EXPECT_EQ(first.password, keys.intern("admin"));
  EXPECT_EQ(first.pair, keys.intern(root_admin));
  EXPECT_EQ(chunk, (std::vector<std::string>{root_admin, "root", "admin"}));
  const KeyDictionary::LoginIds again = keys.intern_login("root", "admin");
  EXPECT_EQ(again.username, first.username);
  EXPECT_EQ(again.password, first.password);
  EXPECT_EQ(again.pair, first.pair);
  EXPECT_EQ(chunk.size(), 3u);
  // The same texts the other way round: the parts are known keys, the pair a new one.
  const KeyDictionary::LoginIds swapped = keys.intern_login("admin", "root");
  EXPECT_EQ(swapped.username, first.password);
  EXPECT_EQ(swapped.password, first.username);
  EXPECT_EQ(swapped.pair, keys.intern(admin_root));
  EXPECT_EQ(chunk.back(), admin_root);
  // A key first learnt as something else (here a username holding a NUL) and later seen as a
  // pair gets its parts then.
  const KeyDictionary::LoginIds odd = keys.intern_login(std::string("x\0y", 3), "");
  const KeyDictionary::LoginIds later = keys.intern_login("x", "y");
  EXPECT_EQ(later.pair, odd.username);
  EXPECT_EQ(later.username, keys.intern("x"));
  EXPECT_EQ(later.password, keys.intern("y"));
  // After the dictionary empties itself, logins are learnt again under the new ids.
  for (std::size_t i = 0; keys.size() < KeyDictionary::kMaxKeys; ++i) keys.intern("k" + std::to_string(i));
  std::vector<std::string> next;
  ASSERT_TRUE(keys.begin_chunk(next));
  const KeyDictionary::LoginIds fresh = keys.intern_login("root", "admin");
  EXPECT_EQ(fresh.pair, 0u);
  EXPECT_EQ(fresh.username, 1u);
  EXPECT_EQ(fresh.password, 2u);
  EXPECT_EQ(next, (std::vector<std::string>{root_admin, "root", "admin"}));
}

TEST(KeyDictionary, EmptiesItselfAtItsLimitOnlyAtAChunkStart) {
  KeyDictionary keys;
  std::vector<std::string> chunk;
  keys.begin_chunk(chunk);
  for (std::size_t i = 0; i < KeyDictionary::kMaxKeys + 5; ++i) keys.intern("k" + std::to_string(i));
  EXPECT_EQ(keys.size(), KeyDictionary::kMaxKeys + 5);  // not within a chunk
  EXPECT_EQ(chunk.size(), KeyDictionary::kMaxKeys + 5);
  std::vector<std::string> next;
  EXPECT_TRUE(keys.begin_chunk(next));
  EXPECT_EQ(keys.size(), 0u);
  EXPECT_EQ(keys.generation(), 1u);
  EXPECT_EQ(keys.intern("k7"), 0u);
  EXPECT_EQ(next, (std::vector<std::string>{"k7"}));
}

}  // namespace
}  // namespace busytrap::analyze::intel
