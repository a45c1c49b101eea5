#pragma once
// IndicatorCache: the indicators IndicatorExtractor found in recently seen command records,
// kept by one worker thread across chunks, so a record that recurs in later chunks (the same
// download line naming the same host) is not prefiltered and lexed again. A chunk already
// reuses its own repeated records; this reaches across chunk boundaries. Bounded: at most
// kMaxRecords records and kMaxBytes of record and indicator text; when either limit is reached
// the cache is emptied and fills again. Not thread-safe: one per worker thread.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "analyze/intel/indicator_extractor.h"
#include "core/string_interner.h"

namespace busytrap::analyze::intel {

class IndicatorCache {
 public:
  static constexpr std::size_t kMaxRecords = 1 << 15;
  static constexpr std::size_t kMaxBytes = 16 << 20;

  // The indicators of `record` (what IndicatorExtractor::extract appends for it), extracted
  // on a miss. The span is valid until the next call.
  std::span<const Indicator> get(std::string_view record);

 private:
  struct Entry {
    std::uint32_t first;  // into indicators_
    std::uint32_t count;
  };

  IndicatorExtractor extractor_;
  core::StringInterner records_;
  std::vector<Entry> entries_;  // by records_ id
  std::vector<Indicator> indicators_;
  std::vector<Indicator> scratch_;
  std::size_t bytes_ = 0;
};

}  // namespace busytrap::analyze::intel
