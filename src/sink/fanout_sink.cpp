#include "sink/fanout_sink.h"

#include <atomic>
#include <memory>
#include <utility>

namespace busytrap::sink {

void FanoutSink::add(std::shared_ptr<EventSink> sink) {
  if (sink) sinks_.push_back(std::move(sink));
}

void FanoutSink::write(const core::Event& event) {
  for (const auto& sink : sinks_) sink->write(event);
}

void FanoutSink::reopen() {
  for (const auto& sink : sinks_) sink->reopen();
}

void FanoutSink::flush() {
  for (const auto& sink : sinks_) sink->flush();
}

void FanoutSink::when_stored(std::function<void()> done) {
  if (sinks_.empty()) {
    done();
    return;
  }
  struct Countdown {
    std::atomic<std::size_t> left;
    std::function<void()> done;
  };
  auto countdown = std::make_shared<Countdown>();
  countdown->left = sinks_.size();
  countdown->done = std::move(done);
  for (const auto& sink : sinks_) {
    sink->when_stored([countdown] {
      if (countdown->left.fetch_sub(1) == 1) countdown->done();
    });
  }
}

std::uint64_t FanoutSink::dropped() const {
  std::uint64_t total = 0;
  for (const auto& sink : sinks_) total += sink->dropped();
  return total;
}

}  // namespace busytrap::sink
