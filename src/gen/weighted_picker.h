#pragma once
// WeightedPicker: draws an index from a fixed table of relative weights (cumulative sums and
// a binary search). Built once from a table, then read-only; copying is cheap. pick() on an
// empty or all-zero table returns 0.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "gen/xoshiro256.h"

namespace busytrap::gen {

class WeightedPicker {
 public:
  WeightedPicker() = default;
  explicit WeightedPicker(std::span<const std::uint32_t> weights) {
    std::uint32_t total = 0;
    cumulative_.reserve(weights.size());
    for (const std::uint32_t w : weights) cumulative_.push_back(total += w);
  }
  template <typename Table, typename WeightOf>
  static WeightedPicker of(const Table& table, WeightOf weight_of) {
    std::vector<std::uint32_t> weights;
    for (const auto& entry : table) weights.push_back(weight_of(entry));
    return WeightedPicker(weights);
  }

  std::size_t pick(Xoshiro256& rng) const {
    if (cumulative_.empty() || cumulative_.back() == 0) return 0;
    const std::uint32_t r = rng.below(cumulative_.back());
    return static_cast<std::size_t>(
        std::upper_bound(cumulative_.begin(), cumulative_.end(), r) - cumulative_.begin());
  }

 private:
  std::vector<std::uint32_t> cumulative_;
};

}  // namespace busytrap::gen
