// DeviceStateCache bounds, and the device a source IP meets again in its next session.
#include "core/data_directory.h"
#include "vfs/device_state_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "shell/device_shell_factory.h"

namespace busytrap::vfs {
namespace {

TEST(DeviceStateCache, ForgetsLeastRecentlyUsedBeyondItsBounds) {
  DeviceStateCache cache(2, 100);
  cache.remember("a", {make_directory(), 10, 0, {}});
  cache.remember("b", {make_directory(), 10, 0, {}});
  ASSERT_TRUE(cache.find("a"));  // a is now the most recent
  cache.remember("c", {make_directory(), 10, 0, {}});
  EXPECT_TRUE(cache.find("a"));
  EXPECT_FALSE(cache.find("b"));
  EXPECT_TRUE(cache.find("c"));
  cache.remember("d", {make_directory(), 95, 0, {}});  // bytes: evicts until under 100
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_TRUE(cache.find("d"));
  cache.remember("huge", {make_directory(), 101, 0, {}});
  EXPECT_FALSE(cache.find("huge"));
}

std::string run(shell::SessionShell& s, std::string_view line) {
  std::string out;
  for (auto& seg : s.run_line(line).output) out += seg.bytes;
  return out;
}

TEST(DeviceStateCache, TheSameSourceFindsWhatItLeft) {
  const auto dir = std::filesystem::temp_directory_path() / ("busytrap-remember-" + std::to_string(::getpid()));
  shell::DeviceShellConfig config;
  config.profiles_dir = core::data_directory() + "/profiles";
  config.capture.directory = dir;
  config.delays = false;
  std::string error;
  auto factory = shell::DeviceShellFactory::load(config, error);
  ASSERT_TRUE(factory) << error;
  {
    auto first = factory->create({"000000000001", "198.51.100.5", "root", "hisilicon-dvr"});
    run(*first, "cd /var; echo -ne '\\x7fELFbot' > dvrHelper; chmod 777 dvrHelper");
    const auto events = first->end_session().events;
    ASSERT_EQ(events.size(), 1u);
  }
  auto again = factory->create({"000000000002", "198.51.100.5", "root", "hisilicon-dvr"});
  EXPECT_EQ(run(*again, "cat /var/dvrHelper"), "\x7f" "ELFbot");
  EXPECT_NE(run(*again, "ls -l /var/dvrHelper").find("-rwxrwxrwx"), std::string::npos);
  EXPECT_TRUE(again->end_session().events.empty());  // already announced for this device
  auto other = factory->create({"000000000003", "198.51.100.6", "root", "hisilicon-dvr"});
  EXPECT_EQ(run(*other, "cat /var/dvrHelper"), "cat: can't open '/var/dvrHelper': No such file or directory\n");
  auto other_profile = factory->create({"000000000004", "198.51.100.5", "root", "mips-le-router"});
  EXPECT_NE(run(*other_profile, "cat /var/dvrHelper").find("can't open"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(DeviceStateCache, EntriesCostTheirNodesToo) {
  DeviceStateCache cache(10, 1000);
  cache.remember("dirs", {make_directory(), 0, 10, {}});  // 10 empty directories: 2560 bytes
  EXPECT_FALSE(cache.find("dirs"));
  cache.remember("few", {make_directory(), 0, 3, {}});
  EXPECT_TRUE(cache.find("few"));
}

// Regression: the entry quota was per session, so a source could grow its remembered device
// without bound, session after session.
TEST(DeviceStateCache, TheNodeQuotaBoundsTheDeviceAcrossSessions) {
  const auto dir = std::filesystem::temp_directory_path() / ("busytrap-remember-nodes-" + std::to_string(::getpid()));
  shell::DeviceShellConfig config;
  config.profiles_dir = core::data_directory() + "/profiles";
  config.capture.directory = dir;
  config.delays = false;
  config.fs_limits.max_new_nodes = 40;
  std::string error;
  auto factory = shell::DeviceShellFactory::load(config, error);
  ASSERT_TRUE(factory) << error;
  for (int session = 0; session < 3; ++session) {
    auto shell = factory->create({"00000000000" + std::to_string(session), "198.51.100.7", "root", "hisilicon-dvr"});
    run(*shell, "cd /tmp; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do mkdir s" +
                    std::to_string(session) + "-$i; done");
    shell->end_session();
  }
  auto last = factory->create({"000000000009", "198.51.100.7", "root", "hisilicon-dvr"});
  EXPECT_EQ(run(*last, "ls -d /tmp/s* | wc -l"), "40\n");
  EXPECT_NE(run(*last, "mkdir /tmp/more").find("No space left on device"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace busytrap::vfs
