// The Markdown format: headings and pipe tables, for issues, wikis and reports. Keys are
// display-escaped and made safe for Markdown (| < > ` escaped).
#include "analyze/report/paper_reference.h"
#include "analyze/report/report_facts.h"
#include "analyze/report/report_format.h"
#include "core/text_escape.h"

namespace busytrap::analyze {
namespace {

std::string md_cell(std::string_view raw) {
  std::string out;
  for (const char c : core::display_escaped(raw)) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '`': out += "\\`"; break;
      case '*': out += "\\*"; break;
      case '_': out += "\\_"; break;
      case '\\': out += "\\\\"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// `extra`: the intel table's extra columns (after the share), or null.
void append_table(std::string& out, const RankedTable& table, bool paper_column, const TableColumns* extra = nullptr) {
  out += "\n## " + md_cell(table.title) + "\n\n";
  if (table.distinct > table.rows.size()) {
    out += "Top " + std::to_string(table.rows.size()) + " of " + with_thousands(table.distinct) + "; ";
  }
  out += "total " + with_thousands(table.total) + ".\n\n";
  out += paper_column ? "| # | " + table.key_name + " | count | share | paper |"
                      : "| # | " + table.key_name + " | count | share |";
  if (extra != nullptr) {
    for (const std::string& name : extra->names) out += " " + md_cell(name) + " |";
  }
  out += paper_column ? "\n|---:|---|---:|---:|---:|" : "\n|---:|---|---:|---:|";
  if (extra != nullptr) {
    for (std::size_t i = 0; i < extra->names.size(); ++i) out += "---|";
  }
  out += "\n";
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const RankedRow& row = table.rows[r];
    out += "| " + std::to_string(row.rank) + " | " + md_cell(row.key) + " | " + with_thousands(row.count) + " | " +
           percent(row.share) + " |";
    if (paper_column) {
      const auto figure = paper_figure(table.id, row.key);
      out += " " + (figure ? with_thousands(figure->second) + " (#" + std::to_string(figure->first) + ")"
                           : std::string("-")) + " |";
    }
    if (extra != nullptr && r < extra->rows.size()) {
      for (const std::string& value : extra->rows[r]) out += " " + md_cell(value) + " |";
    }
    out += "\n";
  }
}

void append_tree(std::string& out, const PrefixNode& node, std::size_t depth) {
  for (const PrefixNode& child : node.children) {
    out += std::string(depth * 2, ' ') + "- " + md_cell(child.name) + " (" + with_thousands(child.count) + ")\n";
    append_tree(out, child, depth + 1);
  }
}

}  // namespace

std::string render_markdown_report(const AnalyzeReport& report, bool paper) {
  std::string out = "# busytrap analyze\n\n## Totals\n\n| | |\n|---|---:|\n";
  for (const auto& [name, value] : totals_facts(report)) out += "| " + name + " | " + value + " |\n";
  out += "\nOptions: `" + options_as_flags(report) + "`\n";
  const auto inputs = input_notes(report);
  const auto skipped = skipped_line_notes(report);
  if (!inputs.empty() || !skipped.empty()) {
    out += "\n## Notes\n\n";
    for (const auto& note : inputs) out += "- " + md_cell(note) + "\n";
    for (const auto& note : skipped) out += "- skipped " + md_cell(note) + "\n";
  }
  append_table(out, report.command_lines, paper);
  append_table(out, report.program_names, paper);
  append_table(out, report.linux_programs, paper);
  append_table(out, report.paper_openings, false);
  if (!paper) {
    for (const RankedTable& table : report.openings) append_table(out, table, false);
  }
  append_table(out, report.sequences, false);
  out += "\n## Prefix tree of session openings\n\n";
  append_tree(out, report.tree, 0);
  if (report.intel.selection.any()) {
    out += "\n## Intel (" + intel::intel_selection_names(report.intel.selection) + ")\n\n| | |\n|---|---:|\n";
    for (const IntelFigure& figure : report.intel.figures) {
      out += "| " + md_cell(figure.label) + " | " + with_thousands(figure.value) + " |\n";
    }
    for (const RankedTable& table : report.intel.tables) {
      append_table(out, table, false, report.intel.columns_of(table.id));
    }
  }
  return out;
}

}  // namespace busytrap::analyze
