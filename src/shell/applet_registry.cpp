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
    return r;
  }();
  return registry;
}

void AppletCall::error(std::string_view message) const {
  err(fmt::format("{}: {}\n", argv.empty() ? std::string("busybox") : argv[0], message));
}

int AppletCall::usage() const {
  std::string_view text = applet_usage(argv.empty() ? std::string_view() : std::string_view(argv[0]));
  err(fmt::format("{}\n{}", profile().busybox_banner, text));
  return 1;
}

}  // namespace busytrap::shell
