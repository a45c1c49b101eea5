#pragma once
// Sessions grouped by their whole program-name sequence, with one representative session per
// group (its session id, source address, first time), so an analyst can look at one real
// example. Two tables:
//   sequence_groups       identical sequences (the keys of the report's "whole sequences")
//   sequence_near_groups  near-identical: each busybox applet of random shape folded to
//                         <RANDOM> (as --fold-tokens does) and runs of the same program name
//                         collapsed to one; the representative is that of the group's most
//                         frequent identical sequence. docs/INTEL.md explains the choice.
#include <cstdint>
#include <string>
#include <vector>

#include "analyze/analysis.h"
#include "analyze/intel/sequence_examples.h"
#include "analyze/report/intel_report.h"

namespace busytrap::analyze {

void add_sequence_groups(IntelReport& report, const Analysis& analysis, const intel::SequenceExamples& examples,
                         std::size_t rows);

// The near-identical form of a sequence of program names (see above); `busybox[i]` says whether
// programs[i] is a busybox row ("argv0 applet"), the only kind whose applet is folded.
std::vector<std::string> near_identical_form(const std::vector<std::string>& programs,
                                             const std::vector<bool>& busybox);

}  // namespace busytrap::analyze
