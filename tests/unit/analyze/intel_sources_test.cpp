// The sources analysis: sessions per source address and network, repeat visitors by sessions
// and by days, counted only for sessions that pass the filters.
#include <gtest/gtest.h>

#include "analyze/report/intel_report.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

using testing::TempDir;

std::string visit(const std::string& session, const std::string& ip, const std::string& day) {
  return R"({"eventid":"cowrie.session.connect","src_ip":")" + ip + R"(","session":")" + session +
         R"(","protocol":"telnet","timestamp":")" + day + R"(T10:00:00Z"})" + "\n" +
         R"({"eventid":"cowrie.session.closed","src_ip":")" + ip + R"(","session":")" + session +
         R"(","timestamp":")" + day + R"(T10:00:05Z"})" + "\n";
}

// The intel report of `path` with only the sources analysis on.
IntelReport sources_report(const std::string& path, std::size_t rows = 0) {
  AnalysisOptions options;
  options.intel.sources = true;
  Analysis analysis(options);
  PipelineReport pipeline;
  std::string error;
  if (!AnalyzePipeline(options).run({path}, analysis, pipeline, error)) throw std::runtime_error(error);
  return build_intel_report(analysis.intel(), intel::CredentialTable{}, rows);
}

std::map<std::string, std::uint64_t> figures_of(const IntelReport& report) {
  std::map<std::string, std::uint64_t> figures;
  for (const auto& figure : report.figures) figures[figure.id] = figure.value;
  return figures;
}

TEST(IntelSources, AddressesNetworksAndRepeatVisitors) {
  TempDir dir;
  const std::string path = dir.file(
      "s.json", visit("a", "192.0.2.7", "2024-03-01") + visit("b", "192.0.2.7", "2024-03-01") +
                    visit("c", "192.0.2.9", "2024-03-01") + visit("d", "192.0.2.7", "2024-03-02") +
                    visit("e", "198.51.100.1", "2024-03-05") + visit("f", "2001:db8:1:2::5", "2024-03-05") +
                    R"({"eventid":"cowrie.session.connect","session":"g","timestamp":"2024-03-05T00:00:00Z"})" "\n");
  const IntelReport report = sources_report(path);
  const std::map<std::string, std::uint64_t> f = figures_of(report);
  EXPECT_EQ(f.at("sessions_with_source"), 6u);
  EXPECT_EQ(f.at("sessions_without_source"), 1u);
  EXPECT_EQ(f.at("distinct_source_ips"), 4u);
  EXPECT_EQ(f.at("distinct_source_networks"), 3u);
  EXPECT_EQ(f.at("ips_with_several_sessions"), 1u);
  EXPECT_EQ(f.at("ips_on_several_days"), 1u);
  ASSERT_EQ(report.tables.size(), 3u);
  EXPECT_EQ(report.tables[0].rows.front().key, "192.0.2.7");
  EXPECT_EQ(report.tables[0].rows.front().count, 3u);
  EXPECT_EQ(testing::as_map(report.tables[1]),
            (std::map<std::string, std::uint64_t>{{"192.0.2.0/24", 4}, {"198.51.100.0/24", 1}, {"2001:db8:1::/48", 1}}));
  EXPECT_EQ(testing::as_map(report.tables[2]), (std::map<std::string, std::uint64_t>{{"192.0.2.7", 2}}));
}

// A hostile src_ip that is not an address is its own network row; when its text reads like an
// IPv4 /24 it is the same row as that /24's addresses (one row, sessions summed), and the /24s
// sort and count as text.
TEST(IntelSources, NonAddressSourceReadingLikeANetworkJoinsIt) {
  TempDir dir;
  const std::string path =
      dir.file("s.json", visit("a", "10.1.2.3", "2024-03-01") + visit("b", "10.1.2.0/24", "2024-03-01") +
                             visit("c", "9.9.9.9", "2024-03-01") + visit("d", "10.1.2.200", "2024-03-01") +
                             visit("e", "not-an-ip", "2024-03-01") + visit("f", "100.1.2.3", "2024-03-01"));
  const IntelReport report = sources_report(path);
  const std::map<std::string, std::uint64_t> f = figures_of(report);
  EXPECT_EQ(f.at("distinct_source_ips"), 6u);
  EXPECT_EQ(f.at("distinct_source_networks"), 4u);
  ASSERT_EQ(report.tables.size(), 3u);
  EXPECT_EQ(testing::as_map(report.tables[1]),
            (std::map<std::string, std::uint64_t>{
                {"10.1.2.0/24", 3}, {"9.9.9.0/24", 1}, {"100.1.2.0/24", 1}, {"not-an-ip", 1}}));
  // Ranked by sessions, ties by text: "10..." < "100..." < "9..." < "not-an-ip".
  ASSERT_EQ(report.tables[1].rows.size(), 4u);
  EXPECT_EQ(report.tables[1].rows[0].key, "10.1.2.0/24");
  EXPECT_EQ(report.tables[1].rows[1].key, "100.1.2.0/24");
  EXPECT_EQ(report.tables[1].rows[2].key, "9.9.9.0/24");
  EXPECT_EQ(report.tables[1].rows[3].key, "not-an-ip");
}

