// Fuzzes device-profile loading (data/profiles/*.toml): the input is a profile file, loaded by
// load_profile as the honeypot loads it at start-up (from a memfd, so nothing touches the
// disk). A profile that loads is built into a device image and a shell session on it runs the
// commands that show the profile's data to an attacker (prompt, uname, /proc, ps, ifconfig,
// busybox's applet list, the device CLI's words, ...).
// Properties checked: a bad profile is an error text, never a crash, an exception or UB; a
// good one gives a working device whatever its strings contain.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_device.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const int fd = memfd_create("fuzz_profile", 0);
  if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) std::abort();
  std::string error;
  auto profile = busytrap::device::load_profile("/proc/self/fd/" + std::to_string(fd), error);
  if (!profile) {
    if (error.empty()) std::abort();
    return 0;
  }
  std::string cli_word = profile->cli_words.empty() ? "enable" : profile->cli_words.begin()->first;
  auto shell = busytrap::fuzz::make_device_shell(busytrap::device::build_device_image(std::move(*profile)));
  const auto limits = busytrap::fuzz::fuzz_shell_limits();
  for (const std::string& line :
       {std::string("uname -a; hostname; cat /proc/cpuinfo /proc/version /proc/mounts /proc/meminfo"),
        std::string("ps; ifconfig; route; netstat -an; ip route; free; df"),
        std::string("ls -la / /bin /etc /proc /dev; cat /etc/passwd; echo $PATH $HOME; nproc"),
        std::string("/bin/busybox; busybox --list; /bin/busybox ECCHI; cd /tmp; echo hi > x; cat x"),
        std::string("head -c 64 /bin/busybox | od -c; " + cli_word), std::string("cd ~; pwd")}) {
    busytrap::fuzz::reply_bytes(shell->run_line(line), limits);
    if (shell->prompt().empty()) std::abort();
  }
  shell->end_session();
  return 0;
}
