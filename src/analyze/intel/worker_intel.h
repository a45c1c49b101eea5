#pragma once
// WorkerIntel: what one worker thread keeps for the intel analyses across the chunks it parses:
// its KeyDictionary, the IndicatorExtractor (and its buffers) it runs on the command records new
// to its ChunkKeyCache, and its FamilyFeatureCache. `id` names the dictionary in the chunks
// (ChunkResult::key_dictionary) so the merging thread mirrors each worker's separately; ids 1,
// 2, ... for workers (0 is a builder's own, for one chunk). `feature_keys` is the ChunkKeyCache
// whose line and program ids the FamilyFeatureCache holds (not owned; the ChunkBuilder sets it
// and makes the cache forget them when that key cache changes or starts afresh). Owned by the
// worker; not thread-safe.
#include <cstdint>
#include <string>
#include <vector>

#include "analyze/intel/family_feature_cache.h"
#include "analyze/intel/indicator_extractor.h"
#include "analyze/intel/key_dictionary.h"

namespace busytrap::analyze {
class ChunkKeyCache;
}  // namespace busytrap::analyze

namespace busytrap::analyze::intel {

struct WorkerIntel {
  std::uint32_t id = 0;
  KeyDictionary keys;
  IndicatorExtractor extractor;
  std::vector<Indicator> found;  // the extractor's output for one record
  FamilyFeatureCache families;
  const ChunkKeyCache* feature_keys = nullptr;
};

}  // namespace busytrap::analyze::intel
