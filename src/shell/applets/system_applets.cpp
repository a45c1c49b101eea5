// System applets answering from the device profile: ps, kill, uname, id, whoami, free, uptime,
// mount, df, ifconfig, ip, route, netstat, which, sleep, nproc, hostname, sh/ash, date, and the
// device-CLI words (enable, system, shell, linuxshell) when the profile defines them.
#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "shell/applet.h"

namespace busytrap::shell {
namespace {

std::string mac_address(const Interpreter& sh) {
  const std::uint64_t s = sh.settings().seed;
  return fmt::format("00:12:{:02X}:{:02X}:{:02X}:{:02X}", (s >> 8) & 0xff, (s >> 16) & 0xff, (s >> 24) & 0xff, (s >> 32) & 0xff);
}

// VSZ in at most five characters, as BusyBox's smart_ulltoa5 writes it ("1512", "102m").
std::string vsz5(std::uint64_t kb) {
  const char* suffix = "";
  for (const char* next : {"m", "g", "t"}) {
    if (kb < 100000) break;
    kb /= 1024;
    suffix = next;
  }
  return fmt::format("{}{}", kb, suffix);
}

int ps(AppletCall& c) {
  std::string out = "  PID USER       VSZ STAT COMMAND\n";
  for (const auto& p : c.profile().processes) {
    out += fmt::format("{:>5} {:<8.8} {:>5} {:<4} {}\n", p.pid, p.user, vsz5(p.vsz_kb), p.stat, p.command);
  }
  const std::uint32_t pid = c.sh.settings().shell_pid;
  out += fmt::format("{:>5} {:<8.8} {:>5} {:<4} {}\n", pid, "root", 1540, "S", "-sh");
  out += fmt::format("{:>5} {:<8.8} {:>5} {:<4} {}\n", pid + 1 + c.sh.rng()() % 40, "root", 1536, "R", "ps");
  c.out(out);
  return 0;
}

int kill_applet(AppletCall& c) {
  std::vector<std::string> pids;
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    if (c.argv[i].starts_with("-")) {
      if (c.argv[i] == "-l") {
        c.out(" 1) HUP\n 2) INT\n 3) QUIT\n 4) ILL\n 5) TRAP\n 6) ABRT\n 7) BUS\n 8) FPE\n 9) KILL\n10) USR1\n11) SEGV\n12) USR2\n13) PIPE\n14) ALRM\n15) TERM\n");
        return 0;
      }
      continue;
    }
    pids.push_back(c.argv[i]);
  }
  if (pids.empty()) {
    c.error("you need to specify whom to kill");
    return 1;
  }
  int status = 0;
  for (const auto& p : pids) {
    const auto& procs = c.profile().processes;
    const bool exists = std::any_of(procs.begin(), procs.end(), [&](const device::ProcessEntry& e) { return std::to_string(e.pid) == p; }) ||
                        p == std::to_string(c.sh.settings().shell_pid);
    if (p.empty() || p.find_first_not_of("0123456789") != std::string::npos) {
      c.error(fmt::format("invalid number '{}'", p));
      status = 1;
    } else if (!exists) {
      c.error(fmt::format("can't kill pid {}: No such process", p));
      status = 1;
    }
  }
  return status;
}

int uname(AppletCall& c) {
  const auto& p = c.profile();
  std::string flags;
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    const std::string& a = c.argv[i];
    if (a.size() < 2 || a[0] != '-') return c.usage();
    for (char f : a.substr(1)) {
      if (std::string_view("amnrspvio").find(f) == std::string_view::npos) {
        c.err(fmt::format("uname: invalid option -- '{}'\n", f));
        return c.usage();
      }
      flags.push_back(f);
    }
  }
  if (flags.empty()) flags.push_back('s');
  const bool all = flags.find('a') != std::string::npos;
  auto has = [&](char f) { return all || flags.find(f) != std::string::npos; };
  std::vector<std::string> parts;
  if (has('s')) parts.push_back(p.uname_sysname);
  if (has('n')) parts.push_back(p.hostname);
  if (has('r')) parts.push_back(p.uname_release);
  if (has('v')) parts.push_back(p.uname_version);
  if (has('m')) parts.push_back(p.uname_machine);
  if (!all && has('p')) parts.push_back("unknown");
  if (!all && has('i')) parts.push_back("unknown");
  if (has('o')) parts.push_back("GNU/Linux");
  std::string out;
  for (auto& s : parts) {
    if (!out.empty()) out.push_back(' ');
    out.append(s);
  }
  out.push_back('\n');
  c.out(out);
  return 0;
}

