// Log readers and the pipeline on hostile and awkward input: every format, gzip, chunk
// boundaries, several files, truncated/binary/huge/empty/non-UTF-8 input.
#include <gtest/gtest.h>

#include "analyze/input_source.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

using testing::analyze_paths;
using testing::as_map;
using testing::cowrie_command;
using testing::gzip_bytes;
using testing::TempDir;
using Counts = std::map<std::string, std::uint64_t>;

TEST(Readers, CowrieJsonVersionsAndProtocols) {
  TempDir dir;
  // 2017-era: no protocol field, the system field names the transport; duration in seconds.
  const std::string log =
      R"({"eventid":"cowrie.session.connect","session":"a1","timestamp":"2017-09-01T00:00:00.000000Z","system":"cowrie.telnet.transport.HoneyPotTelnetFactory","src_ip":"1.2.3.4"})" "\n"
      R"({"eventid":"cowrie.command.input","input":"enable","session":"a1","timestamp":"2017-09-01T00:00:01Z","system":"CowrieTelnetTransport,1,1.2.3.4"})" "\n"
      R"({"eventid":"cowrie.session.closed","duration":"3.2","session":"a1","timestamp":"2017-09-01T00:00:03Z"})" "\n"
      R"({"eventid":"cowrie.session.connect","session":"b2","protocol":"ssh","timestamp":"2019-01-01T00:00:00Z"})" "\n"
      R"({"eventid":"cowrie.command.input","input":"uname -a","session":"b2","timestamp":"2019-01-01T00:00:01Z"})" "\n"
      R"({"eventid":"cowrie.session.closed","duration_ms":1200,"session":"b2","timestamp":"2019-01-01T00:00:02Z"})" "\n";
  const std::string path = dir.file("cowrie.json", log);
  AnalysisOptions telnet;
  telnet.protocol = ProtocolFilter::Telnet;
  AnalyzeReport r = analyze_paths({path}, telnet);
  EXPECT_EQ(as_map(r.command_lines), (Counts{{"enable", 1}}));
  AnalysisOptions ssh;
  ssh.protocol = ProtocolFilter::Ssh;
  r = analyze_paths({path}, ssh);
  EXPECT_EQ(as_map(r.command_lines), (Counts{{"uname -a", 1}}));
}

TEST(Readers, SensorFilterKeepsOneSensorsEvents) {
  TempDir dir;
  std::string log;
  log += R"({"eventid":"cowrie.command.input","input":"enable","session":"a","sensor":"dvr-tokyo"})" "\n";
  log += R"({"eventid":"cowrie.command.input","input":"shell","session":"b","sensor":"router-osaka"})" "\n";
  log += R"({"eventid":"cowrie.command.input","input":"sh","session":"c"})" "\n";
  AnalysisOptions options;
  options.sensor = "dvr-tokyo";
  const AnalyzeReport r = analyze_paths({dir.file("sensors.json", log)}, options);
  EXPECT_EQ(as_map(r.command_lines), (Counts{{"enable", 1}}));
  EXPECT_EQ(r.totals.sessions, 1u);
}

TEST(Readers, BadLinesAreSkippedCountedAndLocated) {
  TempDir dir;
  std::string log = cowrie_command("s1", "2017-09-01T00:00:00Z", "\"sh\"");
  log += "{\"eventid\":\"cowrie.command.input\",\"input\":\"trunc\n";  // line 2: truncated
  log += "not json at all\n";                                             // line 3
  log += "[1,2,3]\n";                                                     // line 4
  log += "{\"input\":\"x\"}\n";                                           // line 5: no eventid
  log += std::string("\x7f\x45\x4c\x46\x01\x00\x00\xff\xfe", 9) + "\n";  // line 6: binary
  log += cowrie_command("s1", "2017-09-01T00:00:01Z", "\"wget x\"");
  log += "{\"eventid\":\"cowrie.command.input\",\"input\":\"rm -rf";  // last line cut while written
  const std::string path = dir.file("bad.json", log);
  const AnalyzeReport r = analyze_paths({path});
  EXPECT_EQ(r.totals.records, 2u);
  EXPECT_EQ(r.totals.skipped_lines, 6u);
  ASSERT_GE(r.skipped_examples.size(), 6u);
  EXPECT_EQ(r.skipped_examples[0].line, 2u);
  EXPECT_EQ(r.skipped_examples[1].line, 3u);
  EXPECT_EQ(r.skipped_examples[5].line, 8u);
  EXPECT_EQ(as_map(r.command_lines), (Counts{{"sh", 1}, {"wget x", 1}}));
}

