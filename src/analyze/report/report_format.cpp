#include "analyze/report/report_format.h"

namespace busytrap::analyze {

std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept {
  if (name == "table") return ReportFormat::Table;
  if (name == "csv") return ReportFormat::Csv;
  if (name == "tsv") return ReportFormat::Tsv;
  if (name == "json") return ReportFormat::Json;
  if (name == "md" || name == "markdown") return ReportFormat::Markdown;
  if (name == "html") return ReportFormat::Html;
  return std::nullopt;
}

std::string render_report(const AnalyzeReport& report, ReportFormat format, bool paper) {
  switch (format) {
    case ReportFormat::Csv: return render_delimited_report(report, ',', paper);
    case ReportFormat::Tsv: return render_delimited_report(report, '\t', paper);
    case ReportFormat::Json: return render_json_report(report, paper);
    case ReportFormat::Markdown: return render_markdown_report(report, paper);
    case ReportFormat::Html: return render_html_report(report, paper);
    case ReportFormat::Table: break;
  }
  return render_table_report(report, paper);
}

}  // namespace busytrap::analyze
