// The credentials analysis: login attempts from Cowrie JSON and text logs, counted per session
// with the protocol and time filters, matched against the Mirai table; the same figures whatever
// the chunk size.
#include <gtest/gtest.h>

#include "core/data_directory.h"
#include "analyze/cowrie_text_reader.h"
#include "analyze/intel/credential_table.h"
#include "analyze/report/intel_report.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

using testing::TempDir;

std::string connect(const std::string& session, const std::string& ip, const std::string& protocol,
                    const std::string& ts) {
  return R"({"eventid":"cowrie.session.connect","src_ip":")" + ip + R"(","session":")" + session +
         R"(","protocol":")" + protocol + R"(","timestamp":")" + ts + "\"}\n";
}
std::string login(const std::string& session, const std::string& user, const std::string& pass, bool ok,
                  const std::string& ts) {
  return std::string(R"({"eventid":"cowrie.login.)") + (ok ? "success" : "failed") + R"(","username":")" + user +
         R"(","password":")" + pass + R"(","session":")" + session + R"(","timestamp":")" + ts + "\"}\n";
}
std::string closed(const std::string& session, const std::string& ts) {
  return R"({"eventid":"cowrie.session.closed","session":")" + session + R"(","timestamp":")" + ts + "\"}\n";
}

intel::CredentialTable mirai_table() {
  intel::CredentialTable table;
  std::string error;
  EXPECT_TRUE(table.load(core::data_directory() + "/credentials/mirai.txt", error)) << error;
  return table;
}

std::map<std::string, std::uint64_t> figures(const IntelReport& report) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& f : report.figures) out[f.id] = f.value;
  return out;
}
const RankedTable& table(const IntelReport& report, const std::string& id) {
  for (const auto& t : report.tables) {
    if (t.id == id) return t;
  }
  throw std::runtime_error("no table " + id);
}

IntelReport intel_of(const std::string& path, AnalysisOptions options) {
  Analysis analysis(options);
  PipelineReport pipeline;
  std::string error;
  AnalyzePipeline runner(options);
  EXPECT_TRUE(runner.run({path}, analysis, pipeline, error)) << error;
  return build_intel_report(analysis.intel(), mirai_table(), 0);
}

std::string brute_force_log() {
  return connect("t1", "10.0.0.1", "telnet", "2024-01-01T00:00:00Z") +
         login("t1", "root", "root", false, "2024-01-01T00:00:01Z") +
         login("t1", "root", "xc3511", false, "2024-01-01T00:00:02Z") +
         login("t1", "admin", "admin", true, "2024-01-01T00:00:03Z") + closed("t1", "2024-01-01T00:00:04Z") +
         connect("s1", "10.0.0.2", "ssh", "2024-01-01T00:01:00Z") +
         login("s1", "root", "hunter2", true, "2024-01-01T00:01:01Z") + closed("s1", "2024-01-01T00:01:02Z") +
         connect("t2", "10.0.0.3", "telnet", "2024-01-03T00:00:00Z") +
         login("t2", "root", "xc3511", true, "2024-01-03T00:00:01Z") + closed("t2", "2024-01-03T00:00:02Z");
}

