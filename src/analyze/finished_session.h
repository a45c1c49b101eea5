#pragma once
// FinishedSession and SessionObserver: a view of one session at the moment the Analysis
// finalises it (its end was seen, or the input ended), for the analyses that look at whole
// sessions (time, sequence groups, the --db export). Observers are called on the merging thread,
// in finalisation order, for every session that passed the protocol filter; the view (and every
// key it names) is valid only during the call. Ids are those of Analysis::line_keys() /
// program_keys() and of IntelCounts::keys().
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "analyze/analysis_options.h"
#include "analyze/intel/session_facts.h"
#include "core/timestamp.h"

namespace busytrap::analyze {

class Analysis;

// One command line of a session, in time order (ties: input order). Built for the observers
// when the session is finalised (the merge itself keeps one item per command record).
struct SessionItem {
  std::int64_t timestamp;
  std::uint32_t line;     // Analysis::line_keys() id
  std::uint32_t program;  // Analysis::program_keys() id, or kNoProgram
};

// One command record of a session: its RecordShapes id (Analysis::record_lines() gives its
// command lines), in time order (ties: input order).
struct SessionRecord {
  std::int64_t timestamp;
  std::uint32_t shape;
  std::uint32_t intel;  // the Analysis' own id of the record's family features and indicators
};

struct FinishedSession {
  std::string_view key;                    // the log's session id
  Protocol protocol = Protocol::Unknown;
  bool has_event = false;                  // an event passed the time and sensor filters (counted)
  std::uint64_t records = 0;               // command records
  // Its command lines, in time order; empty unless some observer reads_items() (or the family
  // table needs the lines).
  std::span<const SessionItem> items;
  std::span<const SessionRecord> shapes;   // its command records, in time order (see reads_records)
  std::int64_t first_line_time = core::kNoTimestamp;  // of its first dated command line
  std::span<const std::uint32_t> sequence;  // its program names, in order
  const intel::SessionFacts* facts = nullptr;  // source, start, logins, indicators (intel on)
  std::optional<std::size_t> family;       // FamilyTable index, when classified
  bool new_sequence = false;               // no session finalised before had this (non-empty) sequence
  std::uint32_t sequence_id = 0xffffffffu;  // Analysis::sequence_id() of `sequence` (none when empty)
};

class SessionObserver {
 public:
  virtual ~SessionObserver() = default;
  virtual void session_finished(const Analysis& analysis, const FinishedSession& session) = 0;
  // Whether session_finished reads facts->logins. When no observer does (and no protocol filter
  // waits for the session's end), the Analysis counts login attempts as they are merged and
  // leaves facts->logins empty.
  virtual bool reads_logins() const noexcept { return true; }
  // Whether session_finished reads `items` (a session's command lines, one per line). When no
  // observer does, the Analysis does not build them: `shapes` has the same in one entry per
  // record.
  virtual bool reads_items() const noexcept { return true; }
  // Whether session_finished reads `shapes` (a session's command records). When no observer
  // reads them, nor items, logins or indicators, the workers may summarise the sessions that lie
  // whole in one chunk (Analysis::takes_summaries()): `shapes` and `items` are then empty.
  virtual bool reads_records() const noexcept { return true; }
  // Whether session_finished reads facts->indicators. When no observer does, the Analysis
  // keeps a command record's indicators with its item (`shapes`) instead of listing each
  // occurrence there (the list then holds download events' indicators only).
  virtual bool reads_indicators() const noexcept { return true; }
};

}  // namespace busytrap::analyze