TEST(Readers, NonUtf8BytesArePreservedNotSkipped) {
  TempDir dir;
  // A raw invalid byte (simdjson rejects the line) and a surrogate escape of byte 0xff.
  std::string log = "{\"eventid\":\"cowrie.command.input\",\"input\":\"echo \xff\xfe\",\"session\":\"s\"}\n";
  log += "{\"eventid\":\"cowrie.command.input\",\"input\":\"echo \\udcff\\udcfe\",\"session\":\"s\"}\n";
  log += "{\"eventid\":\"cowrie.command.input\",\"input\":\"echo caf\xc3\xa9\",\"session\":\"s\"}\n";
  const AnalyzeReport r = analyze_paths({dir.file("utf.json", log)});
  EXPECT_EQ(r.totals.skipped_lines, 0u);
  EXPECT_EQ(as_map(r.command_lines), (Counts{{"echo \xff\xfe", 2}, {"echo caf\xc3\xa9", 1}}));
}

TEST(Readers, HugeLineIsSkippedWithoutStoppingTheRun) {
  TempDir dir;
  std::string log = cowrie_command("s", "2017-09-01T00:00:00Z", "\"enable\"");
  log += "{\"eventid\":\"cowrie.command.input\",\"input\":\"" + std::string(100u << 20, 'A') + "\"}\n";
  log += cowrie_command("s", "2017-09-01T00:00:02Z", "\"shell\"");
  const std::string plain = dir.file("huge.json", log);
  const std::string gz = dir.file("huge.json.gz", gzip_bytes(log));
  for (const auto& path : {plain, gz}) {
    const AnalyzeReport r = analyze_paths({path});
    EXPECT_EQ(r.totals.skipped_lines, 1u) << path;
    EXPECT_EQ(r.totals.lines, 3u) << path;
    EXPECT_EQ(as_map(r.command_lines), (Counts{{"enable", 1}, {"shell", 1}})) << path;
  }
}

TEST(Readers, EmptyAndBinaryInputsAreNotedNotFatal) {
  TempDir dir;
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary.push_back(static_cast<char>(i % 7 == 0 ? 0 : (i * 37) & 0xff));
  const AnalyzeReport r = analyze_paths({dir.file("empty.json", ""), dir.file("blank.json", "\n\n  \n"),
                                         dir.file("junk.bin", binary)});
  ASSERT_EQ(r.pipeline.inputs.size(), 3u);
  EXPECT_TRUE(r.pipeline.inputs[0].empty);
  EXPECT_TRUE(r.pipeline.inputs[1].empty);
  EXPECT_TRUE(r.pipeline.inputs[2].binary);
  EXPECT_EQ(r.totals.records, 0u);
}

TEST(Readers, MissingFileIsAnError) {
  AnalysisOptions options;
  Analysis analysis(options);
  PipelineReport pipeline;
  std::string error;
  AnalyzePipeline runner(options);
  EXPECT_FALSE(runner.run({"/nonexistent/cowrie.json"}, analysis, pipeline, error));
  EXPECT_NE(error.find("/nonexistent/cowrie.json"), std::string::npos);
}

TEST(Readers, CowrieTextLogSessionsAndContinuations) {
  TempDir dir;
  const std::string log =
      "2017-10-07T14:53:57+0000 [cowrie.telnet.transport.HoneyPotTelnetFactory] New connection: 1.2.3.4:55452 (10.3.66.85:2223) [session: TT1]\n"
      "2017-10-07T14:53:58+0000 [CowrieTelnetTransport,1,1.2.3.4] login attempt [root/anko] succeeded\n"
      "2017-10-07T14:53:59+0000 [CowrieTelnetTransport,1,1.2.3.4] CMD: enable\n"
      "2017-10-07T14:54:00+0000 [CowrieTelnetTransport,1,1.2.3.4] CMD: echo 'a\n"
      "\tb'; sh\n"
      "2017-10-07T14:54:01+0000 [HoneyPotSSHTransport,2,5.6.7.8] CMD: uname\n"
      "2017-10-07T14:54:15+0000 [CowrieTelnetTransport,1,1.2.3.4] Connection lost after 18 seconds\n"
      "garbage without a timestamp\n"
      "2017-10-07T15:00:00+0000 [CowrieTelnetTransport,1,1.2.3.4] CMD: shell\n";  // a reused key: new session
  const AnalyzeReport r = analyze_paths({dir.file("cowrie.log", log)});
  EXPECT_EQ(r.totals.records, 4u);
  EXPECT_EQ(r.totals.skipped_lines, 1u);
  EXPECT_EQ(r.totals.sessions, 3u);
  EXPECT_EQ(r.totals.sessions_telnet, 2u);
  EXPECT_EQ(r.totals.sessions_ssh, 1u);
  EXPECT_EQ(as_map(r.command_lines),
            (Counts{{"enable", 1}, {"echo 'a\nb'", 1}, {"sh", 1}, {"uname", 1}, {"shell", 1}}));
  const std::string a = "\u21d2";
  EXPECT_EQ(as_map(r.sequences), (Counts{{"enable" + a + "echo" + a + "sh", 1}, {"uname", 1}, {"shell", 1}}));
}

