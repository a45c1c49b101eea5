// `busytrap serve`: runs the Telnet honeypot until SIGINT/SIGTERM.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <asio.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "config/config_loader.h"
#include "config/listen_address.h"
#include "honeypot/auth_policy.h"
#include "honeypot/connection_limiter.h"
#include "core/data_directory.h"
#include "fetch/fetcher.h"
#include "honeypot/device_presentation.h"
#include "shell/device_shell_factory.h"
#include "honeypot/server.h"
#include "host/syscall_filter.h"
#include "sink/fanout_sink.h"
#include "sink/json_lines_sink.h"
#include "sink/sink_policy.h"
#include "sink/sqlite_sink.h"

namespace busytrap::cli {
namespace {

struct ServeOptions {
  std::string config_file;
  std::vector<std::string> listen;
  std::string json_log;
  std::string sqlite;
  std::string ttylog_dir;
  std::string user;
  bool no_delays = false;
  std::vector<std::string> settings;
  bool check_config = false;
};

// defaults < file < environment < flags
config::Config build_config(const ServeOptions& options) {
  config::Config config;
  std::string file = options.config_file;
  if (file.empty()) {
    if (const char* from_env = std::getenv("BUSYTRAP_CONFIG"); from_env != nullptr) file = from_env;
  }
  if (!file.empty()) config::apply_toml_file(config, file);
  config::apply_environment(config);
  if (!options.listen.empty()) config.server.listen = options.listen;
  if (!options.json_log.empty()) config.log.json = options.json_log;
  if (!options.sqlite.empty()) config.log.sqlite = options.sqlite;
  if (!options.ttylog_dir.empty()) config.log.ttylog_dir = options.ttylog_dir;
  if (!options.user.empty()) config.server.user = options.user;
  if (options.no_delays) config.honeypot.delays = false;
  for (const auto& setting : options.settings) {
    const auto equals = setting.find('=');
    if (equals == std::string::npos) {
      throw config::ConfigError(
          fmt::format("--set {}: expected SECTION.KEY=VALUE", setting));
    }
    config::apply_setting(config, std::string_view(setting).substr(0, equals),
                          std::string_view(setting).substr(equals + 1), "--set");
  }
  if (config.auth.credentials_file.empty()) {
    config.auth.credentials_file = core::data_directory() + "/credentials/mirai.txt";
  }
  if (config.honeypot.profiles_dir.empty()) {
    config.honeypot.profiles_dir = core::data_directory() + "/profiles";
  }
  config::validate(config);
  return config;
}

void drop_privileges(const std::string& user) {
  errno = 0;
  const passwd* entry = ::getpwnam(user.c_str());
  if (entry == nullptr) throw std::runtime_error(fmt::format("--user {}: no such user", user));
  if (::initgroups(entry->pw_name, entry->pw_gid) != 0 || ::setgid(entry->pw_gid) != 0 ||
      ::setuid(entry->pw_uid) != 0) {
    throw std::runtime_error(
        fmt::format("cannot become user {}: {}", user, std::strerror(errno)));
  }
  if (entry->pw_uid != 0 && ::setuid(0) == 0) {
    throw std::runtime_error("privileges could be regained after dropping them");
  }
}

// Each session holds a socket, and from login on a transcript file: raise the soft descriptor
// limit to the hard one and say so when max_sessions cannot be reached under it.
void raise_descriptor_limit(std::int64_t max_sessions) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
  const auto needed = static_cast<rlim_t>(max_sessions) * 2 + 64;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
    std::fprintf(stderr,
                 "busytrap serve: warning: %llu file descriptors allowed, %llu needed for "
                 "limits.max_sessions = %lld (raise `ulimit -n`)\n",
                 static_cast<unsigned long long>(limit.rlim_cur),
                 static_cast<unsigned long long>(needed), static_cast<long long>(max_sessions));
  }
}

void make_parent_directory(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
}

// A listener asking for a device profile that is not loaded is a typo to report, not a reason
// to present another device silently.
std::optional<std::string> unknown_listener_profile(const std::vector<std::string>& listen,
                                                    const shell::DeviceShellFactory& shells) {
  for (const auto& entry : listen) {
    const auto parsed = config::parse_listen_address(entry);
    if (!parsed || shells.has_profile(parsed->profile)) continue;
    return fmt::format("listen '{}': no device profile '{}' (loaded: {})", entry, parsed->profile,
                       fmt::join(shells.profile_names(), ", "));
  }
  return std::nullopt;
}

