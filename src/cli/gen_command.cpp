// `busytrap gen`: writes realistic synthetic Cowrie logs (see src/gen/log_generator.h).
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>
#include <variant>

#include "cli/commands.h"
#include "gen/gen_options.h"
#include "gen/log_generator.h"
#include "gen/output_buffer.h"

namespace busytrap::cli {
namespace {

struct GenCommandState {
  gen::GenArguments arguments;
  std::string output;
  bool stats = false;
};

int run_gen(const GenCommandState& state) {
  auto parsed = gen::parse_gen_arguments(state.arguments);
  if (const auto* message = std::get_if<std::string>(&parsed)) {
    std::fprintf(stderr, "busytrap gen: %s\n", message->c_str());
    return 2;
  }
  const auto& options = std::get<gen::GenOptions>(parsed);
  const bool to_stdout = state.output.empty() || state.output == "-";
  const int fd = to_stdout ? STDOUT_FILENO
                           : ::open(state.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    std::fprintf(stderr, "busytrap gen: cannot open %s: %s\n", state.output.c_str(), std::strerror(errno));
    return 1;
  }
  const auto started = std::chrono::steady_clock::now();
  gen::GenStats stats;
  std::uint64_t bytes = 0;
  int status = 0;
  try {
    gen::OutputBuffer out(fd);
    stats = gen::generate_log(options, out);
    out.flush();
    bytes = out.total_bytes();
  } catch (const std::system_error& e) {
    std::fprintf(stderr, "busytrap gen: cannot write %s: %s\n", to_stdout ? "standard output" : state.output.c_str(),
                 e.code().message().c_str());
    status = 1;
  }
  if (!to_stdout && ::close(fd) != 0 && status == 0) {
    std::fprintf(stderr, "busytrap gen: cannot write %s: %s\n", state.output.c_str(), std::strerror(errno));
    status = 1;
  }
  if (state.stats && status == 0) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr,
                 "busytrap gen: %llu command records, %llu sessions, %llu events, %llu bytes in %.2f s "
                 "(%.0f MB/s)\n",
                 static_cast<unsigned long long>(stats.records), static_cast<unsigned long long>(stats.sessions),
                 static_cast<unsigned long long>(stats.events), static_cast<unsigned long long>(bytes), seconds,
                 seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0.0);
  }
  return status;
}

}  // namespace

CommandRunner add_gen_command(CLI::App& app) {
  auto state = std::make_shared<GenCommandState>();
  CLI::App* sub = app.add_subcommand(
      "gen", "Write a realistic synthetic Cowrie log of any size, fast and deterministic (for tests\n"
             "and benchmarks of `busytrap analyze`).");
  auto& a = state->arguments;
  sub->add_option("--records", a.records,
                  "Number of cowrie.command.input records to write, exactly (0 writes nothing)")
      ->option_text("N=" + a.records);
  sub->add_option("--seed", a.seed, "Seed of the pseudo-random generator, 0 to 2^64-1; same seed and options, "
                                    "same bytes")
      ->option_text("S=" + a.seed);
  sub->add_option("--start", a.start, "Time of the first event, ISO-8601 UTC")->option_text("TIME=" + a.start);
  sub->add_option("--days", a.days, "Span the records are spread over, in days (fractions allowed)")
      ->option_text("D=" + a.days);
  sub->add_option("--format", a.format, "cowrie-json (cowrie.json lines) or cowrie-text (Twisted cowrie.log)")
      ->option_text("FORMAT=" + a.format);
  sub->add_option("--cowrie-version", a.cowrie_version,
                  "JSON dialect: current (\"protocol\", \"duration_ms\") or 2017 (no protocol; "
                  "\"system\": \"CowrieTelnetTransport,N,IP\"; \"duration\" in seconds)")
      ->option_text("V=" + a.cowrie_version);
  sub->add_option("-o,--output", state->output, "File to write (created or truncated); - or none: standard output")
      ->option_text("FILE");
  sub->add_option("--sensor", a.sensor, "Sensor name written in every JSON event")->option_text("NAME=" + a.sensor);
  sub->add_option("--concurrency", a.concurrency,
                  "Sessions open at the same time (1 to 100000); their events interleave in the output")
      ->option_text("K=" + a.concurrency);
  sub->add_flag("--stats", state->stats, "Print counts, bytes and throughput to standard error at the end");
  sub->footer(
      "DESCRIPTION\n"
      "  Plays out honeypot sessions of the families seen in the paper's logs, interleaved as in\n"
      "  a busy honeypot's log, in roughly the proportions of the paper's Tables 1-3:\n"
      "    mirai-scanner  enable, system, shell, sh, /bin/busybox MIRAI (often NUL-terminated)\n"
      "    mirai-loader   the ECCHI dialogue: ps, /proc/mounts, .nippon/kami per writable dir,\n"
      "                   dvrHelper, cat /bin/echo, then wget, tftp or echo -ne chunks > upnp\n"
      "    bat-loader     the same dialogue with the token BAT (Table 1's top row)\n"
      "    gafgyt         cd /tmp || cd /var/run ...; wget .../cunty.sh; tftp ...; ftpget ...\n"
      "    hajime-s       a random 5-capital token, cat .s || cp /bin/echo .s, dd bs=52 ...\n"
      "    shell-probe, ssh-exec, ssh-noise, telnet-failed-logins\n"
      "  Exactly N command records are written, the i-th in the i-th of N equal slots of the\n"
      "  span, so timestamps never decrease. K sessions are always open, so a session's\n"
      "  commands lie about K*D/N days apart: 3800000 records a week with K=64 gives ~10 s,\n"
      "  K=4 well under a second. Output is streamed in constant memory (a few MB).\n"
      "  Download hosts are documentation addresses (RFC 5737); nothing is contacted.\n\n"
      "EXAMPLES\n"
      "  busytrap gen --records 1000 | jq -c .                a small log to look at\n"
      "  busytrap gen --records 3800000 -o week.json           the paper's week (~2.5 GB)\n"
      "  busytrap gen --format cowrie-text --seed 7 -o cowrie.log\n"
      "  busytrap gen --records 5000000 --stats -o /dev/null   measure the generator\n\n"
      "FILES\n"
      "  The scenario tables (what each family sends) are compiled in from\n"
      "  src/gen/scenario_table.cpp.\n\n"
      "EXIT STATUS\n"
      "  0 success, 1 the output could not be opened or written, 2 usage error (bad option value).");
  return [state]() { return run_gen(*state); };
}

}  // namespace busytrap::cli
