#include "device/device_image.h"

#include <fmt/format.h>

#include <set>

#include "device/elf_image.h"

namespace busytrap::device {
namespace {

using vfs::Node;
using vfs::NodePtr;

// Adds `node` at absolute `path`, creating parent directories.
void place(const NodePtr& root, std::string_view path, NodePtr node) {
  Node* dir = root.get();
  auto parts = vfs::split_path(path);
  if (parts.empty()) return;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    auto it = dir->children.find(parts[i]);
    if (it == dir->children.end()) it = dir->children.emplace(std::string(parts[i]), vfs::make_directory()).first;
    dir = it->second.get();
  }
  dir->children[std::string(parts.back())] = std::move(node);
}

NodePtr char_device() {
  auto n = std::make_shared<Node>();
  n->type = vfs::NodeType::CharDevice;
  n->mode = 0666;
  n->data = std::make_shared<std::string>();
  return n;
}

void stamp(const NodePtr& node, std::int64_t mtime) {
  node->mtime = mtime;
  for (auto& [_, child] : node->children) stamp(child, mtime);
}

std::string meminfo(const DeviceProfile& p) {
  return fmt::format("MemTotal:       {:>8} kB\nMemFree:        {:>8} kB\nBuffers:        {:>8} kB\nCached:         {:>8} kB\n"
                     "SwapCached:            0 kB\nActive:         {:>8} kB\nInactive:       {:>8} kB\n"
                     "SwapTotal:             0 kB\nSwapFree:              0 kB\n",
                     p.mem_total_kb, p.mem_free_kb, p.mem_buffers_kb, p.mem_cached_kb,
                     (p.mem_total_kb - p.mem_free_kb) / 2, (p.mem_total_kb - p.mem_free_kb) / 4);
}

}  // namespace

std::string applet_directory(std::string_view applet) {
  static const std::set<std::string_view> kBin = {
      "ash", "busybox", "cat", "chgrp", "chmod", "chown", "cp", "date", "dd", "df", "dmesg", "echo", "egrep", "false",
      "fgrep", "grep", "gunzip", "gzip", "hostname", "kill", "ln", "login", "ls", "mkdir", "mknod", "mount", "mv",
      "netstat", "pidof", "ping", "ps", "pwd", "rm", "rmdir", "sed", "sh", "sleep", "stty", "sync", "tar", "touch",
      "true", "umount", "uname", "usleep", "vi", "zcat", "more", "cpio", "ping6", "fdflush", "setserial", "mktemp"};
  static const std::set<std::string_view> kSbin = {
      "arp", "getty", "halt", "hwclock", "ifconfig", "ifdown", "ifup", "init", "insmod", "klogd", "lsmod", "mdev",
      "modprobe", "pivot_root", "poweroff", "reboot", "rmmod", "route", "runlevel", "swapoff", "swapon", "switch_root",
      "sysctl", "syslogd", "udhcpc", "vconfig", "watchdog", "losetup", "ip", "ipaddr", "iplink", "iproute", "devmem"};
  static const std::set<std::string_view> kUsrSbin = {"telnetd", "httpd", "crond", "chroot", "brctl", "ntpd",
                                                      "udhcpd", "inetd", "fdformat", "rdate", "dnsd"};
  if (kBin.count(applet)) return "/bin";
  if (kSbin.count(applet)) return "/sbin";
  if (kUsrSbin.count(applet)) return "/usr/sbin";
  return "/usr/bin";
}

std::vector<vfs::MountRule> mount_rules(const std::string& proc_mounts, const std::vector<std::string>& extra_writable) {
  std::vector<vfs::MountRule> rules;
  std::size_t pos = 0;
  while (pos < proc_mounts.size()) {
    std::size_t nl = proc_mounts.find('\n', pos);
    if (nl == std::string::npos) nl = proc_mounts.size();
    std::string line = proc_mounts.substr(pos, nl - pos);
    pos = nl + 1;
    std::vector<std::string> f;
    std::size_t i = 0;
    while (i < line.size() && f.size() < 4) {
      while (i < line.size() && line[i] == ' ') ++i;
      std::size_t e = line.find(' ', i);
      if (e == std::string::npos) e = line.size();
      if (e > i) f.push_back(line.substr(i, e - i));
      i = e;
    }
    if (f.size() < 4) continue;
    vfs::MountRule r;
    r.mount_point = f[1];
    if (f[2] == "proc") r.kind = vfs::MountKind::Proc;
    else if (f[2] == "sysfs") r.kind = vfs::MountKind::Sys;
    else if (f[3] == "rw" || f[3].starts_with("rw,")) r.kind = vfs::MountKind::Writable;
    else r.kind = vfs::MountKind::ReadOnly;
    // A later line for the same mount point replaces the earlier one (rootfs then /dev/root).
    std::erase_if(rules, [&](const vfs::MountRule& old) { return old.mount_point == r.mount_point; });
    rules.push_back(std::move(r));
  }
  for (const char* always : {"/tmp", "/var", "/dev"}) {
    bool covered = false;
    for (auto& r : rules) covered |= r.mount_point == always;
    if (!covered) rules.push_back({always, vfs::MountKind::Writable});
  }
  for (const auto& w : extra_writable) rules.push_back({w, vfs::MountKind::Writable});
  return rules;
}