// With a row limit only the candidates that can be shown are ranked; the rows, ties (by text)
// and distinct counts are those of the unlimited table cut at the limit, with and without a
// non-address source that reads like a /24.
TEST(IntelSources, TopRowsAndDistinctCountsMatchTheWholeTable) {
  TempDir dir;
  std::string log;
  int n = 0;
  const auto sessions = [&](const std::string& ip, int count) {
    for (int i = 0; i < count; ++i) log += visit("s" + std::to_string(n++), ip, "2024-03-01");
  };
  sessions("203.0.113.9", 3);
  sessions("198.51.100.20", 2);
  sessions("192.0.2.30", 2);
  sessions("198.51.100.4", 2);
  for (int i = 0; i < 20; ++i) sessions("10.0." + std::to_string(i) + ".1", 1);
  const std::string plain = dir.file("plain.json", log);
  sessions("10.0.7.0/24", 1);
  const std::string lookalike = dir.file("lookalike.json", log);
  for (const std::string& path : {plain, lookalike}) {
    const IntelReport whole = sources_report(path);
    for (const std::size_t rows : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{5}}) {
      const IntelReport top = sources_report(path, rows);
      EXPECT_EQ(figures_of(top), figures_of(whole));
      ASSERT_EQ(top.tables.size(), whole.tables.size());
      for (std::size_t t = 0; t < top.tables.size(); ++t) {
        EXPECT_EQ(top.tables[t].distinct, whole.tables[t].distinct) << top.tables[t].id;
        ASSERT_EQ(top.tables[t].rows.size(), std::min(rows, whole.tables[t].rows.size())) << top.tables[t].id;
        for (std::size_t r = 0; r < top.tables[t].rows.size(); ++r) {
          EXPECT_EQ(top.tables[t].rows[r].key, whole.tables[t].rows[r].key) << top.tables[t].id << r;
          EXPECT_EQ(top.tables[t].rows[r].count, whole.tables[t].rows[r].count);
        }
      }
    }
  }
  const IntelReport top2 = sources_report(plain, 2);
  EXPECT_EQ(top2.tables[0].rows[1].key, "192.0.2.30");  // 2 sessions, first by text
  EXPECT_EQ(top2.tables[1].rows[0].key, "198.51.100.0/24");
  EXPECT_EQ(top2.tables[1].distinct, 23u);
  // 4, 3, then the joined 10.0.7.0/24 (1 + 1 sessions) before 192.0.2.0/24 by text.
  EXPECT_EQ(sources_report(lookalike, 3).tables[1].rows[2].key, "10.0.7.0/24");
}

TEST(IntelSources, NetworkOfAddress) {
  EXPECT_EQ(network_of("10.1.2.3"), "10.1.2.0/24");
  EXPECT_EQ(network_of("2001:db8:aa:bb::1"), "2001:db8:aa::/48");
  EXPECT_EQ(network_of("not an address"), "");
  EXPECT_EQ(network_of("10.1.2.3.4"), "");
  EXPECT_EQ(network_of(std::string(200, '1')), "");
}

TEST(IntelSources, OffByDefaultAndPaperTablesUnchanged) {
  const std::string sample = testing::real_sample();
  AnalysisOptions plain;
  AnalysisOptions with = plain;
  with.intel = intel::IntelSelection::all();
  const AnalyzeReport a = testing::analyze_paths({sample}, plain);
  const AnalyzeReport b = testing::analyze_paths({sample}, with);
  EXPECT_EQ(testing::as_map(a.command_lines), testing::as_map(b.command_lines));
  EXPECT_EQ(testing::as_map(a.program_names), testing::as_map(b.program_names));
  EXPECT_EQ(testing::as_map(a.sequences), testing::as_map(b.sequences));
  EXPECT_EQ(a.totals.sessions, b.totals.sessions);
  EXPECT_EQ(a.totals.events, b.totals.events);
  EXPECT_FALSE(a.intel.selection.any());
}

}  // namespace
}  // namespace busytrap::analyze
