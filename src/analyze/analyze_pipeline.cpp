#include "analyze/analyze_pipeline.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "analyze/chunk_builder.h"
#include "analyze/cowrie_json_reader.h"
#include "analyze/cowrie_text_reader.h"
#include "analyze/input_probe.h"
#include "analyze/input_source.h"
#include "analyze/plain_text_reader.h"
#include "analyze/session_summariser.h"

namespace busytrap::analyze {
namespace {

struct WorkItem {
  std::uint64_t sequence;
  std::uint32_t input_index;
  InputFormat format;
  Chunk chunk;
};

// The readers one worker thread owns.
struct WorkerReaders {
  CowrieJsonReader json;
  CowrieTextReader text;
  PlainTextReader plain;
  intel::WorkerIntel intel;
  ChunkKeyCache keys;
  SessionSummariser summariser;

  // Worker `worker` (0, 1, ...): its key cache is source `worker`, its intel dictionary `worker + 1`
  // (0 is a lone builder's own).
  explicit WorkerReaders(std::uint32_t worker) : keys(worker) { intel.id = worker + 1; }

  // `summarise`: finish the chunk with SessionSummariser (Analysis::takes_summaries()).
  void parse(const WorkItem& item, const AnalysisOptions& options, bool summarise, ChunkResult& result) {
    result.input_index = item.input_index;
    result.sequence = item.sequence;
    result.bytes = item.chunk.data.size();
    ChunkBuilder builder(options, result, &intel, &keys);
    const ChunkInput input{item.chunk.data, item.chunk.readable_end};
    switch (item.format) {
      case InputFormat::CowrieJson: json.parse(input, builder); break;
      case InputFormat::CowrieText: text.parse(input, builder); break;
      case InputFormat::Plain:
      case InputFormat::Auto: plain.parse(input, builder); break;
    }
    if (summarise) summariser.summarise(result, keys, options);
  }
};

// Shared state between producer, workers and the merging thread.
class ChunkQueue {
 public:
  explicit ChunkQueue(std::size_t max_in_flight) : max_in_flight_(max_in_flight) {}

  // Producer: blocks while too many chunks are in flight.
  void push(WorkItem item) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return in_flight_ < max_in_flight_; });
    ++in_flight_;
    work_.push_back(std::move(item));
    work_ready_.notify_one();
  }
  void close_input(std::uint64_t total_chunks) {
    std::lock_guard lock(mutex_);
    producing_ = false;
    total_chunks_ = total_chunks;
    work_ready_.notify_all();
    result_ready_.notify_all();
  }
  // Worker: next item, or false when all work is done.
  bool pop(WorkItem& item) {
    std::unique_lock lock(mutex_);
    work_ready_.wait(lock, [&] { return !work_.empty() || !producing_; });
    if (work_.empty()) return false;
    item = std::move(work_.front());
    work_.pop_front();
    return true;
  }
  void deliver(std::unique_ptr<ChunkResult> result) {
    std::lock_guard lock(mutex_);
    const std::uint64_t sequence = result->sequence;
    results_.emplace(sequence, std::move(result));
    result_ready_.notify_all();
  }
  // Merger: hands a merged result back for a worker to fill again.
  void recycle(std::unique_ptr<ChunkResult> result) {
    std::lock_guard lock(mutex_);
    spare_.push_back(std::move(result));
  }
  // Worker: an emptied result to fill (a recycled one when there is one). The worker empties it
  // itself: the buffers it then fills are in its own core's cache, written in order by the
  // clearing instead of missed one by one as the chunk's keys land in them.
  std::unique_ptr<ChunkResult> fresh_result() {
    std::unique_ptr<ChunkResult> result;
    {
      std::lock_guard lock(mutex_);
      if (!spare_.empty()) {
        result = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    if (!result) return std::make_unique<ChunkResult>();
    result->recycle();
    return result;
  }
  // Merger: the result with `sequence`, or nullptr once every chunk was taken.
  std::unique_ptr<ChunkResult> take(std::uint64_t sequence) {
    std::unique_lock lock(mutex_);
    result_ready_.wait(lock, [&] { return results_.count(sequence) > 0 || (!producing_ && sequence >= total_chunks_); });
    const auto found = results_.find(sequence);
    if (found == results_.end()) return nullptr;
    auto result = std::move(found->second);
    results_.erase(found);
    --in_flight_;
    space_.notify_one();
    return result;
  }

 private:
  std::mutex mutex_;
  std::condition_variable space_, work_ready_, result_ready_;
  std::deque<WorkItem> work_;
  std::map<std::uint64_t, std::unique_ptr<ChunkResult>> results_;
  std::vector<std::unique_ptr<ChunkResult>> spare_;  // at most the chunks in flight
  std::size_t max_in_flight_;
  std::size_t in_flight_ = 0;
  bool producing_ = true;
  std::uint64_t total_chunks_ = 0;
};

}  // namespace

