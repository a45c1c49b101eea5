#include "analyze/report/report_facts.h"

#include <cstdio>

#include "core/text_escape.h"

namespace busytrap::analyze {

std::string with_thousands(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100.0);
  return buf;
}

std::vector<Fact> totals_facts(const AnalyzeReport& r) {
  const Totals& t = r.totals;
  return {
      {"inputs", with_thousands(r.pipeline.inputs.size())},
      {"bytes", with_thousands(t.bytes)},
      {"lines", with_thousands(t.lines)},
      {"events", with_thousands(t.events)},
      {"skipped lines", with_thousands(t.skipped_lines)},
      {"records (command input)", with_thousands(t.records)},
      {"records without a session", with_thousands(t.records_without_session)},
      {"command lines", with_thousands(t.command_lines)},
      {"command lines with a program name", with_thousands(t.command_lines_with_program)},
      {"sessions", with_thousands(t.sessions)},
      {"sessions telnet / ssh / unknown",
       with_thousands(t.sessions_telnet) + " / " + with_thousands(t.sessions_ssh) + " / " +
           with_thousands(t.sessions_unknown)},
      {"sessions with commands", with_thousands(t.sessions_with_commands)},
      {"sessions with a program sequence", with_thousands(t.sessions_with_programs)},
  };
}

std::string options_as_flags(const AnalyzeReport& r) {
  const AnalysisOptions& o = r.options;
  const ReportLimits& l = r.limits;
  std::string flags = "--split " + std::string(shell::split_mode_name(o.split));
  flags += " --protocol " + std::string(protocol_filter_name(o.protocol));
  if (o.fold_tokens) flags += " --fold-tokens";
  if (o.since != core::kNoTimestamp) flags += " --since " + core::format_iso8601(o.since);
  if (o.until != core::kNoTimestamp) flags += " --until " + core::format_iso8601(o.until);
  if (o.sensor) flags += " --sensor " + core::display_escaped(*o.sensor);
  if (o.format != InputFormat::Auto) flags += " --input-format " + std::string(input_format_name(o.format));
  // `--top N` sets every table alike; per-table defaults (the paper's) need no flag.
  const bool uniform_top = l.command_lines == l.program_names && l.program_names == l.linux_programs &&
                           l.linux_programs == l.openings && l.openings == l.sequences && l.sequences == l.intel;
  const ReportLimits defaults;
  if (uniform_top) flags += " --top " + std::to_string(l.command_lines);
  flags += " --openings " + std::to_string(l.min_opening) + "-" + std::to_string(l.max_opening);
  if (l.tree_depth != defaults.tree_depth) flags += " --tree-depth " + std::to_string(l.tree_depth);
  if (l.tree_width != defaults.tree_width) flags += " --tree-width " + std::to_string(l.tree_width);
  if (o.intel.any()) flags += " --with " + intel::intel_selection_names(o.intel) + r.intel.flags;
  return flags;
}

std::vector<Fact> option_facts(const AnalyzeReport& r) {
  return {{"options", options_as_flags(r)}};
}

std::vector<std::string> skipped_line_notes(const AnalyzeReport& r) {
  std::vector<std::string> notes;
  for (const SkippedExample& s : r.skipped_examples) {
    const std::string& name =
        s.input_index < r.pipeline.inputs.size() ? r.pipeline.inputs[s.input_index].name : std::string("?");
    notes.push_back(core::display_escaped(name) + ":" + std::to_string(s.line) + ": " +
                    std::string(skip_reason_text(s.reason)));
  }
  return notes;
}

std::vector<std::string> input_notes(const AnalyzeReport& r) {
  std::vector<std::string> notes;
  for (const InputReport& input : r.pipeline.inputs) {
    const std::string name = core::display_escaped(input.name);
    if (input.empty) notes.push_back(name + ": empty");
    if (input.binary) notes.push_back(name + ": binary data, not a log; not read");
    if (!input.warning.empty()) notes.push_back(core::display_escaped(input.warning));
  }
  return notes;
}

}  // namespace busytrap::analyze
