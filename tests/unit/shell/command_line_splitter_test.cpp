// The paper's command-line rule and the --split alternatives, on the traps of real logs
// (../shared/research/iot-malware.md §5).
#include "shell/command_line_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace busytrap::shell {
namespace {

std::vector<std::string> split(std::string_view record, SplitMode mode = SplitMode::Semicolon) {
  std::vector<std::string> out;
  for_each_command_line(record, mode, [&](std::string_view piece) { out.emplace_back(piece); });
  return out;
}

using V = std::vector<std::string>;

TEST(CommandLineSplitter, SplitsOnBareSemicolonsAndTrims) {
  EXPECT_EQ(split("cat /proc/mounts; /bin/busybox QSDWQ"), (V{"cat /proc/mounts", "/bin/busybox QSDWQ"}));
  EXPECT_EQ(split("  enable \r\n"), (V{"enable"}));
}

TEST(CommandLineSplitter, OrAndPipeDoNotSplit) {
  EXPECT_EQ(split("cd /tmp || cd /var/run || cd /mnt || cd /root || cd /"),
            (V{"cd /tmp || cd /var/run || cd /mnt || cd /root || cd /"}));
  EXPECT_EQ(split("dd bs=52 count=1 if=.s || cat .s || while read i; do echo $i; done < .s"),
            (V{"dd bs=52 count=1 if=.s || cat .s || while read i", "do echo $i", "done < .s"}));
}

TEST(CommandLineSplitter, QuotedSemicolonsDoNotSplit) {
  EXPECT_EQ(split("/bin/busybox echo -e '\\x6b;\\x61' > /dev/.nippon; cat x"),
            (V{"/bin/busybox echo -e '\\x6b;\\x61' > /dev/.nippon", "cat x"}));
  EXPECT_EQ(split("echo \"a;b\\\";c\"; d"), (V{"echo \"a;b\\\";c\"", "d"}));
  EXPECT_EQ(split("echo a\\;b; c"), (V{"echo a\\;b", "c"}));
}

TEST(CommandLineSplitter, UnterminatedQuoteRunsToTheEnd) {
  EXPECT_EQ(split("echo 'a;b"), (V{"echo 'a;b"}));
  EXPECT_EQ(split("echo \"a;b"), (V{"echo \"a;b"}));
  EXPECT_EQ(split("echo a\\"), (V{"echo a\\"}));
}

TEST(CommandLineSplitter, EmptyPiecesAreDropped) {
  EXPECT_EQ(split(";; ;\t;"), V{});
  EXPECT_EQ(split(""), V{});
  EXPECT_EQ(split(std::string_view("enable\0\r\n", 9)), (V{"enable"}));
  EXPECT_EQ(split(">dvrHelper; chmod 777 dvrHelper"), (V{">dvrHelper", "chmod 777 dvrHelper"}));
}

TEST(CommandLineSplitter, ShellModeSplitsEverySimpleCommand) {
  EXPECT_EQ(split("cd /tmp || cd /var/run && wget x | sh & echo done\nls", SplitMode::Shell),
            (V{"cd /tmp", "cd /var/run", "wget x", "sh", "echo done", "ls"}));
  EXPECT_EQ(split("(cat .s || cp /bin/echo .s)", SplitMode::Shell), (V{"cat .s", "cp /bin/echo .s"}));
  // '&' inside redirections is not a separator.
  EXPECT_EQ(split("ls 2>&1 >/dev/null &> x; echo 'a|b'", SplitMode::Shell),
            (V{"ls 2>&1 >/dev/null &> x", "echo 'a|b'"}));
}

TEST(CommandLineSplitter, LineModeKeepsTheRecord) {
  EXPECT_EQ(split(" a; b || c ", SplitMode::Line), (V{"a; b || c"}));
}

TEST(CommandLineSplitter, BinaryGarbageTerminates) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 131) & 0xff));
  for (SplitMode mode : {SplitMode::Semicolon, SplitMode::Shell, SplitMode::Line}) {
    std::size_t bytes = 0;
    for_each_command_line(garbage, mode, [&](std::string_view piece) { bytes += piece.size(); });
    EXPECT_LE(bytes, garbage.size());
  }
}

TEST(CommandLineSplitter, ModeNames) {
  EXPECT_EQ(parse_split_mode("shell"), SplitMode::Shell);
  EXPECT_EQ(parse_split_mode("nope"), std::nullopt);
  EXPECT_EQ(split_mode_name(SplitMode::Line), "line");
}

}  // namespace
}  // namespace busytrap::shell
