#pragma once
// The indicators export (`--indicators-csv FILE`): one row per indicator, every one (no top-N
// cut), for spreadsheets and threat-intel platforms. Columns:
//   type,value,first_seen,last_seen,occurrences,sessions,source_ips
// type: url, host, ip_port, file_name, sha256; times ISO-8601 UTC (empty when unknown);
// source_ips: up to 16 distinct addresses separated by spaces, "+" appended when there were more.
// Rows sorted by type, then sessions (descending), then value. Values are display-escaped.
#include <string>

#include "analyze/intel/intel_counts.h"

namespace busytrap::analyze {

std::string render_indicators_csv(const intel::IntelCounts& counts);

}  // namespace busytrap::analyze
