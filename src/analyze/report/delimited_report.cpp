// CSV and TSV: one uniform stream of rows `section,rank,key,count,share` holding every table
// (section = the table's id, e.g. command_lines, openings_3), the totals (section "totals")
// and the options (section "options"), so one file loads into a spreadsheet or a data frame.
// Keys are display-escaped (\xHH for control and invalid bytes; the JSON format is lossless).
#include <cstdio>

#include "analyze/report/report_facts.h"
#include "analyze/report/report_format.h"
#include "core/text_escape.h"

namespace busytrap::analyze {
namespace {

}  // namespace

std::string delimited_field(std::string_view raw, char separator) {
  std::string escaped = core::display_escaped(raw);
  if (separator == '\t') {
    std::string out;
    for (char c : escaped) out += (c == '\t') ? std::string("\\t") : std::string(1, c);
    return out;  // display escaping already removed newlines and tabs (\x0a, \x09)
  }
  if (escaped.find_first_of(",\"") == std::string::npos) return escaped;
  std::string out = "\"";
  for (char c : escaped) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

namespace {

std::string share_text(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", share);
  return buf;
}

void append_row(std::string& out, char sep, std::string_view section, const std::string& rank, std::string_view key,
                const std::string& count, const std::string& share) {
  out += std::string(section) + sep + rank + sep + delimited_field(key, sep) + sep + count + sep + share + "\n";
}

// `extra`: an intel table's extra columns, appended to its rows as name=value fields.
void append_table(std::string& out, char sep, const RankedTable& table, const TableColumns* extra = nullptr) {
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const RankedRow& row = table.rows[r];
    append_row(out, sep, table.id, std::to_string(row.rank), row.key, std::to_string(row.count), share_text(row.share));
    if (extra == nullptr || r >= extra->rows.size()) continue;
    out.pop_back();  // the newline
    for (std::size_t i = 0; i < extra->rows[r].size() && i < extra->names.size(); ++i) {
      out += sep + delimited_field(extra->names[i] + "=" + extra->rows[r][i], sep);
    }
    out += "\n";
  }
}

}  // namespace

std::string render_delimited_report(const AnalyzeReport& report, char sep, bool paper) {
  std::string out;
  out += std::string("section") + sep + "rank" + sep + "key" + sep + "count" + sep + "share\n";
  const Totals& t = report.totals;
  const std::pair<const char*, std::uint64_t> totals[] = {
      {"inputs", report.pipeline.inputs.size()},
      {"bytes", t.bytes},
      {"lines", t.lines},
      {"events", t.events},
      {"skipped_lines", t.skipped_lines},
      {"records", t.records},
      {"records_without_session", t.records_without_session},
      {"command_lines", t.command_lines},
      {"command_lines_with_program", t.command_lines_with_program},
      {"sessions", t.sessions},
      {"sessions_telnet", t.sessions_telnet},
      {"sessions_ssh", t.sessions_ssh},
      {"sessions_unknown", t.sessions_unknown},
      {"sessions_with_commands", t.sessions_with_commands},
      {"sessions_with_programs", t.sessions_with_programs},
  };
  for (const auto& [name, value] : totals) append_row(out, sep, "totals", "", name, std::to_string(value), "");
  append_row(out, sep, "options", "", options_as_flags(report), "", "");
  append_table(out, sep, report.command_lines);
  append_table(out, sep, report.program_names);
  append_table(out, sep, report.linux_programs);
  append_table(out, sep, report.paper_openings);
  if (!paper) {
    for (const RankedTable& table : report.openings) append_table(out, sep, table);
  }
  append_table(out, sep, report.sequences);
  // Intel: figures as section "intel" (key = figure id), then each table under its id.
  for (const IntelFigure& figure : report.intel.figures) {
    append_row(out, sep, "intel", "", figure.id, std::to_string(figure.value), "");
  }
  for (const RankedTable& table : report.intel.tables) append_table(out, sep, table, report.intel.columns_of(table.id));
  return out;
}

}  // namespace busytrap::analyze
