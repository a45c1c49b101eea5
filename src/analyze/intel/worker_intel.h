#pragma once
// WorkerIntel: what one worker thread keeps for the intel analyses across the chunks it parses:
// its KeyDictionary, its IndicatorCache (whose ids are the dictionary's) and its
// FamilyFeatureCache. `id` names the
// dictionary in the chunks (ChunkResult::key_dictionary) so the merging thread mirrors each
// worker's separately; ids 1, 2, ... for workers (0 is a builder's own, for one chunk).
// `indicator_records` is the ChunkKeyCache whose record ids the IndicatorCache and the
// FamilyFeatureCache hold (not owned; the ChunkBuilder sets it and makes both forget their
// records when that cache changes or starts afresh). Owned by the worker; not thread-safe.
#include <cstdint>

#include "analyze/intel/family_feature_cache.h"
#include "analyze/intel/indicator_cache.h"
#include "analyze/intel/key_dictionary.h"

namespace busytrap::analyze {
class ChunkKeyCache;
}  // namespace busytrap::analyze

namespace busytrap::analyze::intel {

struct WorkerIntel {
  std::uint32_t id = 0;
  KeyDictionary keys;
  IndicatorCache indicators;
  FamilyFeatureCache families;
  const ChunkKeyCache* indicator_records = nullptr;
};

}  // namespace busytrap::analyze::intel