int id(AppletCall& c) {
  if (c.argv.size() > 1 && c.argv[1] == "-u") c.out("0\n");
  else if (c.argv.size() > 1 && c.argv[1] == "-un") c.out("root\n");
  else c.out("uid=0(root) gid=0(root)\n");
  return 0;
}

int whoami(AppletCall& c) {
  c.out("root\n");
  return 0;
}

int free_applet(AppletCall& c) {
  const auto& p = c.profile();
  const std::uint64_t jitter = c.sh.settings().seed % 512 + (c.sh.rng()() % 64);
  const std::uint64_t free_kb = p.mem_free_kb > jitter ? p.mem_free_kb - jitter : p.mem_free_kb;
  const std::uint64_t used = p.mem_total_kb - free_kb;
  c.out(fmt::format("              total         used         free       shared      buffers\n"
                    "Mem:     {:>10}   {:>10}   {:>10}   {:>10}   {:>10}\n"
                    "-/+ buffers:         {:>10}   {:>10}\n"
                    "Swap:            0            0            0\n",
                    p.mem_total_kb, used, free_kb, 0, p.mem_buffers_kb, used - std::min(used, p.mem_buffers_kb + p.mem_cached_kb),
                    free_kb + p.mem_buffers_kb + p.mem_cached_kb));
  return 0;
}

int uptime(AppletCall& c) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  const std::int64_t up = std::max<std::int64_t>(60, now - c.sh.settings().boot_time);
  const std::int64_t days = up / 86400, hours = (up % 86400) / 3600, mins = (up % 3600) / 60;
  std::string upstr = days > 0 ? fmt::format("{} day{}, ", days, days == 1 ? "" : "s") : "";
  upstr += hours > 0 ? fmt::format("{:>2}:{:02}", hours, mins) : fmt::format("{} min", mins);
  const double load = 0.05 + static_cast<double>(c.sh.settings().seed % 60) / 100.0;
  c.out(fmt::format(" {:02}:{:02}:{:02} up {},  load average: {:.2f}, {:.2f}, {:.2f}\n", tm.tm_hour, tm.tm_min, tm.tm_sec, upstr,
                    load, load * 0.9, load * 0.8));
  return 0;
}

int mount(AppletCall& c) {
  if (c.argv.size() > 1) {
    c.error("permission denied. (are you root?)");
    return 1;
  }
  std::string out;
  std::string_view m = c.profile().mounts;
  while (!m.empty()) {
    std::size_t nl = m.find('\n');
    std::string_view line = m.substr(0, nl);
    m = nl == std::string_view::npos ? std::string_view() : m.substr(nl + 1);
    std::vector<std::string_view> f;
    std::size_t pos = 0;
    while (pos < line.size() && f.size() < 4) {
      while (pos < line.size() && line[pos] == ' ') ++pos;
      std::size_t e = line.find(' ', pos);
      if (e == std::string_view::npos) e = line.size();
      if (e > pos) f.push_back(line.substr(pos, e - pos));
      pos = e;
    }
    if (f.size() == 4) out += fmt::format("{} on {} type {} ({})\n", f[0], f[1], f[2], f[3]);
  }
  c.out(out);
  return 0;
}

int df(AppletCall& c) {
  const auto& p = c.profile();
  c.out(fmt::format("Filesystem           1K-blocks      Used Available Use% Mounted on\n"
                    "/dev/root                 {:>5}     {:>5}         0 100% /\n"
                    "tmpfs                 {:>9} {:>9} {:>9} {:>3}% /tmp\n"
                    "tmpfs                 {:>9}         0 {:>9}   0% /dev\n",
                    p.elf.busybox_size / 1024 * 6, p.elf.busybox_size / 1024 * 6, p.mem_total_kb / 2, 132,
                    p.mem_total_kb / 2 - 132, 0, p.mem_total_kb / 2, p.mem_total_kb / 2));
  return 0;
}

