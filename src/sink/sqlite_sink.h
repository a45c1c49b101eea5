#pragma once
// SqliteSink: the event log as an SQLite database (default var/lib/busytrap/busytrap.sqlite),
// in Cowrie's relational schema (sessions, auth, input, downloads, params, ttylog, sensors,
// clients) with a few extra columns, plus an `events` table that keeps every event's full
// Cowrie JSON line so nothing is lost. Schema: docs/LOG-FORMAT.md, section "SQLite schema".
//
// Same non-blocking contract as JsonLinesSink: write() copies the event into a bounded queue
// (overflow drop-and-count or block); one writer thread owns the connection (WAL mode, so
// readers never block it) and stores everything queued as one transaction. flush() blocks
// until every event accepted before the call is committed or counted failed. A failing batch
// (disk full, unwritable directory, corrupt file) is rolled back, its events counted in
// dropped(), the first error of an episode reported on stderr; the database is reopened and
// retried with the next batch.
// Fsync policy maps to PRAGMA synchronous: kNever = OFF, kInterval = NORMAL (WAL syncs at
// checkpoints), kAlways = FULL (each transaction durable before its events count as written).
// Strings are stored as TEXT when valid UTF-8, else as BLOB (the exact bytes).
//
// Usage:
//   sink::SqliteSinkOptions options;
//   options.path = "var/lib/busytrap/busytrap.sqlite";
//   sink::SqliteSink sink(options);
//   sink.write(event);
//
// All public members are thread-safe. The destructor drains the queue and closes the database.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/cowrie_json_writer.h"
#include "core/event.h"
#include "sink/batch_queue.h"
#include "sink/event_sink.h"
#include "sink/sink_health.h"
#include "sink/sink_policy.h"

namespace busytrap::sink {

struct SqliteSinkOptions {
  std::filesystem::path path = "var/lib/busytrap/busytrap.sqlite";
  std::string sensor = "busytrap";
  std::size_t high_water = 65536;           // queued events
  std::size_t max_queued_bytes = 64 << 20;  // queued bytes (approximate event sizes)
  OverflowPolicy overflow = OverflowPolicy::kDrop;
  FsyncPolicy fsync = FsyncPolicy::kInterval;
  WarningHandler warn = warn_on_stderr;
};

class SqliteSink final : public EventSink {
 public:
  explicit SqliteSink(SqliteSinkOptions options);
  ~SqliteSink() override;
  SqliteSink(const SqliteSink&) = delete;
  SqliteSink& operator=(const SqliteSink&) = delete;

  void write(const core::Event& event) override;
  void reopen() override;
  void flush() override;
  void when_stored(std::function<void()> done) override;
  std::uint64_t dropped() const override;

  std::uint64_t written() const noexcept { return written_.load(); }
  std::uint64_t write_errors() const noexcept { return write_errors_.load(); }

  // The schema's CREATE statements (idempotent), as documented in docs/LOG-FORMAT.md.
  static const char* schema_sql();

 private:
  class Database;
  void run();
  void store(const std::vector<core::Event>& events);

  const SqliteSinkOptions options_;
  const core::CowrieJsonWriter writer_;
  BatchQueue<core::Event> queue_;
  std::atomic<bool> reopen_requested_{false};
  std::atomic<std::uint64_t> written_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> write_errors_{0};
  SinkHealth health_;            // writer thread only
  std::unique_ptr<Database> db_;  // writer thread only
  std::thread thread_;            // last: starts after everything above is initialised
};

}  // namespace busytrap::sink
