#pragma once
// LinuxPrograms: the rule of Table 3. A Table 2 key is a Linux program when it is not a busybox
// row ("argv0 applet" with argv0's basename busybox, whatever the applet: `busybox /bin/sh`
// too), its basename is in data/linux-executables.txt (a Debian system's executables plus
// BusyBox's applets) and is not "busybox" itself, and it is not a shell builtin typed as a bare
// name (`echo`, `cd`, `kill` ... — `/bin/echo` is a file invocation and counts).
#include <string>
#include <string_view>
#include <unordered_set>

namespace busytrap::analyze {

class LinuxPrograms {
 public:
  // Loads the list; returns false and sets `error` when the file cannot be read.
  bool load(const std::string& path, std::string& error);
  void add(std::string_view name) { names_.emplace(name); }

  bool is_linux_program(std::string_view program_key, bool is_busybox_row) const;
  static bool is_shell_builtin(std::string_view name) noexcept;
  std::size_t size() const noexcept { return names_.size(); }

 private:
  std::unordered_set<std::string> names_;
};

}  // namespace busytrap::analyze
