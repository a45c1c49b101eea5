// Differential tests against Debian's real BusyBox (1.35): the same command, where the device
// state cannot differ, must print the same bytes in the emulated shell. The emulated device
// here is a test profile that claims Debian's BusyBox (its banner and applet list); everything
// else comes from data/profiles/hisilicon-dvr.toml. No command in the corpus touches the
// network (the real binary would really send packets).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "device/device_image.h"
#include "shell/device_shell.h"
#include "device_session.h"

namespace busytrap::shell::testing {
namespace {

// Output (stdout and stderr, merged) of `busybox sh -c SCRIPT` on this machine.
std::string real_busybox(const std::string& script) {
  const auto path = std::filesystem::temp_directory_path() / ("busytrap-diff-" + std::to_string(::getpid()));
  {
    std::ofstream out(path, std::ios::binary);
    out << script;
  }
  const std::string cmd = "cd / && busybox sh -c \"$(cat '" + path.string() + "')\" 2>&1 </dev/null";
  std::string result;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) result.append(buf, n);
    ::pclose(p);
  }
  std::filesystem::remove(path);
  return result;
}

std::string command_output(const std::string& cmd) {
  std::string result;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) result.append(buf, n);
    ::pclose(p);
  }
  return result;
}

std::string single_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out.push_back(c);
  }
  return out + "'";
}

class EmulatedDebianBusybox {
 public:
  EmulatedDebianBusybox() {
    std::string error;
    auto profile = device::load_profile(profiles_dir() + "/hisilicon-dvr.toml", error);
    EXPECT_TRUE(profile) << error;
    std::string banner = command_output("busybox 2>&1 | head -1");
    while (!banner.empty() && banner.back() == '\n') banner.pop_back();
    profile->busybox_banner = banner;
    profile->applets.clear();
    const std::string list = command_output("busybox --list");
    std::size_t pos = 0;
    while (pos < list.size()) {
      const std::size_t nl = list.find('\n', pos);
      profile->applets.push_back(list.substr(pos, nl - pos));
      pos = nl == std::string::npos ? list.size() : nl + 1;
    }
    std::sort(profile->applets.begin(), profile->applets.end());
    image_ = device::build_device_image(std::move(*profile));
    SessionSettings settings;
    settings.delays = false;
    shell_ = std::make_unique<DeviceShell>(image_, nullptr, ShellLimits{}, vfs::FsLimits{}, settings);
    shell_->run_line("cd /");
  }
  std::string sh_c(const std::string& script) {
    std::string out;
    for (auto& seg : shell_->run_line("sh -c " + single_quoted(script)).output) out += seg.bytes;
    return out;
  }

 private:
  std::shared_ptr<const device::DeviceImage> image_;
  std::unique_ptr<DeviceShell> shell_;
};

void expect_same(EmulatedDebianBusybox& emulated, const std::vector<std::string>& corpus) {
  for (const auto& script : corpus) {
    const std::string real = real_busybox(script);
    ASSERT_FALSE(real.empty() && script.find("true") == std::string::npos && script.find(":") == std::string::npos)
        << "real busybox printed nothing for: " << script;
    EXPECT_EQ(emulated.sh_c(script), real) << "script: " << script;
  }
}

TEST(BusyboxDifferential, EchoEscapesAndBinaryBytes) {
  EmulatedDebianBusybox emulated;
  expect_same(emulated, {
      "echo -e '\\x6b\\x61\\x6d\\x69/dev'",
      "busybox echo -e '\\x6b\\x61\\x6d\\x69/dev'",
      "echo -ne '\\x41\\x00\\xff\\x0a\\x7f\\x45\\x4c\\x46'",
      "echo -e '\\0101\\0102\\101' x",
      "echo -e 'a\\cb' c",
      "echo -e '\\147\\141\\171\\146\\147\\164'",
      "echo -n abc; echo -en 'x\\ty'; echo",
      "echo -x -n; echo -E '\\x41'; echo -nE z; echo",
      "echo \"a  b\"   c 'semi;colon' a\\ b",
      "echo -e '\\\\ \\a\\b\\f\\v\\r' | busybox od -x",
      "busybox echo -ne '\\xff\\xfe\\xfd' | busybox hexdump -C",
  });
}

