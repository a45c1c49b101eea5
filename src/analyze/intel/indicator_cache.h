#pragma once
// IndicatorCache: the indicators IndicatorExtractor found in recently seen command records,
// kept by one worker thread across chunks, so a record that recurs in later chunks (the same
// download line naming the same host) is not prefiltered and lexed again. A chunk already
// reuses its own repeated records; this reaches across chunk boundaries. Records that
// certainly have none (IndicatorExtractor::may_have_indicators) are not even looked up or
// kept. Indicators are given as ids of the worker's KeyDictionary (key: the type's byte, then
// the value), so a hit costs no string work at all. Bounded: at most kMaxRecords records and kMaxBytes of record text;
// when either limit is reached, or the dictionary empties itself, the cache is emptied and
// fills again. Not thread-safe: one per worker thread.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/intel/indicator_extractor.h"
#include "analyze/intel/key_dictionary.h"
#include "core/string_interner.h"

namespace busytrap::analyze::intel {

class IndicatorCache {
 public:
  static constexpr std::size_t kMaxRecords = 1 << 16;
  static constexpr std::size_t kMaxBytes = 16 << 20;

  // The indicators of `record` (what IndicatorExtractor::extract appends for it, in that order)
  // as ids of `keys`, extracted and interned there on a miss. `hash` is core::hash_bytes(record).
  // The span is valid until the next call.
  std::span<const std::uint32_t> get(std::string_view record, std::uint64_t hash, KeyDictionary& keys);
  std::span<const std::uint32_t> get(std::string_view record, KeyDictionary& keys) {
    return get(record, core::hash_bytes(record), keys);
  }

  // The dictionary key of an indicator: its type's byte, then its value.
  static void indicator_key(const Indicator& indicator, std::string& key);

 private:
  struct Entry {
    std::uint32_t first;  // into ids_
    std::uint32_t count;
  };

  IndicatorExtractor extractor_;
  core::StringInterner records_;
  std::vector<Entry> entries_;  // by records_ id
  std::vector<std::uint32_t> ids_;
  std::vector<Indicator> scratch_;
  std::string key_scratch_;
  std::uint64_t generation_ = 0;  // of the dictionary the ids belong to
};

}  // namespace busytrap::analyze::intel
