#pragma once
// LinuxPrograms: the rule of Table 3. A Table 2 key is a Linux program when its basename is in
// data/linux-executables.txt (a Debian system's executables plus BusyBox's applets), is not
// "busybox" itself (busybox rows are "argv0 applet" and never match, as list names have no
// spaces), and is not a shell builtin typed as a bare name (`echo`, `cd`, `kill` ... — `/bin/echo`
// is a file invocation and counts).
#include <string>
#include <string_view>
#include <unordered_set>

namespace busytrap::analyze {

class LinuxPrograms {
 public:
  // Loads the list; returns false and sets `error` when the file cannot be read.
  bool load(const std::string& path, std::string& error);
  void add(std::string_view name) { names_.emplace(name); }

  bool is_linux_program(std::string_view program_key) const;
  static bool is_shell_builtin(std::string_view name) noexcept;
  std::size_t size() const noexcept { return names_.size(); }

 private:
  std::unordered_set<std::string> names_;
};

// The data directory: $BUSYTRAP_DATA_DIR, else the one the build was configured with.
std::string data_directory();

}  // namespace busytrap::analyze