TEST(BusyboxDifferential, ShellSemantics) {
  EmulatedDebianBusybox emulated;
  expect_same(emulated, {
      "false || echo or; true && echo and; false && echo no; echo $?",
      "! true; echo $?; ! false; echo $?",
      "for i in 1 2 3; do echo $i; done",
      "for i in a b; do for j in 1 2; do echo $i$j; break; done; done",
      "for i in a b c; do for j in 1 2; do [ $j = 2 ] && continue 2; echo $i$j; done; echo never; done",
      "for i in a b; do for j in 1 2; do echo $i$j; break 2; done; done; echo after $?",
      "i=0; while [ $i -lt 4 ]; do i=$((i+1)); [ $i = 2 ] && continue; echo w$i; done",
      "i=0; until [ $i -ge 3 ]; do i=$((i+1)); echo u$i; [ $i = 2 ] && break; done",
      "echo \"a'b\" 'c\"d' $(echo \"(x)\") `echo y` ${z:-w}",
      "case abc in a*) echo m;; *) echo n;; esac; case x in y|x) echo two;; esac",
      "while false; do :; done; echo $?",
      "(echo sub; exit 3); echo $?",
      "{ echo g; echo h; }",
      "if false; then echo a; elif true; then echo b; else echo c; fi",
      "x=1; x=2 true; echo $x; f() { echo fn $1 $#; }; f arg; echo ${#x}",
      "x=5; echo ${x:-d} ${y:-d} ${y-e} ${x:+p} $((x*2+1)) $((7%3)) $(( (1<<4) | 1 ))",
      "a=$(echo x  y); echo $a \"$a\"; echo `echo b  c`",
      "echo \"$(echo \"in  quotes\")\"",
      "i=0; while [ $i -lt 5 ]; do i=$((i+1)); done; echo $i",
      "foo_not_a_command; echo $?",
      "/no/such/binary; echo $?",
      "busybox FOO; echo $?",
      "busybox ECCHI",
      "set -- a b c; echo $# $2; shift; echo $1",
      "echo a > /tmp/.busytrap-diff; echo b >> /tmp/.busytrap-diff; busybox cat /tmp/.busytrap-diff; busybox rm /tmp/.busytrap-diff",
      "echo 'one\ntwo' > /tmp/.busytrap-d2; while read i; do echo \"[$i]\"; done < /tmp/.busytrap-d2; busybox rm /tmp/.busytrap-d2",
      "echo a b | busybox wc -w; echo abc | busybox wc -c; echo x | busybox wc",
      "busybox cat /no/such/file; echo $?",
      "cat < /no/such/file; echo $?",
      "echo x > /no/such/dir/file; echo $?",
      "echo x > /proc/.nippon",
      "echo x > /tmp",
  });
}

TEST(BusyboxDifferential, HereDocumentsAndBackgroundJobs) {
  EmulatedDebianBusybox emulated;
  expect_same(emulated, {
      "x=1; cat <<EOF\na $x $((x+1)) \"q\" 'q' \\$x \\\" `echo b` $(echo c)\n  kept  \nEOF\necho after",
      "x=1; cat <<'EOF'\na $x `echo b` \\$x\nEOF",
      "x=1; cat <<\\EOF\na $x\nEOF",
      "cat <<-EOF\n\tindented\n\t\ttwice\n\tEOF\necho done",
      "cat <<E1; cat <<E2\none\nE1\ntwo\nE2",
      "while read l; do echo \"[$l]\"; done <<EOF\nl1\nl2 x\nEOF",
      "busybox wc -l <<EOF\na\nb\nEOF",
      "cat <<EOF | busybox wc -c\n12345\nEOF",
      "cat <<EOF >/tmp/.busytrap-hd\nfile body\nEOF\nbusybox cat /tmp/.busytrap-hd; busybox rm /tmp/.busytrap-hd",
      "false & echo $?",
      "echo bg & wait; echo fg",
  });
}

TEST(BusyboxDifferential, SyntaxErrors) {
  EmulatedDebianBusybox emulated;
  expect_same(emulated, {
      "done", "fi", "then", ")", ";", "&&", "echo a;;", "echo )", "{ }", "( )", "if then",
      "if true; then; fi", "while :; do done", "echo a | | b", "echo > ;",
      "if true", "while true; do", "(", "echo $(", "case a in", "{ echo a", "echo \"a", "echo 'a",
      "echo a &&", "echo a |", "for", "while", "for 1 in a", "echo ${a", "echo `a", "echo >", "! ",
      "echo ok; done",
  });
}

TEST(BusyboxDifferential, UsageAndErrorTexts) {
  EmulatedDebianBusybox emulated;
  expect_same(emulated, {
      "busybox wget", "busybox tftp", "busybox ftpget", "busybox chmod", "busybox cp", "busybox mv",
      "busybox rm", "busybox mkdir", "busybox which", "busybox sleep", "busybox uname -x", "busybox cat --help",
      "busybox ls /no/such", "busybox mkdir /tmp", "busybox head /no/such", "busybox wc /no/such",
      "busybox chmod 777 /no/such", "busybox chmod abc /tmp", "busybox mv /no/such /tmp/x",
      "busybox cp /no/such /tmp/x", "busybox rmdir /no/such", "busybox rm /no/such", "busybox rm /tmp",
      "busybox sleep x", "busybox kill", "busybox dd if=/no/such", "busybox cat /tmp", "busybox tftp -c",
      "busybox id", "busybox whoami", "busybox printf", "busybox grep; echo $?",
      "printf '%s|%5d|%-3s|%x|%o|%c|%%|%b\\n' abc 42 z 255 8 xyz 'a\\tb'; printf 'a\\x41\\101\\n'",
      "printf '%s %s\\n' a b c; printf '%d\\n' abc; echo $?",
      "echo 'alpha\nbeta\ngamma' | busybox grep -n a; echo x | busybox grep -c y; echo $?",
      "echo 'Processor : ARMv7' | busybox grep -i armv7; echo 'a1 b22' | busybox grep -oE '[0-9]+'",
      "busybox grep x /no/such; echo $?",
      "[ 1; test 1 -eq a; kill; kill abc; echo $?", "busybox kill abc", "busybox echo -e 'a\\x41'", "busybox curl",
      // Applets the device does not emulate answer bare calls as BusyBox does.
      "busybox sed; echo $?", "busybox awk", "busybox tr", "busybox tar", "busybox basename", "busybox dirname",
      "busybox cut; echo $?", "busybox killall", "busybox chown", "busybox sed --help; echo $?",
  });
}

TEST(BusyboxDifferential, HelpAndAppletList) {
  EmulatedDebianBusybox emulated;
  expect_same(emulated, {"busybox --help", "busybox", "busybox --list"});
}

}  // namespace
}  // namespace busytrap::shell::testing
