#include "analyze/report/concurrent_report.h"

#include <future>
#include <iterator>
#include <utility>

#include "analyze/report/country_report.h"
#include "analyze/report/sequence_groups.h"
#include "analyze/report/sequence_transitions.h"
#include "analyze/report/time_report.h"

namespace busytrap::analyze {
namespace {

// Appends `part`'s figures, tables and extra columns after those of `report`.
void append_intel(IntelReport& report, IntelReport&& part) {
  intel::IntelSelection& selection = report.selection;
  selection.credentials |= part.selection.credentials;
  selection.sources |= part.selection.sources;
  selection.indicators |= part.selection.indicators;
  selection.sequences |= part.selection.sequences;
  selection.families |= part.selection.families;
  selection.time |= part.selection.time;
  report.figures.insert(report.figures.end(), std::make_move_iterator(part.figures.begin()),
                        std::make_move_iterator(part.figures.end()));
  report.tables.insert(report.tables.end(), std::make_move_iterator(part.tables.begin()),
                       std::make_move_iterator(part.tables.end()));
  report.columns.merge(part.columns);
}

// The helper thread's parts of the intel report.
struct HelperParts {
  IntelReport counts;  // credentials, sources, indicators, families
  IntelReport groups;
};

}  // namespace

AnalyzeReport build_report_concurrently(const Analysis& analysis, const ReportInputs& inputs) {
  const intel::IntelSelection& selection = analysis.options().intel;
  const ReportLimits& limits = inputs.limits;
  if (!selection.any()) return build_report(analysis, inputs.pipeline, limits, inputs.linux_programs);
  // The lazily completed counts (Analysis::flush_counts) of the const accessors the builders
  // call, completed while one thread runs.
  analysis.line_counts();
  analysis.program_counts();
  // launch::deferred too: if no thread can be started, get() builds the parts here instead.
  std::future<HelperParts> helper = std::async(std::launch::async | std::launch::deferred, [&] {
    HelperParts parts;
    parts.counts = build_intel_report(analysis.intel(), inputs.mirai, limits.intel, inputs.families);
    if (selection.sequences) add_sequence_groups(parts.groups, analysis, *inputs.examples, limits.intel);
    return parts;
  });
  AnalyzeReport report = build_report(analysis, inputs.pipeline, limits, inputs.linux_programs);
  IntelReport transitions, time;
  if (selection.sequences) add_sequence_transitions(transitions, analysis, limits.intel);
  if (inputs.time != nullptr) {
    add_time_report(time, analysis, *inputs.time, limits.intel, inputs.new_since, inputs.families);
  }
  HelperParts parts = helper.get();
  report.intel = std::move(parts.counts);
  append_intel(report.intel, std::move(transitions));
  append_intel(report.intel, std::move(parts.groups));
  // Countries go to the sources' tables (and after them), so they come once those are in.
  if (inputs.country_of) add_countries(report.intel, analysis.intel(), inputs.country_of, limits.intel);
  append_intel(report.intel, std::move(time));
  return report;
}

}  // namespace busytrap::analyze
