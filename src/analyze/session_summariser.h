#pragma once
// SessionSummariser: the worker's half of finalising sessions that lie whole in one chunk. After
// a ChunkBuilder has filled a ChunkResult, summarise() groups its records by session (input
// order within a session), sorts each ended session's records by time (stable: ties keep input
// order, as the merge's finalisation does) and counts, as ChunkResult::record_tally and
// sequence_tally, what the ended sessions that pass the protocol filter (and the records without
// a session) add to Tables 1 and 2 and to the sequence counts. The merge (Analysis) then counts
// a session whose whole life is in the chunk from its ChunkSession alone, and only a session that
// continues one of earlier chunks takes its records item by item (taking its tallies back).
// Sequences are interned in the worker's ChunkKeyCache; the chunk carries the new ones.
// One per worker thread (it keeps its scratch buffers across chunks); not thread-safe.
#include <cstdint>
#include <vector>

#include "analyze/analysis_options.h"
#include "analyze/chunk_key_cache.h"
#include "analyze/chunk_result.h"

namespace busytrap::analyze {

class SessionSummariser {
 public:
  // Summarises `result`, built with `keys` (the builder's ChunkKeyCache), for `filter`.
  void summarise(ChunkResult& result, ChunkKeyCache& keys, ProtocolFilter filter);

 private:
  // Adds one to `id`'s count in `counts` (by id), noting ids counted for the first time.
  // (Inline: it runs once per record.)
  static void tally(std::vector<std::uint32_t>& counts, std::vector<std::uint32_t>& counted, std::uint32_t id) {
    if (id >= counts.size()) grow(counts, id);
    if (counts[id]++ == 0) counted.push_back(id);
  }
  static void grow(std::vector<std::uint32_t>& counts, std::uint32_t id);
  // Moves the counts into `out` and zeroes them for the next chunk.
  static void emit(std::vector<std::uint32_t>& counts, std::vector<std::uint32_t>& counted,
                   std::vector<ChunkTally>& out);

  std::vector<std::uint32_t> starts_;   // per session (and one for the records without): first record
  std::vector<ChunkRecord> grouped_;    // the records grouped by session, swapped into the result
  std::vector<std::uint32_t> record_counts_;    // by cache record id (zero between chunks)
  std::vector<std::uint32_t> records_counted_;  // ids whose count is not zero
  std::vector<std::uint32_t> sequence_counts_;  // by cache sequence id (likewise)
  std::vector<std::uint32_t> sequences_counted_;
  std::vector<std::uint32_t> sequence_;  // one session's program names
};

}  // namespace busytrap::analyze
