#pragma once
// shown_threshold: the smallest count a row needs to be among the `limit` largest of `counts`
// (rows tied with it included), so that a table of thousands of candidates writes the text of
// only those that can be shown; ranking them then gives the same rows as ranking all. 0 (every
// row) when `limit` is 0 (no limit) or there are no more counts than it. Takes the counts by
// value: it reorders them.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

namespace busytrap::analyze {

inline std::uint64_t shown_threshold(std::vector<std::uint64_t> counts, std::size_t limit) {
  if (limit == 0 || limit >= counts.size()) return 0;
  const auto nth = counts.begin() + static_cast<std::ptrdiff_t>(limit - 1);
  std::nth_element(counts.begin(), nth, counts.end(), std::greater<>());
  return *nth;
}

}  // namespace busytrap::analyze
