#include "sink/sink_health.h"

#include <cstdio>
#include <utility>

namespace busytrap::sink {

void warn_on_stderr(const std::string& message) {
  const std::string line = "busytrap: " + message + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

SinkHealth::SinkHealth(std::string what, WarningHandler warn, std::size_t high_water)
    : what_(std::move(what)), warn_(std::move(warn)), high_water_(high_water) {}

void SinkHealth::error(std::string_view action, std::string_view reason, std::uint64_t failed_so_far) {
  if (in_error_) return;
  in_error_ = true;
  failed_at_error_start_ = failed_so_far;
  if (warn_) {
    warn_(what_ + ": " + std::string(action) + ": " + std::string(reason) +
          " (events are dropped and counted; retrying with the next event)");
  }
}

void SinkHealth::stored(std::uint64_t failed_so_far) {
  if (!in_error_) return;
  in_error_ = false;
  if (warn_) {
    warn_(what_ + ": writing again; " + std::to_string(failed_so_far - failed_at_error_start_) +
          " events were lost");
  }
}

void SinkHealth::check_overflow(std::uint64_t overflow_drops) {
  if (overflow_drops > overflow_seen_) {
    if (!overflowing_ && warn_) {
      warn_(what_ + ": queue full (high-water mark " + std::to_string(high_water_) + " events): dropping events");
    }
    overflowing_ = true;
    overflow_seen_ = overflow_drops;
  } else if (overflowing_) {
    overflowing_ = false;
    if (warn_) {
      warn_(what_ + ": queue has room again; " + std::to_string(overflow_drops) +
            " events dropped in total since start");
    }
  }
}

}  // namespace busytrap::sink
