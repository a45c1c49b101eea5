// Golden tables for the real Cowrie sample (../shared/data/real/honeylist-cowrie-2019-07-08.json).
// The expectations were worked out by hand from the definitions (docs/PAPER.md), not copied
// from the program's output. The sample has 20 command.input records in two Telnet sessions
// (08a27a5431bc, 8fcfcd2ebe34) that type the same ten records with different random tokens:
//   enable | system | shell | sh | cat /proc/mounts; /bin/busybox T |
//   cd /dev/shm; cat .s || cp /bin/echo .s; /bin/busybox T | tftp; wget; /bin/busybox T |
//   dd bs=52 count=1 if=.s || cat .s || while read i; do echo $i; done < .s |
//   /bin/busybox T | rm .s; exit
// Split on unquoted ';' that is 1+1+1+1+2+3+3+3+1+2 = 18 command lines per session.
#include <gtest/gtest.h>

#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

using testing::analyze_paths;
using testing::as_map;
using testing::real_sample;
using Counts = std::map<std::string, std::uint64_t>;

ReportLimits all_rows() {
  ReportLimits limits;
  limits.set_all(0);
  return limits;
}

TEST(RealSampleGolden, Totals) {
  const AnalyzeReport r = analyze_paths({real_sample()});
  EXPECT_EQ(r.totals.lines, 2000u);
  EXPECT_EQ(r.totals.skipped_lines, 0u);
  EXPECT_EQ(r.totals.records, 20u);
  EXPECT_EQ(r.totals.command_lines, 36u);
  EXPECT_EQ(r.totals.command_lines_with_program, 36u);
  EXPECT_EQ(r.totals.sessions, 325u);  // distinct session ids in the file
  EXPECT_EQ(r.totals.sessions_telnet, 7u);
  EXPECT_EQ(r.totals.sessions_ssh, 318u);
  EXPECT_EQ(r.totals.sessions_with_commands, 2u);
  EXPECT_EQ(r.totals.sessions_with_programs, 2u);
}

TEST(RealSampleGolden, Table1CommandLines) {
  const AnalyzeReport r = analyze_paths({real_sample()}, {}, all_rows());
  const Counts expected = {
      {"/bin/busybox QSDWQ", 4}, {"/bin/busybox ZYIWZ", 4},
      {"enable", 2}, {"system", 2}, {"shell", 2}, {"sh", 2}, {"cat /proc/mounts", 2}, {"cd /dev/shm", 2},
      {"cat .s || cp /bin/echo .s", 2}, {"tftp", 2}, {"wget", 2},
      {"dd bs=52 count=1 if=.s || cat .s || while read i", 2}, {"do echo $i", 2}, {"done < .s", 2},
      {"rm .s", 2}, {"exit", 2}};
  EXPECT_EQ(as_map(r.command_lines), expected);
  // Ranked by count, ties by bytes: the two token rows first, QSDWQ before ZYIWZ.
  EXPECT_EQ(r.command_lines.rows[0].key, "/bin/busybox QSDWQ");
  EXPECT_EQ(r.command_lines.rows[1].key, "/bin/busybox ZYIWZ");
  EXPECT_EQ(r.command_lines.rows[2].key, "cat .s || cp /bin/echo .s");
  EXPECT_DOUBLE_EQ(r.command_lines.rows[0].share, 4.0 / 36.0);
}

TEST(RealSampleGolden, Table2ProgramNames) {
  const AnalyzeReport r = analyze_paths({real_sample()}, {}, all_rows());
  const Counts expected = {{"/bin/busybox QSDWQ", 4}, {"/bin/busybox ZYIWZ", 4}, {"cat", 4}, {"enable", 2},
                           {"system", 2}, {"shell", 2}, {"sh", 2}, {"cd", 2}, {"tftp", 2}, {"wget", 2},
                           {"dd", 2}, {"do", 2}, {"done", 2}, {"rm", 2}, {"exit", 2}};
  EXPECT_EQ(as_map(r.program_names), expected);
}

TEST(RealSampleGolden, Table3LinuxPrograms) {
  // enable/system/shell: device CLI words; cd, exit: builtins typed bare; do, done: not programs.
  const AnalyzeReport r = analyze_paths({real_sample()}, {}, all_rows());
  const Counts expected = {{"cat", 4}, {"sh", 2}, {"tftp", 2}, {"wget", 2}, {"dd", 2}, {"rm", 2}};
  EXPECT_EQ(as_map(r.linux_programs), expected);
  EXPECT_EQ(r.linux_programs.rows[0].key, "cat");
}

