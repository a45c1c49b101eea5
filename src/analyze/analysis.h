#pragma once
// Analysis: the global state of one `busytrap analyze` run. ChunkResults are merged into it
// strictly in input order (one thread); sessions are kept open until their end is seen (or the
// input ends), then finalised: the protocol filter applied, their command lines counted into
// Tables 1 and 2, and their program-name sequence counted. Memory therefore grows with
// distinct keys, distinct sequences and sessions open at once — not with the input's size.
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "analyze/chunk_result.h"
#include "analyze/finished_session.h"
#include "analyze/intel/intel_counts.h"
#include "analyze/intel/record_intel_table.h"
#include "analyze/open_session_table.h"
#include "analyze/record_shapes.h"
#include "core/string_interner.h"

namespace busytrap::analyze {

struct Totals {
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;
  std::uint64_t events = 0;
  std::uint64_t skipped_lines = 0;
  std::uint64_t records = 0;                 // command.input records counted (after filters)
  std::uint64_t records_without_session = 0;
  std::uint64_t command_lines = 0;           // Table 1 total
  std::uint64_t command_lines_with_program = 0;  // Table 2 total
  std::uint64_t sessions = 0;                // sessions with an event that passed the filters
  std::uint64_t sessions_telnet = 0;
  std::uint64_t sessions_ssh = 0;
  std::uint64_t sessions_unknown = 0;
  std::uint64_t sessions_with_commands = 0;  // ... and at least one record
  std::uint64_t sessions_with_programs = 0;  // ... and at least one program name (sequenced)
};

struct SkippedExample {
  std::uint32_t input_index;
  std::uint64_t line;
  SkipReason reason;
};

struct SequenceHash {
  std::size_t operator()(const std::vector<std::uint32_t>& v) const noexcept {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ v.size();
    for (std::uint32_t x : v) h = (h ^ x) * 0x100000001b3ULL + (h >> 29);
    return static_cast<std::size_t>(h);
  }
};

class Analysis {
 public:
  explicit Analysis(const AnalysisOptions& options) : options_(options), intel_(options.intel) {}

  // Chunks must come in input order (their records' positions increasing): a session's command
  // lines with the same timestamp keep the order in which they were merged.
  void merge(ChunkResult& chunk);
  // Finalises the sessions still open. Call once, after the last merge.
  void finish();

  const Totals& totals() const noexcept { return totals_; }
  const core::StringInterner& line_keys() const noexcept { return line_keys_; }
  const core::StringInterner& program_keys() const noexcept { return program_keys_; }
  // Counts by line_keys() / program_keys() id, of the sessions finalised so far.
  const std::vector<std::uint64_t>& line_counts() const {
    flush_counts();
    return line_counts_;
  }
  const std::vector<std::uint64_t>& program_counts() const {
    flush_counts();
    return program_counts_;
  }
  // Whether a program key is a busybox row ("argv0 applet" with argv0's basename busybox).
  bool program_is_busybox(std::uint32_t id) const noexcept { return program_is_busybox_[id]; }
  // Sessions per whole program-name sequence: calls visit(id, programs, sessions) for every
  // sequence of the sessions finalised so far, in order of sequence id (sequence_id()):
  // `programs` (a std::span<const std::uint32_t> of program_keys() ids) is valid during the
  // call only. The merge counts sequences by interned id (no map of vectors); this reads them
  // in place and only reads, so threads may call it at once.
  template <typename Visit>
  void for_each_sequence(Visit&& visit) const {
    std::vector<std::uint32_t> programs;
    for (std::uint32_t id = 0; id < sequence_counts_.size(); ++id) {
      // A summarised chunk's sequence whose only sessions turned out to continue earlier chunks'
      // is interned with no session (yet).
      if (sequence_counts_[id] == 0) continue;
      const std::string_view bytes = sequence_keys_.key(id);
      programs.resize(bytes.size() / sizeof(std::uint32_t));
      std::memcpy(programs.data(), bytes.data(), programs.size() * sizeof(std::uint32_t));
      visit(id, std::span<const std::uint32_t>(programs), sequence_counts_[id]);
    }
  }
  // The id of a whole program-name sequence (FinishedSession::sequence_id), or
  // core::StringInterner::kNone when no finalised session had it.
  std::uint32_t sequence_id(std::span<const std::uint32_t> sequence) const noexcept {
    return sequence_keys_.find(std::string_view(reinterpret_cast<const char*>(sequence.data()), sequence.size_bytes()));
  }
  const std::vector<SkippedExample>& skipped_examples() const noexcept { return skipped_examples_; }
  const AnalysisOptions& options() const noexcept { return options_; }
  std::size_t open_sessions() const noexcept { return open_.size(); }
  const intel::IntelCounts& intel() const noexcept { return intel_; }
  // Whether merge() takes summarised chunks (SessionSummariser): not when an observer reads a
  // session's records, lines, logins or indicators, nor when the family table needs the command
  // lines (signatures that are not all features).
  bool takes_summaries() const noexcept;
  // Also tell `observer` (not owned; must outlive the run) about every finalised session.
  void add_observer(SessionObserver* observer) {
    observers_.push_back(observer);
    observers_read_items_ |= observer->reads_items();
    observers_read_indicators_ |= observer->reads_indicators();
    observers_read_logins_ |= observer->reads_logins();
    observers_read_records_ |= observer->reads_records();
  }
  // The command lines (with their program names) of a RecordShapes id (SessionRecord::shape).
  std::span<const ChunkPiece> record_lines(std::uint32_t shape) const noexcept { return shapes_.pieces(shape); }
  // How many record shapes there are (SessionRecord::shape is below it).
  std::size_t record_shape_count() const noexcept { return shapes_.size(); }
  // With the time analysis on: by record shape, the earliest time a record of that shape was seen
  // in a finalised session (core::kNoTimestamp: never with a timestamp; may be shorter than
  // record_shape_count()).
  const std::vector<std::int64_t>& shape_first_seen() const noexcept { return shape_first_seen_; }