// Every chunk size gives the same tables: continuation lines stay with their CMD line however
// the chunks fall, the last-timestamp cache carries nothing wrong across chunks or seconds, and
// lines without a bracket, with CRLF ends or with stray TAB lines are handled alike.
TEST(Readers, CowrieTextLogIsTheSameInAnyChunking) {
  TempDir dir;
  std::string log;
  for (int s = 0; s < 30; ++s) {
    const std::string key = "[CowrieTelnetTransport," + std::to_string(s) + ",10.0.0." + std::to_string(s) + "]";
    const std::string second = std::to_string(10 + s % 3);
    log += "2017-10-07T14:53:" + second + "+0000 " + key + " CMD: echo 'a\r\n\tb\r\n\tc'; sh\n";
    log += "2017-10-07T14:53:" + second + "+0000 " + key + " CMD: enable\n";
    log += "2017-10-07T14:53:" + second + ".5+0000 no bracket at all\n\tstray continuation\n";
    log += "2017-10-07T14:54:" + second + "+0000 " + key + " CMD: /bin/busybox X" + std::to_string(s % 4) + "\n";
    log += "2017-10-07T14:54:" + second + "+0000 " + key + " Connection lost after 3 seconds\n";
  }
  const std::string path = dir.file("cowrie.log", log);
  const AnalyzeReport whole = analyze_paths({path});
  EXPECT_EQ(whole.totals.records, 90u);
  EXPECT_EQ(whole.totals.sessions, 30u);
  EXPECT_EQ(whole.totals.skipped_lines, 30u);
  EXPECT_EQ(as_map(whole.command_lines).at("echo 'a\nb\nc'"), 30u);
  const std::string a = "\u21d2";
  EXPECT_EQ(as_map(whole.sequences).at("echo" + a + "sh" + a + "enable" + a + "/bin/busybox X0"), 8u);
  for (const std::size_t chunk_bytes : {1u, 37u, 100u, 333u, 4096u}) {
    AnalysisOptions options;
    options.chunk_bytes = chunk_bytes;
    options.threads = 2;
    const AnalyzeReport chunked = analyze_paths({path}, options);
    EXPECT_EQ(as_map(chunked.command_lines), as_map(whole.command_lines)) << chunk_bytes;
    EXPECT_EQ(as_map(chunked.sequences), as_map(whole.sequences)) << chunk_bytes;
    EXPECT_EQ(chunked.totals.records, whole.totals.records) << chunk_bytes;
    EXPECT_EQ(chunked.totals.skipped_lines, whole.totals.skipped_lines) << chunk_bytes;
    EXPECT_EQ(chunked.totals.lines, whole.totals.lines) << chunk_bytes;
  }
}

// Table 3 excludes busybox rows even when the applet is a path to a Linux program.
TEST(Readers, BusyboxRowsWithPathAppletsAreNotLinuxPrograms) {
  TempDir dir;
  const AnalyzeReport r =
      analyze_paths({dir.file("p.txt", "busybox /bin/sh\n/bin/busybox /usr/bin/wget x\n/bin/sh -c x\nbusybox\n")});
  EXPECT_EQ(as_map(r.linux_programs), (Counts{{"/bin/sh", 1}}));
  EXPECT_EQ(as_map(r.program_names)["busybox /bin/sh"], 1u);
}

TEST(Readers, PlainTextHasRecordsButNoSessions) {
  TempDir dir;
  const AnalyzeReport r = analyze_paths({dir.file("cmds.txt", "enable\nsystem\n\n/bin/busybox ECCHI; sh\n")});
  EXPECT_EQ(r.pipeline.inputs[0].format, InputFormat::Plain);
  EXPECT_EQ(r.totals.records, 3u);
  EXPECT_EQ(r.totals.records_without_session, 3u);
  EXPECT_EQ(r.totals.sessions, 0u);
  EXPECT_EQ(as_map(r.program_names), (Counts{{"enable", 1}, {"system", 1}, {"/bin/busybox ECCHI", 1}, {"sh", 1}}));
}

