#include <fmt/format.h>

#include "shell/applet.h"

namespace busytrap::shell {

const AppletRegistry& AppletRegistry::instance() {
  static const AppletRegistry registry = [] {
    AppletRegistry r;
    register_builtin_applets(r);
    register_busybox_applet(r);
    register_echo_applets(r);
    register_file_applets(r);
    register_system_applets(r);
    register_network_applets(r);
    register_dump_applets(r);
    register_text_applets(r);
    return r;
  }();
  return registry;
}

void AppletCall::error(std::string_view message) const {
  const std::string& name = as_builtin ? sh.state().arg0 : (argv.empty() ? sh.state().arg0 : argv[0]);
  err(fmt::format("{}: {}\n", name, message));
}

int AppletCall::usage() const {
  std::string_view text = applet_usage(argv.empty() ? std::string_view() : std::string_view(argv[0]));
  err(fmt::format("{}\n{}", profile().busybox_banner, text));
  return 1;
}

}  // namespace busytrap::shell
