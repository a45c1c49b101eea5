#include "honeypot/minimal_shell.h"

#include <gtest/gtest.h>

#include <string>

namespace busytrap::honeypot {
namespace {

std::string output_of(const shell::ShellReply& reply) {
  std::string out;
  for (const auto& segment : reply.output) out += segment.bytes;
  return out;
}

TEST(MinimalShell, AnswersWhatMiraiChecks) {
  MinimalShell shell;
  EXPECT_EQ(shell.prompt(), "~ # ");
  auto reply = shell.run_line("/bin/busybox MIRAI");
  EXPECT_EQ(output_of(reply), "MIRAI: applet not found\n");
  ASSERT_EQ(reply.events.size(), 1u);
  EXPECT_EQ(reply.events[0].eventid, "cowrie.command.failed");
  EXPECT_EQ(std::get<std::string>(reply.events[0].fields.at(0).second), "/bin/busybox MIRAI");

  reply = shell.run_line("enable");
  EXPECT_EQ(output_of(reply), "sh: enable: not found\n");
  EXPECT_EQ(reply.events.at(0).eventid, "cowrie.command.failed");

  reply = shell.run_line("sh");
  EXPECT_EQ(output_of(reply), "");
  EXPECT_EQ(reply.events.at(0).eventid, "cowrie.command.success");
}

TEST(MinimalShell, SplitsAtSemicolonsEchoesAndExits) {
  MinimalShell shell;
  auto reply = shell.run_line("echo  a b ; /bin/busybox ECCHI; exit; echo never");
  EXPECT_EQ(output_of(reply), "a b\nECCHI: applet not found\n");
  EXPECT_TRUE(reply.close_session);
  EXPECT_EQ(reply.events.size(), 3u);
  EXPECT_TRUE(shell.run_line("").events.empty());
}

}  // namespace
}  // namespace busytrap::honeypot
