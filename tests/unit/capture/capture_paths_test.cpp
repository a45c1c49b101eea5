// The capture store writes only inside its own directory and only files named by the SHA-256
// of their contents, whatever the attacker named the files on the device (`../` chains, names
// that look like hashes, newlines, NULs, very long or very deep paths). Checked on a real
// temporary directory: everything written under it is listed after the sessions and compared
// with the hashes coreutils' sha256sum computes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "../shell/device_session.h"
#include "capture/capture_store.h"

namespace busytrap::capture {
namespace {

using shell::testing::DeviceSession;
using shell::testing::field;

std::string sha256sum_of(const std::filesystem::path& file) {
  const std::string cmd = "sha256sum '" + file.string() + "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[128] = {};
  const std::string line = p && std::fgets(buf, sizeof buf, p) ? buf : "";
  if (p) ::pclose(p);
  return line.substr(0, 64);
}

class CaptureParent : public ::testing::Test {
 protected:
  void SetUp() override {
    parent = std::filesystem::temp_directory_path() /
             ("busytrap-capture-paths-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(parent);
    std::filesystem::create_directories(parent);
  }
  void TearDown() override { std::filesystem::remove_all(parent); }
  // Every entry under `parent`, recursively, relative to it.
  std::set<std::string> everything() const {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::recursive_directory_iterator(parent)) {
      names.insert(std::filesystem::relative(e.path(), parent).string());
    }
    return names;
  }
  std::filesystem::path parent;
};

TEST_F(CaptureParent, HostilePathsAreStoredOnlyByHashInsideTheStore) {
  const auto store_dir = parent / "downloads";
  {
    std::set<std::string> announced;
    DeviceSession s("hisilicon-dvr", "203.0.113.7", store_dir);
    const std::string fake_hash(64, 'a');
    s.run("cd /tmp");
    s.run("mkdir -p " + parent.string() + "/downloads; echo one > ../../../../../../" + parent.string() +
          "/escape; echo two > " + parent.string() + "/downloads/" + fake_hash);
    s.run("echo three > '..'; echo four > \"$(printf 'new\\nline')\"; echo five > " + std::string(255, 'L'));
    s.run("mkdir -p sub/../sub2/./sub3; echo six > sub2/sub3/x");
    s.run("echo seven > run.sh; chmod 777 run.sh; ./run.sh; rm run.sh");
    std::string deep = "/tmp";
    for (int i = 0; i < 100; ++i) deep += "/d";
    s.run("mkdir -p " + deep + "; echo deep-payload > " + deep + "/payload");
    s.end();
    for (const auto& e : s.events()) {
      if (e.eventid == "cowrie.session.file_download") announced.insert(field(e, "shasum"));
    }
    // Every content was captured, the one 100 directories down included.
    EXPECT_TRUE(announced.count(sha256_hex("deep-payload\n")));
    EXPECT_TRUE(announced.count(sha256_hex("seven\n")));
    EXPECT_TRUE(announced.count(sha256_hex("one\n")));
    // Nothing but the store directory and hash-named files in it; each name is its content's
    // hash. (Listed before the session helper removes its store directory.)
    const std::regex hash_name("downloads/[0-9a-f]{64}");
    std::set<std::string> stored;
    for (const std::string& name : everything()) {
      if (name == "downloads") continue;
      ASSERT_TRUE(std::regex_match(name, hash_name)) << name;
      EXPECT_EQ(sha256sum_of(parent / name), name.substr(10));
      stored.insert(name.substr(10));
    }
    EXPECT_EQ(stored, announced);
  }
}

TEST_F(CaptureParent, AStoreThatCannotWriteLeavesNothingBehind) {
  std::ofstream(parent / "downloads") << "a file where the directory should be\n";
  CaptureStore store({parent / "downloads", 1024, true});
  const StoredFile f = store.store("payload");
  EXPECT_FALSE(f.stored);
  EXPECT_FALSE(f.error.empty());
  EXPECT_EQ(everything(), (std::set<std::string>{"downloads"}));
}

}  // namespace
}  // namespace busytrap::capture
