#pragma once
// Applets: the emulated programs of a BusyBox device, registered by name. Each family lives in
// src/shell/applets/<family>.cpp and registers itself from register_all_applets(). An applet
// gets its argv (argv[0] is the name it was called by), stdin bytes and two output streams, and
// returns an exit status; it changes the device only through the interpreter's SessionFs and
// never touches the host. Builtins are ash's own commands (cd, exit, read, ...): available
// whatever the profile's BusyBox contains; other applets exist only when the profile's applet
// list names them.
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "shell/interpreter.h"

namespace busytrap::shell {

struct AppletCall {
  Interpreter& sh;
  std::vector<std::string>& argv;
  Io io;
  // Run as ash's builtin (not as `busybox NAME` or through a link): BusyBox's messages then
  // carry the shell's name ("sh: invalid number 'x'"), as ash prints them.
  bool as_builtin = false;

  void out(std::string_view bytes) const { io.out->write(bytes); }
  void err(std::string_view bytes) const { io.err->write(bytes); }
  const device::DeviceProfile& profile() const { return sh.profile(); }
  // "name: message\n" on stderr, BusyBox's bb_error_msg().
  void error(std::string_view message) const;
  // BusyBox's usage text for this applet on stderr (banner + "Usage: ..."), status 1.
  int usage() const;
};

using AppletFn = int (*)(AppletCall&);

struct AppletInfo {
  AppletFn run = nullptr;
  bool builtin = false;  // an ash builtin: exists without a BusyBox applet link
};

class AppletRegistry {
 public:
  static const AppletRegistry& instance();
  void add(std::string name, AppletFn run, bool builtin = false) { table_[std::move(name)] = {run, builtin}; }
  const AppletInfo* find(std::string_view name) const {
    auto it = table_.find(name);
    return it == table_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, AppletInfo, std::less<>> table_;
};

// BusyBox 1.35's usage text for `applet` (without the banner line), or "" when unknown.
std::string_view applet_usage(std::string_view applet);

// Registration functions, one per family file.
void register_builtin_applets(AppletRegistry& registry);
void register_busybox_applet(AppletRegistry& registry);
void register_echo_applets(AppletRegistry& registry);
void register_file_applets(AppletRegistry& registry);
void register_system_applets(AppletRegistry& registry);
void register_network_applets(AppletRegistry& registry);
void register_dump_applets(AppletRegistry& registry);
void register_text_applets(AppletRegistry& registry);

}  // namespace busytrap::shell
