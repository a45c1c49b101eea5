#pragma once
// ChunkBuilder: the sink that the log readers feed while parsing one chunk. It applies the
// per-event filters (time range, sensor), splits each input record into command lines, finds
// their program names, and fills a ChunkResult. One builder per chunk and thread. Malware
// repeats itself: an input record already seen by this worker (its ChunkKeyCache, kept across
// chunks) reuses the command lines and program names worked out the first time (one hash
// lookup instead of lexing it again), and only the records and keys new to the cache are
// copied into the ChunkResult.
#include <string>
#include <string_view>
#include <vector>

#include "analyze/chunk_key_cache.h"
#include "analyze/chunk_result.h"
#include "analyze/intel/indicator_extractor.h"
#include "analyze/intel/worker_intel.h"
#include "analyze/program_name.h"
#include "core/hot_key_cache.h"

namespace busytrap::analyze {

enum class EventKind : std::uint8_t { SessionStart, SessionEnd, Other };

class ChunkBuilder {
 public:
  // `worker` (not owned; may be null: then one for this chunk alone) is the worker thread's
  // intel state (key dictionary, indicator cache), kept across chunks. `keys` (not owned; may be
  // null: then one for this chunk) is the worker thread's ChunkKeyCache; the chunks built with
  // one cache must be merged in the order they were built.
  ChunkBuilder(const AnalysisOptions& options, ChunkResult& result, intel::WorkerIntel* worker = nullptr,
               ChunkKeyCache* keys = nullptr);

  // An event of session `session_key` (empty = no session). `sensor` may be empty (unknown).
  // `src_ip` (may be empty) is kept only when the sources or indicators analysis is on.
  void event(std::string_view session_key, std::int64_t timestamp, Protocol protocol, std::string_view sensor,
             EventKind kind, std::string_view src_ip = {});

  // A login attempt; counted only when the credentials analysis is on and it passes the filters.
  void login(std::string_view session_key, std::int64_t timestamp, Protocol protocol, std::string_view sensor,
             std::string_view username, std::string_view password, bool success);

  // A command.input record. `input` is what the session typed (one record).
  void command(std::string_view session_key, std::int64_t timestamp, std::string_view input, std::string_view sensor,
               Protocol protocol = Protocol::Unknown);

  // A cowrie.session.file_download(.failed) event's url and shasum (either may be empty);
  // kept only when the indicators analysis is on and the event passes the filters.
  void download(std::string_view session_key, std::int64_t timestamp, std::string_view sensor, std::string_view url,
                std::string_view shasum);

  void skipped(std::uint64_t line, SkipReason reason);
  void count_lines(std::uint64_t lines) noexcept { result_.lines += lines; }

  const AnalysisOptions& options() const noexcept { return options_; }

 private:
  bool passes(std::int64_t timestamp, std::string_view sensor) const noexcept;
  // Counts the event, finds its session (noting a known protocol) and applies the filters:
  // false when the event is filtered out. `session` is kNoSession for events without one.
  bool accept(std::string_view session_key, std::int64_t timestamp, Protocol protocol, std::string_view sensor,
              std::uint32_t& session);
  std::uint32_t session_index(std::string_view session_key);
  // The cache's id of record `input`, lexing it (and adding its keys to the delta) when new.
  std::uint32_t record_id(std::string_view input);
  // Adds the intel facts of `input`, new to the cache as `record`, to the delta.
  void add_record_intel(std::uint32_t record, std::string_view input);
  void add_command_line(std::string_view line);
  std::uint32_t line_id(std::string_view line);
  // The index in result_.sources of a new entry for this address.
  std::uint32_t add_source(std::string_view src_ip);

  const AnalysisOptions& options_;
  ChunkResult& result_;
  ChunkKeyCache own_keys_;
  ChunkKeyCache* keys_;
  core::HotKeyCache hot_sessions_;  // in front of result_.session_keys: a log's open sessions
  std::vector<std::uint32_t> current_instance_;  // session key id -> index in result_.sessions
  ProgramNameExtractor programs_;
  std::string key_scratch_;
  intel::WorkerIntel own_intel_;
  intel::WorkerIntel* intel_;
  std::vector<intel::Indicator> indicator_scratch_;  // a download event's
  const intel::FamilyTable* family_table_ = nullptr;  // set when sessions get family features
  bool record_intel_ = false;  // new records carry intel facts (ChunkResult::new_record_intel)
};

}  // namespace busytrap::analyze
