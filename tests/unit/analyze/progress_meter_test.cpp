// The progress bar's line: bytes of total, rate and ETA; bytes and rate when the total is
// unknown (stdin, gzip); known_total refuses gzip and standard input.
#include <gtest/gtest.h>

#include "analyze_test_support.h"
#include "cli/progress_meter.h"

namespace busytrap::cli {
namespace {

TEST(ProgressMeter, LineWithAKnownTotal) {
  const std::string line = ProgressMeter::line(50'000'000, 100'000'000, 2.0);
  EXPECT_NE(line.find("[############............]"), std::string::npos) << line;
  EXPECT_NE(line.find(" 50% 50.0 MB / 100.0 MB"), std::string::npos) << line;
  EXPECT_NE(line.find("25.0 MB/s"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 0:02"), std::string::npos) << line;
  // More bytes than announced (a file that grew) never overflows the bar.
  EXPECT_NE(ProgressMeter::line(300, 100, 1.0).find("100%"), std::string::npos);
}

TEST(ProgressMeter, LineWithoutATotal) {
  const std::string line = ProgressMeter::line(1'500, 0, 0.0);
  EXPECT_EQ(line.find('['), std::string::npos) << line;
  EXPECT_NE(line.find("1.5 kB read"), std::string::npos) << line;
}

TEST(ProgressMeter, KnownTotalOnlyForPlainFiles) {
  analyze::testing::TempDir dir;
  const std::string a = dir.file("a.json", std::string(1000, 'x'));
  const std::string b = dir.file("b.json", "12345");
  EXPECT_EQ(ProgressMeter::known_total({a, b}), 1005u);
  const std::string gz = dir.file("c.gz", std::string("\x1f\x8b\x08\x00", 4));
  EXPECT_EQ(ProgressMeter::known_total({a, gz}), 0u);
  EXPECT_EQ(ProgressMeter::known_total({a, "-"}), 0u);
  // Disabled meters write nothing (and do not crash).
  ProgressMeter off(10, false);
  off.update(5);
  off.finish(10);
}

}  // namespace
}  // namespace busytrap::cli
