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

TEST(KeyDictionary, PairsAreKeysOfTheirText) {
  KeyDictionary keys;
  std::vector<std::string> chunk;
  keys.begin_chunk(chunk);
  const std::uint32_t root = keys.intern("root"), admin = keys.intern("admin");
  const std::uint32_t pair = keys.intern_pair(root, admin, "root", "admin");
  EXPECT_EQ(pair, 2u);
  EXPECT_EQ(keys.intern_pair(root, admin, "root", "admin"), pair);
  EXPECT_EQ(keys.intern(std::string("root\0admin", 10)), pair);
  EXPECT_EQ(keys.intern_pair(admin, root, "admin", "root"), 3u);
  EXPECT_EQ(chunk.back(), std::string("admin\0root", 10));
  // After the dictionary empties itself, pairs are learnt again under the new ids.
  for (std::size_t i = 0; keys.size() < KeyDictionary::kMaxKeys; ++i) keys.intern("k" + std::to_string(i));
  std::vector<std::string> next;
  ASSERT_TRUE(keys.begin_chunk(next));
  const std::uint32_t admin2 = keys.intern("admin"), root2 = keys.intern("root");
  EXPECT_EQ(keys.intern_pair(root2, admin2, "root", "admin"), 2u);
  EXPECT_EQ(next, (std::vector<std::string>{"admin", "root", std::string("root\0admin", 10)}));
}

TEST(KeyDictionary, LoginsGetTheIdsOfTheirTextsWhateverTheCacheHolds) {
  KeyDictionary keys;
  std::vector<std::string> chunk;
  keys.begin_chunk(chunk);
  // More distinct pairs than the cache has slots, asked twice over: every answer is the
  // interner's, and each key is learnt once.
  for (int round = 0; round < 2; ++round) {
    for (int u = 0; u < 60; ++u) {
      for (int p = 0; p < 40; ++p) {
        const std::string user = "u" + std::to_string(u), pass = "p" + std::to_string(p);
        const KeyDictionary::LoginIds ids = keys.intern_login(user, pass);
        const std::size_t learnt = chunk.size();
        EXPECT_EQ(ids.username, keys.intern(user));
        EXPECT_EQ(ids.password, keys.intern(pass));
        EXPECT_EQ(ids.pair, keys.intern(user + std::string(1, '\0') + pass));
        ASSERT_EQ(chunk.size(), learnt);  // nothing was new to intern()
      }
    }
  }
  EXPECT_EQ(chunk.size(), 60u + 40u + 60u * 40u);
  // "ab"/"c" and "a"/"bc" are different logins.
  const auto ab = keys.intern_login("ab", "c"), a = keys.intern_login("a", "bc");
  EXPECT_NE(ab.pair, a.pair);
  EXPECT_EQ(keys.intern_login("ab", "c").pair, ab.pair);
  // After the dictionary empties itself, cached ids of the old generation are not given back.
  for (std::size_t i = 0; keys.size() < KeyDictionary::kMaxKeys; ++i) keys.intern("k" + std::to_string(i));
  std::vector<std::string> next;
  ASSERT_TRUE(keys.begin_chunk(next));
  const KeyDictionary::LoginIds fresh = keys.intern_login("u1", "p1");
  EXPECT_EQ(fresh.username, 0u);
  EXPECT_EQ(fresh.password, 1u);
  EXPECT_EQ(fresh.pair, 2u);
  EXPECT_EQ(next, (std::vector<std::string>{"u1", "p1", std::string("u1\0p1", 5)}));
}

// Texts of every length up to the cache's 16 bytes and beyond, differing in one byte anywhere:
// each pair gets its own ids, the interner's, asked twice (the second time from the cache).
TEST(KeyDictionary, LoginsOfEveryLengthDifferingInOneByteKeepTheirOwnIds) {
  KeyDictionary keys;
  std::vector<std::string> chunk;
  keys.begin_chunk(chunk);
  for (int round = 0; round < 2; ++round) {
    for (std::size_t n = 0; n <= 20; ++n) {
      for (std::size_t at = 0; at < std::max<std::size_t>(n, 1); ++at) {
        std::string user(n, 'u'), pass(20 - n, 'p');
        if (n > 0) user[at] = 'X';
        const KeyDictionary::LoginIds ids = keys.intern_login(user, pass);
        EXPECT_EQ(ids.username, keys.intern(user)) << n << " " << at;
        EXPECT_EQ(ids.password, keys.intern(pass)) << n << " " << at;
        EXPECT_EQ(ids.pair, keys.intern(user + std::string(1, '\0') + pass)) << n << " " << at;
      }
    }
  }
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
