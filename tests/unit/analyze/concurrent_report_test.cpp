// build_report_concurrently: the report built on two threads is the one the serial builders
// give, part for part and in their order (compared rendered, byte for byte), on the real Cowrie
// sample with every intel analysis, a timeline and --new-since, with and without a row limit.
#include "analyze/report/concurrent_report.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "analyze/report/country_report.h"
#include "analyze/report/report_format.h"
#include "analyze/report/sequence_groups.h"
#include "analyze/report/sequence_transitions.h"
#include "analyze/report/time_report.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

TEST(ConcurrentReport, SameAsTheSerialBuilders) {
  std::string error;
  intel::FamilyTable families;
  ASSERT_TRUE(families.load(core::data_directory() + "/families.toml", error)) << error;
  intel::CredentialTable mirai;
  ASSERT_TRUE(mirai.load(core::data_directory() + "/credentials/mirai.txt", error)) << error;
  const LinuxPrograms linux_programs = testing::load_linux_programs();
  AnalysisOptions options;
  options.intel = intel::IntelSelection::all();
  options.families = std::make_shared<intel::FamilyTable>(families);
  std::vector<intel::TimelineSpec> timelines;
  for (const char* text : {"sessions", "token:ECCHI"}) {
    auto spec = intel::parse_timeline_spec(text, error);
    ASSERT_TRUE(spec) << error;
    timelines.push_back(*spec);
  }
  intel::TimeCollector time(timelines, intel::TimeBucket::Day, options.families.get());
  intel::SequenceExamples examples;
  Analysis analysis(options);
  analysis.add_observer(&time);
  analysis.add_observer(&examples);
  PipelineReport pipeline;
  ASSERT_TRUE(AnalyzePipeline(options).run({testing::real_sample()}, analysis, pipeline, error)) << error;
  const std::int64_t new_since = *core::parse_iso8601("2019-07-08T12:00:00Z");
  // Every address in a country named after its first digit: a countries table with rows.
  const std::function<std::string(std::string_view)> country_of = [](std::string_view address) {
    return address.empty() ? std::string() : "C" + std::string(1, address.front());
  };

  for (const std::size_t top : {std::size_t{0}, std::size_t{10}}) {
    ReportLimits limits;
    if (top != 0) limits.set_all(top);
    AnalyzeReport serial = build_report(analysis, pipeline, limits, linux_programs);
    serial.intel = build_intel_report(analysis.intel(), mirai, limits.intel, &families);
    add_sequence_transitions(serial.intel, analysis, limits.intel);
    add_sequence_groups(serial.intel, analysis, examples, limits.intel);
    add_countries(serial.intel, analysis.intel(), country_of, limits.intel);
    add_time_report(serial.intel, analysis, time, limits.intel, new_since, &families);

    const ReportInputs inputs{pipeline, limits, linux_programs, mirai, &families, &examples,
                              country_of, &time, new_since};
    const AnalyzeReport concurrent = build_report_concurrently(analysis, inputs);
    ASSERT_FALSE(concurrent.intel.tables.empty());
    EXPECT_TRUE(std::any_of(concurrent.intel.tables.begin(), concurrent.intel.tables.end(),
                            [](const RankedTable& table) { return table.id == "sources_countries"; }));
    for (const ReportFormat format : {ReportFormat::Json, ReportFormat::Markdown, ReportFormat::Csv}) {
      EXPECT_EQ(render_report(concurrent, format, false), render_report(serial, format, false))
          << "top " << top << " format " << static_cast<int>(format);
    }
  }
}

}  // namespace
}  // namespace busytrap::analyze
