// busytrap: an IoT Telnet honeypot and the analyzer of what malware types into it.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"

namespace {

// Lists each subcommand with the first paragraph of its description only (joined into one
// line); the whole description opens the subcommand's own --help.
class SummaryFormatter : public CLI::Formatter {
 public:
  std::string make_subcommand(const CLI::App* sub) const override {
    const std::string& description = sub->get_description();
    std::string summary = description.substr(0, description.find("\n\n"));
    std::replace(summary.begin(), summary.end(), '\n', ' ');
    std::string line = "  " + sub->get_display_name();
    line.resize(std::max<std::size_t>(line.size() + 1, 30), ' ');
    return line + summary + "\n";
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "busytrap - an IoT Telnet honeypot that malware takes for a BusyBox device, and the\n"
      "analyzer of what malware types into it (Cowrie-compatible logs).\n\n"
      "Run `busytrap COMMAND --help` for a command's options."};
  app.name("busytrap");
  app.formatter(std::make_shared<SummaryFormatter>());
  app.set_version_flag("--version", std::string("busytrap ") + BUSYTRAP_VERSION);
  app.require_subcommand(1);
  app.footer(
      "EXAMPLES\n"
      "  busytrap analyze var/log/busytrap.json            paper tables of our own log\n"
      "  busytrap analyze --paper cowrie.json.2017-09-0*   the paper's layout, several files\n"
      "  busytrap analyze --format json logs/ > tables.json\n\n"
      "FILES\n"
      "  data/linux-executables.txt   Linux program names for Table 3\n\n"
      "ENVIRONMENT\n"
      "  BUSYTRAP_DATA_DIR            where busytrap finds its data/ folder\n\n"
      "EXIT STATUS\n"
      "  0 success, 1 runtime error (e.g. an unreadable input), 2 usage error.");

  std::vector<std::pair<CLI::App*, busytrap::cli::CommandRunner>> commands;
  auto add = [&](busytrap::cli::CommandRunner runner) {
    commands.emplace_back(app.get_subcommands({}).back(), std::move(runner));
  };
  add(busytrap::cli::add_analyze_command(app));
  add(busytrap::cli::add_gen_command(app));
  add(busytrap::cli::add_serve_command(app));
  add(busytrap::cli::add_replay_command(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return (code == 0) ? 0 : 2;
  }
  for (auto& [sub, run] : commands) {
    if (sub->parsed()) return run();
  }
  return 2;
}
