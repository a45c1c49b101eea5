// The honeypot-fingerprinting probes of ../shared/research/cowrie-and-peers.md as regression
// tests, on every profile, plus hostile lines that must finish within the shell's limits.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <set>

#include "device_session.h"

namespace busytrap::shell::testing {
namespace {

class FingerprintProbe : public ::testing::TestWithParam<std::string> {};

std::uint16_t e_machine(std::string_view b) {
  const auto lo = static_cast<unsigned char>(b[18]), hi = static_cast<unsigned char>(b[19]);
  return b[5] == 1 ? static_cast<std::uint16_t>(lo | (hi << 8)) : static_cast<std::uint16_t>((lo << 8) | hi);
}

TEST_P(FingerprintProbe, RandomAppletTokens) {
  DeviceSession s(GetParam());
  std::mt19937 rng(7);
  for (int i = 0; i < 20; ++i) {
    std::string token;
    for (int k = 0; k < 5 + i % 4; ++k) token.push_back(static_cast<char>('A' + rng() % 26));
    EXPECT_EQ(s.run("/bin/busybox " + token), token + ": applet not found\n");
    EXPECT_EQ(s.run("busybox " + token + "; echo $?"), token + ": applet not found\n127\n");
  }
}

TEST_P(FingerprintProbe, BusyboxBannerAndListMatchTheProfile) {
  DeviceSession s(GetParam());
  const auto& p = s.factory().profile(GetParam());
  const std::string help = s.run("busybox");
  EXPECT_TRUE(help.starts_with(p.busybox_banner + "\n")) << help.substr(0, 100);
  std::string list;
  for (const auto& a : p.applets) list += a + "\n";
  EXPECT_EQ(s.run("busybox --list"), list);
  // Every applet of the list is reachable through its link, and nothing else is.
  EXPECT_EQ(s.run("ls /bin/busybox"), "/bin/busybox\n");
  EXPECT_EQ(s.run("ls /bin/ls"), "/bin/ls\n");
  EXPECT_EQ(s.run("bash"), p.shell_name + ": bash: not found\n");
}

TEST_P(FingerprintProbe, DeviceCliWordsAnswerAsAsh) {
  DeviceSession s(GetParam());
  const auto& p = s.factory().profile(GetParam());
  for (const char* word : {"enable", "system", "shell", "linuxshell"}) {
    auto it = p.cli_words.find(word);
    const std::string expected = (it == p.cli_words.end() || it->second.empty())
                                     ? p.shell_name + ": " + word + ": not found\n"
                                     : it->second;
    EXPECT_EQ(s.run(word), expected);
  }
  const auto& events = s.events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().eventid, "cowrie.command.failed");
  EXPECT_EQ(field(events.front(), "input"), "enable");
}

TEST_P(FingerprintProbe, ProcAndSysRefuseWrites) {
  DeviceSession s(GetParam());
  EXPECT_EQ(s.run("echo x > /proc/.nippon"),
            s.factory().profile(GetParam()).shell_name + ": can't create /proc/.nippon: nonexistent directory\n");
  EXPECT_NE(s.run("echo x > /sys/.nippon").find("Permission denied"), std::string::npos);
  EXPECT_NE(s.run("rm /proc/version").find("can't remove"), std::string::npos);
  EXPECT_FALSE(s.run("cat /proc/version").empty());
  EXPECT_NE(s.run("mkdir /proc/x").find("can't create directory"), std::string::npos);
}

TEST_P(FingerprintProbe, ElfHeadersAgreeWithUnameCpuinfoAndLs) {
  DeviceSession s(GetParam());
  const auto& p = s.factory().profile(GetParam());
  const std::string echo = s.run("cat /bin/echo");
  const std::string dd = s.run("dd if=/bin/busybox bs=22 count=1 2>/dev/null");
  const std::string self = s.run("cat /proc/self/exe");
  ASSERT_EQ(dd.size(), 22u);
  EXPECT_EQ(echo.substr(0, 22), dd);
  EXPECT_EQ(self, echo);
  EXPECT_EQ(static_cast<int>(echo[4]), p.elf.elf_class);
  EXPECT_EQ(static_cast<int>(echo[5]), p.elf.data);
  const std::uint16_t machine = e_machine(echo);
  const std::string uname_m = s.run("uname -m");
  const std::string cpuinfo = s.run("cat /proc/cpuinfo");
  if (machine == 40) {
    EXPECT_TRUE(uname_m.starts_with("armv")) << uname_m;
    EXPECT_NE(cpuinfo.find("ARMv7"), std::string::npos);
    EXPECT_EQ(p.arch, "linux-arm-lsb");
  } else {
    ASSERT_EQ(machine, 8);
    EXPECT_EQ(uname_m, "mips\n");
    EXPECT_NE(cpuinfo.find("cpu model"), std::string::npos);
    EXPECT_EQ(p.arch, echo[5] == 2 ? "linux-mips-msb" : "linux-mips-lsb");
  }
  // ls -l reports the size cat delivers.
  const std::string ls = s.run("ls -l /bin/busybox");
  EXPECT_NE(ls.find(fmt::format(" {} ", echo.size())), std::string::npos) << ls;
  if (std::binary_search(p.applets.begin(), p.applets.end(), "wc")) {
    EXPECT_EQ(s.run("wc -c < /bin/busybox"), std::to_string(echo.size()) + "\n");
  }
}

TEST_P(FingerprintProbe, SystemViewsAreConsistentAndFreeOfKnownTells) {
  DeviceSession s(GetParam());
  const auto& p = s.factory().profile(GetParam());
  const std::string uname = s.run("uname -a");
  EXPECT_NE(uname.find(fmt::format(" {} ", p.hostname)), std::string::npos);
  EXPECT_NE(s.run("cat /proc/version").find(p.uname_release), std::string::npos);
  EXPECT_EQ(s.run("hostname"), p.hostname + "\n");
  EXPECT_EQ(s.run("cat /etc/hostname"), p.hostname + "\n");
  std::string everything;
  for (const char* cmd : {"ps", "cat /etc/passwd", "uname -a", "cat /proc/version", "uptime", "free", "id",
                          "netstat -an", "ifconfig", "cat /proc/mounts", "mount", "df", "ls /", "ls /home"}) {
    const std::string out = s.run(cmd);
    EXPECT_FALSE(out.empty() && std::string(cmd) != "ls /home") << cmd;
    everything += out;
  }
  for (const char* tell : {"svr04", "phil", "richard", "cowrie", "honeypot", "Ubuntu", "Debian"}) {
    EXPECT_EQ(everything.find(tell), std::string::npos) << tell;
  }
  // The shell's own process is in ps and is /proc/self.
  const std::string self = s.run("ls -l /proc/self");
  const std::size_t arrow = self.find("-> ");
  ASSERT_NE(arrow, std::string::npos) << self;
  const std::string pid = self.substr(arrow + 3, self.find('\n', arrow) - arrow - 3);
  ASSERT_FALSE(pid.empty());
  EXPECT_EQ(pid.find_first_not_of("0123456789"), std::string::npos) << pid;
  EXPECT_NE(s.run("ps").find(fmt::format(" {} root", pid)), std::string::npos);
  EXPECT_EQ(s.run("echo $$"), pid + "\n");
}

TEST_P(FingerprintProbe, SameSourceSameDeviceOtherSourceOtherDevice) {
  DeviceSession a(GetParam(), "198.51.100.20");
  DeviceSession b(GetParam(), "198.51.100.20");
  DeviceSession c(GetParam(), "198.51.100.21");
  auto uptime_part = [](const std::string& u) { return u.substr(u.find(" up ")); };
  EXPECT_EQ(uptime_part(a.run("uptime")).substr(0, 12), uptime_part(b.run("uptime")).substr(0, 12));
  EXPECT_EQ(a.run("echo $$"), b.run("echo $$"));
  EXPECT_EQ(a.run("ifconfig"), b.run("ifconfig"));
  EXPECT_NE(a.run("ifconfig"), c.run("ifconfig"));
}

TEST_P(FingerprintProbe, RepliesCarryJitteredDelaysWhenEnabled) {
  DeviceShellConfig config;
  config.profiles_dir = profiles_dir();
  config.capture.enabled = false;
  config.delays = true;
  std::string error;
  auto factory = DeviceShellFactory::load(config, error);
  ASSERT_TRUE(factory) << error;
  auto shell = factory->create({"0123456789ab", "192.0.2.1", "root", GetParam()});
  std::set<long> delays;
  for (int i = 0; i < 10; ++i) {
    const ShellReply r = shell->run_line("/bin/busybox ECCHI");
    ASSERT_FALSE(r.output.empty());
    EXPECT_GT(r.output.front().delay.count(), 0);
    delays.insert(static_cast<long>(r.output.front().delay.count()));
  }
  EXPECT_GT(delays.size(), 2u);
  // A network applet takes noticeably longer before its error; sleep sleeps.
  const ShellReply wget = shell->run_line("busybox wget http://192.0.2.77/x; busybox tftp -g -r x 192.0.2.77; sleep 1");
  long total = 0;
  for (const auto& seg : wget.output) total += static_cast<long>(seg.delay.count());
  EXPECT_GE(total, 1000);
}

INSTANTIATE_TEST_SUITE_P(Profiles, FingerprintProbe, ::testing::ValuesIn(all_profiles()), [](const auto& info) {
  std::string n = info.param;
  for (auto& c : n) if (c == '-') c = '_';
  return n;
});

// ---- hostile lines ----

class HostileLine : public ::testing::Test {
 protected:
  // Runs `line`, checking it finishes quickly and prints a bounded amount.
  std::string run_bounded(const std::string& line, std::chrono::milliseconds budget = std::chrono::milliseconds(3000)) {
    const auto start = std::chrono::steady_clock::now();
    std::string out = s.run(line);
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_LT(took, budget) << line.substr(0, 80);
    EXPECT_LE(out.size(), ShellLimits{}.max_output_bytes);
    // The shell is still usable afterwards.
    EXPECT_EQ(s.run("/bin/busybox ECCHI"), "ECCHI: applet not found\n");
    return out;
  }
  DeviceSession s{"hisilicon-dvr"};
};

TEST_F(HostileLine, InfiniteLoopsStop) {
  run_bounded("while true; do :; done");
  run_bounded("while :; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; done");
  run_bounded("until false; do x=$((x+1)); done; echo $x");
  run_bounded("for i in 1 2 3; do while true; do true; done; done");
}

TEST_F(HostileLine, DeepNestingIsRefused) {
  const std::string parens = std::string(5000, '(') + "echo x" + std::string(5000, ')');
  run_bounded(parens);
  std::string subst = "echo ";
  for (int i = 0; i < 2000; ++i) subst += "$(";
  subst += "echo x";
  for (int i = 0; i < 2000; ++i) subst += ")";
  run_bounded(subst);
  std::string ifs;
  for (int i = 0; i < 3000; ++i) ifs += "if true; then ";
  run_bounded(ifs);
  run_bounded("f() { f; }; f");
  run_bounded(":(){ :|:& };:");
  run_bounded("echo $((" + std::string(5000, '(') + "1" + std::string(5000, ')') + "))");
}

TEST_F(HostileLine, HugeOutputsAndFilesAreCapped) {
  const std::string big(200000, 'A');
  EXPECT_EQ(run_bounded("echo " + big).size(), big.size() + 1);
  run_bounded("x=" + big + "; while true; do x=$x$x; done");
  run_bounded("while true; do echo " + std::string(1000, 'B') + " >> /tmp/grow; done; ls -l /tmp/grow");
  run_bounded("dd if=/dev/zero of=/tmp/z bs=1M count=100000");
  run_bounded("cat /bin/busybox /bin/busybox /bin/busybox /bin/busybox /bin/busybox /bin/busybox /bin/busybox "
              "/bin/busybox /bin/busybox /bin/busybox /bin/busybox /bin/busybox /bin/busybox /bin/busybox");
  run_bounded("for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do mkdir /tmp/d$i; cd /tmp/d$i; "
              "for j in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do echo x > f$j; done; done");
}

TEST_F(HostileLine, BinaryGarbage) {
  std::mt19937 rng(99);
  for (int round = 0; round < 20; ++round) {
    std::string junk(4096, '\0');
    for (auto& c : junk) c = static_cast<char>(rng() & 0xff);
    const auto start = std::chrono::steady_clock::now();
    const std::string out = s.run(junk);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    EXPECT_LE(out.size(), 1u << 20);
  }
  // Garbage can leave an open quote, as on a device (PS2 "> "); the pending text is capped,
  // so the shell comes back to its prompt after a bounded amount of further input.
  int lines = 0;
  while (s.prompt() == "> " && lines < 40) {
    s.run(std::string(4096, 'x'));
    ++lines;
  }
  EXPECT_EQ(s.prompt(), "# ");
  EXPECT_EQ(s.run("/bin/busybox ECCHI"), "ECCHI: applet not found\n");
  run_bounded("GET / HTTP/1.1");
  run_bounded("\x1b[A\x1b[B\x7f\x7f\x03");
  EXPECT_EQ(s.run("echo \"unterminated"), "");
  EXPECT_EQ(s.prompt(), "> ");
  EXPECT_EQ(s.run("second line\""), "unterminated\nsecond line\n");
  EXPECT_EQ(s.prompt(), "# ");
}

}  // namespace
}  // namespace busytrap::shell::testing
