#pragma once
// ChunkKeyCache: what one worker thread remembers across the chunks it parses, so that a command
// record is lexed once per worker instead of once per chunk, and its command lines and program
// names cross to the merge once per worker instead of once per chunk. It holds every distinct
// record text the worker has seen, with its pieces (command line, program name) in worker-local
// ids, and the worker's line and program-name interners. A ChunkBuilder fills it and copies into
// its ChunkResult only the keys and records new to the cache (a delta); the merge keeps, per
// cache (`source`), the map from the worker-local ids to global ones, which it extends with each
// chunk's delta. That requires the merge to see one source's chunks in the order they were built
// (the pipeline's workers take chunks in input order, and the merge goes in input order).
//
// Memory grows with the worker's distinct records, lines and program names; start_chunk() drops
// everything once they pass a limit (malware repeats itself, so a real log never gets
// there), and the chunk then says so (ChunkResult::key_history_reset) for the merge to drop its
// map too. Owned by one worker thread; not thread-safe.
#include <cstdint>
#include <vector>

#include "analyze/chunk_result.h"
#include "core/hot_key_cache.h"
#include "core/string_interner.h"

namespace busytrap::analyze {

class ChunkKeyCache {
 public:
  // `source` names this cache to the merge: distinct for caches whose chunks are merged together.
  // start_chunk() drops everything once memory_bytes() passes `max_bytes`.
  explicit ChunkKeyCache(std::uint32_t source = 0, std::size_t max_bytes = kDefaultMaxBytes)
      : source_(source), max_bytes_(max_bytes) {}

  static constexpr std::size_t kDefaultMaxBytes = std::size_t{64} << 20;

  struct Record {
    std::uint32_t first_piece;  // into pieces
    std::uint32_t piece_count;
  };

  // Called once before each chunk: true when the cache starts afresh with it (the first chunk,
  // or the records passed the limit and were dropped).
  bool start_chunk() {
    if (fresh_) {
      fresh_ = false;
      return true;
    }
    if (memory_bytes() <= max_bytes_) return false;
    records = {};
    hot_records.clear();
    record_pieces = {};
    pieces = {};
    lines = {};
    programs = {};
    program_is_busybox = {};
    record_intel = {};
    max_record_indicators = 0;
    sequences = {};
    return true;
  }

  std::uint32_t source() const noexcept { return source_; }
  std::size_t memory_bytes() const noexcept {
    return records.memory_bytes() + record_pieces.capacity() * sizeof(Record) + pieces.capacity() * sizeof(ChunkPiece) +
           lines.memory_bytes() + programs.memory_bytes() + sequences.memory_bytes() +
           record_intel.capacity() * sizeof(ChunkRecordIntel);
  }

  core::StringInterner records;         // record text -> record id
  core::HotKeyCache hot_records;        // in front of `records`: malware repeats a few records
  std::vector<Record> record_pieces;    // by record id
  std::vector<ChunkPiece> pieces;       // worker-local line and program ids
  core::StringInterner lines;           // command line -> worker-local line id
  core::StringInterner programs;        // program-name key -> worker-local program id
  std::vector<bool> program_is_busybox;  // by worker-local program id
  // By record id, when the intel analyses take facts from records (ChunkBuilder fills it with
  // ChunkResult::new_record_intel): for the summariser's whole sessions.
  std::vector<ChunkRecordIntel> record_intel;
  std::uint32_t max_record_indicators = 0;  // the most indicators of any record in record_intel
  // Whole sessions' program-name sequences (worker-local program ids as bytes), for summarised
  // chunks (SessionSummariser).
  core::StringInterner sequences;

 private:
  std::uint32_t source_;
  std::size_t max_bytes_;
  bool fresh_ = true;
};

}  // namespace busytrap::analyze