bool AnalyzePipeline::run(const std::vector<std::string>& paths, Analysis& analysis, PipelineReport& report,
                          std::string& error) {
  const auto started = std::chrono::steady_clock::now();

  // Probe every input; keep standard input open (it cannot be reopened).
  struct Planned {
    std::size_t given;
    InputReport info;
    std::unique_ptr<InputSource> kept;
  };
  std::vector<Planned> planned;
  std::vector<std::string> errors;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    std::string open_error;
    auto source = InputSource::open(paths[i], open_error);
    if (!source) {
      errors.push_back(open_error);
      continue;
    }
    const InputProbe probe = probe_input(source->prefix(), options_.format);
    Planned plan{i, InputReport{source->name(), probe.format, source->is_gzip(), probe.empty, probe.binary,
                                probe.first_timestamp, source->warning()},
                 nullptr};
    if (paths[i] == "-") plan.kept = std::move(source);
    planned.push_back(std::move(plan));
  }
  if (!errors.empty()) {
    error.clear();
    for (const auto& e : errors) error += (error.empty() ? "" : "\n") + e;
    return false;
  }
  std::stable_sort(planned.begin(), planned.end(), [](const Planned& a, const Planned& b) {
    const bool a_has = a.info.first_timestamp != core::kNoTimestamp;
    const bool b_has = b.info.first_timestamp != core::kNoTimestamp;
    if (a_has != b_has) return a_has;
    if (a_has && a.info.first_timestamp != b.info.first_timestamp) return a.info.first_timestamp < b.info.first_timestamp;
    return a.given < b.given;
  });

  unsigned threads = options_.threads ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
  ChunkQueue queue(2 * threads + 2);
  std::vector<std::string> read_warnings(planned.size());

  std::thread producer([&] {
    std::uint64_t sequence = 0;
    for (std::size_t index = 0; index < planned.size(); ++index) {
      Planned& plan = planned[index];
      if (plan.info.empty || plan.info.binary) continue;
      std::unique_ptr<InputSource> source = std::move(plan.kept);
      if (!source) {
        std::string open_error;
        source = InputSource::open(paths[plan.given], open_error);
        if (!source) {
          read_warnings[index] = open_error;
          continue;
        }
      }
      Chunk chunk;
      while (source->next_chunk(chunk, options_.chunk_bytes, options_.max_line_bytes, plan.info.format)) {
        queue.push(WorkItem{sequence++, static_cast<std::uint32_t>(index), plan.info.format, std::move(chunk)});
        chunk = Chunk{};
      }
      read_warnings[index] = source->warning();
    }
    queue.close_input(sequence);
  });

  const bool summarise = analysis.takes_summaries();
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      WorkerReaders readers(t);
      WorkItem item;
      while (queue.pop(item)) {
        auto result = queue.fresh_result();
        readers.parse(item, options_, summarise, *result);
        item.chunk = Chunk{};  // release the input bytes before the merge
        queue.deliver(std::move(result));
      }
    });
  }

  for (std::uint64_t sequence = 0;; ++sequence) {
    std::unique_ptr<ChunkResult> result = queue.take(sequence);
    if (!result) break;
    analysis.merge(*result);
    if (progress_) progress_(analysis.totals().bytes);
    queue.recycle(std::move(result));
  }
  producer.join();
  for (auto& worker : workers) worker.join();
  analysis.finish();

  report.inputs.clear();
  for (std::size_t index = 0; index < planned.size(); ++index) {
    InputReport info = std::move(planned[index].info);
    if (!read_warnings[index].empty()) info.warning = read_warnings[index];
    report.inputs.push_back(std::move(info));
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return true;
}

}  // namespace busytrap::analyze
