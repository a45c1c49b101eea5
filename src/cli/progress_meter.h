#pragma once
// ProgressMeter: a one-line progress bar on stderr for long `busytrap analyze` runs: bytes done
// of the total, rate and ETA (bytes and rate only when the total is unknown: standard input,
// gzip inputs). Drawn only when stderr is a terminal, so logs and pipes never see it; redrawn at
// most every 200 ms; finish() replaces it with a one-line summary. Not thread-safe: call from
// one thread.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace busytrap::cli {

class ProgressMeter {
 public:
  // `total_bytes` 0 = unknown. `enabled` false: every call does nothing.
  ProgressMeter(std::uint64_t total_bytes, bool enabled);

  void update(std::uint64_t bytes_done);
  void finish(std::uint64_t bytes_done);

  // The line drawn for these figures (without "\r"), for tests.
  static std::string line(std::uint64_t done, std::uint64_t total, double seconds);
  // Whether stderr is a terminal.
  static bool stderr_is_terminal();
  // The bytes a run will read when known: the sum of the files' sizes; 0 when an input is
  // standard input or gzip (whose uncompressed size is not known in advance).
  static std::uint64_t known_total(const std::vector<std::string>& paths);

 private:
  void draw(std::uint64_t done, bool final);

  std::uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace busytrap::cli
