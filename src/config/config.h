#pragma once
// Config: every setting of `busytrap serve`, with its built-in default. One Config is built at
// start-up (ConfigLoader: defaults < TOML file < BUSYTRAP_<SECTION>_<KEY> environment <
// command-line flags) and then only read. etc/busytrap.toml documents every key.
#include <cstdint>
#include <string>
#include <vector>

namespace busytrap::config {

struct ServerConfig {
  // "ADDRESS:PORT" or "[IPv6]:PORT", optionally "@PROFILE" (the device profile the listener
  // presents; "default" when absent).
  std::vector<std::string> listen{"127.0.0.1:2323"};
  std::string user;  // drop privileges to this user after binding (empty: stay)
  // After start-up, a seccomp filter denies (EPERM) what the honeypot never needs: execve,
  // ptrace, mount, module loading, ... and, unless allow_outbound, outbound network calls.
  bool seccomp = true;
  // Lets the filter allow socket()/connect()/sendto() to an address: only for features that
  // fetch on the operator's behalf (they must set it); the honeypot itself never connects out.
  bool allow_outbound = false;
  // Network threads, each with its own listeners on the same addresses (SO_REUSEPORT); the
  // session limits stay global. 1 = one thread (the default).
  std::int64_t threads = 1;
};

struct HoneypotConfig {
  std::string sensor = "busytrap";
  // The first bytes of every session, as hex (BusyBox telnetd: DO ECHO, DO NAWS, WILL ECHO,
  // WILL SGA).
  std::string negotiation = "FF FD 01 FF FD 1F FF FB 01 FF FB 03";
  // What the client sees before the shell. Empty: the listener's device profile decides
  // (banner, prompts, failure text, arch); a value here overrides it on every listener.
  std::string banner;  // printed after the negotiation, before the first login prompt
  std::string login_prompt;
  std::string password_prompt;
  std::string login_incorrect;
  std::string arch;  // cowrie.session.params "arch"
  std::string profiles_dir;            // device profiles (*.toml); "" = data/profiles
  bool delays = true;                  // device-like delays (off for tests and benchmarks)
  double login_failed_delay_min = 1.0;  // seconds before "Login incorrect"
  double login_failed_delay_max = 3.0;
};

struct AuthConfig {
  // Accepted user:password pairs, one per line ("" = the bundled Mirai table).
  std::string credentials_file;
  // Cowrie userdb-like rules, first match wins: "user:password", '*' wildcards, "!" before the
  // password denies, "/regex/" for either field.
  std::vector<std::string> rules;
  std::int64_t accept_after = 0;  // accept any pair at the Nth attempt of a connection (0: never)
  std::int64_t max_attempts = 3;  // failed logins before the connection is closed
};

struct LimitsConfig {
  std::int64_t max_sessions = 10000;
  std::int64_t max_sessions_per_ip = 32;
  std::int64_t login_timeout = 120;        // seconds from connect to a successful login
  std::int64_t idle_timeout = 180;         // seconds without input
  std::int64_t max_session_length = 3600;  // seconds
  std::int64_t max_line_length = 8192;     // bytes
  std::int64_t max_bytes_in = 4 * 1024 * 1024;
  std::int64_t max_bytes_out = 16 * 1024 * 1024;
  std::int64_t max_telnet_events = 256;  // telnet.option/client.var events logged per session
};

struct LogConfig {  // an empty path switches that output off
  std::string json = "var/log/busytrap.json";
  std::string sqlite = "var/lib/busytrap/busytrap.sqlite";
  std::string ttylog_dir = "var/lib/busytrap/tty";
  std::string downloads_dir = "var/lib/busytrap/downloads";  // captured files by SHA-256 ("" = hash only)
  std::string overflow = "drop";    // when the log queue is full: "drop" (counted) or "block"
  std::string fsync = "interval";  // "never", "interval" (1 s) or "always"
  bool rotate_daily = true;         // busytrap.json.YYYY-MM-DD at midnight UTC, as Cowrie does
  // The event log cannot be written (disk full, unwritable directory): "continue" serving
  // (events are counted as lost, the operator warned) or "stop" the honeypot (exit status 1).
  std::string on_error = "continue";
};

// Real downloads by the emulated wget/tftp/ftpget/curl: off unless the operator switches them
// on. Then only http, https, ftp and tftp, within the caps below, and never to private,
// loopback, link-local, multicast or reserved addresses unless allowed here.
struct FetchConfig {
  bool enabled = false;
  bool allow_private = false;   // RFC 1918, CGNAT, ULA, link-local
  bool allow_loopback = false;  // 127/8, ::1 (tests only)
  std::int64_t max_bytes = 8 * 1024 * 1024;  // per download; larger ones are aborted
  std::int64_t timeout = 30;                 // seconds per download, connection included
  std::int64_t connect_timeout = 10;         // seconds to connect
  std::int64_t rate_burst = 3;               // downloads from one destination at once...
  std::int64_t rate_per_minute = 6;          // ...and regained per minute
  std::int64_t max_destinations = 4096;      // destinations whose rate is tracked
  std::int64_t max_per_session = 32;         // downloads one session may ask for
  std::int64_t workers = 2;                  // download threads
  std::int64_t queue = 32;                   // downloads waiting for a thread (more: refused)
};

struct Config {
  ServerConfig server;
  HoneypotConfig honeypot;
  AuthConfig auth;
  LimitsConfig limits;
  LogConfig log;
  FetchConfig fetch;
};

}  // namespace busytrap::config
