#include "analyze/linux_programs.h"

#include <algorithm>
#include <array>
#include <fstream>

#include "analyze/program_name.h"

namespace busytrap::analyze {
namespace {

// The paper's list of shell builtins (docs/PAPER.md, "Linux program").
constexpr std::array<std::string_view, 39> kShellBuiltins = {
    ".",      ":",    "[",      "alias", "bg",       "break",  "cd",   "command", "continue", "echo",
    "eval",   "exec", "exit",   "export", "false",   "fc",     "fg",   "getopts", "hash",     "jobs",
    "kill",   "local", "printf", "pwd",  "read",     "readonly", "return", "set", "shift",    "test",
    "times",  "trap", "true",   "type",  "ulimit",   "umask",  "unalias", "unset", "wait"};

}  // namespace

bool LinuxPrograms::is_shell_builtin(std::string_view name) noexcept {
  return std::find(kShellBuiltins.begin(), kShellBuiltins.end(), name) != kShellBuiltins.end();
}

bool LinuxPrograms::load(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = path + ": cannot read the list of Linux programs (set BUSYTRAP_DATA_DIR?)";
    return false;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    names_.insert(line);
  }
  return true;
}

bool LinuxPrograms::is_linux_program(std::string_view key, bool is_busybox_row) const {
  if (is_busybox_row) return false;  // "busybox /bin/sh" is busybox's row, whatever its applet
  const std::string_view base = path_basename(key);
  if (base.empty() || base == "busybox") return false;
  if (key.find('/') == std::string_view::npos && is_shell_builtin(key)) return false;
  return names_.count(std::string(base)) > 0;
}

}  // namespace busytrap::analyze
