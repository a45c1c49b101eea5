#pragma once
// The output formats of `busytrap analyze` and the one entry point that renders a report in
// any of them. `paper` selects the paper's layout (its four analyses in its order, with the
// paper's own figures beside ours) instead of the full report; it applies to every format.
#include <optional>
#include <string>
#include <string_view>

#include "analyze/report/analyze_report.h"

namespace busytrap::analyze {

enum class ReportFormat { Table, Csv, Tsv, Json, Markdown, Html };

std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept;

std::string render_report(const AnalyzeReport& report, ReportFormat format, bool paper);

// One renderer per format (report/<format>_report.cpp).
std::string render_table_report(const AnalyzeReport& report, bool paper);
std::string render_delimited_report(const AnalyzeReport& report, char separator, bool paper);
std::string render_json_report(const AnalyzeReport& report, bool paper);
std::string render_markdown_report(const AnalyzeReport& report, bool paper);
std::string render_html_report(const AnalyzeReport& report, bool paper);

}  // namespace busytrap::analyze
