#pragma once
// The time analyses' part of the intel report, from a TimeCollector: one table per
// `--timeline` (id timeline_N, rows in time order, key = the bucket's start), the command lines
// by first appearance (newest first), and with `new_since` the command lines, indicators and
// families first seen at or after it (what is new this week).
#include <cstdint>

#include "analyze/analysis.h"
#include "analyze/intel/time_collector.h"
#include "analyze/report/intel_report.h"

namespace busytrap::analyze {

// `rows`: rows per ranked table (0 = all; timelines always show every bucket). `new_since`:
// core::kNoTimestamp for none. `families` may be null.
void add_time_report(IntelReport& report, const Analysis& analysis, const intel::TimeCollector& time,
                     std::size_t rows, std::int64_t new_since, const intel::FamilyTable* families);

// A bucket's start as shown: "2019-07-08" for days, "2019-07-08T09:00Z" for hours.
std::string bucket_label(std::int64_t start, intel::TimeBucket bucket);

}  // namespace busytrap::analyze
