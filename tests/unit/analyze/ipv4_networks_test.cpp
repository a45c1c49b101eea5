// top_ipv4_networks: the /24 networks of IPv4 addresses with their sessions summed, only those
// that can make a table of `limit` rows, checked against a plain map of every network.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "analyze/report/ipv4_networks.h"

namespace busytrap::analyze {
namespace {

using Networks = std::vector<std::pair<std::uint32_t, std::uint64_t>>;

TEST(Ipv4Networks, SumsSharedNetworksAndKeepsTheTopOnes) {
  // Mostly lone addresses with one session, some networks of several, a few busy addresses.
  std::mt19937 random(7);
  Networks addresses;
  for (int i = 0; i < 20000; ++i) {
    const std::uint32_t prefix = i % 10 == 0 ? random() % 300 : random() & 0xffffff;
    addresses.emplace_back(prefix, i % 97 == 0 ? 1 + random() % 5 : 1);
  }
  addresses.emplace_back(0xffffff, 3);  // the highest prefix
  addresses.emplace_back(0xffffff, 4);
  std::map<std::uint32_t, std::uint64_t> whole;
  for (const auto& [prefix, sessions] : addresses) whole[prefix] += sessions;
  std::vector<std::uint64_t> sums;
  for (const auto& network : whole) sums.push_back(network.second);
  std::sort(sums.rbegin(), sums.rend());

  for (const std::size_t limit : {std::size_t{0}, std::size_t{1}, std::size_t{10}, std::size_t{500}}) {
    std::size_t distinct = 0;
    Networks top = top_ipv4_networks(addresses, limit, distinct);
    EXPECT_EQ(distinct, whole.size());
    const std::uint64_t threshold = limit == 0 ? 0 : sums[limit - 1];
    std::map<std::uint32_t, std::uint64_t> expected;
    for (const auto& network : whole) {
      if (network.second >= threshold) expected.insert(network);
    }
    std::sort(top.begin(), top.end());
    EXPECT_EQ(top, Networks(expected.begin(), expected.end())) << "limit " << limit;
  }
}

TEST(Ipv4Networks, NoAddresses) {
  std::size_t distinct = 1;
  EXPECT_TRUE(top_ipv4_networks({}, 10, distinct).empty());
  EXPECT_EQ(distinct, 0u);
}

}  // namespace
}  // namespace busytrap::analyze
