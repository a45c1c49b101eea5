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
#include <string_view>

#include "analyze/analysis.h"
#include "analyze/intel/sequence_examples.h"
#include "analyze/report/intel_report.h"

namespace busytrap::analyze {

void add_sequence_groups(IntelReport& report, const Analysis& analysis, const intel::SequenceExamples& examples,
                         std::size_t rows);

// The near-identical name of a program name (see above): the applet of a busybox row ("argv0
// applet", `busybox`) folded to <RANDOM> when it has the shape of a random token; other names
// unchanged. A sequence's near-identical form is its names' near-identical names with runs of
// the same one collapsed.
std::string near_identical_name(std::string_view program, bool busybox);

}  // namespace busytrap::analyze
