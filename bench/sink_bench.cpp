// Event-log hot paths: formatting one Cowrie JSON line, the caller's cost of JsonLinesSink::write
// and the sustained throughput of both queued sinks (write + flush, to a scratch directory).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/cowrie_json_writer.h"
#include "sink/json_lines_sink.h"
#include "sink/sqlite_sink.h"

namespace {

using namespace busytrap;

core::Event typical_event() {
  core::Event e;
  e.eventid = "cowrie.command.input";
  e.timestamp_us = 1562579847002815;
  e.session = "08a27a5431bc";
  e.src_ip = "62.33.118.20";
  e.message = "CMD: cd /dev/shm; cat .s || cp /bin/echo .s; /bin/busybox QSDWQ";
  e.with("input", "cd /dev/shm; cat .s || cp /bin/echo .s; /bin/busybox QSDWQ");
  return e;
}

core::Event binary_event() {
  core::Event e = typical_event();
  std::string blob;
  for (int i = 0; i < 256; ++i) blob += static_cast<char>(i);
  e.fields[0].second = blob;
  e.message = "CMD: " + blob;
  return e;
}

// One of the Mirai echo-loader's dropper chunks: an escape every 4 bytes in the JSON form.
core::Event loader_echo_event() {
  core::Event e = typical_event();
  std::string line = "echo -ne '";
  for (int i = 0; i < 128; ++i) line += fmt::format("\\x{:02x}", (i * 37) & 0xff);
  line += "' >> upnp";
  e.fields[0].second = line;
  e.message = "CMD: " + line;
  return e;
}

std::filesystem::path scratch(const char* name) {
  auto dir = std::filesystem::temp_directory_path() / ("busytrap-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

void BM_CowrieJsonLine(benchmark::State& state, core::Event event) {
  const core::CowrieJsonWriter writer("bench");
  std::string buffer;
  for (auto _ : state) {
    buffer.clear();
    writer.append_line(buffer, event);
    benchmark::DoNotOptimize(buffer.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * buffer.size()));
}
BENCHMARK_CAPTURE(BM_CowrieJsonLine, typical, typical_event());
BENCHMARK_CAPTURE(BM_CowrieJsonLine, binary_256_bytes, binary_event());
BENCHMARK_CAPTURE(BM_CowrieJsonLine, loader_echo_chunk, loader_echo_event());

void BM_JsonLinesSinkWriteAndFlush(benchmark::State& state) {
  sink::JsonLinesSinkOptions options;
  options.path = scratch("busytrap.json");
  const auto event = typical_event();
  {
    sink::JsonLinesSink sink(options);
    for (auto _ : state) {
      for (int i = 0; i < 1000; ++i) sink.write(event);
      sink.flush();
    }
    if (sink.dropped() != 0) state.SkipWithError("events dropped");
  }
  std::filesystem::remove_all(options.path.parent_path());
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_JsonLinesSinkWriteAndFlush)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SqliteSinkWriteAndFlush(benchmark::State& state) {
  sink::SqliteSinkOptions options;
  options.path = scratch("busytrap.sqlite");
  const auto event = typical_event();
  {
    sink::SqliteSink sink(options);
    for (auto _ : state) {
      for (int i = 0; i < 1000; ++i) sink.write(event);
      sink.flush();
    }
    if (sink.dropped() != 0) state.SkipWithError("events dropped");
  }
  std::filesystem::remove_all(options.path.parent_path());
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_SqliteSinkWriteAndFlush)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
