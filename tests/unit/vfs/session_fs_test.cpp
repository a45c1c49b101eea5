// SessionFs: copy-on-write over a shared image, mount rules, symlinks, quotas, discard hook.
#include "vfs/session_fs.h"

#include <gtest/gtest.h>

namespace busytrap::vfs {
namespace {

NodePtr small_image() {
  auto root = make_directory();
  auto bin = make_directory();
  bin->children["busybox"] = make_file(std::string(1000, 'B'), 0755);
  bin->children["echo"] = make_symlink("busybox");
  bin->children["loop"] = make_symlink("loop");
  root->children["bin"] = bin;
  root->children["tmp"] = make_directory(01777);
  root->children["proc"] = make_directory();
  root->children["proc"]->children["version"] = make_file("Linux version 3.0.8\n", 0444);
  root->children["sys"] = make_directory();
  root->children["etc"] = make_directory();
  return root;
}

std::vector<MountRule> rules() {
  return {{"/", MountKind::ReadOnly}, {"/tmp", MountKind::Writable}, {"/proc", MountKind::Proc}, {"/sys", MountKind::Sys}};
}

TEST(SessionFs, WritesAreCopyOnWritePerNodeAndInvisibleToOtherSessions) {
  const NodePtr image = small_image();
  const Node* image_bin = image->children["bin"].get();
  SessionFs a(image, rules(), {});
  SessionFs b(image, rules(), {});
  ASSERT_EQ(a.write_file("/tmp/x", "hello", false, Provenance::Redirect), FsError::None);
  EXPECT_EQ(*a.lookup("/tmp/x").second->data, "hello");
  EXPECT_EQ(b.lookup("/tmp/x").first, FsError::NotFound);
  EXPECT_EQ(image->children["tmp"]->children.count("x"), 0u);
  // Untouched subtrees are still the image's nodes, not copies.
  EXPECT_EQ(a.root()->children.at("bin").get(), image_bin);
  EXPECT_NE(a.root().get(), image.get());
  // A copy of a file shares its contents.
  ASSERT_EQ(a.copy_file("/bin/echo", "/tmp/dvrHelper"), FsError::None);
  EXPECT_EQ(a.lookup("/tmp/dvrHelper").second->data.get(), image_bin->children.at("busybox")->data.get());
}

TEST(SessionFs, AppendsBuildFilesAndCountWrites) {
  SessionFs fs(small_image(), rules(), {});
  ASSERT_EQ(fs.write_file("/tmp/upnp", "", false, Provenance::Redirect), FsError::None);
  ASSERT_EQ(fs.write_file("/tmp/upnp", "AB", false, Provenance::Redirect), FsError::None);
  ASSERT_EQ(fs.write_file("/tmp/upnp", "CD", true, Provenance::Append), FsError::None);
  ASSERT_EQ(fs.write_file("/tmp/upnp", "EF", true, Provenance::Append), FsError::None);
  auto node = fs.lookup("/tmp/upnp").second;
  EXPECT_EQ(*node->data, "ABCDEF");
  EXPECT_EQ(node->chunk_writes, 3u);
  EXPECT_TRUE(node->attacker_written);
}

TEST(SessionFs, MountRulesDecideHowWritesFail) {
  SessionFs fs(small_image(), rules(), {});
  EXPECT_EQ(fs.write_file("/etc/x", "x", false, Provenance::Redirect), FsError::ReadOnly);
  EXPECT_EQ(fs.write_file("/proc/x", "x", false, Provenance::Redirect), FsError::NotFound);
  EXPECT_EQ(fs.write_file("/sys/x", "x", false, Provenance::Redirect), FsError::PermissionDenied);
  EXPECT_EQ(fs.remove("/bin/busybox", false), FsError::ReadOnly);
  EXPECT_EQ(fs.write_file("/nonexistent/x", "x", false, Provenance::Redirect), FsError::NotFound);
  EXPECT_EQ(fs.write_file("/tmp", "x", false, Provenance::Redirect), FsError::IsDirectory);
  EXPECT_EQ(fs.make_directory("/tmp", 0755, false), FsError::Exists);
  EXPECT_EQ(fs.make_directory("/tmp/a/b/c", 0755, true), FsError::None);
  EXPECT_EQ(fs.lookup("/tmp/a/b/c").second->type, NodeType::Directory);
}

TEST(SessionFs, PathsStayInsideTheTree) {
  SessionFs fs(small_image(), rules(), {});
  EXPECT_EQ(SessionFs::absolute("../../../../etc/passwd", "/tmp"), "/etc/passwd");
  EXPECT_EQ(SessionFs::absolute("a/./b/../c", "/tmp"), "/tmp/a/c");
  EXPECT_EQ(fs.lookup("/../../proc/version").first, FsError::None);
  EXPECT_EQ(fs.lookup("/bin/loop").first, FsError::Loop);
  EXPECT_EQ(fs.lookup("/etc/passwd").first, FsError::NotFound);  // the host's file is not there
  EXPECT_EQ(fs.make_symlink("/etc/shadow", "/tmp/l"), FsError::None);
  EXPECT_EQ(fs.lookup("/tmp/l").first, FsError::NotFound);
}

TEST(SessionFs, QuotasBoundWhatASessionStores) {
  FsLimits limits;
  limits.max_file_bytes = 100;
  limits.max_total_bytes = 250;
  limits.max_new_nodes = 5;
  SessionFs fs(small_image(), rules(), limits);
  EXPECT_EQ(fs.write_file("/tmp/a", std::string(101, 'x'), false, Provenance::Redirect), FsError::NoSpace);
  EXPECT_EQ(fs.write_file("/tmp/a", std::string(100, 'x'), false, Provenance::Redirect), FsError::None);
  EXPECT_EQ(fs.write_file("/tmp/a", "y", true, Provenance::Append), FsError::NoSpace);
  EXPECT_EQ(fs.write_file("/tmp/b", std::string(100, 'x'), false, Provenance::Redirect), FsError::None);
  EXPECT_EQ(fs.write_file("/tmp/c", std::string(100, 'x'), false, Provenance::Redirect), FsError::NoSpace);
  for (int i = 0; i < 10; ++i) fs.make_directory("/tmp/d" + std::to_string(i), 0755, false);
  EXPECT_EQ(fs.make_directory("/tmp/one-too-many", 0755, false), FsError::NoSpace);
}

TEST(SessionFs, DiscardObserverSeesAttackerFilesBeforeTheyGo) {
  SessionFs fs(small_image(), rules(), {});
  std::vector<std::pair<std::string, std::string>> seen;
  fs.set_discard_observer([&](const std::string& path, const Node& n) { seen.emplace_back(path, *n.data); });
  fs.write_file("/tmp/a", "first", false, Provenance::Redirect);
  fs.write_file("/tmp/a", "second", false, Provenance::Redirect);  // truncation
  fs.write_file("/tmp/b", "bee", false, Provenance::Redirect);
  fs.rename("/tmp/b", "/tmp/a");  // replaces "second"
  fs.make_directory("/tmp/d", 0755, false);
  fs.write_file("/tmp/d/c", "sea", false, Provenance::Redirect);
  fs.remove("/tmp/d", true);
  fs.remove("/tmp/a", false);
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0], (std::pair<std::string, std::string>{"/tmp/a", "first"}));
  EXPECT_EQ(seen[1], (std::pair<std::string, std::string>{"/tmp/a", "second"}));
  EXPECT_EQ(seen[2], (std::pair<std::string, std::string>{"/tmp/d/c", "sea"}));
  EXPECT_EQ(seen[3], (std::pair<std::string, std::string>{"/tmp/a", "bee"}));
  // Image files are not the attacker's: removing them is not reported (and is refused here).
  fs.remove("/bin/busybox", false);
  EXPECT_EQ(seen.size(), 4u);
}

}  // namespace
}  // namespace busytrap::vfs
