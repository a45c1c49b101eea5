// Micro-benchmarks of `busytrap analyze`'s hot paths, on realistic data: one in-memory chunk of
// `busytrap gen` output (the generator bench/run.sh uses for the whole-program figures, same
// default seed), about the size of one pipeline chunk (8 MiB). Each benchmark reports bytes per
// second of the text it walks (and items per second: records, command lines or keys), so the
// figures compare directly with the whole-program MB/s of bench/run.sh.
//
//   build/release/bench/busytrap_micro_bench [--benchmark_filter=REGEX]
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "analyze/analysis_options.h"
#include "analyze/chunk_builder.h"
#include "analyze/chunk_input.h"
#include "analyze/chunk_result.h"
#include "analyze/cowrie_json_reader.h"
#include "analyze/cowrie_text_reader.h"
#include "analyze/program_name.h"
#include "core/string_interner.h"
#include "gen/gen_options.h"
#include "gen/log_generator.h"
#include "gen/output_buffer.h"
#include "shell/command_line_splitter.h"

namespace {

using namespace busytrap;

// The benchmark data, made once: generated Cowrie JSON, its input records, and their command
// lines (Table 1's pieces) in the order they occur.
struct Corpus {
  std::string json;  // complete lines
  std::vector<std::string> records;
  std::vector<std::string> command_lines;
  std::size_t record_bytes = 0;
  std::size_t command_line_bytes = 0;
};

std::string generated_log(std::uint64_t records, gen::GenFormat format) {
  gen::GenOptions options;
  options.records = records;
  options.format = format;
  std::FILE* file = std::tmpfile();
  if (file == nullptr) throw std::runtime_error("tmpfile failed");
  {
    gen::OutputBuffer out(fileno(file));
    gen::generate_log(options, out);
    out.flush();
  }
  std::string text;
  std::rewind(file);
  char buffer[1 << 16];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, n);
  std::fclose(file);
  return text;
}

Corpus make_corpus() {
  Corpus corpus;
  // ~700 bytes of log per command record: 12,000 records are about one 8 MiB chunk.
  corpus.json = generated_log(12'000, gen::GenFormat::kCowrieJson);
  simdjson::dom::parser parser;
  analyze::for_each_line(corpus.json, [&](std::string_view line, std::uint64_t) {
    simdjson::dom::element event;
    if (parser.parse(line).get(event)) return;
    std::string_view eventid, input;
    if (event["eventid"].get(eventid) || eventid != "cowrie.command.input") return;
    if (event["input"].get(input)) return;
    corpus.records.emplace_back(input);
    corpus.record_bytes += input.size();
  });
  for (const std::string& record : corpus.records) {
    shell::for_each_command_line(record, shell::SplitMode::Semicolon, [&](std::string_view line) {
      corpus.command_lines.emplace_back(line);
      corpus.command_line_bytes += line.size();
    });
  }
  return corpus;
}

const Corpus& corpus() {
  static const Corpus instance = make_corpus();
  return instance;
}

void set_counters(benchmark::State& state, std::size_t bytes, std::size_t items) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items));
}

// Table 1's split of every input record on unquoted ';'. Items: records.
void BM_ForEachCommandLine(benchmark::State& state) {
  const Corpus& c = corpus();
  for (auto _ : state) {
    std::size_t pieces = 0;
    for (const std::string& record : c.records) {
      shell::for_each_command_line(record, shell::SplitMode::Semicolon, [&](std::string_view piece) {
        pieces += piece.size();
      });
    }
    benchmark::DoNotOptimize(pieces);
  }
  set_counters(state, c.record_bytes, c.records.size());
}
BENCHMARK(BM_ForEachCommandLine);

// Table 2's program name of every command line (word rules, redirections, busybox applet).
// Items: command lines.
void BM_ProgramNameExtract(benchmark::State& state) {
  const Corpus& c = corpus();
  analyze::ProgramNameExtractor extractor;
  analyze::ProgramName name;
  for (auto _ : state) {
    std::size_t found = 0;
    for (const std::string& line : c.command_lines) {
      if (extractor.extract(line, name)) found += name.argv0.size() + name.argv1.size();
    }
    benchmark::DoNotOptimize(found);
  }
  set_counters(state, c.command_line_bytes, c.command_lines.size());
}
BENCHMARK(BM_ProgramNameExtract);

// Interning every command line into a fresh interner, as each chunk does (inserts of the
// chunk's distinct lines plus hits for the repeats). Items: lookups.
void BM_StringInternerFreshChunk(benchmark::State& state) {
  const Corpus& c = corpus();
  for (auto _ : state) {
    core::StringInterner interner;
    std::uint64_t sum = 0;
    for (const std::string& line : c.command_lines) sum += interner.intern(line);
    benchmark::DoNotOptimize(sum);
  }
  set_counters(state, c.command_line_bytes, c.command_lines.size());
}
BENCHMARK(BM_StringInternerFreshChunk);

// Interning into an interner that already holds every key: hits only. Items: lookups.
void BM_StringInternerHits(benchmark::State& state) {
  const Corpus& c = corpus();
  core::StringInterner interner;
  for (const std::string& line : c.command_lines) interner.intern(line);
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (const std::string& line : c.command_lines) sum += interner.intern(line);
    benchmark::DoNotOptimize(sum);
  }
  state.counters["distinct_keys"] = static_cast<double>(interner.size());
  set_counters(state, c.command_line_bytes, c.command_lines.size());
}
BENCHMARK(BM_StringInternerHits);

