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

}  // namespace
}  // namespace busytrap::analyze
