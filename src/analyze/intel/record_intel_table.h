#pragma once
// RecordIntelTable: the merge's table of what the intel analyses take from one command record —
// its family features and its indicators (IntelCounts::keys() ids, in the extractor's order) —
// each distinct combination once. The merge maps every record new to a worker's cache to an id
// here and keeps that id in the session's item for the record, so a repeated record costs the
// workers nothing and the merge one field: finalisation ORs the features and counts the
// indicators per item, instead of a list of indicator occurrences per session. Ids are dense
// (0, 1, ...) and never change; kNone stands for "no features, no indicators". Memory grows with
// the distinct combinations (at most the distinct records). Not thread-safe (the merging
// thread's).
#include <cstdint>
#include <span>
#include <vector>

#include "analyze/intel/family_feature_cache.h"
#include "core/string_interner.h"

namespace busytrap::analyze::intel {

class RecordIntelTable {
 public:
  static constexpr std::uint32_t kNone = core::StringInterner::kNone;

  // The id of `features` with `indicators`, adding it when new; kNone when both are empty.
  std::uint32_t intern(const FamilyFeatures& features, std::span<const std::uint32_t> indicators);

  const FamilyFeatures& features(std::uint32_t id) const noexcept { return entries_[id].features; }
  std::span<const std::uint32_t> indicators(std::uint32_t id) const noexcept {
    const Entry& e = entries_[id];
    return {indicators_.data() + e.first_indicator, e.indicator_count};
  }
  // The id with the same features and no indicators (kNone when it has no features).
  std::uint32_t without_indicators(std::uint32_t id) const noexcept { return entries_[id].without_indicators; }

  std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    FamilyFeatures features;
    std::uint32_t first_indicator;
    std::uint32_t indicator_count;
    std::uint32_t without_indicators;
  };

  core::StringInterner keys_;  // an entry's features and indicators, as bytes
  std::vector<Entry> entries_;  // by id
  std::vector<std::uint32_t> indicators_;  // every entry's, one after the other
  std::vector<std::uint32_t> key_scratch_;
};

}  // namespace busytrap::analyze::intel