std::string interfaces(const Interpreter& sh) {
  std::string text = sh.profile().interfaces;
  const std::string mac = mac_address(sh);
  for (std::size_t pos = text.find("{mac}"); pos != std::string::npos; pos = text.find("{mac}", pos)) text.replace(pos, 5, mac);
  return text;
}

int ifconfig(AppletCall& c) {
  c.out(interfaces(c.sh));
  return 0;
}

int ip(AppletCall& c) {
  if (c.argv.size() < 2) {
    c.err(fmt::format("{}\n{}", c.profile().busybox_banner, applet_usage("ip")));
    return 1;
  }
  const std::string& obj = c.argv[1];
  if (obj.starts_with("r")) {
    c.out(c.profile().routes);
  } else if (obj.starts_with("a") || obj.starts_with("l")) {
    c.out(interfaces(c.sh));
  }
  return 0;
}

// `route`: the kernel routing table, derived from the profile's `ip route` lines.
int route(AppletCall& c) {
  std::string out =
      "Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n";
  std::string_view text = c.profile().routes;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    std::vector<std::string> w;
    std::size_t pos = 0;
    while (pos < line.size()) {
      while (pos < line.size() && line[pos] == ' ') ++pos;
      std::size_t e = line.find(' ', pos);
      if (e == std::string_view::npos) e = line.size();
      if (e > pos) w.emplace_back(line.substr(pos, e - pos));
      pos = e;
    }
    if (w.empty()) continue;
    std::string gateway = "0.0.0.0", iface, flags = "U";
    for (std::size_t i = 0; i + 1 < w.size(); ++i) {
      if (w[i] == "via") gateway = w[i + 1];
      if (w[i] == "dev") iface = w[i + 1];
    }
    if (gateway != "0.0.0.0") flags += "G";
    std::string dest = w[0], mask = "255.255.255.255";
    if (dest == "default") {
      dest = "0.0.0.0";
      mask = "0.0.0.0";
    } else if (auto slash = dest.find('/'); slash != std::string::npos) {
      const int bits = std::atoi(dest.c_str() + slash + 1);
      const std::uint32_t m = bits <= 0 ? 0 : bits >= 32 ? 0xffffffffu : ~((1u << (32 - bits)) - 1);
      mask = fmt::format("{}.{}.{}.{}", m >> 24, (m >> 16) & 0xff, (m >> 8) & 0xff, m & 0xff);
      dest = dest.substr(0, slash);
    } else {
      flags += "H";
    }
    out += fmt::format("{:<15} {:<15} {:<15} {:<5} {:<6} {:<6} {:>3} {}\n", dest, gateway, mask, flags, 0, 0, 0, iface);
  }
  c.out(out);
  return 0;
}

int netstat(AppletCall& c) {
  c.out(c.profile().netstat);
  return 0;
}

int which(AppletCall& c) {
  if (c.argv.size() < 2) return c.usage();
  int status = 0;
  const std::string path = c.sh.variable("PATH");
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    if (c.argv[i].starts_with("-")) continue;
    bool found = false;
    std::size_t start = 0;
    while (start <= path.size() && !found) {
      std::size_t end = path.find(':', start);
      if (end == std::string::npos) end = path.size();
      const std::string candidate = path.substr(start, end - start) + "/" + c.argv[i];
      start = end + 1;
      auto [err, node] = c.sh.fs().lookup(candidate);
      if (err == vfs::FsError::None && node->type == vfs::NodeType::File && (node->mode & 0111)) {
        c.out(candidate + "\n");
        found = true;
      }
    }
    if (!found) status = 1;
  }
  return status;
}

