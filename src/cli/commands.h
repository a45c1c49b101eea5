#pragma once
// The subcommands of the busytrap program. Each lives in its own file (cli/<name>_command.cpp)
// and adds itself to the top-level CLI11 app; the returned function runs it and yields the
// process exit code.
#include <functional>

namespace CLI {
class App;
}

namespace busytrap::cli {

using CommandRunner = std::function<int()>;

CommandRunner add_analyze_command(CLI::App& app);

CommandRunner add_gen_command(CLI::App& app);
// `busytrap serve`: the Telnet honeypot (cli/serve_command.cpp).
CommandRunner add_serve_command(CLI::App& app);
CommandRunner add_replay_command(CLI::App& app);


}  // namespace busytrap::cli
