#pragma once
// SinkHealth: how a queued sink tells the operator that it is losing events, without flooding
// the operator's log. One warning when an error episode starts (with the reason), one when
// writing works again (with how many events were lost); the same for queue-full episodes.
// Used only by the sink's writer thread (not thread-safe); the handler receives each line.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace busytrap::sink {

// Receives one operator warning (no trailing newline). Called from a sink's writer thread.
using WarningHandler = std::function<void(const std::string&)>;

// Writes "busytrap: <message>\n" to stderr in one call.
void warn_on_stderr(const std::string& message);

class SinkHealth {
 public:
  // `what` names the sink in messages, e.g. "event log var/log/busytrap.json".
  SinkHealth(std::string what, WarningHandler warn, std::size_t high_water);

  // A write/open failed. `failed_so_far` is the sink's count of failed events before this batch.
  void error(std::string_view action, std::string_view reason, std::uint64_t failed_so_far);
  // A batch was stored; ends an error episode. `failed_so_far` is the sink's current count.
  void stored(std::uint64_t failed_so_far);
  // Call once per writer loop with the queue's total of refused events.
  void check_overflow(std::uint64_t overflow_drops);

  bool in_error() const noexcept { return in_error_; }

 private:
  std::string what_;
  WarningHandler warn_;
  std::size_t high_water_;
  bool in_error_ = false;
  std::uint64_t failed_at_error_start_ = 0;
  bool overflowing_ = false;
  std::uint64_t overflow_seen_ = 0;
};

}  // namespace busytrap::sink
