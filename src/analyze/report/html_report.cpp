// The HTML format: one self-contained page (inline CSS, inline SVG charts, a small optional
// script for sortable tables; a Content-Security-Policy that forbids every fetch and every other
// script), for people to read. Every string from the logs goes through html_text (display- then
// HTML-escaped); long keys are cut with the full text in a title attribute.
//
// The page is a list of sections (kSections below), each one function from the report to its
// HTML ("" = nothing to show, the section and its navigation link are left out). To show new
// report data, write one more section function and add it to the list.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "analyze/report/flow_diagram.h"
#include "analyze/report/html_assets.h"
#include "analyze/report/html_text.h"
#include "analyze/report/paper_reference.h"
#include "analyze/report/report_facts.h"
#include "analyze/report/report_format.h"
#include "analyze/report/svg_charts.h"
#include "core/text_escape.h"

namespace busytrap::analyze {
namespace {

constexpr std::size_t kKeyChars = 300;  // characters of a key shown in a table cell before cutting
constexpr std::size_t kFlowNodesPerColumn = 8;

struct Page {
  const AnalyzeReport& report;
  bool paper;
};

std::string fixed(double value, const char* format) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

std::string share_cell(double share) {
  const std::string width = fixed(std::clamp(share * 100.0, 0.0, 100.0), "%.1f");
  return "<td class=\"share\" data-v=\"" + fixed(share, "%.6f") + "\"><span class=\"sb\"><i style=\"width:" + width +
         "%\"></i></span><span class=\"pc\">" + percent(share) + "</span></td>";
}

std::string number_cell(std::uint64_t value) {
  return "<td class=\"n\" data-v=\"" + std::to_string(value) + "\">" + with_thousands(value) + "</td>";
}

// A ranked table in a panel: title as the report names it, "top N of M", the rows. `paper_column`
// adds the paper's own count and rank for the same key. Tables whose total is 0 (indicators,
// repeat visitors) have no share column: their counts are not parts of one whole.
std::string table_panel(const RankedTable& table, bool paper_column = false) {
  std::string out = "<div class=\"panel\" id=\"table-" + html_escape(table.id) + "\"><h3>" + html_escape(table.title) +
                    "</h3><p class=\"meta\">";
  if (table.distinct > table.rows.size()) {
    out += "Top " + with_thousands(table.rows.size()) + " of " + with_thousands(table.distinct) + " · ";
  } else {
    out += with_thousands(table.distinct) + " distinct · ";
  }
  out += "total " + with_thousands(table.total) + "</p>";
  if (table.rows.empty()) return out + "<p class=\"empty\">No rows.</p></div>";
  const bool shares = table.total > 0;
  out += "<div class=\"scroll\"><table class=\"rank sortable\" data-table=\"" + html_escape(table.id) +
         "\"><thead><tr><th class=\"n\">#</th><th>" + html_escape(table.key_name) + "</th><th class=\"n\">count</th>";
  if (shares) out += "<th class=\"n\">share</th>";
  if (paper_column) out += "<th class=\"n\">paper</th>";
  out += "</tr></thead><tbody>";
  for (const RankedRow& row : table.rows) {
    out += "<tr>" + number_cell(row.rank) + "<td class=\"key\"><code>" + html_clipped_span(row.key, kKeyChars) +
           "</code></td>" + number_cell(row.count);
    if (shares) out += share_cell(row.share);
    if (paper_column) {
      const auto figure = paper_figure(table.id, row.key);
      out += figure ? "<td class=\"n\" data-v=\"" + std::to_string(figure->second) + "\">" +
                          with_thousands(figure->second) + " <small>#" + std::to_string(figure->first) + "</small></td>"
                    : std::string("<td class=\"n\" data-v=\"-1\"><small>not listed</small></td>");
    }
    out += "</tr>";
  }
  return out + "</tbody></table></div></div>";
}

std::string card(std::string_view label, std::uint64_t value, std::string_view id = {}, bool small = false) {
  std::string out = small ? "<div class=\"card small\">" : "<div class=\"card\">";
  out += "<div class=\"v\"";
  if (!id.empty()) out += " id=\"" + html_escape(id) + "\"";
  out += " data-value=\"" + std::to_string(value) + "\">" + with_thousands(value) + "</div><div class=\"k\">" +
         html_escape(label) + "</div></div>";
  return out;
}

std::string section_lead(std::string_view text) { return "<p class=\"lead\">" + html_escape(text) + "</p>"; }

std::string grid(const std::vector<std::string>& panels) {
  std::string out = "<div class=\"grid\">";
  for (const std::string& panel : panels) out += panel;
  return out + "</div>";
}

// Panels for the tables that have rows, in a grid (after `first`, e.g. a chart), and one line
// naming those without rows, so that a run where, say, no download was seen is not a wall of
// empty panels.
std::string tables_grid(const std::vector<const RankedTable*>& tables, std::vector<std::string> first = {}) {
  std::string empty;
  for (const RankedTable* table : tables) {
    if (!table->rows.empty()) {
      first.push_back(table_panel(*table));
      continue;
    }
    empty += empty.empty() ? "<p class=\"meta\">No rows: " : " · ";
    empty += "<span id=\"table-" + html_escape(table->id) + "\">" + html_escape(table->title) + "</span>";
  }
  return grid(first) + (empty.empty() ? empty : empty + "</p>");
}

std::vector<ChartBar> bars_of(const RankedTable& table, std::size_t limit) {
  std::vector<ChartBar> bars;
  for (const RankedRow& row : table.rows) {
    if (bars.size() == limit) break;
    bars.push_back(ChartBar{row.key, row.count});
  }
  return bars;
}

// --- Intel tables and figures, grouped by analysis --------------------------------------------

const RankedTable* intel_table(const AnalyzeReport& report, std::string_view id) {
  for (const RankedTable& table : report.intel.tables) {
    if (table.id == id) return &table;
  }
  return nullptr;
}

// The analyses a section function shows, by table-id prefix and figure id; anything an analysis
// adds that no section claims is shown by other_intel_section, so no figure is ever dropped.
struct IntelGroup {
  std::string_view table_prefix;
  std::array<std::string_view, 11> figures;
};

constexpr IntelGroup kCredentials{"credentials_",
                                  {"login_attempts", "login_successes", "login_failures", "login_success_permille",
                                   "distinct_usernames", "distinct_passwords", "distinct_pairs", "mirai_table_pairs",
                                   "mirai_pairs_seen", "mirai_attempts", "logins_dropped"}};
constexpr IntelGroup kSources{"sources_",
                              {"sessions_with_source", "sessions_without_source", "distinct_source_ips",
                               "distinct_source_networks", "ips_with_several_sessions", "ips_on_several_days"}};
constexpr IntelGroup kIndicators{"indicators_",
                                 {"distinct_url", "distinct_host", "distinct_ip_port", "distinct_file_name",
                                  "distinct_sha256", "indicators_dropped"}};
constexpr IntelGroup kFamilies{"families", {"family_signatures", "sessions_classified", "sessions_unclassified"}};
constexpr IntelGroup kTransitions{"sequence_transitions", {"distinct_transitions"}};
constexpr IntelGroup kTimelines{"timeline_", {"timelines", "timeline_undated", "timeline_dropped"}};
constexpr std::array<const IntelGroup*, 6> kIntelGroups = {&kCredentials, &kSources, &kIndicators, &kFamilies,
                                                           &kTransitions, &kTimelines};

bool group_has_figure(const IntelGroup& group, std::string_view id) {
  return std::find(group.figures.begin(), group.figures.end(), id) != group.figures.end() && !id.empty();
}

std::vector<const RankedTable*> group_tables(const AnalyzeReport& report, const IntelGroup& group) {
  std::vector<const RankedTable*> tables;
  for (const RankedTable& table : report.intel.tables) {
    if (table.id.starts_with(group.table_prefix)) tables.push_back(&table);
  }
  return tables;
}

std::string figure_card(const IntelFigure& figure) {
  if (figure.id == "login_success_permille") {
    return "<div class=\"card small\"><div class=\"v\" id=\"figure-" + html_escape(figure.id) + "\" data-value=\"" +
           std::to_string(figure.value) + "\">" + fixed(static_cast<double>(figure.value) / 10.0, "%.1f") +
           "%</div><div class=\"k\">login success rate</div></div>";
  }
  return card(figure.label, figure.value, "figure-" + figure.id, true);
}

std::string group_figures(const AnalyzeReport& report, const IntelGroup& group) {
  std::string out;
  for (const IntelFigure& figure : report.intel.figures) {
    if (group_has_figure(group, figure.id)) out += figure_card(figure);
  }
  return out.empty() ? out : "<div class=\"cards\">" + out + "</div>";
}

std::string group_section(const AnalyzeReport& report, const IntelGroup& group, std::string_view lead) {
  const auto tables = group_tables(report, group);
  if (tables.empty()) return {};
  return section_lead(lead) + group_figures(report, group) + tables_grid(tables);
}

// --- Sections -----------------------------------------------------------------------------------

std::string summary_section(const Page& page) {
  const Totals& t = page.report.totals;
  std::string out = "<div class=\"cards\">";
  out += card("records (command input)", t.records, "total-records");
  out += card("command lines", t.command_lines, "total-command-lines");
  out += card("sessions", t.sessions, "total-sessions");
  out += card("sessions with commands", t.sessions_with_commands, "total-sessions-with-commands");
  out += card("sessions with a program sequence", t.sessions_with_programs, "total-sessions-with-programs");
  out += card("events", t.events, "total-events");
  out += card("skipped lines", t.skipped_lines, "total-skipped-lines");
  return out + "</div>";
}

std::string paper_tables_section(const Page& page) {
  const AnalyzeReport& r = page.report;
  std::string lead = "The three tables of the paper, from these logs: every command line (split at unquoted ';'"
                     " by default), its program name (busybox with its applet), and the programs that exist on a"
                     " Linux system.";
  if (page.paper) lead += " The paper column gives the paper's own count and rank for the same key.";
  return section_lead(lead) + table_panel(r.command_lines, page.paper) +
         grid({table_panel(r.program_names, page.paper), table_panel(r.linux_programs, page.paper)});
}

std::string order_section(const Page& page) {
  const AnalyzeReport& r = page.report;
  const std::vector<ChartBar> named = bars_of(r.paper_openings, r.paper_openings.rows.size());
  std::string chart = "<div class=\"panel\"><h3>Sessions starting with each opening the paper names</h3>"
                      "<p class=\"meta\">of " + with_thousands(r.paper_openings.total) +
                      " sessions with a program sequence</p>" +
                      svg_column_chart(named, "Sessions starting with the openings the paper names") + "</div>";
  std::string out = section_lead("3.4 of the paper: in which order sessions run programs. Counts are sessions.") +
                    grid({chart, table_panel(r.paper_openings)});
  const FlowDiagram flow = layout_flow(r.tree, kFlowNodesPerColumn);
  out += "<div class=\"panel\" id=\"flow\"><h3>Flow of session openings</h3><p class=\"meta\">The first " +
         std::to_string(flow.columns) + " program names of " + with_thousands(r.tree.count) +
         " sessions, from the prefix tree (top " + std::to_string(r.limits.tree_width) +
         " branches per step; at most " + std::to_string(kFlowNodesPerColumn) +
         " names per step, the rest as \u201cother\u201d). A band is as thick as the sessions taking it; a node"
         " is taller than the bands leaving it by the sessions that end there or take a branch not shown.</p>";
  const std::string svg = svg_flow_diagram(flow);
  out += svg.empty() ? "<p class=\"empty\">No session ran a program.</p>" : "<div class=\"scroll\">" + svg + "</div>";
  return out + "</div>";
}

std::string tree_items(const PrefixNode& node, std::uint64_t root_count) {
  std::string out;
  for (const PrefixNode& child : node.children) {
    const double share = root_count ? static_cast<double>(child.count) / static_cast<double>(root_count) : 0;
    const std::string label = "<code>" + html_clipped_span(child.name, 80) + "</code><span class=\"cnt\">" +
                              with_thousands(child.count) + " · " + percent(share) + "</span>";
    if (child.children.empty()) {
      out += "<li class=\"leaf\">" + label + "</li>";
    } else {
      out += "<li><details open><summary>" + label + "</summary><ul class=\"tree\">" +
             tree_items(child, root_count) + "</ul></details></li>";
    }
  }
  return out;
}

std::string sequences_section(const Page& page) {
  const AnalyzeReport& r = page.report;
  std::string out = section_lead("The most frequent openings (first k program names) and whole sequences of"
                                 " sessions; program names joined with \u21d2.");
  if (!page.paper) {
    std::vector<std::string> panels;
    for (const RankedTable& table : r.openings) panels.push_back(table_panel(table));
    out += grid(panels);
  }
  out += table_panel(r.sequences);
  out += "<div class=\"panel\" id=\"tree\"><h3>Prefix tree of session openings</h3><p class=\"meta\">Depth " +
         std::to_string(r.limits.tree_depth) + ", top " + std::to_string(r.limits.tree_width) +
         " branches per node; share of the " + with_thousands(r.tree.count) +
         " sessions with a program sequence</p>";
  out += r.tree.children.empty() ? "<p class=\"empty\">No session ran a program.</p>"
                                  : "<ul class=\"tree root\">" + tree_items(r.tree, r.tree.count) + "</ul>";
  return out + "</div>";
}

std::string families_section(const Page& page) {
  const AnalyzeReport& r = page.report;
  const RankedTable* families = intel_table(r, "families");
  if (families == nullptr) return {};
  std::vector<ChartBar> bars = bars_of(*families, 12);
  std::uint64_t unclassified = 0;
  for (const IntelFigure& figure : r.intel.figures) {
    if (figure.id == "sessions_unclassified") unclassified = figure.value;
  }
  if (unclassified > 0) bars.push_back(ChartBar{"(unclassified)", unclassified, true});
  std::string out = section_lead("Sessions with commands classified by the family signatures (data/families.toml);"
                                 " unclassified sessions by their opening, so a new family shows up as a large"
                                 " unknown opening.") +
                    group_figures(r, kFamilies);
  std::string chart = "<div class=\"panel\"><h3>Sessions per family</h3><p class=\"meta\">sessions with commands</p>";
  chart += bars.empty() ? "<p class=\"empty\">No session with commands.</p>"
                        : svg_bar_chart(bars, "Sessions per family");
  chart += "</div>";
  return out + tables_grid(group_tables(r, kFamilies), {chart});
}

std::string credentials_section(const Page& page) {
  return group_section(page.report, kCredentials,
                       "Login attempts: usernames, passwords and pairs tried, the pairs that logged in, and the"
                       " pairs of the credential table (Mirai's by default).");
}

std::string sources_section(const Page& page) {
  return group_section(page.report, kSources,
                       "Where sessions came from: source addresses and networks by sessions, and repeat visitors.");
}

std::string indicators_section(const Page& page) {
  return group_section(page.report, kIndicators,
                       "What sessions told the device to download, and from where: URLs, hosts, IP:port pairs, file"
                       " names and payload hashes, ranked by the sessions naming them. Full lists:"
                       " --indicators-csv, --stix.");
}

std::string transitions_section(const Page& page) {
  const RankedTable* transitions = intel_table(page.report, "sequence_transitions");
  if (transitions == nullptr) return {};
  std::string chart = "<div class=\"panel\"><h3>Most frequent transitions</h3><p class=\"meta\">sessions' steps"
                      " from one program name to the next</p>";
  const std::vector<ChartBar> bars = bars_of(*transitions, 12);
  chart += bars.empty() ? "<p class=\"empty\">No transitions.</p>" : svg_bar_chart(bars, "Most frequent transitions");
  chart += "</div>";
  return section_lead("How often each program name directly follows another within a session (the data behind"
                      " the flow diagram).") +
         group_figures(page.report, kTransitions) + grid({table_panel(*transitions), chart});
}

// Figures and tables of intel analyses no section above knows (added to the report later).
std::string other_intel_section(const Page& page) {
  const AnalyzeReport& r = page.report;
  std::string cards;
  for (const IntelFigure& figure : r.intel.figures) {
    const bool claimed = std::any_of(kIntelGroups.begin(), kIntelGroups.end(),
                                     [&](const IntelGroup* g) { return group_has_figure(*g, figure.id); });
    if (!claimed) cards += figure_card(figure);
  }
  std::vector<const RankedTable*> tables;
  for (const RankedTable& table : r.intel.tables) {
    const bool claimed = std::any_of(kIntelGroups.begin(), kIntelGroups.end(),
                                     [&](const IntelGroup* g) { return table.id.starts_with(g->table_prefix); });
    if (!claimed) tables.push_back(&table);
  }
  if (cards.empty() && tables.empty()) return {};
  return (cards.empty() ? std::string() : "<div class=\"cards\">" + cards + "</div>") + tables_grid(tables);
}

// Time: the period the inputs cover. Events per hour/day are not in the report model yet (the
// timeline analysis of issue 5); when they are, draw them here with svg_column_chart, one
// column per bucket.
// A bucket's key ("2017-09-01T13:00Z" or "2017-09-01") as an axis label: without the year, so
// labels fit under narrow columns ("09-01 13h", "09-01"); the tooltip and table keep the key.
std::string short_bucket_label(const std::string& key) {
  if (key.size() < 10 || key[4] != '-') return key;
  std::string label = key.substr(5, 5);
  if (key.size() >= 13 && key[10] == 'T') label += " " + key.substr(11, 2) + "h";
  return label;
}

std::string time_section(const Page& page) {
  const AnalyzeReport& r = page.report;
  std::int64_t first = core::kNoTimestamp, last_start = core::kNoTimestamp;
  for (const InputReport& input : r.pipeline.inputs) {
    if (input.first_timestamp == core::kNoTimestamp) continue;
    if (first == core::kNoTimestamp || input.first_timestamp < first) first = input.first_timestamp;
    if (last_start == core::kNoTimestamp || input.first_timestamp > last_start) last_start = input.first_timestamp;
  }
  const auto when = [](std::int64_t ts) {
    return ts == core::kNoTimestamp ? std::string("—") : html_escape(core::format_iso8601(ts));
  };
  std::string out = "<div class=\"panel\"><h3>Period</h3><dl class=\"facts\">";
  out += "<dt>first event read</dt><dd>" + when(first) + "</dd>";
  if (r.pipeline.inputs.size() > 1) out += "<dt>last input starts</dt><dd>" + when(last_start) + "</dd>";
  out += "<dt>--since</dt><dd>" + when(r.options.since) + "</dd><dt>--until</dt><dd>" + when(r.options.until) + "</dd>";
  out += "</dl>";
  const std::vector<const RankedTable*> timelines = group_tables(r, kTimelines);
  if (timelines.empty()) {
    return out + "<p class=\"meta\">Counts per hour or day: --timeline KEY (see busytrap analyze --help).</p></div>";
  }
  out += "</div>" + group_figures(r, kTimelines);
  // One column chart per --timeline, buckets in time order as the table lists them.
  for (const RankedTable* timeline : timelines) {
    std::vector<ChartBar> columns;
    for (const RankedRow& row : timeline->rows) columns.push_back({short_bucket_label(row.key), row.count, false});
    out += "<div class=\"panel\"><h3>" + html_escape(timeline->title) + "</h3>" +
           (columns.empty() ? "<p class=\"empty\">Nothing matched.</p>" : svg_column_chart(columns, timeline->title)) +
           "</div>";
  }
  return out + tables_grid(timelines);
}

// A word of a shell command line: quoted when needed.
std::string shell_word(std::string_view raw) {
  const std::string shown = core::display_escaped(raw);
  const bool plain = !shown.empty() && std::all_of(shown.begin(), shown.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("_./-:+,=@%").find(c) != std::string_view::npos;
  });
  if (plain) return shown;
  std::string quoted = "'";
  for (const char c : shown) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// The `busytrap analyze` command line that makes this page again.
std::string reproduce_section(const Page& page) {
  const AnalyzeReport& r = page.report;
  std::string command = "busytrap analyze " + options_as_flags(r) + (page.paper ? " --paper" : "") + " -f html";
  for (const InputReport& input : r.pipeline.inputs) command += " " + shell_word(input.name);
  std::string out = section_lead("Everything needed to reproduce the tables above.");
  out += "<div class=\"panel\"><h3>Command</h3><pre class=\"cmd mono\" id=\"command\">" + html_escape(command) +
         "</pre><p class=\"meta\">Options: <code id=\"options\">" + html_escape(options_as_flags(r)) +
         "</code></p></div>";

  std::string totals = "<div class=\"panel\"><h3>Totals</h3><dl class=\"facts\">";
  for (const auto& [name, value] : totals_facts(r)) totals += "<dt>" + html_escape(name) + "</dt><dd>" + html_escape(value) + "</dd>";
  totals += "<dt>seconds</dt><dd>" + fixed(r.pipeline.seconds, "%.2f") + "</dd></dl></div>";

  std::string inputs = "<div class=\"panel\"><h3>Inputs</h3>";
  if (r.pipeline.inputs.empty()) {
    inputs += "<p class=\"empty\">No inputs.</p>";
  } else {
    inputs += "<div class=\"scroll\"><table><thead><tr><th>name</th><th>format</th><th>first event</th></tr></thead><tbody>";
    for (const InputReport& input : r.pipeline.inputs) {
      std::string format(input_format_name(input.format));
      if (input.gzip) format += ", gzip";
      inputs += "<tr><td class=\"key\"><code>" + html_clipped_span(input.name, 120) + "</code></td><td>" +
                html_escape(format) + "</td><td>" +
                (input.first_timestamp == core::kNoTimestamp ? std::string("—")
                                                             : html_escape(core::format_iso8601(input.first_timestamp))) +
                "</td></tr>";
    }
    inputs += "</tbody></table></div>";
  }
  const auto notes = input_notes(r);
  if (!notes.empty()) {
    inputs += "<h3>Input notes</h3><ul class=\"notes\">";
    for (const std::string& note : notes) inputs += "<li>" + html_escape(note) + "</li>";
    inputs += "</ul>";
  }
  const auto skipped = skipped_line_notes(r);
  if (!skipped.empty()) {
    inputs += "<h3>Skipped lines: " + with_thousands(r.totals.skipped_lines) + "</h3><p class=\"meta\">the first " +
              std::to_string(skipped.size()) + ", as file:line: reason</p><ul class=\"notes mono\" id=\"skipped\">";
    for (const std::string& note : skipped) inputs += "<li>" + html_escape(note) + "</li>";
    inputs += "</ul>";
  }
  inputs += "</div>";
  return out + grid({totals, inputs});
}

struct Section {
  std::string_view id;
  std::string_view title;
  std::string (*render)(const Page&);
};

constexpr std::array<Section, 11> kSections = {{
    {"summary", "Summary", summary_section},
    {"tables", "Paper tables", paper_tables_section},
    {"order", "Order of execution", order_section},
    {"sequences", "Sequences", sequences_section},
    {"families", "Families", families_section},
    {"credentials", "Credentials", credentials_section},
    {"sources", "Sources", sources_section},
    {"indicators", "Indicators", indicators_section},
    {"transitions", "Transitions", transitions_section},
    {"more-intel", "More intel", other_intel_section},
    {"time", "Time", time_section},
}};
constexpr Section kReproduce{"reproduce", "Reproduce", reproduce_section};

}  // namespace

std::string render_html_report(const AnalyzeReport& report, bool paper) {
  const Page page{report, paper};
  std::vector<std::pair<const Section*, std::string>> bodies;
  for (const Section& section : kSections) {
    std::string body = section.render(page);
    if (!body.empty()) bodies.emplace_back(&section, std::move(body));
  }
  bodies.emplace_back(&kReproduce, kReproduce.render(page));

  const Totals& t = report.totals;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src " + html_script_csp_hash() + "; img-src data:; base-uri 'none'; form-action 'none'\">"
      "<meta name=\"generator\" content=\"busytrap " BUSYTRAP_VERSION "\">"
      "<title>busytrap analyze: " + with_thousands(t.records) + " records, " + with_thousands(t.sessions) +
      " sessions</title><style>" + std::string(html_stylesheet()) + "</style></head><body>";
  out += "<header class=\"top\"><div class=\"wrap\"><h1>busytrap analyze</h1><p>" +
         with_thousands(report.pipeline.inputs.size()) + " input(s) · " + with_thousands(t.bytes) + " bytes · " +
         with_thousands(t.records) + " records · " + with_thousands(t.sessions) + " sessions";
  if (report.intel.selection.any()) {
    std::string names = intel::intel_selection_names(report.intel.selection);
    std::replace(names.begin(), names.end(), ',', ' ');
    out += " · intel: " + html_escape(names);
  }
  out += "</p></div></header><nav><div class=\"wrap\">";
  for (const auto& [section, body] : bodies) {
    out += "<a href=\"#" + std::string(section->id) + "\">" + html_escape(section->title) + "</a>";
  }
  out += "</div></nav><main class=\"wrap\">";
  for (const auto& [section, body] : bodies) {
    out += "<section id=\"" + std::string(section->id) + "\"><h2>" + html_escape(section->title) + "</h2>" + body +
           "</section>";
  }
  out += "</main><footer><div class=\"wrap\">Generated by busytrap " BUSYTRAP_VERSION " in " +
         fixed(report.pipeline.seconds, "%.2f") +
         " s. Self-contained: this page loads nothing from anywhere. Strings from the logs are shown with"
         " control bytes and invalid UTF-8 as \\xHH.</div></footer><script>" +
         std::string(html_script_source()) + "</script></body></html>\n";
  return out;
}

}  // namespace busytrap::analyze
