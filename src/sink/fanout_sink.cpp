#include "sink/fanout_sink.h"

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

std::uint64_t FanoutSink::dropped() const {
  std::uint64_t total = 0;
  for (const auto& sink : sinks_) total += sink->dropped();
  return total;
}

}  // namespace busytrap::sink
