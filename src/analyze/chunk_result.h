#pragma once
// ChunkResult: everything one worker learned from one chunk of one input, in chunk-local
// terms (command lines and program names: in its worker's ChunkKeyCache terms), waiting to be
// merged (in input order) into the global Analysis. Keys are copied into the chunk's own
// interners, so a chunk owns all its bytes and does not depend on the input buffer after
// parsing. Sessions are "instances": when a session's end is seen and the same
// key appears again in the chunk, a new ChunkSession is started (Cowrie reuses text-log keys).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "analyze/analysis_options.h"
#include "core/string_interner.h"
#include "core/timestamp.h"

namespace busytrap::analyze {

enum class SkipReason : std::uint8_t { InvalidJson, NotAnObject, MissingEventId, TooLong, Malformed };
std::string_view skip_reason_text(SkipReason reason) noexcept;

struct SkippedLine {
  std::uint64_t line;  // 1-based line number within the chunk (made file-relative when merged)
  SkipReason reason;
};

inline constexpr std::uint32_t kNoSession = core::StringInterner::kNone;
inline constexpr std::uint32_t kNoProgram = core::StringInterner::kNone;

struct ChunkSession {
  std::uint32_t key = 0;           // id in ChunkResult::session_keys
  Protocol protocol = Protocol::Unknown;
  bool has_event = false;          // some event passed the time and sensor filters
  bool ended = false;              // its session.closed / "Connection lost" was in this chunk
  // Intel facts (filled only when an intel analysis is on).
  std::uint32_t src_ip = core::StringInterner::kNone;  // index into ChunkResult::sources
  std::int64_t start = core::kNoTimestamp;  // earliest timestamp seen in this chunk
  bool first_instance = false;     // the first session of its key in this chunk: it may continue
                                   // a session left open by earlier chunks
  // Set when the chunk is summarised (ChunkResult::summarised; SessionSummariser):
  bool tallied = false;            // ended, passed the protocol filter, and counted in the tallies
  std::uint32_t first_record = 0;  // its records: ChunkResult::records[first_record, + record_count)
  std::uint32_t record_count = 0;
  std::uint32_t sequence = core::StringInterner::kNone;  // tallied: its program-name sequence (cache id)
};

// A login attempt (cowrie.login.success/failed, or the text log's "login attempt [u/p] ...").
struct ChunkLogin {
  std::uint32_t session;           // index into ChunkResult::sessions, or kNoSession
  std::uint32_t username;          // ids of the worker's intel::KeyDictionary (see ChunkResult)
  std::uint32_t password;
  std::uint32_t pair;              // "username\0password"
  bool success;
};

// A session's source address: a canonical IPv4 address as its value (no text to copy or
// hash), anything else as its text in ChunkResult::source_texts.
struct ChunkSource {
  std::uint32_t ipv4;
  std::uint32_t text;              // id in ChunkResult::source_texts, or kNone for an IPv4 value
};

// 16 bytes: one per command record crosses from a worker to the merging thread. Ties in time
// are broken by input order, which the merge keeps (chunks in order, records in order).
struct ChunkRecord {
  std::int64_t timestamp;
  std::uint32_t session;           // index into ChunkResult::sessions, or kNoSession
  std::uint32_t record;            // the builder's ChunkKeyCache record id
};

// How many times one id (a cache record or sequence id) was counted in a chunk.
struct ChunkTally {
  std::uint32_t id;
  std::uint32_t count;
};

struct ChunkPiece {
  std::uint32_t line;              // a line id (ChunkKeyCache's, or global once merged)
  std::uint32_t program;           // a program id (likewise), or kNoProgram
};

// An indicator seen in a download event; `key` (a KeyDictionary id) is the type's one byte
// (intel::IndicatorType) followed by the value. (A command record's indicators come with the
// record when it is new to the cache: ChunkResult::new_record_intel.)
struct ChunkIndicator {
  std::int64_t timestamp;
  std::uint32_t session;           // index into ChunkResult::sessions, or kNoSession
  std::uint32_t key;
  std::uint32_t records_before;    // ChunkResult::records pushed before it (input order)
};

// What the intel analyses take from a command record new to the cache: the family features of
// its command lines (intel::FamilyFeatures, when the family table has them) and its number of
// indicators (their keys: ChunkResult::new_record_indicators, one record after the other).
struct ChunkRecordIntel {
  std::uint64_t family_lines = 0;
  std::uint64_t family_applets = 0;
  std::uint32_t indicators = 0;
};

// A summarised chunk's session, for the intel analyses (ChunkResult::session_intel).
struct ChunkSessionIntel {
  std::uint64_t family_lines = 0;    // tallied: its records' family features, ORed
  std::uint64_t family_applets = 0;
  std::int64_t first_line_time = core::kNoTimestamp;  // tallied: of its first command line (time order)
  // Its download events' indicators: ChunkResult::indicators[first_download, + download_count),
  // each one's records_before counting this session's records only.
  std::uint32_t first_download = 0;
  std::uint32_t download_count = 0;
  std::uint32_t first_login = 0;     // its logins: ChunkResult::logins[first_login, + login_count)
  std::uint32_t login_count = 0;
  // Tallied: its records that have indicators, in time order:
  // ChunkResult::indicator_records[first_indicator_record, + indicator_record_count).
  std::uint32_t first_indicator_record = 0;
  std::uint32_t indicator_record_count = 0;
};

// The earliest time a record (cache id) was seen in the chunk's tallied sessions.
struct ChunkFirstSeen {
  std::uint32_t record;
  std::int64_t timestamp;
};

struct ChunkResult {
  std::uint32_t input_index = 0;   // which input (in reading order)
  std::uint64_t sequence = 0;      // position of the chunk in the whole run
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;
  std::uint64_t events = 0;        // parsed log events (JSON objects / text-log lines)
  std::uint64_t skipped = 0;
  std::vector<SkippedLine> skipped_examples;  // the first few only