std::shared_ptr<const DeviceImage> build_device_image(DeviceProfile profile) {
  auto image = std::make_shared<DeviceImage>();
  const DeviceProfile& p = profile;
  image->busybox = std::make_shared<std::string>(build_busybox_binary(p));
  NodePtr root = vfs::make_directory();
  for (const char* d : {"/bin", "/sbin", "/usr/bin", "/usr/sbin", "/lib", "/etc", "/root", "/home", "/mnt", "/tmp",
                        "/var/run", "/var/tmp", "/var/log", "/var/lock", "/dev/pts", "/dev/shm", "/proc", "/sys/class/net",
                        "/sys/devices/system/cpu", "/opt", "/usr/lib"}) {
    place(root, d, vfs::make_directory());
  }
  // The /tmp directory of a device is world writable with the sticky bit.
  root->children["tmp"]->mode = 01777;
  auto busybox = std::make_shared<Node>();
  busybox->type = vfs::NodeType::File;
  busybox->mode = 0755;
  busybox->data = image->busybox;
  place(root, "/bin/busybox", busybox);
  for (const auto& applet : p.applets) {
    if (applet == "busybox") continue;
    const std::string dir = applet_directory(applet);
    const std::string target = dir == "/bin" ? "busybox" : dir == "/sbin" ? "../bin/busybox" : "../../bin/busybox";
    place(root, dir + "/" + applet, vfs::make_symlink(target));
  }
  if (!p.elf.interpreter.empty()) {
    // The dynamic loader and C library the binaries name: real ELF headers, plausible sizes.
    DeviceProfile lib = p;
    lib.elf.busybox_size = 28000;
    lib.elf.interpreter.clear();
    place(root, p.elf.interpreter, vfs::make_file(build_busybox_binary(lib), 0755));
  }
  for (const char* dev : {"null", "zero", "random", "urandom", "tty", "console", "ptmx", "watchdog", "mtdblock0", "mtdblock1", "mtdblock2", "ttyS0"}) {
    place(root, std::string("/dev/") + dev, char_device());
  }
  auto text = [&](std::string_view path, std::string contents, std::uint32_t mode = 0644) {
    place(root, path, vfs::make_file(std::move(contents), mode));
  };
  text("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
  text("/etc/group", "root:x:0:\n");
  text("/etc/hostname", p.hostname + "\n");
  text("/etc/hosts", fmt::format("127.0.0.1\tlocalhost\n127.0.1.1\t{}\n", p.hostname));
  text("/etc/resolv.conf", "nameserver 192.168.1.1\n");
  text("/etc/profile", "export PATH=" + p.path + "\nexport PS1='" + p.prompt + "'\n");
  text("/etc/shells", "/bin/sh\n/bin/ash\n");
  text("/proc/cpuinfo", p.cpuinfo, 0444);
  text("/proc/version", p.proc_version, 0444);
  text("/proc/mounts", p.mounts, 0444);
  text("/proc/meminfo", meminfo(p), 0444);
  text("/proc/filesystems", "nodev\tsysfs\nnodev\trootfs\nnodev\tproc\nnodev\ttmpfs\nnodev\tdevpts\n\tsquashfs\n\tjffs2\n", 0444);
  text("/proc/cmdline", "console=ttyS0,115200 root=/dev/mtdblock2 rootfstype=squashfs\n", 0444);
  text("/proc/loadavg", "0.12 0.10 0.08 1/45 812\n", 0444);
  text("/sys/devices/system/cpu/online", p.nproc > 1 ? fmt::format("0-{}\n", p.nproc - 1) : "0\n", 0444);
  for (const auto& proc : p.processes) {
    const std::string dir = fmt::format("/proc/{}", proc.pid);
    std::string cmdline = proc.command;
    if (cmdline.starts_with("[")) cmdline.clear();
    for (auto& ch : cmdline) if (ch == ' ') ch = '\0';
    text(dir + "/cmdline", cmdline.empty() ? cmdline : cmdline + '\0', 0444);
    text(dir + "/status", fmt::format("Name:\t{}\nState:\t{}\nPid:\t{}\n", proc.command.substr(0, 15), proc.stat, proc.pid), 0444);
    if (!proc.command.starts_with("[")) place(root, dir + "/exe", vfs::make_symlink("/bin/busybox"));
  }
  for (const auto& [path, contents] : p.files) text(path, contents);
  stamp(root, 1420070400);  // firmware build time: files carry the image's date
  image->root = root;
  image->mounts = mount_rules(p.mounts, p.writable_paths);
  image->profile = std::move(profile);
  return image;
}

}  // namespace busytrap::device
