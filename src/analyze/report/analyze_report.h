#pragma once
// AnalyzeReport: the finished tables of one run, independent of how they are printed. Built
// once from an Analysis; every renderer (table, csv, tsv, json, md, paper) reads only this.
// Rows are ranked by count (descending), ties by key (bytewise ascending) so output is stable.
#include <cstdint>
#include <string>
#include <vector>

#include "analyze/analysis.h"
#include "analyze/analyze_pipeline.h"
#include "analyze/linux_programs.h"
#include "analyze/report/ranked_table.h"
#include "analyze/report/intel_report.h"

namespace busytrap::analyze {

inline constexpr std::string_view kSequenceArrow = "\u21d2";  // ⇒, as the paper writes it

struct PrefixNode {
  std::string name;
  std::uint64_t count = 0;
  std::vector<PrefixNode> children;
};

struct ReportLimits {
  std::size_t command_lines = 20;   // the paper's Table 1
  std::size_t program_names = 15;   // Table 2
  std::size_t linux_programs = 6;   // Table 3
  std::size_t openings = 10;
  std::size_t sequences = 10;
  std::size_t min_opening = 2, max_opening = 4;
  std::size_t tree_depth = 4;
  std::size_t tree_width = 4;  // children shown per node
  std::size_t intel = 10;      // rows of each intel table (credentials, sources)
  // `--top N` sets every table's N (0 = all rows).
  void set_all(std::size_t n) { command_lines = program_names = linux_programs = openings = sequences = intel = n; }
};

struct AnalyzeReport {
  AnalysisOptions options;
  ReportLimits limits;
  Totals totals;
  PipelineReport pipeline;
  std::vector<SkippedExample> skipped_examples;
  RankedTable command_lines;
  RankedTable program_names;
  RankedTable linux_programs;
  std::vector<RankedTable> openings;  // one per k
  RankedTable paper_openings;         // the four the paper names, in its order
  RankedTable sequences;
  PrefixNode tree;                    // root: all sequenced sessions
  IntelReport intel;                  // empty unless an intel analysis was on
};

AnalyzeReport build_report(const Analysis& analysis, const PipelineReport& pipeline, const ReportLimits& limits,
                           const LinuxPrograms& linux_programs);

}  // namespace busytrap::analyze
