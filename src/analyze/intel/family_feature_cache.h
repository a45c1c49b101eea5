#pragma once
// FamilyFeatureCache: the family-signature features (FamilyTable::line_features and
// applet_features, ORed over its command lines) of each command record one worker thread has
// seen, so that the worker hands the merge each session's features already ORed (a session is
// then classified from two words, without looking at its command lines again on the merging
// thread). Records are named by the worker's ChunkKeyCache record ids and their pieces read
// from that cache; each distinct line and program name of the cache is searched once. The
// caller calls forget_records() whenever the cache's ids stop naming the same texts (it started
// afresh). Bounded like the key cache it follows: records with an id from kMaxRecords on are
// worked out from their (cached) lines each time, not kept. Only for tables with
// has_applet_features(). Not thread-safe: one per worker thread.
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
  static constexpr std::size_t kMaxRecords = 1 << 20;

  // The features of record `record` of `keys` (ids as in ChunkKeyCache::record_pieces), by
  // `table`'s signatures. `keys` and `table` must stay the same until forget_records().
  FamilyFeatures get(std::uint32_t record, const ChunkKeyCache& keys, const FamilyTable& table);

  // The key cache's ids restart: everything kept is dropped.
  void forget_records();

 private:
  FamilyFeatures work_out(std::uint32_t record, const ChunkKeyCache& keys, const FamilyTable& table);

  std::vector<FamilyFeatures> records_;  // by record id; lines == kUnknown before it is worked out
  std::vector<std::uint64_t> lines_;     // by line id; kUnknown before the line is searched
  std::vector<std::uint64_t> programs_;  // by program id (applet features); likewise
};

}  // namespace busytrap::analyze::intel