int sleep_applet(AppletCall& c) {
  if (c.argv.size() < 2) return c.usage();
  double total = 0;
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    char* end = nullptr;
    const double v = std::strtod(c.argv[i].c_str(), &end);
    const std::string suffix = end;
    double mult = 1;
    if (suffix == "m") mult = 60;
    else if (suffix == "h") mult = 3600;
    else if (suffix == "d") mult = 86400;
    else if (!suffix.empty() && suffix != "s") {
      c.error(fmt::format("invalid number '{}'", c.argv[i]));
      return 1;
    }
    if (end == c.argv[i].c_str()) {
      c.error(fmt::format("invalid number '{}'", c.argv[i]));
      return 1;
    }
    total += v * mult;
  }
  // A real pause, bounded: the session's line timer and idle timeout still apply.
  const auto ms = static_cast<long>(std::clamp(total, 0.0, 5.0) * 1000);
  if (ms > 0) c.sh.delay(std::chrono::milliseconds(ms), std::chrono::milliseconds(ms));
  return 0;
}

int nproc(AppletCall& c) {
  c.out(fmt::format("{}\n", c.profile().nproc));
  return 0;
}

int hostname(AppletCall& c) {
  if (c.argv.size() > 1) {
    c.error("sethostname: Operation not permitted");
    return 1;
  }
  c.out(c.profile().hostname + "\n");
  return 0;
}

int date(AppletCall& c) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S UTC %Y\n", &tm);
  c.out(buf);
  return 0;
}

// sh / ash: `-c SCRIPT`, `FILE [ARGS]`, or (interactive, no arguments) a nested shell.
int sh_applet(AppletCall& c) {
  if (c.argv.size() == 1) {
    c.sh.enter_interactive_shell();
    return 0;
  }
  std::size_t i = 1;
  while (i < c.argv.size() && c.argv[i].starts_with("-") && c.argv[i] != "-c") ++i;
  if (i >= c.argv.size()) {
    c.sh.enter_interactive_shell();
    return 0;
  }
  if (c.argv[i] == "-c") {
    if (i + 1 >= c.argv.size()) {
      c.err(fmt::format("{}: -c requires an argument\n", c.argv[0]));
      return 2;
    }
    std::vector<std::string> args(c.argv.begin() + static_cast<long>(std::min(i + 3, c.argv.size())), c.argv.end());
    return c.sh.run_script(c.argv[i + 1], std::move(args), i + 2 < c.argv.size() ? c.argv[i + 2] : c.argv[0], c.io,
                           false);
  }
  const std::string& file = c.argv[i];
  const std::string path = c.sh.absolute(file);
  auto [err, node] = c.sh.fs().lookup(path);
  if (err != vfs::FsError::None) {
    c.err(fmt::format("{}: can't open '{}': {}\n", c.argv[0], file, vfs::error_text(err)));
    return 2;
  }
  if (node->type == vfs::NodeType::Directory) return 0;
  if (node->attacker_written) {
    for (auto& e : c.sh.capture().capture_now(path, *node, "sourced by sh")) c.sh.add_event(std::move(e));
  }
  std::vector<std::string> args(c.argv.begin() + static_cast<long>(i) + 1, c.argv.end());
  if (node->data && node->data->starts_with("\x7f" "ELF")) {
    // ash reads the binary as a script: its first "word" is not a command.
    const std::string& d = *node->data;
    std::size_t end = 0;
    while (end < d.size() && end < 64 && d[end] != ' ' && d[end] != '\t' && d[end] != '\n' && d[end] != '\0' &&
           std::string_view(";&|<>()").find(d[end]) == std::string_view::npos) {
      ++end;
    }
    c.err(fmt::format("{}: line 1: {}: not found\n", file, d.substr(0, end)));
    return 127;
  }
  return c.sh.run_script(node->data ? *node->data : std::string(), std::move(args), file, c.io, true);
}

}  // namespace

void register_system_applets(AppletRegistry& r) {
  r.add("ps", ps);
  r.add("kill", kill_applet, true);
  r.add("uname", uname);
  r.add("id", id);
  r.add("whoami", whoami);
  r.add("free", free_applet);
  r.add("uptime", uptime);
  r.add("mount", mount);
  r.add("df", df);
  r.add("ifconfig", ifconfig);
  r.add("ip", ip);
  r.add("route", route);
  r.add("netstat", netstat);
  r.add("which", which);
  r.add("sleep", sleep_applet);
  r.add("nproc", nproc);
  r.add("hostname", hostname);
  r.add("date", date);
  r.add("sh", sh_applet);
  r.add("ash", sh_applet);
}

}  // namespace busytrap::shell
