#pragma once
// DeviceProfile: everything that makes one emulated device (a HiSilicon DVR, a MIPS router)
// consistent across every place an attacker can look: login banner and prompts, hostname,
// uname, BusyBox version and applet list, the ELF header of its binaries, /proc files, mounts,
// processes, users, network answers and the device CLI's words. Profiles are data
// (data/profiles/*.toml, format in docs/SHELL.md); load_profile() validates one file and
// returns an error text instead of throwing. A loaded profile is immutable and shared by
// every session that uses it (thread-safe to read).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace busytrap::device {

struct ElfParameters {
  std::uint8_t elf_class = 1;      // EI_CLASS: 1 = 32-bit, 2 = 64-bit
  std::uint8_t data = 1;           // EI_DATA: 1 = little endian, 2 = big endian
  std::uint16_t machine = 40;      // e_machine (40 ARM, 8 MIPS, ...)
  std::uint32_t flags = 0;         // e_flags (ABI bits of the architecture)
  std::string interpreter;         // PT_INTERP, empty for static binaries
  std::uint32_t busybox_size = 0;  // bytes of /bin/busybox (a real build's size)
};

struct ProcessEntry {
  std::uint32_t pid = 0;
  std::string user;
  std::uint32_t vsz_kb = 0;
  std::string stat;
  std::string command;
};

struct DeviceProfile {
  std::string name;            // file stem, chosen by the listener
  std::string description;
  std::string hostname;
  std::string arch;            // Cowrie's cowrie.session.params arch, e.g. "linux-arm-lsb"
  // Login dialogue (the honeypot server prints these).
  std::string login_banner;    // before the first login prompt (may be empty)
  std::string login_prompt;    // e.g. "dvrdvs login: "
  std::string password_prompt; // e.g. "Password: "
  std::string login_incorrect; // e.g. "Login incorrect"
  std::string motd;            // after a successful login
  // Shell.
  std::string prompt;          // PS1; "\w" is the working directory ("~" for home), "\h" hostname
  std::string shell_name;      // arg0 of the login shell in error messages ("sh", "-sh")
  std::string home = "/root";
  std::string path = "/bin:/sbin:/usr/bin:/usr/sbin";
  std::string busybox_banner;  // first line of BusyBox's help, e.g. "BusyBox v1.20.2 (...) multi-call binary."
  std::vector<std::string> applets;  // sorted applet names of this BusyBox build
  std::map<std::string, std::string> cli_words;  // e.g. "enable" → its reply ("" = ash's not found)
  // Kernel and hardware.
  std::string uname_sysname = "Linux";
  std::string uname_release;
  std::string uname_version;
  std::string uname_machine;
  std::uint32_t nproc = 1;
  std::uint64_t mem_total_kb = 0;
  std::uint64_t mem_free_kb = 0;
  std::uint64_t mem_buffers_kb = 0;
  std::uint64_t mem_cached_kb = 0;
  ElfParameters elf;
  std::string cpuinfo;         // /proc/cpuinfo
  std::string proc_version;    // /proc/version
  std::string mounts;          // /proc/mounts (decides what is writable)
  std::vector<ProcessEntry> processes;
  std::string interfaces;      // ifconfig output; "{mac}" is the per-device MAC
  std::string routes;          // `ip route` / route output
  std::string netstat;         // netstat -an output
  std::map<std::string, std::string> files;  // extra files: path → contents
  std::vector<std::string> writable_paths;   // extra writable subtrees (beyond rw mounts)
  bool remember_state = true;  // the same source IP finds what it left (until evicted)
};

// Loads and checks one profile file. Returns the profile, or nullopt with `error` set.
std::optional<DeviceProfile> load_profile(const std::string& path, std::string& error);

}  // namespace busytrap::device
