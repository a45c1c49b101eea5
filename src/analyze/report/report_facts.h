#pragma once
// The facts every report prints besides its tables — totals, inputs, skipped lines and the
// options used — as (name, value) pairs, so that each format shows the same ones and any table
// can be reproduced from what the report says.
#include <string>
#include <utility>
#include <vector>

#include "analyze/report/analyze_report.h"

namespace busytrap::analyze {

using Fact = std::pair<std::string, std::string>;

std::vector<Fact> totals_facts(const AnalyzeReport& report);
std::vector<Fact> option_facts(const AnalyzeReport& report);
// "FILE:LINE: reason" for the first skipped lines.
std::vector<std::string> skipped_line_notes(const AnalyzeReport& report);
// One line per input with a warning, or empty/binary.
std::vector<std::string> input_notes(const AnalyzeReport& report);
// The equivalent command-line options, e.g. "--split semicolon --protocol all --top 20,15,6".
std::string options_as_flags(const AnalyzeReport& report);

// One CSV (',': RFC 4180 quoting) or TSV ('\t': tabs shown as \t) field, display-escaped.
std::string delimited_field(std::string_view raw, char separator);

std::string with_thousands(std::uint64_t n);
std::string percent(double share);

}  // namespace busytrap::analyze
