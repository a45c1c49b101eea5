#pragma once
// FamilyFeatureCache: the family-signature features (FamilyTable::line_features and
// applet_features) of the command lines and program names one worker thread has seen, by its
// ChunkKeyCache's line and program ids, so each distinct line and program name of the cache is
// searched once. The worker works out a record's features (ORed over its command lines) once,
// when the record is new to its cache, and hands them to the merge with the record; a session
// is then classified from two words, without looking at its command lines again on the merging
// thread. The caller calls forget() whenever the cache's ids stop naming the same texts (it
// started afresh). Only for tables with has_applet_features(). Not thread-safe: one per worker
// thread.
#include <cstdint>
#include <vector>

#include "analyze/intel/family_table.h"

namespace busytrap::analyze {
class ChunkKeyCache;
}  // namespace busytrap::analyze

namespace busytrap::analyze::intel {

struct FamilyFeatures {
  std::uint64_t lines = 0;    // OR of FamilyTable::line_features of the command lines
  std::uint64_t applets = 0;  // OR of FamilyTable::applet_features of the busybox applets
};

class FamilyFeatureCache {
 public:
  // The features of record `record` of `keys` (ids as in ChunkKeyCache::record_pieces), by
  // `table`'s signatures. `keys` and `table` must stay the same until forget().
  FamilyFeatures record_features(std::uint32_t record, const ChunkKeyCache& keys, const FamilyTable& table);

  // The key cache's ids restart: everything kept is dropped.
  void forget();

 private:
  std::vector<std::uint64_t> lines_;     // by line id; kUnknown before the line is searched
  std::vector<std::uint64_t> programs_;  // by program id (applet features); likewise
};

}  // namespace busytrap::analyze::intel
