#pragma once
// WorkerIntel: what one worker thread keeps for the intel analyses across the chunks it parses:
// its KeyDictionary and its IndicatorCache (whose ids are the dictionary's). `id` names the
// dictionary in the chunks (ChunkResult::key_dictionary) so the merging thread mirrors each
// worker's separately; ids 1, 2, ... for workers (0 is a builder's own, for one chunk). Owned
// by the worker; not thread-safe.
#include <cstdint>

#include "analyze/intel/indicator_cache.h"
#include "analyze/intel/key_dictionary.h"

namespace busytrap::analyze::intel {

struct WorkerIntel {
  std::uint32_t id = 0;
  KeyDictionary keys;
  IndicatorCache indicators;
};

}  // namespace busytrap::analyze::intel