TEST(IntelCredentials, CountsAttemptsPairsSuccessesAndMiraiMatches) {
  TempDir dir;
  AnalysisOptions options;
  options.intel.credentials = true;
  const IntelReport report = intel_of(dir.file("c.json", brute_force_log()), options);
  const auto f = figures(report);
  EXPECT_EQ(f.at("login_attempts"), 5u);
  EXPECT_EQ(f.at("login_successes"), 3u);
  EXPECT_EQ(f.at("login_failures"), 2u);
  EXPECT_EQ(f.at("login_success_permille"), 600u);
  EXPECT_EQ(f.at("distinct_pairs"), 4u);
  EXPECT_EQ(f.at("mirai_pairs_seen"), 3u);  // root:root, root:xc3511, admin:admin; not root:hunter2
  EXPECT_EQ(f.at("mirai_attempts"), 4u);
  EXPECT_EQ(testing::as_map(table(report, "credentials_usernames")),
            (std::map<std::string, std::uint64_t>{{"root", 4}, {"admin", 1}}));
  const auto pairs = testing::as_map(table(report, "credentials_pairs"));
  EXPECT_EQ(pairs.at("root:xc3511"), 2u);
  EXPECT_EQ(table(report, "credentials_pairs").rows.front().key, "root:xc3511");
  EXPECT_EQ(testing::as_map(table(report, "credentials_successful_pairs")),
            (std::map<std::string, std::uint64_t>{{"admin:admin", 1}, {"root:hunter2", 1}, {"root:xc3511", 1}}));
  EXPECT_EQ(report.tables.size(), 5u);  // sources were not asked for
}

// Records how many login attempts each finalised session hands its observers.
class LoginReader final : public SessionObserver {
 public:
  explicit LoginReader(bool reads) : reads_(reads) {}
  void session_finished(const Analysis&, const FinishedSession& session) override {
    logins.push_back(session.facts->logins.size());
  }
  bool reads_logins() const noexcept override { return reads_; }
  std::vector<std::size_t> logins;

 private:
  bool reads_;
};

TEST(IntelCredentials, SameCountsAndPerSessionLimitWhetherCountedWhenMergedOrAtTheSessionsEnd) {
  TempDir dir;
  std::string log = connect("t1", "10.0.0.1", "telnet", "2024-01-01T00:00:00Z");
  const std::size_t attempts = intel::kMaxPendingLogins + 5;
  for (std::size_t i = 0; i < attempts; ++i) log += login("t1", "root", "p" + std::to_string(i % 7), i % 3 == 0, "2024-01-01T00:00:01Z");
  log += closed("t1", "2024-01-01T00:00:02Z") + brute_force_log();
  const std::string path = dir.file("many.json", log);
  for (const bool reads : {false, true}) {
    for (const ProtocolFilter filter : {ProtocolFilter::All, ProtocolFilter::Telnet}) {
      for (const std::size_t chunk : {std::size_t{8} << 20, std::size_t{3000}}) {
        AnalysisOptions options;
        options.intel.credentials = true;
        options.protocol = filter;
        options.chunk_bytes = chunk;
        Analysis analysis(options);
        LoginReader reader(reads);
        analysis.add_observer(&reader);
        PipelineReport pipeline;
        std::string error;
        ASSERT_TRUE(AnalyzePipeline(options).run({path}, analysis, pipeline, error)) << error;
        const auto f = figures(build_intel_report(analysis.intel(), mirai_table(), 0));
        const std::uint64_t others = filter == ProtocolFilter::All ? 5 : 4;  // the ssh session's one
        EXPECT_EQ(f.at("login_attempts"), intel::kMaxPendingLogins + others) << reads << chunk;
        EXPECT_EQ(f.at("logins_dropped"), 5u);
        EXPECT_EQ(f.at("login_successes"), (intel::kMaxPendingLogins + 2) / 3 + (filter == ProtocolFilter::All ? 3 : 2));
        ASSERT_FALSE(reader.logins.empty());
        // An observer that reads the logins gets them; otherwise they were counted when merged.
        const bool listed = reads || filter != ProtocolFilter::All;
        EXPECT_EQ(reader.logins.front(), listed ? intel::kMaxPendingLogins : 0u);
      }
    }
  }
}

TEST(IntelCredentials, ProtocolAndTimeFiltersApply) {
  TempDir dir;
  const std::string path = dir.file("c.json", brute_force_log());
  AnalysisOptions telnet;
  telnet.intel.credentials = true;
  telnet.protocol = ProtocolFilter::Telnet;
  EXPECT_EQ(figures(intel_of(path, telnet)).at("login_attempts"), 4u);  // the ssh session's login is out
  AnalysisOptions day2;
  day2.intel.credentials = true;
  day2.since = *core::parse_iso8601("2024-01-02");
  EXPECT_EQ(figures(intel_of(path, day2)).at("login_attempts"), 1u);
}

