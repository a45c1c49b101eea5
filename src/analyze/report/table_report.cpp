// The terminal format: aligned columns (rank, count, share, then the key, so long command
// lines never break the alignment), every table named as the paper names it.
#include <algorithm>
#include <array>
#include <cstdio>

#include "analyze/report/paper_reference.h"
#include "analyze/report/report_facts.h"
#include "analyze/report/report_format.h"
#include "core/text_escape.h"

namespace busytrap::analyze {
namespace {

std::string pad_left(const std::string& s, std::size_t width) {
  const std::size_t w = core::display_width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

void append_facts(std::string& out, const std::vector<Fact>& facts) {
  std::size_t width = 0;
  for (const auto& [name, value] : facts) width = std::max(width, name.size());
  for (const auto& [name, value] : facts) {
    out += "  " + name + std::string(width - name.size() + 2, ' ') + value + "\n";
  }
}

void append_notes(std::string& out, const AnalyzeReport& report) {
  const auto inputs = input_notes(report);
  const auto skipped = skipped_line_notes(report);
  if (!inputs.empty()) {
    out += "\nInput notes\n";
    for (const auto& note : inputs) out += "  " + note + "\n";
  }
  if (!skipped.empty()) {
    out += "\nSkipped lines: " + with_thousands(report.totals.skipped_lines) + " (first " +
           std::to_string(skipped.size()) + " below)\n";
    for (const auto& note : skipped) out += "  " + note + "\n";
  }
}

// `paper_column`: add the paper's rank and count for the same key. `extra`: an intel table's
// extra columns (shown after the key, which may be long, on the same line as " | name value").
void append_table(std::string& out, const RankedTable& table, bool paper_column, const TableColumns* extra = nullptr) {
  out += "\n" + table.title;
  if (table.distinct > table.rows.size()) {
    out += " (top " + std::to_string(table.rows.size()) + " of " + with_thousands(table.distinct) + ")";
  }
  out += "\n";
  std::vector<std::array<std::string, 5>> cells;
  cells.push_back({"#", "count", "share", paper_column ? "paper" : "", table.key_name});
  for (const RankedRow& row : table.rows) {
    std::string paper;
    if (paper_column) {
      const auto figure = paper_figure(table.id, row.key);
      paper = figure ? with_thousands(figure->second) + " (#" + std::to_string(figure->first) + ")" : "-";
    }
    cells.push_back({std::to_string(row.rank), with_thousands(row.count), percent(row.share), paper,
                     core::display_escaped(row.key)});
  }
  std::array<std::size_t, 4> width{};
  for (const auto& c : cells) {
    for (std::size_t i = 0; i < 4; ++i) width[i] = std::max(width[i], core::display_width(c[i]));
  }
  for (std::size_t r = 0; r < cells.size(); ++r) {
    const auto& c = cells[r];
    std::string line = "  " + pad_left(c[0], width[0]) + "  " + pad_left(c[1], width[1]) + "  " +
                       pad_left(c[2], width[2]);
    if (paper_column) line += "  " + pad_left(c[3], width[3]);
    line += "  " + c[4];
    if (extra != nullptr && r > 0 && r - 1 < extra->rows.size()) {
      const auto& values = extra->rows[r - 1];
      for (std::size_t i = 0; i < values.size() && i < extra->names.size(); ++i) {
        if (!values[i].empty()) line += "  | " + extra->names[i] + " " + core::display_escaped(values[i]);
      }
    }
    out += line + "\n";
  }
  if (table.rows.empty()) out += "  (no rows)\n";
  out += "  total: " + with_thousands(table.total) + "\n";
}

void append_tree(std::string& out, const PrefixNode& node, const std::string& indent, std::uint64_t root_count) {
  for (std::size_t i = 0; i < node.children.size(); ++i) {
    const PrefixNode& child = node.children[i];
    const bool last = i + 1 == node.children.size();
    const double share = root_count ? static_cast<double>(child.count) / static_cast<double>(root_count) : 0;
    out += indent + (last ? "\u2514\u2500 " : "\u251c\u2500 ") + core::display_escaped(child.name) + "  " +
           with_thousands(child.count) + " (" + percent(share) + ")\n";
    append_tree(out, child, indent + (last ? "   " : "\u2502  "), root_count);
  }
}

void append_header(std::string& out, const AnalyzeReport& report) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", report.pipeline.seconds);
  out += "busytrap analyze: " + with_thousands(report.pipeline.inputs.size()) + " input(s), " +
         with_thousands(report.totals.bytes) + " bytes, " + with_thousands(report.totals.records) + " records in " +
         seconds + " s\n";
}

}  // namespace

std::string render_table_report(const AnalyzeReport& report, bool paper) {
  std::string out;
  append_header(out, report);
  out += "\nTotals\n";
  append_facts(out, totals_facts(report));
  append_facts(out, option_facts(report));
  append_notes(out, report);

  append_table(out, report.command_lines, paper);
  append_table(out, report.program_names, paper);
  append_table(out, report.linux_programs, paper);

  out += "\n3.4 Order of execution: sessions starting with the openings the paper names\n";
  append_table(out, report.paper_openings, false);
  if (!paper) {
    for (const RankedTable& table : report.openings) append_table(out, table, false);
  }
  append_table(out, report.sequences, false);
  out += "\nPrefix tree of session openings (depth " + std::to_string(report.limits.tree_depth) + ", top " +
         std::to_string(report.limits.tree_width) + " branches per node)\n";
  out += core::display_escaped(report.tree.name) + "  " + with_thousands(report.tree.count) + "\n";
  append_tree(out, report.tree, "", report.tree.count);
  if (report.intel.selection.any()) {
    out += "\nIntel (" + intel::intel_selection_names(report.intel.selection) + ")\n";
    std::vector<Fact> figures;
    for (const IntelFigure& figure : report.intel.figures) figures.emplace_back(figure.label, with_thousands(figure.value));
    append_facts(out, figures);
    for (const RankedTable& table : report.intel.tables) {
      append_table(out, table, false, report.intel.columns_of(table.id));
    }
  }
  return out;
}

}  // namespace busytrap::analyze
