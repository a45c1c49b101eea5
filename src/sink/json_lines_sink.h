#pragma once
// JsonLinesSink: the Cowrie-compatible event log, one JSON object per line
// (core::CowrieJsonWriter), default file var/log/busytrap.json.
//
// write() formats the event on the caller's thread (one string) and queues it; a writer thread
// appends whole batches with one write(2) each, so lines are never interleaved or cut (a batch
// that fails half-way is truncated back off the file). A batch gathers events for up to
// `gather` after its first one (BatchQueue), so that a busy server pays one wake-up and one
// write(2) per batch, not per event; flush(), when_stored() and reopen() cut the gathering
// short, so they wait no longer than before. Contract details:
// - Overflow: past `high_water` queued events (or `max_queued_bytes`), OverflowPolicy::kDrop
//   drops and counts (dropped()) and warns once on stderr; kBlock makes write() wait.
// - Rotation (rotate_daily): when the clock's UTC day differs from the current file's day, the
//   file is renamed busytrap.json.YYYY-MM-DD (the day it covers, Cowrie's naming; .1, .2, ... if
//   that name exists) and a new file is started. Checked before each batch, as Cowrie does.
// - reopen(): for SIGHUP after an external logrotate; the writer closes and reopens `path`
//   promptly; events not yet written go to the new file. Returns at once.
// - Fsync: kNever; kInterval (at most once per fsync_interval, and at shutdown); kAlways (fdatasync
//   after each batch, before its events count as written and before flush() returns).
// - flush(): blocks until every event accepted before the call is written (or counted failed).
//   when_stored(done) is its asynchronous form: `done` runs on the writer thread (or at once).
// - Errors (unwritable directory, disk full): the batch's events are counted in dropped() and
//   write_errors(); the first error of an episode is reported on stderr with the path and
//   errno text (then options.on_error is called), recovery is reported too; the file is retried
//   with the next batch. Never throws
//   from write(), never crashes. (The path may be a FIFO; without a reader that is an open error,
//   not a wait.) Overflow warnings are issued before flush() returns.
// The destructor drains the queue, fsyncs unless kNever, and joins the thread.
//
// Usage:
//   sink::JsonLinesSinkOptions options;           // defaults as in docs/LOG-FORMAT.md
//   options.path = "var/log/busytrap.json";
//   options.sensor = "dvr-01";
//   sink::JsonLinesSink sink(options);
//   sink.write(event);        // from any thread
//   sink.flush();             // at shutdown / in tests
//
// All public members are thread-safe.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "core/cowrie_json_writer.h"
#include "sink/batch_queue.h"
#include "sink/event_sink.h"
#include "sink/sink_health.h"
#include "sink/sink_policy.h"

namespace busytrap::sink {

// UTC microseconds since the epoch; injectable so tests can cross midnight.
using Clock = std::function<std::int64_t()>;
std::int64_t system_clock_micros();

struct JsonLinesSinkOptions {
  std::filesystem::path path = "var/log/busytrap.json";
  std::string sensor = "busytrap";
  std::size_t high_water = 65536;                // queued events
  std::size_t max_queued_bytes = 64 << 20;       // queued bytes
  OverflowPolicy overflow = OverflowPolicy::kDrop;
  FsyncPolicy fsync = FsyncPolicy::kNever;
  std::chrono::milliseconds fsync_interval{1000};
  // How long a batch may wait for more events before it is written (0: write at once). Only
  // delays the write to the file of events nobody waits for.
  std::chrono::microseconds gather{2000};
  bool rotate_daily = true;
  Clock clock = system_clock_micros;
  WarningHandler warn = warn_on_stderr;
  // Called (on the writer thread) when an error episode starts, after the warning: lets the
  // server stop when the operator asked for it (log.on_error = "stop"). Must only hand off.
  std::function<void()> on_error;
};

class JsonLinesSink final : public EventSink {
 public:
  explicit JsonLinesSink(JsonLinesSinkOptions options);
  ~JsonLinesSink() override;
  JsonLinesSink(const JsonLinesSink&) = delete;
  JsonLinesSink& operator=(const JsonLinesSink&) = delete;

  void write(const core::Event& event) override;
  void reopen() override;
  void flush() override;
  void when_stored(std::function<void()> done) override;
  std::uint64_t dropped() const override;

  std::uint64_t written() const noexcept { return written_.load(); }
  std::uint64_t write_errors() const noexcept { return write_errors_.load(); }
  const std::filesystem::path& path() const noexcept { return options_.path; }

 private:
  void run();
  void write_batch(std::vector<std::string>& lines);
  bool ensure_open();
  void close_file();
  void rotate_if_new_day();
  void sync();
  void report_error(const char* action, int error_number);

  const JsonLinesSinkOptions options_;
  const core::CowrieJsonWriter writer_;
  BatchQueue<std::string> queue_;
  std::atomic<bool> reopen_requested_{false};
  std::atomic<std::uint64_t> written_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> write_errors_{0};
  // Writer-thread state.
  int fd_ = -1;
  std::int64_t file_day_ = 0;
  bool dirty_ = false;  // written since the last fsync
  std::chrono::steady_clock::time_point last_sync_;
  SinkHealth health_;
  std::string buffer_;
  std::thread thread_;  // last: starts after everything above is initialised
};

}  // namespace busytrap::sink
