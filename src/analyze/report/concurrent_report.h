#pragma once
// The report of a finished run — the paper's tables and the intel analyses' — built on two
// threads. After the last chunk is merged the report is all that is left to do, on one core
// while the other idles, so the independent builders are split between the calling thread
// (the paper's tables, then the sequence groups) and one helper thread (credentials, sources,
// indicators, families, then the sequence transitions), and the intel parts are put together
// in the order the serial builders add them: the report is the same byte for byte.
//
// Thread-safety: the Analysis and everything else passed is only read while the helper runs;
// the Analysis's lazily completed counts are completed before it starts.
// The helper is joined before the call returns, also when a builder throws (the exception then
// reaches the caller). Without an intel analysis there is no helper thread.
#include "analyze/analysis.h"
#include "analyze/analyze_pipeline.h"
#include "analyze/intel/credential_table.h"
#include "analyze/intel/family_table.h"
#include "analyze/intel/sequence_examples.h"
#include "analyze/linux_programs.h"
#include "analyze/report/analyze_report.h"

namespace busytrap::analyze {

// What build_report, then (with any intel analysis) build_intel_report, and (with the
// sequences analysis) add_sequence_transitions and add_sequence_groups give. `examples`: the
// representatives collected in the run (read only with the sequences analysis); `families`
// may be null.
AnalyzeReport build_report_concurrently(const Analysis& analysis, const PipelineReport& pipeline,
                                        const ReportLimits& limits, const LinuxPrograms& linux_programs,
                                        const intel::CredentialTable& mirai, const intel::FamilyTable* families,
                                        const intel::SequenceExamples& examples);

}  // namespace busytrap::analyze
