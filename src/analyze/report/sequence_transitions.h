#pragma once
// The sequences analysis (`--with sequences`): how often each program name directly follows
// another within a session (enable ⇒ system, system ⇒ shell, ...), the data behind a flow
// diagram of what malware runs. Computed from the Analysis's whole-sequence counts after the
// run, so it costs nothing per event: a sequence seen in N sessions adds N to each of its
// transitions. Adds the figure `distinct_transitions` and the table `sequence_transitions`
// (key "A ⇒ B", total = all transitions).
#include <cstddef>

#include "analyze/analysis.h"
#include "analyze/report/intel_report.h"

namespace busytrap::analyze {

void add_sequence_transitions(IntelReport& report, const Analysis& analysis, std::size_t rows);

}  // namespace busytrap::analyze
