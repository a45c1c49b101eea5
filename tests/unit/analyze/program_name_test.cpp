// The paper's word rules (docs/PAPER.md "Words", "Program name") on the traps of real logs.
#include "analyze/program_name.h"

#include <gtest/gtest.h>

namespace busytrap::analyze {
namespace {

std::string key_of(std::string_view line) {
  ProgramNameExtractor extractor;
  ProgramName name;
  if (!extractor.extract(line, name)) return "<none>";
  std::string key(name.argv0);
  if (name.is_busybox) key += " " + std::string(name.argv1);
  return key;
}

TEST(ProgramName, FirstWordWithPathKept) {
  EXPECT_EQ(key_of("enable"), "enable");
  EXPECT_EQ(key_of("/bin/echo hi"), "/bin/echo");
  EXPECT_EQ(key_of("  sh  tftp1.sh "), "sh");
}

TEST(ProgramName, BusyboxKeepsItsApplet) {
  EXPECT_EQ(key_of("/bin/busybox cat /dev/.nippon"), "/bin/busybox cat");
  EXPECT_EQ(key_of("busybox BAT"), "busybox BAT");
  EXPECT_EQ(key_of("/bin/busybox"), "/bin/busybox");
  EXPECT_EQ(key_of("/bin/busybox || echo x"), "/bin/busybox");
  EXPECT_EQ(key_of("/bin/busybox >/dev/null ECCHI"), "/bin/busybox ECCHI");
  EXPECT_EQ(key_of("bin/busybox rm /dev/.nippon"), "bin/busybox rm");
  EXPECT_EQ(key_of("/bin/busybox echo -e '\\x6b\\x61\\x6d\\x69/dev' > /dev/.nippon"), "/bin/busybox echo");
}

TEST(ProgramName, SubshellsAndOperators) {
  EXPECT_EQ(key_of("(cat .s || cp /bin/echo .s)"), "cat");
  EXPECT_EQ(key_of(">/tmp/.f && cd /tmp"), "cd");
  EXPECT_EQ(key_of("cd /tmp || cd /var/run"), "cd");
  EXPECT_EQ(key_of("done < .s"), "done");
}

TEST(ProgramName, RedirectionsAreRemovedWithTheirTargets) {
  EXPECT_EQ(key_of(">dvrHelper"), "<none>");
  EXPECT_EQ(key_of("> dvrHelper"), "<none>");
  EXPECT_EQ(key_of("2>/dev/null wget x"), "wget");
  EXPECT_EQ(key_of("2>&1 >x busybox wget"), "busybox wget");
  EXPECT_EQ(key_of(">>log 2>&1"), "<none>");
  EXPECT_EQ(key_of("<.s"), "<none>");
  EXPECT_EQ(key_of("&>x cat"), "cat");
}

TEST(ProgramName, LeadingAssignmentsAreNotWords) {
  EXPECT_EQ(key_of("PATH=/bin:/sbin wget x"), "wget");
  EXPECT_EQ(key_of("A=1 B=\"x y\" busybox tftp"), "busybox tftp");
  EXPECT_EQ(key_of("A=1"), "<none>");
  EXPECT_EQ(key_of("A=1 && ls"), "ls");
  EXPECT_EQ(key_of("busybox A=1"), "busybox A=1");  // not leading: an ordinary word
  EXPECT_EQ(key_of("1A=2 x"), "1A=2");              // not a NAME
}

TEST(ProgramName, QuotesAreRemovedAndEscapesApplied) {
  EXPECT_EQ(key_of("'/bin/busybox' 'ECCHI'"), "/bin/busybox ECCHI");
  EXPECT_EQ(key_of("\"sh\" x"), "sh");
  EXPECT_EQ(key_of("s\\h x"), "sh");
  EXPECT_EQ(key_of("\"a\\$b\\q\""), "a$b\\q");
  EXPECT_EQ(key_of("'unterminated x"), "unterminated x");
  EXPECT_EQ(key_of("\"\" x"), "");  // an empty quoted word is a word
  EXPECT_EQ(key_of("'a b'c"), "a bc");
}

TEST(ProgramName, NulAndControlBytesSeparateWords) {
  EXPECT_EQ(key_of(std::string_view("enable\0", 7)), "enable");
  EXPECT_EQ(key_of(std::string_view("/bin/busybox\0MIRAI\0", 19)), "/bin/busybox MIRAI");
}

// Scanners send HTTP requests to the Telnet port; Cowrie logs each header line as a command.
TEST(ProgramName, HttpRequestLinesAreJustWords) {
  EXPECT_EQ(key_of("GET / HTTP/1.1"), "GET");
  EXPECT_EQ(key_of("Host: 203.0.113.5:23"), "Host:");
  EXPECT_EQ(key_of("User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64)"), "User-Agent:");
  EXPECT_EQ(key_of("Accept: */*"), "Accept:");
}

TEST(ProgramName, HostileBytesNeverCrash) {
  std::string garbage;
  for (int i = 0; i < 100000; ++i) garbage.push_back(static_cast<char>((i * 7919) & 0xff));
  ProgramNameExtractor extractor;
  ProgramName name;
  extractor.extract(garbage, name);
  EXPECT_LE(name.argv0.size(), garbage.size());
  EXPECT_EQ(key_of(std::string(10000, '(')), "<none>");
  EXPECT_EQ(key_of(std::string(10000, '>')), "<none>");
}

}  // namespace
}  // namespace busytrap::analyze
