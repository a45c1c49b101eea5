// Every shipped profile loads, and its ELF image agrees with what the profile claims.
#include "core/data_directory.h"
#include "device/device_profile.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

#include "device/device_image.h"
#include "device/elf_image.h"

namespace busytrap::device {
namespace {

std::string profiles_dir() { return core::data_directory() + "/profiles"; }

std::vector<std::string> profile_files() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(profiles_dir())) {
    if (e.path().extension() == ".toml") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::uint32_t read_u32(std::string_view b, std::size_t off, bool big) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const std::uint32_t byte = static_cast<unsigned char>(b[off + static_cast<std::size_t>(i)]);
    v |= big ? byte << (8 * (3 - i)) : byte << (8 * i);
  }
  return v;
}
std::uint16_t read_u16(std::string_view b, std::size_t off, bool big) {
  const std::uint16_t lo = static_cast<unsigned char>(b[off]), hi = static_cast<unsigned char>(b[off + 1]);
  return big ? static_cast<std::uint16_t>((lo << 8) | hi) : static_cast<std::uint16_t>(lo | (hi << 8));
}

TEST(DeviceProfile, AtLeastThreeArchitecturesShip) {
  std::set<std::string> arches;
  for (const auto& f : profile_files()) {
    std::string error;
    auto p = load_profile(f, error);
    ASSERT_TRUE(p) << error;
    arches.insert(p->arch);
  }
  EXPECT_TRUE(arches.count("linux-arm-lsb"));
  EXPECT_TRUE(arches.count("linux-mips-msb"));
  EXPECT_TRUE(arches.count("linux-mips-lsb"));
}

TEST(DeviceProfile, ElfHeaderIsRealForTheArchitecture) {
  for (const auto& f : profile_files()) {
    std::string error;
    auto p = load_profile(f, error);
    ASSERT_TRUE(p) << error;
    const std::string bin = build_busybox_binary(*p);
    const bool big = p->elf.data == 2;
    ASSERT_EQ(bin.size(), p->elf.busybox_size) << f;
    EXPECT_EQ(bin.substr(0, 4), "\x7f" "ELF");
    EXPECT_EQ(bin[4], 1);
    EXPECT_EQ(bin[5], big ? 2 : 1);
    EXPECT_EQ(read_u16(bin, 16, big), 2);  // ET_EXEC
    EXPECT_EQ(read_u16(bin, 18, big), p->elf.machine);
    EXPECT_EQ(read_u32(bin, 36, big), p->elf.flags);
    EXPECT_EQ(read_u16(bin, 40, big), 52);  // e_ehsize
    EXPECT_EQ(read_u16(bin, 42, big), 32);  // e_phentsize
    // The arch string, uname -m and e_machine tell the same story.
    if (p->elf.machine == 40) {
      EXPECT_EQ(p->arch, "linux-arm-lsb");
      EXPECT_TRUE(p->uname_machine.starts_with("armv"));
    } else {
      EXPECT_EQ(p->elf.machine, 8);
      EXPECT_EQ(p->arch, big ? "linux-mips-msb" : "linux-mips-lsb");
      EXPECT_EQ(p->uname_machine, "mips");
    }
    EXPECT_NE(p->proc_version.find(p->uname_release), std::string::npos);
    EXPECT_NE(p->login_prompt.find(p->hostname), std::string::npos);
    // PT_INTERP names the dynamic loader that exists in the image.
    if (!p->elf.interpreter.empty()) {
      EXPECT_NE(bin.find(p->elf.interpreter + '\0'), std::string::npos);
    }
  }
}

TEST(DeviceProfile, ReadelfAcceptsTheSynthesisedBinary) {
  if (std::system("command -v readelf >/dev/null 2>&1") != 0) GTEST_SKIP() << "no readelf";
  for (const auto& f : profile_files()) {
    std::string error;
    auto p = load_profile(f, error);
    ASSERT_TRUE(p) << error;
    const auto path = std::filesystem::temp_directory_path() / ("busytrap-elf-" + p->name);
    {
      std::ofstream out(path, std::ios::binary);
      const std::string bin = build_busybox_binary(*p);
      out.write(bin.data(), static_cast<std::streamsize>(bin.size()));
    }
    const std::string cmd = "readelf -h -l -S -d '" + path.string() + "' 2>&1";
    std::string out;
    if (FILE* pipe = ::popen(cmd.c_str(), "r")) {
      char buf[4096];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
      ::pclose(pipe);
    }
    std::filesystem::remove(path);
    EXPECT_NE(out.find(p->elf.machine == 40 ? "ARM" : "MIPS R3000"), std::string::npos) << out;
    EXPECT_NE(out.find(p->elf.data == 2 ? "big endian" : "little endian"), std::string::npos) << out;
    EXPECT_EQ(out.find("Error"), std::string::npos) << out;
    EXPECT_EQ(out.find("Warning"), std::string::npos) << out;
    EXPECT_NE(out.find(" .text "), std::string::npos) << out;
    EXPECT_NE(out.find(" .shstrtab "), std::string::npos) << out;
    if (!p->elf.interpreter.empty()) {
      EXPECT_NE(out.find("[Requesting program interpreter: " + p->elf.interpreter + "]"), std::string::npos) << out;
      EXPECT_NE(out.find("Shared library: [libc.so.0]"), std::string::npos) << out;
    }
  }
}

TEST(DeviceProfile, MountRulesFollowProcMounts) {
  auto rules = mount_rules(
      "rootfs / rootfs rw 0 0\n/dev/root / squashfs ro 0 0\nproc /proc proc rw 0 0\nsysfs /sys sysfs rw 0 0\n"
      "tmpfs /var tmpfs rw,size=1k 0 0\n/dev/mtdblock3 /mnt/mtd jffs2 rw,relatime 0 0\ngarbage\n",
      {});
  vfs::SessionFs fs(vfs::make_directory(), rules, {});
  EXPECT_EQ(fs.mount_kind("/"), vfs::MountKind::ReadOnly);
  EXPECT_EQ(fs.mount_kind("/etc/passwd"), vfs::MountKind::ReadOnly);
  EXPECT_EQ(fs.mount_kind("/proc/1"), vfs::MountKind::Proc);
  EXPECT_EQ(fs.mount_kind("/sys"), vfs::MountKind::Sys);
  EXPECT_EQ(fs.mount_kind("/var/run/x"), vfs::MountKind::Writable);
  EXPECT_EQ(fs.mount_kind("/mnt/mtd/Config"), vfs::MountKind::Writable);
  EXPECT_EQ(fs.mount_kind("/mnt"), vfs::MountKind::ReadOnly);
  EXPECT_EQ(fs.mount_kind("/tmp/x"), vfs::MountKind::Writable);
  EXPECT_EQ(fs.mount_kind("/dev/.nippon"), vfs::MountKind::Writable);
  EXPECT_EQ(fs.mount_kind("/varx"), vfs::MountKind::ReadOnly);
}

TEST(DeviceProfile, BrokenProfilesAreRefusedWithAReason) {
  const auto dir = std::filesystem::temp_directory_path() / ("busytrap-profiles-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "bad.toml") << "hostname = \"x\"\n[busybox]\nbanner = \"b\"\n";
    std::ofstream(dir / "syntax.toml") << "hostname = \n";
  }
  std::string error;
  EXPECT_FALSE(load_profile((dir / "bad.toml").string(), error));
  EXPECT_NE(error.find("[kernel]"), std::string::npos) << error;
  EXPECT_FALSE(load_profile((dir / "syntax.toml").string(), error));
  EXPECT_NE(error.find("syntax.toml"), std::string::npos) << error;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace busytrap::device