TEST(RealSampleGolden, SessionSequences) {
  const AnalyzeReport r = analyze_paths({real_sample()}, {}, all_rows());
  ASSERT_EQ(r.paper_openings.rows.size(), 4u);
  EXPECT_EQ(r.paper_openings.rows[0].key, "enable\u21d2system\u21d2shell\u21d2sh");
  EXPECT_EQ(r.paper_openings.rows[0].count, 2u);
  EXPECT_EQ(r.paper_openings.rows[1].count, 0u);  // enable⇒shell⇒sh
  EXPECT_EQ(r.paper_openings.rows[3].count, 0u);  // shell⇒sh: these sessions start with enable
  ASSERT_EQ(r.openings.size(), 3u);
  EXPECT_EQ(as_map(r.openings[0]), (Counts{{"enable\u21d2system", 2}}));
  EXPECT_EQ(as_map(r.openings[2]), (Counts{{"enable\u21d2system\u21d2shell\u21d2sh", 2}}));
  const std::string a = "\u21d2";
  const std::string tail = a + "cd" + a + "cat" + a + "/bin/busybox T" + a + "tftp" + a + "wget" + a +
                           "/bin/busybox T" + a + "dd" + a + "do" + a + "done" + a + "/bin/busybox T" + a + "rm" +
                           a + "exit";
  auto sequence = [&](const std::string& token) {
    std::string s = "enable" + a + "system" + a + "shell" + a + "sh" + a + "cat" + a + "/bin/busybox T" + tail;
    for (std::size_t at = s.find("/bin/busybox T"); at != std::string::npos; at = s.find("/bin/busybox T", at + 1)) {
      s.replace(at, 14, "/bin/busybox " + token);
    }
    return s;
  };
  EXPECT_EQ(as_map(r.sequences), (Counts{{sequence("QSDWQ"), 1}, {sequence("ZYIWZ"), 1}}));
  ASSERT_EQ(r.tree.children.size(), 1u);
  EXPECT_EQ(r.tree.children[0].name, "enable");
  EXPECT_EQ(r.tree.children[0].children[0].children[0].children[0].name, "sh");
}

TEST(RealSampleGolden, FoldTokens) {
  AnalysisOptions options;
  options.fold_tokens = true;
  const AnalyzeReport r = analyze_paths({real_sample()}, options, all_rows());
  EXPECT_EQ(as_map(r.command_lines)["/bin/busybox <RANDOM>"], 8u);
  EXPECT_EQ(as_map(r.program_names)["/bin/busybox <RANDOM>"], 8u);
  EXPECT_EQ(r.sequences.rows.size(), 1u);
  EXPECT_EQ(r.sequences.rows[0].count, 2u);
}

TEST(RealSampleGolden, ProtocolFilter) {
  AnalysisOptions options;
  options.protocol = ProtocolFilter::Ssh;
  AnalyzeReport r = analyze_paths({real_sample()}, options);
  EXPECT_EQ(r.totals.records, 0u);
  EXPECT_EQ(r.totals.sessions, 318u);
  options.protocol = ProtocolFilter::Telnet;
  r = analyze_paths({real_sample()}, options);
  EXPECT_EQ(r.totals.records, 20u);
  EXPECT_EQ(r.totals.sessions, 7u);
}

TEST(RealSampleGolden, TimeFilter) {
  AnalysisOptions options;
  options.since = *core::parse_iso8601("2019-07-08T10:00:00Z");  // after the first session's commands
  const AnalyzeReport r = analyze_paths({real_sample()}, options);
  EXPECT_EQ(r.totals.records, 10u);
  EXPECT_EQ(as_map(r.command_lines).count("/bin/busybox QSDWQ"), 0u);
  EXPECT_EQ(as_map(r.command_lines)["/bin/busybox ZYIWZ"], 4u);
}

TEST(RealSampleGolden, SplitModes) {
  AnalysisOptions options;
  options.split = shell::SplitMode::Shell;
  AnalyzeReport r = analyze_paths({real_sample()}, options, all_rows());
  // "cat .s || cp /bin/echo .s" becomes two; the dd line becomes dd / cat .s / while read i / ...
  EXPECT_EQ(as_map(r.command_lines)["cat .s"], 4u);
  EXPECT_EQ(as_map(r.command_lines)["cp /bin/echo .s"], 2u);
  EXPECT_EQ(as_map(r.program_names)["while"], 2u);
  options.split = shell::SplitMode::Line;
  r = analyze_paths({real_sample()}, options, all_rows());
  EXPECT_EQ(r.totals.command_lines, 20u);
  EXPECT_EQ(as_map(r.command_lines)["rm .s; exit"], 2u);
}

}  // namespace
}  // namespace busytrap::analyze