 private:
  // One command record of an open session: its shape (the lines and program names it adds).
  using Item = SessionRecord;
  struct Session {
    std::string key;
    std::uint64_t hash = 0;  // of key
    Protocol protocol = Protocol::Unknown;
    bool has_event = false;
    bool ending = false;
    std::uint64_t records = 0;
    std::vector<Item> items;
    intel::SessionFacts facts;
  };
  // A record of a ChunkKeyCache, in global terms.
  struct RecordKey {
    std::uint32_t shape;  // RecordShapes id
    std::uint32_t intel;  // intel::RecordIntelTable id
    std::uint32_t indicators;  // how many indicators it has (its intel entry's)
  };
  // What the merge knows of one ChunkKeyCache (a worker's): its ids -> global ids.
  struct KeySource {
    std::vector<std::uint32_t> lines;     // by cache line id
    std::vector<std::uint32_t> programs;  // by cache program id
    std::vector<RecordKey> records;       // by cache record id
    std::vector<std::uint32_t> sequences;  // by cache sequence id: its sequence_keys_ id
  };
  // A finished session that passed the protocol filter, as finalize() and count_whole_session()
  // hand it to conclude_session().
  struct Concluding {
    std::string_view key;
    Protocol protocol;
    bool has_event;
    std::uint64_t records;
    std::span<const Item> shapes;  // its records in time order (empty for a whole session)
    std::int64_t first_line_time;
    intel::SessionFacts* facts;
    std::uint32_t sequence_id;     // sequence_keys_ id (sequence_scratch_ holds it), or kNone
  };
  // Extends the map of the chunk's cache with the chunk's delta. `intel_keys` (null when no intel
  // analysis is on): the chunk's key dictionary ids -> IntelCounts::keys() ids.
  const KeySource& merge_keys(const ChunkResult& chunk, const std::vector<std::uint32_t>* intel_keys);
  // The chunk's command records into their sessions' items (or counted, without a session), and
  // with kIntel (`key_map` given) its download events' indicators, in input order.
  template <bool kIntel>
  void merge_records(const ChunkResult& chunk, const KeySource& keys, const std::vector<std::uint32_t>& session_map,
                     const std::vector<std::uint32_t>* key_map);
  // One command record of an open session into its items (with kIntel: its intel id, within the
  // session's indicator limit).
  template <bool kIntel>
  void add_record(Session& session, const ChunkRecord& record, const KeySource& keys) {
    const RecordKey key = keys.records[record.record];
    ++session.records;
    if constexpr (!kIntel) {
      session.items.push_back(Item{record.timestamp, key.shape, intel::RecordIntelTable::kNone});
    } else {
      // Only records with indicators look at the session's facts (their limit).
      const std::uint32_t intel = key.indicators == 0
                                      ? key.intel
                                      : keep_record_intel(session.facts, key.intel, key.indicators, record.timestamp);
      session.items.push_back(Item{record.timestamp, key.shape, intel});
    }
  }
  // A command record without a session: counted at once (when the protocol filter lets it).
  void count_unsessioned_record(const ChunkRecord& record, const KeySource& keys, bool with_intel);
  // The indicators of a record without a session, counted at once.
  void count_unsessioned_indicators(const RecordKey& key, std::int64_t timestamp);
  // Whether a finalised session with `records` command records is classified into a family.
  bool classifies_families(std::uint64_t records) const noexcept {
    return options_.intel.families && options_.families && records > 0;
  }
  // A download event's indicator: into its session's facts (`facts`), or counted at once when it
  // has none (null).
  void add_download(intel::SessionFacts* facts, const ChunkIndicator& download, const std::vector<std::uint32_t>& key_map);
  // A login attempt: counted at once, or into its session's facts (`facts`; null: none).
  void add_login(intel::SessionFacts* facts, const ChunkLogin& login, const std::vector<std::uint32_t>& key_map);
  // What a chunk says of a session's origin (source address, first time) into its facts.
  void take_origin(intel::SessionFacts& facts, const ChunkSession& local) const;
  // The item intel id for a record of `session` with intel id `intel`: its indicators are kept
  // with the item while the session's limit allows and no observer reads facts.indicators, else
  // listed in the facts (up to the limit) and the item keeps the features alone.
  std::uint32_t keep_record_intel(intel::SessionFacts& facts, std::uint32_t intel, std::uint32_t indicators,
                                  std::int64_t timestamp);
  // A download event's indicator of a session (listed in its facts, within the limit).
  void keep_indicator(intel::SessionFacts& facts, const intel::SeenIndicator& seen);
  std::uint32_t open_session(std::string_view key, std::uint64_t hash);
  // How open_ reads a slot's key.
  auto session_key() const {
    return [this](std::uint32_t slot) { return std::string_view(sessions_[slot].key); };
  }
  void finalize(std::uint32_t index);
  // What finalize() and count_whole_session() share: the session's indicators (seen_scratch_),
  // its sequence, family and the observers.
  void conclude_session(const Concluding& session);
  // merge() of a summarised chunk (analysis_summarised_merge.cpp); `key_map` as merge_records'.
  void merge_summarised(ChunkResult& chunk, KeySource& keys, const std::vector<std::uint32_t>* key_map);
  // Counts session `index` of a summarised chunk, which lies whole in it (its records are in the
  // tallies), as finalize() would.
  void count_whole_session(const ChunkResult& chunk, std::size_t index, const KeySource& keys,
                           const std::vector<std::uint32_t>* key_map);
  // The records, downloads and logins without a session of a summarised chunk with intel on.
  void merge_unsessioned_intel(const ChunkResult& chunk, const KeySource& keys, const std::vector<std::uint32_t>& key_map);
  // Keeps `timestamp` as `shape`'s first time if earlier (the time analysis).
  void note_first_seen(std::uint32_t shape, std::int64_t timestamp) {
    if (timestamp == core::kNoTimestamp) return;
    std::int64_t& first = shape_first_seen_[shape];
    if (first == core::kNoTimestamp || timestamp < first) first = timestamp;
  }
  // The session totals (sessions per protocol, records, sessions with commands) of one session
  // that passed the protocol filter, as finalize() and count_whole_session() count them.
  void count_session_totals(Protocol protocol, bool has_event, std::uint64_t records);
  // Counts `n` records of `shape` into the totals and (at the next flush) Tables 1 and 2;
  // uncount_record takes one back (before any flush).
  void count_records(std::uint32_t shape, std::uint64_t n);
  void uncount_record(std::uint32_t shape);
  void flush_counts() const;
  // The chunk's source addresses' global ids, into source_map_.
  void intern_sources(const ChunkResult& chunk);
  void merge_logins(ChunkResult& chunk, const std::vector<std::uint32_t>& session_map,
                    const std::vector<std::uint32_t>& key_map);
  std::optional<std::size_t> classify_family(const intel::FamilyFeatures& features, std::span<const SessionItem> items);

