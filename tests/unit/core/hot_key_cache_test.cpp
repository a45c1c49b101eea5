// HotKeyCache answers exactly as its interner would, including for keys whose fingerprints
// match (same length and the same first, middle and last words, differing elsewhere), for keys
// of every length around its word boundaries, and after clear() with a fresh interner.
#include "core/hot_key_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace busytrap::core {
namespace {

TEST(HotKeyCache, AnswersAsTheInternerDoes) {
  StringInterner cached, plain;
  HotKeyCache cache;
  std::vector<std::string> keys;
  for (std::size_t length = 0; length <= 40; ++length) {
    for (char c : {'a', 'b'}) keys.push_back(std::string(length, 'x') + (length ? std::string(1, c) : std::string()));
  }
  // Same length, first, middle and last 16 bytes; they differ in between.
  const std::string frame(60, '-');
  for (char c : {'1', '2', '3'}) {
    std::string key = frame;
    key[20] = c;
    keys.push_back(key);
  }
  keys.push_back("CowrieTelnetTransport,54,105.68.37.18");
  keys.push_back("CowrieTelnetTransport,55,105.68.37.18");
  keys.push_back("CowrieTelnetTransport,5,105.68.37.184");
  std::uint64_t state = 3;
  for (int step = 0; step < 100000; ++step) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const std::string& key = keys[(state >> 33) % keys.size()];
    ASSERT_EQ(cache.intern(key, cached), plain.intern(key)) << key;
  }
  EXPECT_EQ(cached.size(), plain.size());
}

TEST(HotKeyCache, ClearForgetsTheOldInternersIds) {
  HotKeyCache cache;
  StringInterner first;
  EXPECT_EQ(cache.intern("enable", first), 0u);
  EXPECT_EQ(cache.intern("system", first), 1u);
  StringInterner second;
  cache.clear();
  EXPECT_EQ(cache.intern("system", second), 0u);
  EXPECT_EQ(cache.intern("enable", second), 1u);
  EXPECT_EQ(cache.intern("system", second), 0u);
  EXPECT_EQ(cache.intern(std::string_view(), second), 2u);  // an empty view with a null data()
  EXPECT_EQ(cache.intern("", second), 2u);
}

}  // namespace
}  // namespace busytrap::core
