// `busytrap replay FILE`: plays a session transcript (asciicast v2, as the honeypot records
// under var/lib/busytrap/tty/) in the terminal, with its timing.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>
#include <thread>

#include "cli/commands.h"
#include "sink/cast_reader.h"

namespace busytrap::cli {
namespace {

// Transcripts the honeypot writes are at most a few MiB; anything far larger is not one.
constexpr std::uintmax_t kMaxCastFileBytes = 256u << 20;
constexpr double kMaxPause = 86400;  // seconds

struct ReplayOptions {
  std::string file;
  double speed = 1.0;
  double max_wait = 5.0;
  bool no_wait = false;
  bool show_input = false;
  bool max_wait_given = false;
};

int fail(const std::string& file, const std::string& message) {
  std::fprintf(stderr, "busytrap replay: %s: %s\n", file.c_str(), message.c_str());
  return 1;
}

int run_replay(const ReplayOptions& options) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(options.file, ec);
  if (ec) return fail(options.file, "cannot read: " + ec.message());
  if (size > kMaxCastFileBytes) return fail(options.file, "too large for a transcript (over 256 MiB)");
  std::ifstream in(options.file, std::ios::binary);
  std::string content(static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(content.data(), static_cast<std::streamsize>(content.size()))) {
    return fail(options.file, std::string("cannot read: ") + std::strerror(errno));
  }
  std::string error;
  const auto cast = sink::parse_cast(content, error);
  if (!cast) return fail(options.file, "not a valid asciicast v2 transcript: " + error);

  double max_wait = options.max_wait;
  if (!options.max_wait_given && cast->header.idle_time_limit) max_wait = *cast->header.idle_time_limit;
  double previous = 0;
  for (const auto& event : cast->events) {
    const bool is_output = event.type == "o";
    const bool is_input = event.type == "i" && options.show_input;
    if (event.type == "m") {
      std::fprintf(stderr, "[busytrap replay: marker at %.3f s: %s]\n", event.time, event.data.c_str());
      continue;
    }
    if (!is_output && !is_input) continue;
    if (!options.no_wait) {
      // The second cap keeps a hostile time (1e308) or --max-wait from overflowing sleep_for.
      const double pause = std::min({std::max(0.0, event.time - previous) / options.speed, max_wait, kMaxPause});
      if (pause > 0) std::this_thread::sleep_for(std::chrono::duration<double>(pause));
      previous = std::max(previous, event.time);
    }
    std::fwrite(event.data.data(), 1, event.data.size(), stdout);
    if (!options.no_wait) std::fflush(stdout);
  }
  std::fflush(stdout);
  return std::ferror(stdout) ? 1 : 0;
}

}  // namespace

CommandRunner add_replay_command(CLI::App& app) {
  auto options = std::make_shared<ReplayOptions>();
  auto* command = app.add_subcommand(
      "replay",
      "Play a recorded session transcript in the terminal.\n\n"
      "Reads an asciinema v2 transcript (\"asciicast\", one JSON line per event), as the honeypot\n"
      "writes one per session to var/lib/busytrap/tty/SESSION.cast, and writes what the attacker\n"
      "saw to standard output with the original pauses. Binary output is reproduced byte for\n"
      "byte. Markers (e.g. \"transcript truncated\") are shown on standard error.\n\n"
      "The output is what a malicious client was sent and may contain terminal escape\n"
      "sequences; use --no-wait and a pager or `cat -v` to inspect it safely.");
  command->add_option("FILE", options->file, "the transcript (.cast) to play")->required();
  command->add_option("--speed", options->speed, "play X times faster (0.5 = half speed)")
      ->default_val(1.0)
      ->check(CLI::PositiveNumber)
      ->type_name("X");
  command
      ->add_option("--max-wait", options->max_wait,
                   "cap every pause at S seconds (default 5, or the file's idle_time_limit)")
      ->check(CLI::NonNegativeNumber)
      ->type_name("S");
  command->add_flag("--no-wait,--raw", options->no_wait, "no pauses: dump the output at once");
  command->add_flag("--input", options->show_input, "also show what the client typed");
  command->footer(
      "EXAMPLES\n"
      "  busytrap replay var/lib/busytrap/tty/08a27a5431bc.cast\n"
      "  busytrap replay --speed 4 --max-wait 1 session.cast\n"
      "  busytrap replay --no-wait --input session.cast | cat -v\n\n"
      "FILES\n"
      "  var/lib/busytrap/tty/SESSION.cast   transcripts written by `busytrap serve`\n\n"
      "EXIT STATUS\n"
      "  0 played, 1 unreadable or malformed transcript, 2 usage error.");
  return [options, command] {
    options->max_wait_given = command->count("--max-wait") > 0;
    return run_replay(*options);
  };
}

}  // namespace busytrap::cli