// What ChunkBuilder::add_command_line does per command line today: program name, its key, then
// interning the line and the key into the chunk's fresh interners. Items: command lines.
void BM_CommandLineTablesPerLine(benchmark::State& state) {
  const Corpus& c = corpus();
  analyze::ProgramNameExtractor extractor;
  analyze::ProgramName name;
  std::string key;
  for (auto _ : state) {
    core::StringInterner lines, programs;
    std::uint64_t sum = 0;
    for (const std::string& line : c.command_lines) {
      const bool has_program = extractor.extract(line, name);
      sum += lines.intern(line);
      if (!has_program) continue;
      key.assign(name.argv0);
      if (name.is_busybox) key.append(" ").append(name.argv1);
      sum += programs.intern(key);
    }
    benchmark::DoNotOptimize(sum);
  }
  set_counters(state, c.command_line_bytes, c.command_lines.size());
}
BENCHMARK(BM_CommandLineTablesPerLine);

// The same result with the program id cached per distinct line (a program name is a function
// of the line's text): the word rules run once per distinct line of the chunk. Not what
// src/ does today; it measures the saving proposed in docs/BENCHMARKS.md. Items: command lines.
void BM_CommandLineTablesCachedByLine(benchmark::State& state) {
  const Corpus& c = corpus();
  analyze::ProgramNameExtractor extractor;
  analyze::ProgramName name;
  std::string key;
  std::vector<std::uint32_t> program_of_line;
  for (auto _ : state) {
    core::StringInterner lines, programs;
    program_of_line.clear();
    std::uint64_t sum = 0;
    for (const std::string& line : c.command_lines) {
      const std::uint32_t id = lines.intern(line);
      if (id == program_of_line.size()) {
        std::uint32_t program = core::StringInterner::kNone;
        if (extractor.extract(line, name)) {
          key.assign(name.argv0);
          if (name.is_busybox) key.append(" ").append(name.argv1);
          program = programs.intern(key);
        }
        program_of_line.push_back(program);
      }
      sum += id + program_of_line[id];
    }
    benchmark::DoNotOptimize(sum);
  }
  set_counters(state, c.command_line_bytes, c.command_lines.size());
}
BENCHMARK(BM_CommandLineTablesCachedByLine);

// The floor under every reader: finding the lines of the chunk (memchr). Items: lines.
void BM_ForEachLine(benchmark::State& state) {
  const Corpus& c = corpus();
  std::uint64_t lines = 0;
  for (auto _ : state) {
    std::size_t bytes = 0;
    lines = analyze::for_each_line(c.json, [&](std::string_view line, std::uint64_t) { bytes += line.size(); });
    benchmark::DoNotOptimize(bytes);
  }
  set_counters(state, c.json.size(), lines);
}
BENCHMARK(BM_ForEachLine);

// The Cowrie JSON reader on the whole chunk, with everything a worker does per chunk: simdjson
// On-Demand per line, timestamps of command records, the split, program names and interning
// into a fresh ChunkResult. Items: lines.
void BM_CowrieJsonReaderChunk(benchmark::State& state) {
  const Corpus& c = corpus();
  const analyze::AnalysisOptions options;
  analyze::CowrieJsonReader reader;
  // readable_end at the end: the reader pads a copy of the last lines itself.
  const analyze::ChunkInput input{c.json, c.json.data() + c.json.size()};
  std::uint64_t lines = 0;
  for (auto _ : state) {
    analyze::ChunkResult result;
    analyze::ChunkBuilder builder(options, result);
    reader.parse(input, builder);
    lines = result.lines;
    benchmark::DoNotOptimize(result.records.data());
  }
  set_counters(state, c.json.size(), lines);
}
BENCHMARK(BM_CowrieJsonReaderChunk)->Unit(benchmark::kMillisecond);

// The same records as Cowrie's text log (~270 bytes of log per command record: 30,000 records
// are about one 8 MiB chunk), made once.
const std::string& text_log_chunk() {
  static const std::string text = generated_log(30'000, gen::GenFormat::kCowrieText);
  return text;
}

// The Cowrie text reader on the whole chunk, with everything a worker does per chunk (lines,
// timestamps, session keys, continuation lines, then the builder: the split, program names and
// interning into a fresh ChunkResult). Items: lines.
void BM_CowrieTextReaderChunk(benchmark::State& state) {
  const std::string& text = text_log_chunk();
  const analyze::AnalysisOptions options;
  analyze::CowrieTextReader reader;
  const analyze::ChunkInput input{text, text.data() + text.size()};
  std::uint64_t lines = 0;
  for (auto _ : state) {
    analyze::ChunkResult result;
    analyze::ChunkBuilder builder(options, result);
    reader.parse(input, builder);
    lines = result.lines;
    benchmark::DoNotOptimize(result.records.data());
  }
  set_counters(state, text.size(), lines);
}
BENCHMARK(BM_CowrieTextReaderChunk)->Unit(benchmark::kMillisecond);

}  // namespace