  core::StringInterner session_keys;
  std::vector<ChunkSession> sessions;
  std::vector<ChunkRecord> records;

  // The delta of the builder's ChunkKeyCache (see there): the lines, program names and records
  // that were new to the cache in this chunk, in cache id order, so that the merge can extend
  // its map of the cache's ids. When key_history_reset, the cache started afresh: ids from 0.
  std::uint32_t key_source = 0;     // ChunkKeyCache::source()
  bool key_history_reset = true;
  core::StringInterner line_keys;   // new lines: key(i) has the cache id (lines before) + i
  core::StringInterner program_keys;  // new program names, likewise
  std::vector<bool> program_is_busybox;  // by program_keys id: an "argv0 applet" key
  std::vector<std::uint32_t> new_record_pieces;  // piece count of each new record, in id order
  std::vector<ChunkPiece> pieces;   // their pieces, one after the other (cache ids)
  // With the family features or the indicators analysis on: one entry per new record (in id
  // order), and the indicator keys (KeyDictionary ids) of those records, one after the other.
  std::vector<ChunkRecordIntel> new_record_intel;
  std::vector<std::uint32_t> new_record_indicators;

  // Intel keys (usernames, passwords, pairs, indicator keys) are ids of the parsing worker's
  // intel::KeyDictionary, which outlives the chunk: the chunk carries the keys it learnt.
  std::uint32_t key_dictionary = 0;      // which dictionary (0: one made for this chunk alone)
  bool key_dictionary_reset = false;     // its ids restarted at 0 with this chunk
  std::uint32_t first_new_key = 0;       // the id of new_intel_keys[0]
  std::vector<std::string> new_intel_keys;  // keys the dictionary learnt in this chunk, by id
  std::vector<ChunkSource> sources;      // in order of first appearance
  core::StringInterner source_texts;     // source addresses that are not IPv4 values
  std::vector<ChunkLogin> logins;
  std::vector<ChunkIndicator> indicators;  // download events' (in input order)

  // Summarised chunks (SessionSummariser; for an Analysis whose observers need no session's
  // records: Analysis::takes_summaries()): `records` is grouped by session
  // (ChunkSession::first_record; the records without a session last; input order within a
  // session), and record_tally already counts what the tallied sessions (and the
  // records without a session) add to Tables 1 and 2, as if each were a whole session. The merge
  // counts such a session without opening it, unless it turns out to continue a session of
  // earlier chunks: then it takes its tallies back and merges its records one by one.
  bool summarised = false;
  std::uint64_t unsessioned_counted = 0;   // records without a session in record_tally
  std::vector<ChunkTally> record_tally;    // by cache record id
  // Sequences new to the cache, in cache id order (as lines above): worker-local program ids.
  core::StringInterner sequence_keys;
  // With intel analyses on, also: one entry per session (by index), `indicators` and `logins`
  // grouped by session as `records` is (those without a session last), the tallied sessions'
  // records that have indicators, and (the time analysis on) each tallied record's first time.
  std::vector<ChunkSessionIntel> session_intel;
  std::vector<ChunkRecord> indicator_records;
  std::vector<ChunkFirstSeen> record_first_seen;

  // Makes this a fresh ChunkResult that keeps the larger buffers' capacity, so a recycled result
  // fills without new allocations and page faults. Every member not kept explicitly here is
  // reset by the fresh value: adding a member needs no change for correctness.
  void recycle() {
    ChunkResult fresh;
    const auto keep = [](auto& from, auto& to) {
      from.clear();
      std::swap(from, to);
    };
    keep(session_keys, fresh.session_keys);
    keep(sessions, fresh.sessions);
    keep(records, fresh.records);
    keep(pieces, fresh.pieces);
    keep(sources, fresh.sources);
    keep(logins, fresh.logins);
    keep(indicators, fresh.indicators);
    keep(record_tally, fresh.record_tally);
    keep(session_intel, fresh.session_intel);
    keep(indicator_records, fresh.indicator_records);
    keep(record_first_seen, fresh.record_first_seen);
    *this = std::move(fresh);
  }
};

}  // namespace busytrap::analyze
