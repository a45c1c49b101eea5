// The sequences analysis: transitions between consecutive program names, weighted by the
// sessions that ran them, from a transcribed Mirai-scanner opening and a shorter session.
#include <gtest/gtest.h>

#include "analyze/report/sequence_transitions.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

TEST(IntelSequences, TransitionsAreCountedPerSession) {
  testing::TempDir dir;
  using testing::cowrie_command;
  const std::string path = dir.file(
      "q.json", cowrie_command("a", "2024-01-01T00:00:01Z", R"("enable")") +
                    cowrie_command("a", "2024-01-01T00:00:02Z", R"("system")") +
                    cowrie_command("a", "2024-01-01T00:00:03Z", R"("shell")") +
                    cowrie_command("a", "2024-01-01T00:00:04Z", R"("sh")") +
                    cowrie_command("a", "2024-01-01T00:00:05Z", R"("/bin/busybox MIRAI")") +
                    cowrie_command("b", "2024-01-01T00:00:06Z", R"("enable")") +
                    cowrie_command("b", "2024-01-01T00:00:07Z", R"("system")") +
                    cowrie_command("c", "2024-01-01T00:00:08Z", R"("enable; system")"));
  AnalysisOptions options;
  options.intel.sequences = true;
  Analysis analysis(options);
  PipelineReport pipeline;
  std::string error;
  ASSERT_TRUE(AnalyzePipeline(options).run({path}, analysis, pipeline, error)) << error;
  IntelReport report;
  add_sequence_transitions(report, analysis, 0);
  ASSERT_EQ(report.tables.size(), 1u);
  const RankedTable& table = report.tables[0];
  EXPECT_EQ(table.id, "sequence_transitions");
  EXPECT_EQ(testing::as_map(table), (std::map<std::string, std::uint64_t>{{"enable \u21d2 system", 3},
                                                                          {"system \u21d2 shell", 1},
                                                                          {"shell \u21d2 sh", 1},
                                                                          {"sh \u21d2 /bin/busybox MIRAI", 1}}));
  EXPECT_EQ(table.rows.front().key, "enable \u21d2 system");
  EXPECT_EQ(table.total, 6u);
  EXPECT_TRUE(report.selection.sequences);
}

// Enough distinct transitions to grow the table that sums them: each summed once per session,
// the distinct count and the ranking exact.
TEST(IntelSequences, ManyDistinctTransitionsAreSummedExactly) {
  testing::TempDir dir;
  using testing::cowrie_command;
  constexpr int kPrograms = 1500;
  std::string log;
  // Sessions "x" and "y" both run p0 ... p(kPrograms-1); "z" runs p0 p1 only.
  for (const char* session : {"x", "y"}) {
    std::string line;
    for (int i = 0; i < kPrograms; ++i) line += (i ? "; p" : "p") + std::to_string(i);
    log += cowrie_command(session, "2024-01-01T00:00:01Z", "\"" + line + "\"");
  }
  log += cowrie_command("z", "2024-01-01T00:00:02Z", R"("p0; p1")");
  AnalysisOptions options;
  options.intel.sequences = true;
  Analysis analysis(options);
  PipelineReport pipeline;
  std::string error;
  ASSERT_TRUE(AnalyzePipeline(options).run({dir.file("many.json", log)}, analysis, pipeline, error)) << error;
  IntelReport report;
  add_sequence_transitions(report, analysis, 0);
  const RankedTable& table = report.tables.at(0);
  EXPECT_EQ(table.distinct, static_cast<std::uint64_t>(kPrograms - 1));
  EXPECT_EQ(table.total, 2u * (kPrograms - 1) + 1);
  const auto counts = testing::as_map(table);
  EXPECT_EQ(counts.at("p0 \u21d2 p1"), 3u);
  EXPECT_EQ(counts.at("p1 \u21d2 p2"), 2u);
  EXPECT_EQ(counts.at("p1498 \u21d2 p1499"), 2u);
  EXPECT_EQ(table.rows.front().key, "p0 \u21d2 p1");
  IntelReport top;
  add_sequence_transitions(top, analysis, 3);
  ASSERT_EQ(top.tables.at(0).rows.size(), 3u);
  EXPECT_EQ(top.tables.at(0).rows[1].key, "p1 \u21d2 p2");  // ties at 2 sessions ranked by text
  EXPECT_EQ(top.tables.at(0).rows[2].key, "p10 \u21d2 p11");
}

}  // namespace
}  // namespace busytrap::analyze
