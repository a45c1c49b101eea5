#include "device/device_profile.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <toml++/toml.h>

#include "config/toml_document.h"

namespace busytrap::device {
namespace {

std::string text(const toml::table& t, std::string_view key, std::string fallback = {}) {
  return t[key].value<std::string>().value_or(std::move(fallback));
}

template <typename Int>
Int number(const toml::table& t, std::string_view key, Int fallback) {
  const auto v = t[key].value<std::int64_t>();
  if (!v || *v < 0) return fallback;
  return static_cast<Int>(*v);
}

}  // namespace

std::optional<DeviceProfile> load_profile(const std::string& path, std::string& error) {
  config::TomlError toml_error;
  const std::optional<toml::table> parsed = config::parse_toml_file(path, toml_error);
  if (!parsed) {
    error = toml_error.line == 0 ? fmt::format("{}: {}", path, toml_error.description)
                                 : fmt::format("{}:{}:{}: {}", path, toml_error.line, toml_error.column,
                                               toml_error.description);
    return std::nullopt;
  }
  const toml::table& root = *parsed;
  DeviceProfile p;
  p.name = std::filesystem::path(path).stem().string();
  p.description = text(root, "description");
  p.hostname = text(root, "hostname");
  p.arch = text(root, "arch");
  p.login_banner = text(root, "login_banner");
  p.login_prompt = text(root, "login_prompt", p.hostname + " login: ");
  p.password_prompt = text(root, "password_prompt", "Password: ");
  p.login_incorrect = text(root, "login_incorrect", "Login incorrect");
  p.motd = text(root, "motd");
  p.prompt = text(root, "prompt", "\\w # ");
  p.shell_name = text(root, "shell_name", "sh");
  p.home = text(root, "home", "/root");
  p.path = text(root, "path", p.path);
  p.remember_state = root["remember_state"].value<bool>().value_or(true);

  const toml::table* busybox = root["busybox"].as_table();
  const toml::table* kernel = root["kernel"].as_table();
  const toml::table* elf = root["elf"].as_table();
  if (!busybox || !kernel || !elf) {
    error = fmt::format("{}: needs [busybox], [kernel] and [elf] tables", path);
    return std::nullopt;
  }
  p.busybox_banner = text(*busybox, "banner");
  if (const toml::array* applets = (*busybox)["applets"].as_array()) {
    for (const auto& a : *applets) {
      if (auto s = a.value<std::string>()) p.applets.push_back(*s);
    }
  }
  std::sort(p.applets.begin(), p.applets.end());
  p.applets.erase(std::unique(p.applets.begin(), p.applets.end()), p.applets.end());

  p.uname_sysname = text(*kernel, "sysname", "Linux");
  p.uname_release = text(*kernel, "release");
  p.uname_version = text(*kernel, "version");
  p.uname_machine = text(*kernel, "machine");
  p.nproc = number<std::uint32_t>(*kernel, "nproc", 1);
  p.mem_total_kb = number<std::uint64_t>(*kernel, "mem_total_kb", 0);
  p.mem_free_kb = number<std::uint64_t>(*kernel, "mem_free_kb", 0);
  p.mem_buffers_kb = number<std::uint64_t>(*kernel, "mem_buffers_kb", 0);
  p.mem_cached_kb = number<std::uint64_t>(*kernel, "mem_cached_kb", 0);
  p.cpuinfo = text(*kernel, "cpuinfo");
  p.proc_version = text(*kernel, "proc_version");
  p.mounts = text(*kernel, "mounts");

  p.elf.elf_class = number<std::uint8_t>(*elf, "class", 1);
  const std::string data = text(*elf, "data", "lsb");
  p.elf.data = data == "msb" ? 2 : 1;
  p.elf.machine = number<std::uint16_t>(*elf, "machine", 0);
  p.elf.flags = number<std::uint32_t>(*elf, "flags", 0);
  p.elf.interpreter = text(*elf, "interpreter");
  p.elf.busybox_size = number<std::uint32_t>(*elf, "busybox_size", 0);

  if (const toml::array* procs = root["process"].as_array()) {
    for (const auto& entry : *procs) {
      const toml::table* t = entry.as_table();
      if (!t) continue;
      ProcessEntry e;
      e.pid = number<std::uint32_t>(*t, "pid", 0);
      e.user = text(*t, "user", "root");
      e.vsz_kb = number<std::uint32_t>(*t, "vsz", 0);
      e.stat = text(*t, "stat", "S");
      e.command = text(*t, "command");
      if (e.pid != 0 && !e.command.empty()) p.processes.push_back(std::move(e));
    }
  }
  if (const toml::table* net = root["network"].as_table()) {
    p.interfaces = text(*net, "ifconfig");
    p.routes = text(*net, "routes");
    p.netstat = text(*net, "netstat");
  }
  if (const toml::table* cli = root["cli"].as_table()) {
    for (const auto& [k, v] : *cli) {
      if (auto s = v.value<std::string>()) p.cli_words[std::string(k.str())] = *s;
    }
  }
  if (const toml::table* files = root["files"].as_table()) {
    for (const auto& [k, v] : *files) {
      if (auto s = v.value<std::string>()) p.files[std::string(k.str())] = *s;
    }
  }
  if (const toml::array* w = root["writable_paths"].as_array()) {
    for (const auto& a : *w) {
      if (auto s = a.value<std::string>()) p.writable_paths.push_back(*s);
    }
  }

  std::vector<std::string> missing;
  auto need = [&](const std::string& v, const char* name) {
    if (v.empty()) missing.emplace_back(name);
  };
  need(p.hostname, "hostname");
  need(p.arch, "arch");
  need(p.busybox_banner, "busybox.banner");
  need(p.uname_release, "kernel.release");
  need(p.uname_machine, "kernel.machine");
  need(p.mounts, "kernel.mounts");
  if (p.elf.machine == 0) missing.emplace_back("elf.machine");
  if (p.elf.busybox_size < 4096) missing.emplace_back("elf.busybox_size");
  if (p.applets.empty()) missing.emplace_back("busybox.applets");
  if (!missing.empty()) {
    std::string list;
    for (auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    error = fmt::format("{}: missing or invalid: {}", path, list);
    return std::nullopt;
  }
  if (p.elf.busybox_size > (16u << 20)) p.elf.busybox_size = 16u << 20;
  return p;
}

}  // namespace busytrap::device
