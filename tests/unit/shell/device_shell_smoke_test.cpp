#include <gtest/gtest.h>

#include <unistd.h>

#include "device_session.h"

namespace busytrap::shell::testing {
namespace {

TEST(DeviceShellSmoke, BasicCommands) {
  DeviceSession s("hisilicon-dvr");
  EXPECT_EQ(s.run("/bin/busybox ECCHI"), "ECCHI: applet not found\n");
  EXPECT_EQ(s.run("echo hello world"), "hello world\n");
  EXPECT_EQ(s.run("enable"), "sh: enable: not found\n");
  EXPECT_EQ(s.run("/bin/busybox echo -e '\\x6b\\x61\\x6d\\x69/dev' > /dev/.nippon; /bin/busybox cat /dev/.nippon; /bin/busybox rm /dev/.nippon"), "kami/dev\n");
}

}  // namespace
}  // namespace busytrap::shell::testing
