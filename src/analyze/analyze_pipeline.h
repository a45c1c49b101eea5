#pragma once
// AnalyzePipeline: reads all inputs of one run, in parallel where it pays, into an Analysis.
// Inputs are probed (format, first timestamp), ordered by their first timestamp (inputs
// without one keep their place after those with one), then read as chunks by one producer
// thread, parsed by `threads` workers into ChunkResults, and merged strictly in input order by
// the calling thread, so per-session order holds across chunk and file boundaries. At most a
// few chunks are in flight: memory does not grow with the input.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "analyze/analysis.h"

namespace busytrap::analyze {

struct InputReport {
  std::string name;
  InputFormat format = InputFormat::Plain;
  bool gzip = false;
  bool empty = false;
  bool binary = false;  // not read: not a log
  std::int64_t first_timestamp = core::kNoTimestamp;
  std::string warning;
};

struct PipelineReport {
  std::vector<InputReport> inputs;  // in reading order
  double seconds = 0;
};

class AnalyzePipeline {
 public:
  explicit AnalyzePipeline(const AnalysisOptions& options) : options_(options) {}

  // Reads `paths` (already expanded; "-" is stdin) into `analysis`. Returns false and sets
  // `error` when an input cannot be opened (nothing is analysed then).
  bool run(const std::vector<std::string>& paths, Analysis& analysis, PipelineReport& report, std::string& error);

  // Called on the calling thread after each merged chunk with the input bytes read so far
  // (uncompressed), e.g. for a progress bar. Must be cheap.
  void on_progress(std::function<void(std::uint64_t bytes)> callback) { progress_ = std::move(callback); }

 private:
  const AnalysisOptions& options_;
  std::function<void(std::uint64_t)> progress_;
};

}  // namespace busytrap::analyze
