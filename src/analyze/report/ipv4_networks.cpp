#include "analyze/report/ipv4_networks.h"

#include <algorithm>
#include <cstddef>

#include "analyze/report/shown_threshold.h"

namespace busytrap::analyze {
namespace {

using PrefixSessions = std::pair<std::uint32_t, std::uint64_t>;

// Sorts (prefix, sessions) pairs by their 24-bit prefix: three counting passes of 8 bits (stable,
// linear) instead of a comparison sort of up to hundreds of thousands of addresses. 8 bits, not 12 in
// two passes: a pass scatters its rows to 256 places at once, which the caches and the TLB
// follow; 4096 places they do not (the scatter then cost more than a third pass).
void sort_by_prefix24(std::vector<PrefixSessions>& rows) {
  constexpr std::uint32_t kBits = 8, kBuckets = 1u << kBits;
  std::vector<PrefixSessions> sorted(rows.size());
  std::vector<std::size_t> starts(kBuckets);
  for (const std::uint32_t shift : {0u, kBits, 2 * kBits}) {
    std::fill(starts.begin(), starts.end(), 0);
    for (const auto& row : rows) ++starts[(row.first >> shift) & (kBuckets - 1)];
    std::size_t next = 0;
    for (std::size_t& start : starts) next += std::exchange(start, next);
    for (const auto& row : rows) sorted[starts[(row.first >> shift) & (kBuckets - 1)]++] = row;
    rows.swap(sorted);
  }
}

// A bit per 24-bit prefix.
class PrefixBits {
 public:
  PrefixBits() : words_(kPrefixes / 64) {}
  bool test(std::uint32_t prefix) const noexcept { return (words_[prefix >> 6] >> (prefix & 63)) & 1; }
  void set(std::uint32_t prefix) noexcept { words_[prefix >> 6] |= std::uint64_t{1} << (prefix & 63); }

 private:
  static constexpr std::size_t kPrefixes = std::size_t{1} << 24;
  std::vector<std::uint64_t> words_;
};

}  // namespace

std::vector<PrefixSessions> top_ipv4_networks(const std::vector<PrefixSessions>& addresses, std::size_t limit,
                                              std::size_t& distinct) {
  PrefixBits seen, shared;
  distinct = 0;
  for (const auto& [prefix, sessions] : addresses) {
    if (seen.test(prefix)) {
      shared.set(prefix);
    } else {
      seen.set(prefix);
      ++distinct;
    }
  }
  // The networks of several addresses first: their sums raise the threshold the lone
  // addresses then have to reach.
  std::vector<PrefixSessions> networks;
  for (const PrefixSessions& address : addresses) {
    if (shared.test(address.first)) networks.push_back(address);
  }
  sort_by_prefix24(networks);
  std::size_t summed = 0;  // one entry per /24, its sessions summed, in place
  for (std::size_t i = 0; i < networks.size(); ++i) {
    if (summed > 0 && networks[summed - 1].first == networks[i].first) {
      networks[summed - 1].second += networks[i].second;
    } else {
      networks[summed++] = networks[i];
    }
  }
  networks.resize(summed);
  CountThreshold threshold(limit);
  for (const PrefixSessions& network : networks) threshold.add(network.second);
  for (const PrefixSessions& address : addresses) {
    if (shared.test(address.first)) continue;
    threshold.add(address.second);
    if (address.second >= threshold.value()) networks.push_back(address);
  }
  const std::uint64_t shown = threshold.value();
  std::erase_if(networks, [shown](const PrefixSessions& network) { return network.second < shown; });
  return networks;
}

}  // namespace busytrap::analyze
