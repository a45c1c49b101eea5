#pragma once
// The smallest count a row needs to be among the `limit` largest counts of a table (rows tied
// with it included), so that a table of thousands of candidates writes the text of only those
// that can be shown; ranking them then gives the same rows as ranking all. 0 (every row) when
// `limit` is 0 (no limit) or there are no more counts than it. Two forms: shown_threshold of
// counts at hand, and CountThreshold for counts seen one by one.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

namespace busytrap::analyze {

// Takes the counts by value: it reorders them.
inline std::uint64_t shown_threshold(std::vector<std::uint64_t> counts, std::size_t limit) {
  if (limit == 0 || limit >= counts.size()) return 0;
  const auto nth = counts.begin() + static_cast<std::ptrdiff_t>(limit - 1);
  std::nth_element(counts.begin(), nth, counts.end(), std::greater<>());
  return *nth;
}

// The threshold of the counts add()ed so far: value() never decreases as counts are added, so
// a count below it at any time stays below it. Not thread-safe.
class CountThreshold {
 public:
  explicit CountThreshold(std::size_t limit) : limit_(limit) {}
  void add(std::uint64_t count) {
    if (limit_ == 0) return;
    if (smallest_.size() < limit_) {
      smallest_.push_back(count);
      std::push_heap(smallest_.begin(), smallest_.end(), std::greater<>());
    } else if (count > smallest_.front()) {
      std::pop_heap(smallest_.begin(), smallest_.end(), std::greater<>());
      smallest_.back() = count;
      std::push_heap(smallest_.begin(), smallest_.end(), std::greater<>());
    }
  }
  std::uint64_t value() const noexcept {
    return limit_ == 0 || smallest_.size() < limit_ ? 0 : smallest_.front();
  }

 private:
  std::size_t limit_;
  std::vector<std::uint64_t> smallest_;  // min-heap of the `limit_` largest counts so far
};

}  // namespace busytrap::analyze
