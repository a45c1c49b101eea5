// CaptureStore and SessionCapture: files stored once under their SHA-256, only in the
// configured directory; what a session built is announced once per distinct content.
#include "capture/capture_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "capture/session_capture.h"

namespace busytrap::capture {
namespace {

class CaptureDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() /
          ("busytrap-capture-test-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    if (!std::filesystem::exists(dir)) return names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  std::filesystem::path dir;
};

std::string sha256sum_of(const std::filesystem::path& file) {
  std::string cmd = "sha256sum '" + file.string() + "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[128] = {};
  std::string line = p && std::fgets(buf, sizeof buf, p) ? buf : "";
  if (p) ::pclose(p);
  return line.substr(0, 64);
}

TEST_F(CaptureDir, StoresOnceByHashAndNothingElse) {
  CaptureStore store({dir, 1024, true});
  const std::string bytes("\x7f" "ELF\x00\xff binary", 13);
  StoredFile a = store.store(bytes);
  ASSERT_TRUE(a.stored) << a.error;
  EXPECT_FALSE(a.duplicate);
  EXPECT_EQ(a.path, (dir / a.sha256).string());
  EXPECT_EQ(sha256sum_of(a.path), a.sha256);
  StoredFile b = store.store(bytes);
  EXPECT_TRUE(b.duplicate);
  EXPECT_EQ(files(), (std::vector<std::string>{a.sha256}));
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(CaptureDir, SizeCapAndDisabledStoreWriteNothing) {
  CaptureStore capped({dir, 10, true});
  StoredFile big = capped.store(std::string(11, 'x'));
  EXPECT_FALSE(big.stored);
  EXPECT_EQ(big.sha256.size(), 64u);
  CaptureStore off({dir, 1024, false});
  EXPECT_FALSE(off.store("abc").stored);
  EXPECT_TRUE(files().empty());
}

// At session end every attacker-written file still present is found, at any depth, with its
// device path, depth first in name order; files of the image are not.
TEST_F(CaptureDir, SessionEndFindsEveryAttackerFileWithItsPathInOrder) {
  auto store = std::make_shared<CaptureStore>(CaptureConfig{dir, 1 << 20, true});
  SessionCapture capture(store);
  auto root = vfs::make_directory();
  root->children["bin"] = vfs::make_directory();
  root->children["bin"]->children["busybox"] = vfs::make_file("image file");
  vfs::SessionFs fs(root, {{"/", vfs::MountKind::Writable}}, {});
  fs.make_directory("/var/a/b/c", 0755, true);
  fs.write_file("/var/a/b/c/deep", "1", false, vfs::Provenance::Redirect);
  fs.write_file("/var/a/z", "2", false, vfs::Provenance::Redirect);
  fs.write_file("/var/a/b/m", "3", false, vfs::Provenance::Redirect);
  fs.write_file("/tmp0", "4", false, vfs::Provenance::Redirect);
  fs.write_file("/bin/x", "5", false, vfs::Provenance::Redirect);
  std::vector<std::string> destinations;
  for (const auto& e : capture.finish(fs)) {
    for (const auto& [k, v] : e.fields) {
      if (k == "destfile") destinations.push_back(std::get<std::string>(v));
    }
  }
  EXPECT_EQ(destinations, (std::vector<std::string>{"/bin/x", "/tmp0", "/var/a/b/c/deep", "/var/a/b/m", "/var/a/z"}));
}

TEST_F(CaptureDir, SessionCaptureKeepsRemovedFilesAndAnnouncesEachContentOnce) {
  auto store = std::make_shared<CaptureStore>(CaptureConfig{dir, 1 << 20, true});
  SessionCapture capture(store);
  auto root = vfs::make_directory();
  root->children["tmp"] = vfs::make_directory();
  vfs::SessionFs fs(root, {{"/", vfs::MountKind::Writable}}, {});
  fs.set_discard_observer([&](const std::string& path, const vfs::Node& n) { capture.keep(path, n); });
  // The echo loader's way: truncate, then chunks appended.
  fs.write_file("/tmp/upnp", "", false, vfs::Provenance::Redirect);
  fs.write_file("/tmp/upnp", "\x7f" "ELF", false, vfs::Provenance::Redirect);
  for (int i = 0; i < 5; ++i) fs.write_file("/tmp/upnp", std::string(128, static_cast<char>(i)), true, vfs::Provenance::Append);
  const std::string expected = "\x7f" "ELF" + std::string(128, '\0') + std::string(128, '\1') + std::string(128, '\2') +
                               std::string(128, '\3') + std::string(128, '\4');
  // Executed: stored now.
  auto executed = capture.capture_now("/tmp/upnp", *fs.lookup("/tmp/upnp").second, "executed");
  ASSERT_EQ(executed.size(), 1u);
  EXPECT_EQ(executed[0].eventid, "cowrie.session.file_download");
  // Then deleted, a second file written and deleted, a third left in place.
  fs.remove("/tmp/upnp", false);
  fs.write_file("/tmp/other", "second payload", false, vfs::Provenance::Redirect);
  fs.remove("/tmp/other", false);
  fs.write_file("/tmp/left", "third", false, vfs::Provenance::Redirect);
  fs.write_file("/tmp/empty", "", false, vfs::Provenance::Redirect);
  auto at_end = capture.finish(fs);
  ASSERT_EQ(at_end.size(), 2u);  // upnp was already announced; the empty file is nothing
  std::set<std::string> shas;
  for (const auto& e : at_end) {
    for (const auto& [k, v] : e.fields) {
      if (k == "shasum") shas.insert(std::get<std::string>(v));
      EXPECT_NE(k, "url");
    }
  }
  EXPECT_TRUE(shas.count(sha256_hex("second payload")));
  EXPECT_TRUE(shas.count(sha256_hex("third")));
  EXPECT_EQ(files().size(), 3u);
  std::ifstream in(dir / sha256_hex(expected), std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), expected);
  bool built_by_seen = false;
  for (const auto& [k, v] : executed[0].fields) {
    if (k == "built_by") {
      EXPECT_EQ(std::get<std::string>(v), "redirect+append (6 writes)");
      built_by_seen = true;
    }
  }
  EXPECT_TRUE(built_by_seen);
}

}  // namespace
}  // namespace busytrap::capture