TEST(IntelCredentials, SameFiguresForTinyChunksAndForTheTextLog) {
  TempDir dir;
  const std::string json = dir.file("c.json", brute_force_log());
  AnalysisOptions options;
  options.intel = intel::IntelSelection::all();
  const IntelReport whole = intel_of(json, options);
  AnalysisOptions tiny = options;
  tiny.chunk_bytes = 100;  // every session spans several chunks
  const IntelReport split = intel_of(json, tiny);
  EXPECT_EQ(figures(whole), figures(split));
  for (std::size_t i = 0; i < whole.tables.size(); ++i) {
    EXPECT_EQ(testing::as_map(whole.tables[i]), testing::as_map(split.tables[i])) << whole.tables[i].id;
  }
  const std::string text = dir.file(
      "cowrie.log",
      "2024-01-01T00:00:00.000000+0000 [cowrie.telnet.factory.HoneyPotTelnetFactory] New connection: 10.0.0.1:1 "
      "(10.9.9.9:23) [session: t1]\n"
      "2024-01-01T00:00:01.000000+0000 [CowrieTelnetTransport,0,10.0.0.1] login attempt [root/root] failed\n"
      "2024-01-01T00:00:02.000000+0000 [CowrieTelnetTransport,0,10.0.0.1] login attempt [root/xc3511] failed\n"
      "2024-01-01T00:00:03.000000+0000 [CowrieTelnetTransport,0,10.0.0.1] login attempt [admin/admin] succeeded\n"
      "2024-01-01T00:00:04.000000+0000 [CowrieTelnetTransport,0,10.0.0.1] Connection lost after 4 seconds\n");
  const auto f = figures(intel_of(text, options));
  EXPECT_EQ(f.at("login_attempts"), 3u);
  EXPECT_EQ(f.at("login_successes"), 1u);
  EXPECT_EQ(f.at("sessions_with_source"), 1u);
}

TEST(IntelCredentials, TextLoginMessages) {
  std::string_view user, pass;
  bool ok = false;
  ASSERT_TRUE(parse_login_attempt("login attempt [root/a/b] succeeded", user, pass, ok));
  EXPECT_EQ(user, "root");
  EXPECT_EQ(pass, "a/b");
  EXPECT_TRUE(ok);
  ASSERT_TRUE(parse_login_attempt("login attempt [admin/] failed", user, pass, ok));
  EXPECT_EQ(pass, "");
  EXPECT_FALSE(ok);
  ASSERT_TRUE(parse_login_attempt("login attempt [u/p] x] failed", user, pass, ok));  // ']' inside the password
  EXPECT_EQ(pass, "p] x");
  EXPECT_FALSE(parse_login_attempt("login attempt [nouser] failed", user, pass, ok));
  EXPECT_FALSE(parse_login_attempt("login attempt [u/p] maybe", user, pass, ok));
  EXPECT_FALSE(parse_login_attempt("login attempt [u/p", user, pass, ok));
}

TEST(IntelCredentials, CredentialTableFormat) {
  intel::CredentialTable table;
  table.parse("# comment\r\nroot:xc3511\r\n\nadmin:\nnocolon\nuser:pa:ss\n");
  EXPECT_EQ(table.size(), 3u);
  EXPECT_TRUE(table.contains("root", "xc3511"));
  EXPECT_TRUE(table.contains("admin", ""));
  EXPECT_TRUE(table.contains("user", "pa:ss"));
  EXPECT_FALSE(table.contains("nocolon", ""));
  EXPECT_EQ(mirai_table().size(), 61u);  // 62 entries, guest:12345 twice
}

}  // namespace
}  // namespace busytrap::analyze
