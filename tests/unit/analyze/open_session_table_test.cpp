// OpenSessionTable against std::unordered_map under random assigns, finds and erases, with a
// weak hash so probe runs collide, wrap around the table and get holes shifted back.
#include "analyze/open_session_table.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace busytrap::analyze {
namespace {

TEST(OpenSessionTable, BehavesLikeAMapUnderRandomChurn) {
  std::vector<std::string> keys;  // by slot
  const auto key_of = [&](std::uint32_t slot) { return std::string_view(keys[slot]); };
  const auto weak_hash = [](const std::string& key) { return std::hash<std::string>{}(key) % 97 * 0x9e3779b9ULL; };
  OpenSessionTable table;
  std::unordered_map<std::string, std::uint32_t> model;
  std::uint64_t state = 7;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(state >> 33);
  };
  for (int step = 0; step < 200000; ++step) {
    const std::string key = "CowrieTelnetTransport," + std::to_string(next() % 3000) + ",1.2.3.4";
    const std::uint64_t hash = weak_hash(key);
    const auto found = model.find(key);
    ASSERT_EQ(table.find(key, hash, key_of), found == model.end() ? OpenSessionTable::kNone : found->second);
    if (next() % 3 != 0) {
      const auto slot = static_cast<std::uint32_t>(keys.size());
      keys.push_back(key);
      table.assign(key, hash, slot, key_of);
      model[key] = slot;
    } else if (found != model.end()) {
      table.erase(hash, found->second);
      model.erase(found);
    }
    ASSERT_EQ(table.size(), model.size());
  }
  std::size_t visited = 0;
  table.for_each_slot([&](std::uint32_t slot) {
    ++visited;
    EXPECT_EQ(model.at(keys[slot]), slot);
  });
  EXPECT_EQ(visited, model.size());
}

}  // namespace
}  // namespace busytrap::analyze
