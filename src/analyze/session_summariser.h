#pragma once
// SessionSummariser: the worker's half of finalising sessions that lie whole in one chunk. After
// a ChunkBuilder has filled a ChunkResult, summarise() groups its records by session (input
// order within a session), takes each ended session's records in time order (stable: ties keep input
// order, as the merge's finalisation does; `records` itself stays in input order) and counts, as ChunkResult::record_tally, what the
// ended sessions that pass the protocol filter (and the records without a session) add to
// Tables 1 and 2; each such session ("tallied") gets its program-name sequence, interned in the
// worker's ChunkKeyCache (the chunk carries the new ones). With intel analyses on it also groups
// the download events' indicators and the logins by session, and works out what finalisation
// needs of a tallied session: its family features, its first command line's time, its records
// with indicators, and (time analysis) each record's first time. A session with more indicator
// occurrences than a session keeps (intel::kMaxPendingIndicators) is left untallied: the merge
// takes it record by record, which keeps the first ones in input order.
// The merge (Analysis) then counts a tallied session from its ChunkSession alone, and only a
// session that continues one of earlier chunks takes its records item by item (taking its tallies
// back). One per worker thread (it keeps its scratch buffers across chunks); not thread-safe.
#include <cstdint>
#include <span>
#include <vector>

#include "analyze/analysis_options.h"
#include "analyze/chunk_key_cache.h"
#include "analyze/chunk_result.h"

namespace busytrap::analyze {

class SessionSummariser {
 public:
  // Summarises `result`, built with `keys` (the builder's ChunkKeyCache) and `options`.
  void summarise(ChunkResult& result, ChunkKeyCache& keys, const AnalysisOptions& options);

 private:
  // Adds one to `id`'s count in `counts` (by id), noting ids counted for the first time.
  // (Inline: it runs once per record.)
  static void tally(std::vector<std::uint32_t>& counts, std::vector<std::uint32_t>& counted, std::uint32_t id) {
    if (id >= counts.size()) grow(counts, id);
    if (counts[id]++ == 0) counted.push_back(id);
  }
  static void grow(std::vector<std::uint32_t>& counts, std::uint32_t id);
  // Groups `items` by their `session` (those with kNoSession last), stable; `first[i]` becomes the
  // index of session i's first item, and first[sessions] that of the first without a session.
  template <typename Item>
  void group_by_session(std::vector<Item>& items, std::vector<Item>& scratch, std::size_t sessions,
                        std::vector<std::uint32_t>& first);
  // The download events' indicators grouped by session, each one's records_before made a count
  // of its own session's records (result.records still in input order).
  void group_downloads(ChunkResult& result);
  // The intel facts of tallied session `index`, whose records are `ordered` (in time order).
  void summarise_intel(ChunkResult& result, std::size_t index, std::span<const ChunkRecord> ordered,
                       const ChunkKeyCache& keys, bool first_seen);
  // Whether session `index` has more indicator occurrences than a session keeps.
  bool over_indicator_limit(const ChunkResult& result, std::size_t index, const ChunkKeyCache& keys) const;

  std::vector<std::uint32_t> starts_;   // per session (and one for the items without): first item
  std::vector<std::uint32_t> next_;     // group_by_session's placement cursors
  std::vector<ChunkRecord> grouped_records_;  // swapped into the result
  std::vector<ChunkRecord> sorted_;           // one session's records in time order
  std::vector<ChunkIndicator> grouped_downloads_;
  std::vector<ChunkLogin> grouped_logins_;
  std::vector<std::uint32_t> session_records_;  // per session: its records so far (group_downloads)
  std::vector<std::uint32_t> record_counts_;    // by cache record id (zero between chunks)
  std::vector<std::uint32_t> records_counted_;  // ids whose count is not zero
  std::vector<std::int64_t> first_seen_;        // by cache record id (kNoTimestamp between chunks)
  std::vector<std::uint32_t> first_seen_set_;   // ids whose first_seen_ is set
  std::vector<std::uint32_t> sequence_;  // one session's program names
};

}  // namespace busytrap::analyze
