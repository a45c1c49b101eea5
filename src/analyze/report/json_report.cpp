// The JSON format: one object, stable field names (documented in docs/LOG-FORMAT.md, section
// "Analyzer report (JSON)"); keys are lossless JSON strings (invalid UTF-8 bytes as \udcXX).
#include <cstdio>

#include "analyze/report/paper_reference.h"
#include "analyze/report/report_facts.h"
#include "analyze/report/report_format.h"
#include "core/json_escape.h"

namespace busytrap::analyze {
namespace {

class JsonOut {
 public:
  std::string text;

  void key(std::string_view name) {
    comma();
    core::append_json_string(text, name);
    text.push_back(':');
    fresh_ = true;
  }
  void open(char bracket) {
    comma();
    text.push_back(bracket);
    fresh_ = true;
  }
  void close(char bracket) {
    text.push_back(bracket);
    fresh_ = false;
  }
  void string(std::string_view value) {
    comma();
    core::append_json_string(text, value);
  }
  void number(std::uint64_t value) {
    comma();
    text += std::to_string(value);
  }
  void real(double value) {
    comma();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", value);
    text += buf;
  }
  void boolean(bool value) {
    comma();
    text += value ? "true" : "false";
  }
  void null() {
    comma();
    text += "null";
  }

 private:
  void comma() {
    if (!fresh_) text.push_back(',');
    fresh_ = false;
  }
  bool fresh_ = true;
};

// `extra`: an intel table's extra columns: listed in "columns", one string field each per row
// (null when the row has no value).
void write_table(JsonOut& j, const RankedTable& table, bool paper_figures, const TableColumns* extra = nullptr) {
  j.open('{');
  j.key("id"), j.string(table.id);
  j.key("title"), j.string(table.title);
  j.key("key_name"), j.string(table.key_name);
  j.key("total"), j.number(table.total);
  j.key("distinct"), j.number(table.distinct);
  if (extra != nullptr) {
    j.key("columns");
    j.open('[');
    for (const std::string& name : extra->names) j.string(name);
    j.close(']');
  }
  j.key("rows");
  j.open('[');
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const RankedRow& row = table.rows[r];
    j.open('{');
    j.key("rank"), j.number(row.rank);
    j.key("key"), j.string(row.key);
    j.key("count"), j.number(row.count);
    j.key("share"), j.real(row.share);
    if (paper_figures) {
      const auto figure = paper_figure(table.id, row.key);
      j.key("paper_rank");
      figure ? j.number(figure->first) : j.null();
      j.key("paper_count");
      figure ? j.number(figure->second) : j.null();
    }
    if (extra != nullptr && r < extra->rows.size()) {
      for (std::size_t i = 0; i < extra->names.size() && i < extra->rows[r].size(); ++i) {
        j.key(extra->names[i]);
        extra->rows[r][i].empty() ? j.null() : j.string(extra->rows[r][i]);
      }
    }
    j.close('}');
  }
  j.close(']');
  j.close('}');
}

void write_tree(JsonOut& j, const PrefixNode& node) {
  j.open('{');
  j.key("name"), j.string(node.name);
  j.key("count"), j.number(node.count);
  j.key("children");
  j.open('[');
  for (const PrefixNode& child : node.children) write_tree(j, child);
  j.close(']');
  j.close('}');
}

void write_timestamp(JsonOut& j, std::int64_t ts) {
  if (ts == core::kNoTimestamp) j.null();
  else j.string(core::format_iso8601(ts));
}

}  // namespace