  const AnalysisOptions& options_;
  Totals totals_;
  core::StringInterner line_keys_;
  core::StringInterner program_keys_;
  mutable std::vector<std::uint64_t> line_counts_;     // complete after flush_counts()
  mutable std::vector<std::uint64_t> program_counts_;
  mutable RecordShapes shapes_;
  std::vector<bool> program_is_busybox_;
  // Each distinct sequence's program ids, as bytes, and its number of sessions (by id).
  core::StringInterner sequence_keys_;
  std::vector<std::uint64_t> sequence_counts_;
  std::vector<KeySource> key_sources_;  // by ChunkResult::key_source
  std::vector<std::uint32_t> id_scratch_;
  std::vector<Session> sessions_;
  std::vector<std::uint32_t> free_sessions_;
  OpenSessionTable open_;
  std::vector<std::uint64_t> lines_before_chunk_;  // per input: lines merged so far
  std::vector<SkippedExample> skipped_examples_;
  std::vector<std::uint32_t> sequence_scratch_;
  std::vector<ChunkPiece> piece_scratch_;
  std::vector<SessionItem> line_items_;  // a finalised session's command lines, for observers
  intel::IntelCounts intel_;
  std::vector<std::uint32_t> source_map_;  // intern_sources': chunk source index -> source_keys() id
  intel::SessionCommands family_scratch_;  // when the family table has no features
  std::string opening_scratch_;
  std::vector<SessionObserver*> observers_;
  bool observers_read_items_ = false;
  bool observers_read_indicators_ = false;
  bool observers_read_records_ = false;
  bool observers_read_logins_ = false;
  std::vector<std::int64_t> shape_first_seen_;  // by shape (the time analysis)
  intel::SessionFacts whole_facts_;  // a whole session's (count_whole_session)
  intel::RecordIntelTable record_intel_;
  std::vector<std::uint32_t> indicator_scratch_;
  std::vector<intel::SeenIndicator> seen_scratch_;  // a finalised session's record indicators
};

}  // namespace busytrap::analyze
