#pragma once
// IndicatorCache: the indicators IndicatorExtractor found in the command records one worker
// thread has seen, kept across chunks, so a record that recurs (the same download line naming
// the same host) is neither prefiltered, looked up by its text, nor lexed again. Records are
// named by the caller's ids (the worker's ChunkKeyCache record ids, which already identify each
// distinct record text): a lookup is one vector index, with no hashing or byte compare of the
// record. The caller calls forget_records() whenever its ids stop naming the same texts (its
// cache started afresh). Indicators are given as ids of the worker's KeyDictionary (key: the
// type's byte, then the value), so a hit costs no string work at all. Bounded: records with an
// id from kMaxRecords on are extracted each time, not kept; once kMaxIds indicator ids are
// kept, or the dictionary empties itself, the cache empties and fills again. Not thread-safe:
// one per worker thread.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/intel/indicator_extractor.h"
#include "analyze/intel/key_dictionary.h"

namespace busytrap::analyze::intel {

class IndicatorCache {
 public:
  static constexpr std::size_t kMaxRecords = 1 << 20;
  static constexpr std::size_t kMaxIds = 1 << 18;

  // The indicators of `record` (what IndicatorExtractor::extract appends for it, in that order)
  // as ids of `keys`, extracted and interned there the first time `record_id` is asked (or
  // after the cache emptied). `record_id` must name the same text on every call until
  // forget_records(). The span is valid until the next call.
  std::span<const std::uint32_t> get(std::uint32_t record_id, std::string_view record, KeyDictionary& keys);

  // The caller's record ids restart: everything kept is dropped.
  void forget_records();

  // The dictionary key of an indicator: its type's byte, then its value.
  static void indicator_key(const Indicator& indicator, std::string& key);

 private:
  struct Entry {
    std::uint32_t first;  // into ids_
    std::uint32_t count;  // kUnknown: not extracted yet
  };
  static constexpr std::uint32_t kUnknown = static_cast<std::uint32_t>(-1);

  // Appends the indicator ids of `record` to ids_.
  void extract(std::string_view record, KeyDictionary& keys);

  IndicatorExtractor extractor_;
  std::vector<Entry> entries_;  // by caller record id
  std::vector<std::uint32_t> ids_;
  std::vector<std::uint32_t> scratch_ids_;  // a record not kept
  std::vector<Indicator> scratch_;
  std::string key_scratch_;
  std::uint64_t generation_ = 0;  // of the dictionary the ids belong to
};

}  // namespace busytrap::analyze::intel