// Tells the operator at start-up, not at the first connection, that the event log cannot be
// written (read-only or full file system, permissions). Returns the reason, empty if writable.
std::string log_write_problem(const std::string& path) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) return ec.message();
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0640);
  if (fd < 0) return std::strerror(errno);
  ::close(fd);
  return {};
}

int run_serve(const ServeOptions& options) {
  config::Config config;
  std::unique_ptr<honeypot::AuthPolicy> auth;
  try {
    config = build_config(options);
    auth = std::make_unique<honeypot::AuthPolicy>(config.auth.rules, config.auth.credentials_file,
                                                  config.auth.accept_after);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "busytrap serve: configuration error: %s\n", e.what());
    return 2;
  }
  if (options.check_config) {
    std::fputs(config::to_toml(config).c_str(), stdout);
    std::fprintf(stderr, "busytrap serve: configuration OK (%zu accepted credential pairs)\n",
                 auth->credential_count());
    return 0;
  }

  try {
    raise_descriptor_limit(config.limits.max_sessions);
    // One io_context, Server and thread per `server.threads`; the first runs on this thread
    // and also handles the signals.
    const auto thread_count = static_cast<std::size_t>(config.server.threads);
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    for (std::size_t i = 0; i < thread_count; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    asio::io_context& io = *contexts.front();
    sink::FanoutSink events;
    shell::DeviceShellConfig device;
    device.profiles_dir = config.honeypot.profiles_dir;
    device.delays = config.honeypot.delays;
    device.capture.directory = config.log.downloads_dir;
    device.capture.enabled = !config.log.downloads_dir.empty();
    device.fetch_enabled = config.fetch.enabled;
    std::string device_error;
    const auto shells = shell::DeviceShellFactory::load(device, device_error);
    if (!shells) throw std::runtime_error("device profiles: " + device_error);
    if (const auto unknown = unknown_listener_profile(config.server.listen, *shells)) {
      std::fprintf(stderr, "busytrap serve: configuration error: %s\n", unknown->c_str());
      return 2;
    }
    honeypot::ConnectionLimiter limiter(config.limits.max_sessions, config.limits.max_sessions_per_ip);
    std::vector<std::unique_ptr<honeypot::Server>> servers;
    for (auto& context : contexts) {
      servers.push_back(std::make_unique<honeypot::Server>(
          *context, config, *auth, *shells, events, limiter,
          [&](const std::string& profile) {
            return honeypot::presentation_from_profile(config.honeypot, shells->profile(profile));
          },
          thread_count > 1));
    }
    // Declared after the io_contexts and the servers, so it is destroyed first: pending
    // downloads are dropped, running ones aborted, before what their callbacks reach goes away.
    std::unique_ptr<fetch::Fetcher> fetcher;
    if (config.fetch.enabled) fetcher = std::make_unique<fetch::Fetcher>(config.fetch);
    for (auto& server : servers) {
      if (fetcher) server->set_fetcher(fetcher.get());
      server->listen();
    }
    if (!config.server.user.empty()) drop_privileges(config.server.user);
    bool log_failed = false;  // log.on_error = "stop" was triggered
    std::function<void()> stop_on_log_error = [] {};  // set once the signal handlers exist

    std::string outputs;
    if (!config.log.json.empty()) {
      if (const auto problem = log_write_problem(config.log.json); !problem.empty()) {
        if (config.log.on_error == "stop") {
          throw std::runtime_error(fmt::format("cannot write the event log {}: {}", config.log.json, problem));
        }
        std::fprintf(stderr,
                     "busytrap serve: warning: cannot write the event log %s: %s (serving anyway, "
                     "events are counted as lost until it works; log.on_error = \"stop\" refuses "
                     "to start)\n",
                     config.log.json.c_str(), problem.c_str());
      }
      sink::JsonLinesSinkOptions json;
      json.path = config.log.json;
      json.sensor = config.honeypot.sensor;
      json.overflow = *sink::parse_overflow_policy(config.log.overflow);
      json.fsync = *sink::parse_fsync_policy(config.log.fsync);
      json.rotate_daily = config.log.rotate_daily;
      if (config.log.on_error == "stop") {
        // From the sink's thread: hand over to the first network thread, which stops it all.
        json.on_error = [&io, &stop_on_log_error] { asio::post(io, [&stop_on_log_error] { stop_on_log_error(); }); };
      }
      events.add(std::make_shared<sink::JsonLinesSink>(json));
      outputs += fmt::format("\n  events (JSON lines): {}", config.log.json);
    }
    if (!config.log.sqlite.empty()) {
      make_parent_directory(config.log.sqlite);
      sink::SqliteSinkOptions sqlite;
      sqlite.path = config.log.sqlite;
      sqlite.sensor = config.honeypot.sensor;
      sqlite.overflow = *sink::parse_overflow_policy(config.log.overflow);
      sqlite.fsync = *sink::parse_fsync_policy(config.log.fsync);
      events.add(std::make_shared<sink::SqliteSink>(sqlite));
      outputs += fmt::format("\n  events (SQLite): {}", config.log.sqlite);
    }
    if (!config.log.ttylog_dir.empty()) {
      std::filesystem::create_directories(config.log.ttylog_dir);
      outputs += fmt::format("\n  transcripts (asciicast): {}/", config.log.ttylog_dir);
    }

    // Each Server is stopped on its own thread.
    auto stop_servers = [&] {
      for (std::size_t i = 0; i < servers.size(); ++i) {
        asio::post(*contexts[i], [server = servers[i].get()] { server->stop(); });
      }
    };
    asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
    std::function<void(const asio::error_code&, int)> on_signal =
        [&](const asio::error_code& error, int signal) {
          if (error) return;
          if (signal == SIGHUP) {
            events.reopen();
            signals.async_wait(on_signal);
            return;
          }
          std::fprintf(stderr, "busytrap serve: %s received, closing %lld sessions\n",
                       signal == SIGINT ? "SIGINT" : "SIGTERM", static_cast<long long>(limiter.open()));
          stop_servers();
        };
    signals.async_wait(on_signal);
    stop_on_log_error = [&] {
      if (log_failed) return;
      log_failed = true;
      std::fprintf(stderr, "busytrap serve: stopping: the event log cannot be written "
                           "(log.on_error = \"stop\"), closing %lld sessions\n",
                   static_cast<long long>(limiter.open()));
      stop_servers();
      signals.cancel();
    };

    for (auto& server : servers) server->start();
    if (config.server.seccomp) {
      const auto error = host::install_syscall_filter({config.server.allow_outbound || config.fetch.enabled});
      if (!error.empty()) throw std::runtime_error("cannot install the seccomp filter: " + error);
    }
    std::string listening;
    for (const auto& text : servers.front()->describe_listeners()) listening += "\n  telnet " + text;
    std::fprintf(stdout, "busytrap serve: listening on%s\nlogging to%s\n", listening.c_str(),
                 outputs.empty() ? " nothing (all outputs are off)" : outputs.c_str());
    if (fetcher) {
      std::fprintf(stdout,
                   "downloads: REAL fetching is on (http/https/ftp/tftp, %lld bytes, %lld s; private %s, "
                   "loopback %s)\n",
                   static_cast<long long>(config.fetch.max_bytes), static_cast<long long>(config.fetch.timeout),
                   config.fetch.allow_private ? "allowed" : "refused",
                   config.fetch.allow_loopback ? "allowed" : "refused");
    }
    if (thread_count > 1) std::fprintf(stdout, "network threads: %zu (SO_REUSEPORT)\n", thread_count);
    std::fflush(stdout);

    std::vector<std::thread> network_threads;
    for (std::size_t i = 1; i < contexts.size(); ++i) {
      network_threads.emplace_back([&context = *contexts[i]] { context.run(); });
    }
    io.run();
    for (auto& thread : network_threads) thread.join();
    events.flush();
    const auto dropped = events.dropped();
    if (dropped > 0) {
      std::fprintf(stderr, "busytrap serve: %llu events could not be stored\n",
                   static_cast<unsigned long long>(dropped));
    }
    std::fprintf(stderr, "busytrap serve: stopped\n");
    return log_failed ? 1 : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "busytrap serve: %s\n", e.what());
    return 1;
  }
}

}  // namespace

