#pragma once
// The report of a finished run — the paper's tables and the intel analyses' — built on two
// threads. After the last chunk is merged the report is all that is left to do, on one core
// while the other idles, so the independent builders are split between the calling thread
// (the paper's tables, the sequence transitions, the time analyses) and one helper thread
// (credentials, sources, indicators, families, the sequence groups), balanced by their cost on
// large logs; the intel parts are then put together in the order the serial builders add them
// (credentials ... families, transitions, groups, countries, time), so the report is the same
// byte for byte.
//
// Thread-safety: while the helper runs, the Analysis and everything else given are only read
// (the Analysis's lazily completed counts are completed before it starts); country_of, which
// caches, is called on the calling thread only, after the helper is joined. The helper is
// joined before the call returns, also when a builder throws (the exception then reaches the
// caller). Without an intel analysis there is no helper thread.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "analyze/analysis.h"
#include "analyze/analyze_pipeline.h"
#include "analyze/intel/credential_table.h"
#include "analyze/intel/family_table.h"
#include "analyze/intel/sequence_examples.h"
#include "analyze/intel/time_collector.h"
#include "analyze/linux_programs.h"
#include "analyze/report/analyze_report.h"

namespace busytrap::analyze {

// What the report is built from besides the Analysis; all borrowed.
struct ReportInputs {
  const PipelineReport& pipeline;
  const ReportLimits& limits;
  const LinuxPrograms& linux_programs;
  const intel::CredentialTable& mirai;
  const intel::FamilyTable* families = nullptr;           // may be null
  const intel::SequenceExamples* examples = nullptr;      // the run's; needed with the sequences analysis
  std::function<std::string(std::string_view)> country_of;  // empty: no countries (no --geoip)
  const intel::TimeCollector* time = nullptr;             // the run's; null: no time analysis
  std::int64_t new_since = core::kNoTimestamp;
};

// What build_report, then with any intel analysis build_intel_report, with the sequences
// analysis add_sequence_transitions and add_sequence_groups, with country_of add_countries, and
// with time add_time_report give, in that order.
AnalyzeReport build_report_concurrently(const Analysis& analysis, const ReportInputs& inputs);

}  // namespace busytrap::analyze
