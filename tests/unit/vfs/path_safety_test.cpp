// Path safety of the emulated file system: whatever path an attacker gives (`../` chains,
// absolute paths naming the host's files, symlinks out of the tree, NUL bytes, names and paths
// beyond Linux's limits, deep trees), every operation stays inside the session's in-memory tree
// and within its limits. The host side is checked for real: the tests point the hostile paths
// at a temporary directory of the host and list it afterwards.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../shell/device_session.h"
#include "vfs/session_fs.h"

namespace busytrap::vfs {
namespace {

using shell::testing::DeviceSession;

NodePtr small_image() {
  auto root = make_directory();
  root->children["tmp"] = make_directory(01777);
  root->children["etc"] = make_directory();
  root->children["etc"]->children["passwd"] = make_file("root:x:0:0:root:/root:/bin/sh\n");
  return root;
}

std::vector<MountRule> rules() { return {{"/", MountKind::ReadOnly}, {"/tmp", MountKind::Writable}}; }

// Every name in the tree (recursively), to check what a session could create.
void all_names(const NodePtr& node, std::vector<std::string>& out, int depth = 0) {
  ASSERT_LT(depth, 5000);
  for (const auto& [name, child] : node->children) {
    out.push_back(name);
    all_names(child, out, depth + 1);
  }
}

class HostDir : public ::testing::Test {
 protected:
  void SetUp() override {
    host = std::filesystem::temp_directory_path() /
           ("busytrap-path-safety-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(host);
    std::filesystem::create_directories(host);
    std::ofstream(host / "secret") << "host secret\n";
  }
  void TearDown() override { std::filesystem::remove_all(host); }
  // Everything in the host directory, recursively.
  std::vector<std::string> host_listing() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::recursive_directory_iterator(host)) {
      names.push_back(std::filesystem::relative(e.path(), host).string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }
  std::filesystem::path host;
};

TEST_F(HostDir, DotDotChainsAndAbsolutePathsNeverReachTheHost) {
  DeviceSession s("hisilicon-dvr");
  const std::string h = host.string();
  const std::string up = "../../../../../../../../../../..";
  s.run("cd /tmp");
  s.run("mkdir -p " + h);
  for (const std::string& target : {h + "/a", up + h + "/b", "/tmp/" + up + h + "/c", "/proc/../../.." + h + "/d"}) {
    s.run("echo pwned > " + target + "; /bin/busybox cp /bin/busybox " + target + ".cp; dd if=/bin/echo of=" + target +
          ".dd; mv " + target + ".cp " + target + ".mv; touch " + target + ".t; mkdir -p " + target + ".dir/x/y");
  }
  s.run("rm -rf " + h + "/secret; rm -rf " + up + h);
  EXPECT_EQ(host_listing(), std::vector<std::string>{"secret"});
  // Inside the device the paths were normalised: `rm -rf ../..<host dir>` removed what the
  // other spellings created.
  EXPECT_NE(s.run("cat " + h + "/a").find("No such file or directory"), std::string::npos);
  s.run("mkdir -p " + h + "; echo inside > " + up + h + "/e");
  EXPECT_EQ(s.run("cat " + h + "/e"), "inside\n");
  EXPECT_EQ(s.run("cd " + up + "; pwd; cd /tmp/../../..; pwd"), "/\n/\n");
  EXPECT_EQ(host_listing(), std::vector<std::string>{"secret"});
}

TEST_F(HostDir, SymlinksResolveInsideTheEmulatedTree) {
  DeviceSession s("mips-be-router");
  const std::string h = host.string();
  s.run("cd /tmp; ln -s " + h + "/secret leak; ln -s ../../../../../../ up; ln -s " + h + " hostdir");
  EXPECT_NE(s.run("cat leak").find("No such file or directory"), std::string::npos);
  EXPECT_EQ(s.run("cat up/etc/passwd"), s.run("cat /etc/passwd"));  // the device's, not the host's
  s.run("mkdir -p " + h + "; echo via-link > hostdir/written; echo via-dangling > leak");
  EXPECT_EQ(s.run("cat " + h + "/written"), "via-link\n");
  EXPECT_EQ(s.run("cat " + h + "/secret"), "via-dangling\n");
  s.run("ln -s loop1 loop2; ln -s loop2 loop1");
  EXPECT_NE(s.run("cat loop1").find("Too many levels of symbolic links"), std::string::npos);
  EXPECT_EQ(host_listing(), std::vector<std::string>{"secret"});
  std::ifstream in(host / "secret");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "host secret\n");
}

TEST(PathSafety, NulBytesEndAPathAsInTheKernel) {
  SessionFs fs(small_image(), rules(), {});
  EXPECT_EQ(fs.write_file(std::string("/tmp/a\0/../../etc/passwd", 24), "x", false, Provenance::Redirect), FsError::None);
  EXPECT_EQ(*fs.lookup("/tmp/a").second->data, "x");
  EXPECT_EQ(*fs.lookup("/etc/passwd").second->data, "root:x:0:0:root:/root:/bin/sh\n");
  EXPECT_EQ(fs.make_directory(std::string("/tmp/d\0e/f", 10), 0755, true), FsError::None);
  EXPECT_EQ(fs.lookup("/tmp/d").second->type, NodeType::Directory);
  EXPECT_EQ(fs.make_symlink(std::string("/etc\0/../x", 10), "/tmp/l"), FsError::None);
  EXPECT_EQ(fs.lookup("/tmp/l").second->type, NodeType::Directory);
  EXPECT_EQ(fs.make_symlink(std::string("\0x", 2), "/tmp/empty"), FsError::NotFound);
  std::vector<std::string> names;
  all_names(fs.root(), names);
  for (const auto& name : names) EXPECT_EQ(name.find('\0'), std::string::npos);
}

TEST(PathSafety, NamesAndPathsBeyondLinuxLimitsAreRefused) {
  SessionFs fs(small_image(), rules(), {});
  EXPECT_EQ(fs.write_file("/tmp/" + std::string(255, 'n'), "x", false, Provenance::Redirect), FsError::None);
  EXPECT_EQ(fs.write_file("/tmp/" + std::string(256, 'n'), "x", false, Provenance::Redirect), FsError::NameTooLong);
  EXPECT_EQ(fs.make_directory("/tmp/" + std::string(256, 'd'), 0755, true), FsError::NameTooLong);
  EXPECT_EQ(fs.make_symlink(std::string(4096, 't'), "/tmp/l"), FsError::NameTooLong);
  // A path of 4096 bytes or more is refused, not cut short (which would reach another file).
  std::string deep = "/tmp";
  while (deep.size() < 4100) deep += "/abcdefgh";
  EXPECT_EQ(fs.make_directory(deep.substr(0, 4095 - 2), 0755, true), FsError::None);
  EXPECT_EQ(fs.write_file(deep + "/file", "x", false, Provenance::Redirect), FsError::NameTooLong);
  EXPECT_EQ(fs.lookup(deep).first, FsError::NameTooLong);
  EXPECT_EQ(SessionFs::absolute(std::string(5000, 'a'), "/tmp").size(), 5005u);
  DeviceSession s("mips-le-router");
  const std::string home = s.run("pwd");
  EXPECT_NE(s.run("echo x > /tmp/" + std::string(300, 'n')).find("File name too long"), std::string::npos);
  EXPECT_NE(s.run("cd /tmp/" + std::string(300, 'n')).find("File name too long"), std::string::npos);
  EXPECT_EQ(s.run("pwd"), home);
}

TEST(PathSafety, DeepTreesStayWithinTheSessionsNodeQuota) {
  FsLimits limits;
  limits.max_new_nodes = 300;
  SessionFs fs(small_image(), rules(), limits);
  std::string path = "/tmp";
  FsError last = FsError::None;
  for (int i = 0; i < 1000 && last == FsError::None; ++i) {
    path += "/d";
    last = fs.make_directory(path, 0755, false);
  }
  EXPECT_EQ(last, FsError::NoSpace);
  std::vector<std::string> names;
  all_names(fs.root(), names);
  EXPECT_LE(names.size(), 2u + 1u + 300u);  // the image's entries plus the quota
  // The shell: an endless mkdir/cd loop stops at the limits and the session still works.
  DeviceSession s("hisilicon-dvr");
  s.run("cd /tmp; while true; do mkdir d; cd d; done");
  const std::string pwd = s.run("pwd");
  EXPECT_LE(pwd.size(), 4096u);
  EXPECT_EQ(s.run("cd /; echo alive"), "alive\n");
  s.end();
}

}  // namespace
}  // namespace busytrap::vfs
