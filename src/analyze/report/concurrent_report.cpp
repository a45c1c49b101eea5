#include "analyze/report/concurrent_report.h"

#include <future>
#include <iterator>
#include <utility>

#include "analyze/report/sequence_groups.h"
#include "analyze/report/sequence_transitions.h"

namespace busytrap::analyze {
namespace {

// Appends `part`'s figures, tables and extra columns after those of `report`.
void append_intel(IntelReport& report, IntelReport&& part) {
  report.figures.insert(report.figures.end(), std::make_move_iterator(part.figures.begin()),
                        std::make_move_iterator(part.figures.end()));
  report.tables.insert(report.tables.end(), std::make_move_iterator(part.tables.begin()),
                       std::make_move_iterator(part.tables.end()));
  report.columns.merge(part.columns);
}

}  // namespace

AnalyzeReport build_report_concurrently(const Analysis& analysis, const PipelineReport& pipeline,
                                        const ReportLimits& limits, const LinuxPrograms& linux_programs,
                                        const intel::CredentialTable& mirai, const intel::FamilyTable* families,
                                        const intel::SequenceExamples& examples) {
  const intel::IntelSelection& selection = analysis.options().intel;
  if (!selection.any()) return build_report(analysis, pipeline, limits, linux_programs);
  // The lazily completed counts (Analysis::flush_counts) of the const accessors the builders
  // call, completed while one thread runs.
  analysis.line_counts();
  analysis.program_counts();
  // launch::deferred too: if no thread can be started, get() builds the part here instead.
  std::future<IntelReport> helper = std::async(std::launch::async | std::launch::deferred, [&] {
    IntelReport part = build_intel_report(analysis.intel(), mirai, limits.intel, families);
    if (selection.sequences) add_sequence_transitions(part, analysis, limits.intel);
    return part;
  });
  AnalyzeReport report = build_report(analysis, pipeline, limits, linux_programs);
  IntelReport groups;
  if (selection.sequences) add_sequence_groups(groups, analysis, examples, limits.intel);
  report.intel = helper.get();
  append_intel(report.intel, std::move(groups));
  return report;
}

}  // namespace busytrap::analyze
