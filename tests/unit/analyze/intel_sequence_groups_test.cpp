// Sessions grouped by identical and near-identical program-name sequence, each group with a
// real representative session (id, source, first time).
#include <gtest/gtest.h>

#include "analyze/report/sequence_groups.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

using testing::cowrie_command;

std::string connect(const std::string& session, const std::string& ts, const std::string& ip) {
  return R"({"eventid":"cowrie.session.connect","src_ip":")" + ip + R"(","session":")" + session +
         R"(","timestamp":")" + ts + "\"}\n";
}

TEST(IntelSequenceGroups, IdenticalAndNearIdenticalWithExamples) {
  testing::TempDir dir;
  const std::string path = dir.file(
      "g.json",
      // a and b: identical; c: a random token instead of ABCDE and a repeated sh; d: other.
      connect("a", "2024-01-01T00:00:00Z", "192.0.2.1") + cowrie_command("a", "2024-01-01T00:00:01Z", R"("sh")") +
          cowrie_command("a", "2024-01-01T00:00:02Z", R"("/bin/busybox XKQWZ")") +
          connect("b", "2024-01-01T01:00:00Z", "192.0.2.2") + cowrie_command("b", "2024-01-01T01:00:01Z", R"("sh")") +
          cowrie_command("b", "2024-01-01T01:00:02Z", R"("/bin/busybox XKQWZ")") +
          connect("c", "2024-01-02T00:00:00Z", "192.0.2.3") + cowrie_command("c", "2024-01-02T00:00:01Z", R"("sh")") +
          cowrie_command("c", "2024-01-02T00:00:02Z", R"("sh")") +
          cowrie_command("c", "2024-01-02T00:00:03Z", R"("/bin/busybox PLMOK")") +
          connect("d", "2024-01-03T00:00:00Z", "192.0.2.4") + cowrie_command("d", "2024-01-03T00:00:01Z", R"("enable")"));
  AnalysisOptions options;
  options.intel.sequences = true;
  Analysis analysis(options);
  intel::SequenceExamples examples;
  analysis.add_observer(&examples);
  PipelineReport pipeline;
  std::string error;
  ASSERT_TRUE(AnalyzePipeline(options).run({path}, analysis, pipeline, error)) << error;
  IntelReport report;
  add_sequence_groups(report, analysis, examples, 0);
  ASSERT_EQ(report.tables.size(), 2u);

  const RankedTable& identical = report.tables[0];
  EXPECT_EQ(identical.id, "sequence_groups");
  ASSERT_EQ(identical.rows.size(), 3u);
  EXPECT_EQ(identical.rows[0].key, "sh\u21d2/bin/busybox XKQWZ");
  EXPECT_EQ(identical.rows[0].count, 2u);
  const TableColumns* columns = report.columns_of("sequence_groups");
  ASSERT_NE(columns, nullptr);
  EXPECT_EQ(columns->names, (std::vector<std::string>{"session", "source", "first_seen"}));
  // The first session with the sequence represents it.
  EXPECT_EQ(columns->rows[0], (std::vector<std::string>{"a", "192.0.2.1", "2024-01-01T00:00:00.000000Z"}));

  const RankedTable& near = report.tables[1];
  EXPECT_EQ(near.id, "sequence_near_groups");
  ASSERT_EQ(near.rows.size(), 2u);
  EXPECT_EQ(near.rows[0].key, "sh\u21d2/bin/busybox <RANDOM>");
  EXPECT_EQ(near.rows[0].count, 3u);
  const TableColumns* near_columns = report.columns_of("sequence_near_groups");
  ASSERT_NE(near_columns, nullptr);
  EXPECT_EQ(near_columns->rows[0], (std::vector<std::string>{"2", "a", "192.0.2.1", "2024-01-01T00:00:00.000000Z"}));
  EXPECT_EQ(near.rows[1].key, "enable");

  // With a row limit the tables show the best groups and still count all of them.
  IntelReport limited;
  add_sequence_groups(limited, analysis, examples, 1);
  ASSERT_EQ(limited.tables.size(), 2u);
  ASSERT_EQ(limited.tables[0].rows.size(), 1u);
  EXPECT_EQ(limited.tables[0].rows[0].key, "sh\u21d2/bin/busybox XKQWZ");
  EXPECT_EQ(limited.tables[0].distinct, 3u);
  ASSERT_EQ(limited.tables[1].rows.size(), 1u);
  EXPECT_EQ(limited.tables[1].rows[0].key, "sh\u21d2/bin/busybox <RANDOM>");
  EXPECT_EQ(limited.tables[1].distinct, 2u);
  EXPECT_EQ(limited.columns_of("sequence_near_groups")->rows[0][0], "2");
}

TEST(IntelSequenceGroups, NearIdenticalNameFoldsOnlyRandomBusyboxApplets) {
  EXPECT_EQ(near_identical_name("/bin/busybox QWERTZ", true), "/bin/busybox <RANDOM>");
  EXPECT_EQ(near_identical_name("x QWERTZ", false), "x QWERTZ");
  EXPECT_EQ(near_identical_name("sh", false), "sh");
  EXPECT_EQ(near_identical_name("/bin/busybox ECCHI", true), "/bin/busybox ECCHI");
}

}  // namespace
}  // namespace busytrap::analyze
