#pragma once
// EventSink: where the honeypot's events go (JSON lines, SQLite, ...). write() is called on
// the network thread and must never block it: an implementation queues the event and does
// its I/O elsewhere. No event may be lost silently: when a sink cannot keep up or fails, it
// counts and reports what it dropped (dropped()) and says so on the operator's log.
#include <cstdint>
#include <functional>

#include "core/event.h"

namespace busytrap::sink {

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void write(const core::Event& event) = 0;
  // Reopen output files (SIGHUP, after external rotation).
  virtual void reopen() {}
  // Blocks until every event written so far is stored (shutdown, tests).
  virtual void flush() = 0;
  // Calls `done` once every event written before this call is stored (or counted as failed):
  // at once if it already is, else from the sink's own thread (so `done` must only hand off,
  // e.g. post to the network thread). With fsync "always", stored means on disk. The default,
  // for sinks that store synchronously, calls it at once.
  virtual void when_stored(std::function<void()> done) { done(); }
  // Events that could not be stored since start.
  virtual std::uint64_t dropped() const = 0;
};

}  // namespace busytrap::sink
