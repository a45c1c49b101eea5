// `cmd &` at the interactive prompt, as BusyBox 1.35's ash shows it on a terminal (checked with
// `script -qc "busybox sh -i"`): nothing when the job starts, `$?` is 0, and before a later
// prompt "[N]+  Done                       cmd" (or "Done(STATUS)"), newest first.
#include <gtest/gtest.h>

#include "device_session.h"

namespace busytrap::shell::testing {
namespace {

TEST(BackgroundJob, ReportedDoneAtTheNextLine) {
  DeviceSession s("hisilicon-dvr");
  EXPECT_EQ(s.run("true &"), "");
  EXPECT_EQ(s.run("echo x"), "x\n[1]+  Done                       true\n");
  EXPECT_EQ(s.run("echo y"), "y\n");
  EXPECT_EQ(s.run("false & echo $?"), "0\n");
  EXPECT_EQ(s.run("true & true &"), "[1]+  Done(1)                    false\n");
  EXPECT_EQ(s.run(":"), "[2]+  Done                       true\n[1]+  Done                       true\n");
}

TEST(BackgroundJob, ScriptsReportNothing) {
  DeviceSession s("hisilicon-dvr");
  EXPECT_EQ(s.run("sh -c 'echo a & echo b'"), "a\nb\n");
  EXPECT_EQ(s.run("echo z"), "z\n");
}

}  // namespace
}  // namespace busytrap::shell::testing
