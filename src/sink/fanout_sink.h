#pragma once
// FanoutSink: one EventSink that forwards every call to several sinks (JSON lines + SQLite).
// write() calls each sink's write() in the order they were added, so it is as non-blocking as
// the slowest of them; flush() flushes them all; dropped() is the sum of theirs.
//
// Usage:
//   auto fanout = std::make_shared<sink::FanoutSink>();
//   fanout->add(std::make_shared<sink::JsonLinesSink>(json_options));
//   fanout->add(std::make_shared<sink::SqliteSink>(sqlite_options));
//   fanout->write(event);
//
// add() must complete before the first write() (not synchronised with it); after that every
// member is as thread-safe as the sinks it holds. The sinks are shared: a caller may keep a
// pointer to one to read its own counters.
#include <cstdint>
#include <memory>
#include <vector>

#include "sink/event_sink.h"

namespace busytrap::sink {

class FanoutSink final : public EventSink {
 public:
  void add(std::shared_ptr<EventSink> sink);
  std::size_t size() const noexcept { return sinks_.size(); }

  void write(const core::Event& event) override;
  void reopen() override;
  void flush() override;
  // `done` runs once, when the last of the sinks has stored the events.
  void when_stored(std::function<void()> done) override;
  std::uint64_t dropped() const override;

 private:
  std::vector<std::shared_ptr<EventSink>> sinks_;
};

}  // namespace busytrap::sink