std::string render_json_report(const AnalyzeReport& report, bool paper) {
  JsonOut j;
  const Totals& t = report.totals;
  const AnalysisOptions& o = report.options;
  j.open('{');
  j.key("schema"), j.string("busytrap.analyze/1");
  j.key("version"), j.string(BUSYTRAP_VERSION);
  j.key("layout"), j.string(paper ? "paper" : "full");

  j.key("options");
  j.open('{');
  j.key("split"), j.string(shell::split_mode_name(o.split));
  j.key("protocol"), j.string(protocol_filter_name(o.protocol));
  j.key("fold_tokens"), j.boolean(o.fold_tokens);
  j.key("since"), write_timestamp(j, o.since);
  j.key("until"), write_timestamp(j, o.until);
  j.key("sensor");
  o.sensor ? j.string(*o.sensor) : j.null();
  j.key("input_format"), j.string(input_format_name(o.format));
  j.key("top");
  j.open('{');
  j.key("command_lines"), j.number(report.limits.command_lines);
  j.key("program_names"), j.number(report.limits.program_names);
  j.key("linux_programs"), j.number(report.limits.linux_programs);
  j.key("openings"), j.number(report.limits.openings);
  j.key("sequences"), j.number(report.limits.sequences);
  j.close('}');
  j.key("openings_k");
  j.open('[');
  j.number(report.limits.min_opening);
  j.number(report.limits.max_opening);
  j.close(']');
  j.key("flags"), j.string(options_as_flags(report));
  j.close('}');

  j.key("inputs");
  j.open('[');
  for (const InputReport& input : report.pipeline.inputs) {
    j.open('{');
    j.key("name"), j.string(input.name);
    j.key("format"), j.string(input_format_name(input.format));
    j.key("gzip"), j.boolean(input.gzip);
    j.key("empty"), j.boolean(input.empty);
    j.key("binary"), j.boolean(input.binary);
    j.key("first_timestamp"), write_timestamp(j, input.first_timestamp);
    j.key("warning");
    input.warning.empty() ? j.null() : j.string(input.warning);
    j.close('}');
  }
  j.close(']');

  j.key("totals");
  j.open('{');
  j.key("bytes"), j.number(t.bytes);
  j.key("lines"), j.number(t.lines);
  j.key("events"), j.number(t.events);
  j.key("skipped_lines"), j.number(t.skipped_lines);
  j.key("records"), j.number(t.records);
  j.key("records_without_session"), j.number(t.records_without_session);
  j.key("command_lines"), j.number(t.command_lines);
  j.key("command_lines_with_program"), j.number(t.command_lines_with_program);
  j.key("sessions"), j.number(t.sessions);
  j.key("sessions_telnet"), j.number(t.sessions_telnet);
  j.key("sessions_ssh"), j.number(t.sessions_ssh);
  j.key("sessions_unknown"), j.number(t.sessions_unknown);
  j.key("sessions_with_commands"), j.number(t.sessions_with_commands);
  j.key("sessions_with_programs"), j.number(t.sessions_with_programs);
  j.key("seconds"), j.real(report.pipeline.seconds);
  j.close('}');

  j.key("skipped_examples");
  j.open('[');
  for (const SkippedExample& s : report.skipped_examples) {
    j.open('{');
    j.key("input");
    j.string(s.input_index < report.pipeline.inputs.size() ? report.pipeline.inputs[s.input_index].name : "");
    j.key("line"), j.number(s.line);
    j.key("reason"), j.string(skip_reason_text(s.reason));
    j.close('}');
  }
  j.close(']');

  j.key("tables");
  j.open('{');
  j.key("command_lines"), write_table(j, report.command_lines, paper);
  j.key("program_names"), write_table(j, report.program_names, paper);
  j.key("linux_programs"), write_table(j, report.linux_programs, paper);
  j.close('}');

  j.key("sequences");
  j.open('{');
  j.key("paper_openings"), write_table(j, report.paper_openings, false);
  j.key("openings");
  j.open('[');
  if (!paper) {
    for (const RankedTable& table : report.openings) write_table(j, table, false);
  }
  j.close(']');
  j.key("whole"), write_table(j, report.sequences, false);
  j.key("tree"), write_tree(j, report.tree);
  j.close('}');
  if (report.intel.selection.any()) {
    j.key("intel");
    j.open('{');
    j.key("analyses"), j.string(intel::intel_selection_names(report.intel.selection));
    j.key("figures");
    j.open('{');
    for (const IntelFigure& figure : report.intel.figures) j.key(figure.id), j.number(figure.value);
    j.close('}');
    j.key("tables");
    j.open('{');
    for (const RankedTable& table : report.intel.tables) {
      j.key(table.id), write_table(j, table, false, report.intel.columns_of(table.id));
    }
    j.close('}');
    j.close('}');
  }
  j.close('}');
  j.text.push_back('\n');
  return std::move(j.text);
}

}  // namespace busytrap::analyze