CommandRunner add_serve_command(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* serve = app.add_subcommand(
      "serve",
      "Run the Telnet honeypot: a BusyBox device to the IoT malware that logs in, recording every\n"
      "connection, login attempt and command as Cowrie-compatible JSON lines.");
  serve->add_option("-c,--config", options->config_file,
                    "TOML configuration file (default: none, built-in defaults; see "
                    "etc/busytrap.toml)")
      ->type_name("FILE");
  serve->add_option("-l,--listen", options->listen,
                    "address to listen on, repeatable: ADDRESS:PORT[@PROFILE], IPv6 as "
                    "[::1]:2323 (default 127.0.0.1:2323)")
      ->type_name("ADDR");
  serve->add_option("--log", options->json_log,
                    "JSON-lines event log (default var/log/busytrap.json; --set log.json= "
                    "switches it off)")
      ->type_name("FILE");
  serve->add_option("--sqlite", options->sqlite,
                    "SQLite event database (default var/lib/busytrap/busytrap.sqlite; --set "
                    "log.sqlite= switches it off)")
      ->type_name("FILE");
  serve->add_option("--ttylog-dir", options->ttylog_dir,
                    "directory of session transcripts (default var/lib/busytrap/tty)")
      ->type_name("DIR");
  serve->add_option("-u,--user", options->user,
                    "after binding, drop root privileges to this user (to listen on port 23); "
                    "the process then has no capabilities")
      ->type_name("NAME");
  serve->add_flag("--no-delays", options->no_delays,
                  "no device-like delays (same as honeypot.delays = false; tests, benchmarks)");
  serve->add_option("--set", options->settings,
                    "set any configuration key, repeatable: SECTION.KEY=VALUE "
                    "(e.g. limits.idle_timeout=30; lists comma-separated)")
      ->type_name("KEY=VALUE");
  serve->add_flag("--check-config", options->check_config,
                  "validate the configuration, print the effective one as TOML and exit");
  serve->footer(
      "Settings are applied in this order, later ones winning: built-in defaults, the --config\n"
      "file (or $BUSYTRAP_CONFIG), environment variables BUSYTRAP_<SECTION>_<KEY> (e.g.\n"
      "BUSYTRAP_LIMITS_IDLE_TIMEOUT=60, lists comma-separated), then the flags above.\n\n"
      "ENVIRONMENT\n"
      "  BUSYTRAP_CONFIG                 configuration file when --config is not given\n"
      "  BUSYTRAP_<SECTION>_<KEY>        any configuration key (see etc/busytrap.toml)\n"
      "  BUSYTRAP_DATA_DIR               where data/ is (credentials/mirai.txt)\n\n"
      "DOWNLOADS\n"
      "  wget, tftp, ftpget and curl never connect anywhere unless fetch.enabled = true (e.g.\n"
      "  --set fetch.enabled=true); then only http/https/ftp/tftp, capped by fetch.max_bytes and\n"
      "  fetch.timeout, rate-limited per destination, and never to private, loopback, link-local,\n"
      "  multicast or reserved addresses (checked after DNS, before connect) unless\n"
      "  fetch.allow_private / fetch.allow_loopback. Payloads go to log.downloads_dir by SHA-256.\n\n"
      "SECURITY\n"
      "  After start-up a seccomp filter (server.seccomp, default on) makes execve, ptrace, mount,\n"
      "  module loading, ... and, unless server.allow_outbound or fetch.enabled, socket/connect/sendto fail with\n"
      "  EPERM. Run as root only to bind port 23, with --user. See docs/SECURITY.md.\n\n"
      "SIGNALS\n"
      "  SIGINT, SIGTERM  stop accepting, close every session (logged), flush the logs, exit 0\n"
      "  SIGHUP           reopen the log files (after an external logrotate)\n\n"
      "EXAMPLES\n"
      "  busytrap serve                          127.0.0.1:2323, logs under var/\n"
      "  busytrap serve --listen 0.0.0.0:2323 --listen [::]:2323@dvr\n"
      "  sudo busytrap serve --listen 0.0.0.0:23 --user nobody\n"
      "  busytrap serve --config etc/busytrap.toml --check-config\n"
      "  busytrap serve --no-delays --set limits.idle_timeout=5 --log /tmp/t.json\n\n"
      "FILES\n"
      "  etc/busytrap.toml                 documented example configuration (every key)\n"
      "  data/credentials/mirai.txt        credentials accepted by default (Mirai's table)\n"
      "  var/log/busytrap.json             event log (Cowrie JSON lines)\n"
      "  var/lib/busytrap/busytrap.sqlite  the same events in SQLite (docs/LOG-FORMAT.md)\n"
      "  var/lib/busytrap/tty/SESSION.cast transcripts of logged-in sessions (busytrap replay)\n\n"
      "EXIT STATUS\n"
      "  0 stopped by a signal (or --check-config passed), 1 runtime error (e.g. the address\n"
      "  is in use, or the event log failed with log.on_error = \"stop\"), 2 configuration or\n"
      "  usage error.");
  return [options] { return run_serve(*options); };
}

}  // namespace busytrap::cli
