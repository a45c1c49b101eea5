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
  cache.remember("a", {make_directory(), 10, {}});
  cache.remember("b", {make_directory(), 10, {}});
  ASSERT_TRUE(cache.find("a"));  // a is now the most recent
  cache.remember("c", {make_directory(), 10, {}});
  EXPECT_TRUE(cache.find("a"));
  EXPECT_FALSE(cache.find("b"));
  EXPECT_TRUE(cache.find("c"));
  cache.remember("d", {make_directory(), 95, {}});  // bytes: evicts until under 100
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_TRUE(cache.find("d"));
  cache.remember("huge", {make_directory(), 101, {}});
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

}  // namespace
}  // namespace busytrap::vfs