// Sessions interleaved and spread over many tiny chunks and two files give the same tables as
// one big chunk: per-session order survives chunk and file boundaries.
TEST(Pipeline, ChunkBoundariesAndFileOrderKeepSessionOrder) {
  TempDir dir;
  std::string day1, day2;
  for (int s = 0; s < 40; ++s) {
    const std::string id = "sess" + std::to_string(s);
    day1 += R"({"eventid":"cowrie.session.connect","protocol":"telnet","session":")" + id +
            R"(","timestamp":"2017-09-01T00:00:00Z"})" "\n";
    day1 += cowrie_command(id, "2017-09-01T00:00:01Z", s % 2 ? "\"enable\"" : "\"shell\"");
    day1 += cowrie_command(id, "2017-09-01T00:00:02Z", "\"system\"");
    day2 += cowrie_command(id, "2017-09-02T00:00:03Z", "\"sh; /bin/busybox MIRAI\"");
    day2 += R"({"eventid":"cowrie.session.closed","session":")" + id + R"(","timestamp":"2017-09-02T00:00:04Z"})" "\n";
  }
  // Named so that name order is the wrong order; the pipeline must read by first timestamp.
  const std::string second = dir.file("a-second.json", day2);
  const std::string first = dir.file("b-first.json.gz", gzip_bytes(day1));
  AnalysisOptions tiny;
  tiny.chunk_bytes = 100;
  tiny.threads = 2;
  const AnalyzeReport small_chunks = analyze_paths({second, first}, tiny);
  const std::string a = "\u21d2";
  const Counts expected = {{"enable" + a + "system" + a + "sh" + a + "/bin/busybox MIRAI", 20},
                           {"shell" + a + "system" + a + "sh" + a + "/bin/busybox MIRAI", 20}};
  EXPECT_EQ(as_map(small_chunks.sequences), expected);
  EXPECT_EQ(small_chunks.totals.sessions, 40u);
  EXPECT_EQ(small_chunks.pipeline.inputs[0].name, first);
  const AnalyzeReport one_chunk = analyze_paths({dir.path()});
  EXPECT_EQ(as_map(one_chunk.sequences), expected);
  EXPECT_EQ(as_map(one_chunk.command_lines), as_map(small_chunks.command_lines));
}

TEST(Pipeline, TimestampsOrderRecordsWithinASession) {
  TempDir dir;
  std::string log = cowrie_command("s", "2017-09-01T00:00:02Z", "\"second\"");
  log += cowrie_command("s", "2017-09-01T00:00:01Z", "\"first\"");
  log += cowrie_command("s", "2017-09-01T00:00:02Z", "\"third\"");  // tie: input order
  const AnalyzeReport r = analyze_paths({dir.file("o.json", log)});
  const std::string a = "\u21d2";
  EXPECT_EQ(as_map(r.sequences), (Counts{{"first" + a + "second" + a + "third", 1}}));
}

TEST(InputSource, TruncatedGzipKeepsWhatWasRead) {
  TempDir dir;
  std::string log;
  for (int i = 0; i < 20000; ++i) log += cowrie_command("s" + std::to_string(i), "2017-09-01T00:00:00Z", "\"sh\"");
  std::string gz = gzip_bytes(log);
  gz.resize(gz.size() / 2);
  const AnalyzeReport r = analyze_paths({dir.file("cut.json.gz", gz)});
  EXPECT_GT(r.totals.records, 1000u);
  EXPECT_LT(r.totals.records, 20000u);
  EXPECT_NE(r.pipeline.inputs[0].warning.find("truncated"), std::string::npos);
}

TEST(InputSource, ChunkCutsRespectTextContinuations) {
  const std::string text = "a\nb\n\tc\nd\n";
  EXPECT_EQ(find_chunk_cut(text, 4, true, InputFormat::CowrieText), 2u);  // not before "\tc"
  EXPECT_EQ(find_chunk_cut(text, 4, true, InputFormat::CowrieJson), 4u);
  EXPECT_EQ(find_chunk_cut("abc", 1, false, InputFormat::Plain), 0u);
}

}  // namespace
}  // namespace busytrap::analyze
