// `busybox`: the multi-call dispatcher. Without arguments or with --help: the banner, the usage
// and the applet list of this profile's build, formatted as BusyBox formats it (80 columns);
// --list: one applet per line; `busybox X ...`: applet X, or "X: applet not found".
#include <fmt/format.h>

#include "shell/applet.h"

namespace busytrap::shell {
namespace {

// The fixed part of BusyBox's help, before the applet list of this build: the real text is in
// the usage table (usage_texts.cpp), whose copy of the list is Debian's build, not this profile's.
std::string_view help_head() {
  static constexpr std::string_view kListHeading = "Currently defined functions:\n";
  const std::string_view usage = applet_usage("busybox");
  return usage.substr(0, usage.find(kListHeading) + kListHeading.size());
}

int busybox(AppletCall& c) {
  const auto& p = c.profile();
  if (c.argv.size() < 2 || c.argv[1] == "--help") {
    std::string out = p.busybox_banner + "\n" + std::string(help_head());
    int col = 0;
    const int width = 80 - 1;
    for (const auto& a : p.applets) {
      const int len2 = static_cast<int>(a.size()) + 2;
      if (col >= width - len2) {
        out += ",\n";
        col = 0;
      }
      if (col == 0) {
        col = 6;
        out += "\t";
      } else {
        out += ", ";
      }
      out += a;
      col += len2;
    }
    out += "\n";
    c.out(out);
    return 0;
  }
  if (c.argv[1] == "--list" || c.argv[1] == "--list-full") {
    std::string out;
    for (const auto& a : p.applets) {
      if (c.argv[1] == "--list-full") out += device::applet_directory(a).substr(1) + "/";
      out += a + "\n";
    }
    c.out(out);
    return 0;
  }
  std::vector<std::string> rest(c.argv.begin() + 1, c.argv.end());
  return c.sh.run_argv(std::move(rest), c.io, true);
}

}  // namespace

void register_busybox_applet(AppletRegistry& registry) { registry.add("busybox", busybox); }

}  // namespace busytrap::shell
