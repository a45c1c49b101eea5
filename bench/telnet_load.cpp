// busytrap_telnet_load: a load generator for `busytrap serve` (bench/load.sh runs it).
//
// Opens many Telnet sessions at once, one epoll thread per core, each session running a fixed
// dialogue as the Mirai bot's scanner or the Mirai echo-loader speaks it (see
// /work/shared/research/iot-malware.md): it answers the server's IAC negotiation as Mirai does,
// logs in with a Mirai credential, and sends one line per prompt, waiting for each reply (the
// reply is complete when the text received ends with a prompt character, after the expected
// marker such as "ECCHI: applet not found" when the step has one). It measures the time from
// sending a line to receiving its whole reply, counts completed sessions, and reads the server's
// CPU time and RSS from /proc/PID. Idle mode instead holds N logged-in sessions open and reports
// the server's RSS per session.
//
// Output: one JSON object on stdout (figures), progress and errors on stderr. Exit status 0
// when every session completed its dialogue, 1 when some failed, 2 on usage errors.
// Bounded: every run stops after --max-seconds whatever happens; every buffer is capped.
// Loopback only: the target address must be 127.0.0.0/8 or ::1 (checked), since this program is
// meant to run inside bench/load.sh's network namespace.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// One line the client sends and what completes its reply.
struct Step {
  std::string line;    // without the line end
  std::string expect;  // must appear in the reply before the prompt ("" = just the prompt)
};

struct Options {
  std::string host = "127.0.0.1";
  int port = 2323;
  std::string mode = "loader";  // loader | scanner | idle
  long sessions = 1000;         // total sessions to complete (loader/scanner) or hold (idle)
  long concurrency = 200;       // sessions in flight at once, over all threads
  int threads = 0;              // 0: one per core
  int sources = 8;              // source addresses 127.0.0.1 .. 127.0.0.N (IPv4 only)
  int chunks = 8;               // echo-loader dropper chunks of 128 bytes
  bool cat_echo = false;        // loader: also `cat /bin/echo` (the whole BusyBox binary, ~800 KB)
  double max_seconds = 60;      // hard stop
  double hold_seconds = 2;      // idle mode: how long to hold the sessions once all are open
  pid_t server_pid = 0;         // for CPU and RSS; 0 = not measured
  std::string commands_out;     // file: one line per command sent (for the lost-event check)
};

// The Mirai bot's scanner: one word per prompt, each with the trailing NUL the bot sends.
std::vector<Step> scanner_steps() {
  return {{std::string("enable\0", 7), ""},
          {std::string("system\0", 7), ""},
          {std::string("shell\0", 6), ""},
          {std::string("sh\0", 3), ""},
          {std::string("/bin/busybox MIRAI\0", 19), "MIRAI: applet not found"}};
}

// The Mirai loader with the echo upload method (loader/src/server.c), /dev as working directory.
std::vector<Step> loader_steps(int chunks, bool cat_echo) {
  std::vector<Step> steps = {
      {"enable", ""},
      {"shell", ""},
      {"sh", ""},
      {"/bin/busybox ECCHI", "ECCHI: applet not found"},
      {"/bin/busybox ps; /bin/busybox ECCHI", "ECCHI: applet not found"},
      {"/bin/busybox cat /proc/mounts; /bin/busybox ECCHI", "ECCHI: applet not found"},
      {"/bin/busybox echo -e '\\x6b\\x61\\x6d\\x69/dev' > /dev/.nippon; /bin/busybox cat "
       "/dev/.nippon; /bin/busybox rm /dev/.nippon",
       "kami/dev"},
      {"rm /dev/.t; rm /dev/.sh; rm /dev/.human", ""},
      {"cd /dev/", ""},
      {"/bin/busybox cp /bin/echo dvrHelper; >dvrHelper; /bin/busybox chmod 777 dvrHelper; "
       "/bin/busybox ECCHI",
       "ECCHI: applet not found"},
  };
  // The loader reads the architecture from the ELF header of /bin/echo, which on a device is
  // BusyBox itself: the whole binary crosses the wire (and the transcript). Optional, since it
  // dominates everything else (bench/load.sh runs it as a separate phase).
  if (cat_echo) steps.push_back({"/bin/busybox cat /bin/echo; /bin/busybox ECCHI", "ECCHI: applet not found"});
  steps.push_back({"/bin/busybox wget; /bin/busybox tftp; /bin/busybox ECCHI", "ECCHI: applet not found"});
  steps.push_back({"/bin/busybox cp dvrHelper upnp; > upnp; /bin/busybox chmod 777 upnp; /bin/busybox ECCHI",
                   "ECCHI: applet not found"});
  // A dropper-like payload: an ELF header, then deterministic bytes.
  for (int c = 0; c < chunks; ++c) {
    std::string line = "echo -ne '";
    for (int i = 0; i < 128; ++i) {
      const int value = (c == 0 && i < 4) ? "\x7f" "ELF"[i] & 0xff : (c * 131 + i * 7) & 0xff;
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", value);
      line += hex;
    }
    line += c == 0 ? "' > upnp; /bin/busybox ECCHI" : "' >> upnp; /bin/busybox ECCHI";
    steps.push_back({line, "ECCHI: applet not found"});
  }
  steps.push_back({"./upnp; ./dvrHelper telnet.arm7; /bin/busybox IHCCE", "IHCCE: applet not found"});
  steps.push_back({"rm -rf upnp; > dvrHelper; /bin/busybox ECCHI", "ECCHI: applet not found"});
  return steps;
}

constexpr unsigned char kIac = 255, kDont = 254, kDo = 253, kWont = 252, kWill = 251, kSb = 250,
                        kSe = 240;
constexpr unsigned char kNaws = 31;
constexpr std::size_t kMaxReply = 1 << 20;  // a reply larger than this fails the session
constexpr std::uint32_t kInputEvents = EPOLLIN | EPOLLRDHUP;  // what every connection waits for

// User plus system CPU seconds of this process (all its threads) so far.
double own_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

enum class Stage { kLogin, kPassword, kShell, kIdle, kDone };

struct Connection {
  int fd = -1;
  Stage stage = Stage::kLogin;
  std::size_t step = 0;
  std::string text;  // reply received so far, Telnet commands removed
  std::string out;   // bytes not yet written
  int iac_state = 0;  // 0 data, 1 after IAC, 2 after IAC+verb, 3 in SB, 4 in SB after IAC
  unsigned char verb = 0;
  std::uint64_t answered = 0;  // bit per (verb, option < 16) already answered: no loops
  bool answered_naws = false;
  bool watching_out = false;  // EPOLLOUT registered: a send met a full socket buffer
  Clock::time_point sent_at;
};

struct ThreadResult {
  long completed = 0, failed = 0, replies = 0, commands = 0;
  std::vector<std::uint32_t> latencies_us;
  std::string first_error;
};

struct Shared {
  const Options* options = nullptr;
  const std::vector<Step>* steps = nullptr;
  std::atomic<long> started{0};   // sessions begun (bounded by options->sessions)
  std::atomic<long> idle_ready{0};
  std::atomic<bool> stop{false};
  std::atomic<bool> release_idle{false};
  std::mutex commands_mutex;
  std::FILE* commands_file = nullptr;
};

bool ends_with_prompt(std::string_view text) {
  while (!text.empty() && (text.back() == ' ')) text.remove_suffix(1);
  if (text.empty()) return false;
  const char c = text.back();
  return c == ':' || c == '>' || c == '$' || c == '#' || c == '%';
}

class Worker {
 public:
  Worker(Shared& shared, long quota_in_flight)
      : shared_(shared), options_(*shared.options), in_flight_quota_(quota_in_flight) {}

  void run() {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    const auto deadline = Clock::now() + std::chrono::milliseconds(
                                             static_cast<long>(options_.max_seconds * 1000));
    fill();
    std::vector<epoll_event> events(1024);
    while (!shared_.stop.load(std::memory_order_relaxed) && Clock::now() < deadline) {
      if (open_ == 0 && !more_to_start()) break;
      if (options_.mode == "idle" && shared_.release_idle.load()) break;
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
      for (int i = 0; i < n; ++i) {
        auto* c = static_cast<Connection*>(events[static_cast<std::size_t>(i)].data.ptr);
        handle(*c, events[static_cast<std::size_t>(i)].events);
      }
      fill();
    }
    for (auto& c : connections_) {
      if (c && c->fd >= 0) {
        if (options_.mode != "idle") fail(*c, "still open at the time limit");
        else ::close(c->fd);
      }
    }
    ::close(epoll_);
  }

  ThreadResult result;

 private:
  bool more_to_start() const {
    return shared_.started.load(std::memory_order_relaxed) < options_.sessions;
  }

  void fill() {
    while (open_ < in_flight_quota_ && more_to_start()) {
      if (shared_.started.fetch_add(1) >= options_.sessions) return;
      start_one();
    }
  }

  void start_one() {
    sockaddr_storage target{};
    socklen_t target_len = 0;
    const bool v6 = options_.host.find(':') != std::string::npos;
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      note_error(std::string("socket: ") + std::strerror(errno));
      ++result.failed;
      return;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (v6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&target);
      a->sin6_family = AF_INET6;
      a->sin6_port = htons(static_cast<std::uint16_t>(options_.port));
      inet_pton(AF_INET6, options_.host.c_str(), &a->sin6_addr);
      target_len = sizeof *a;
    } else {
      auto* a = reinterpret_cast<sockaddr_in*>(&target);
      a->sin_family = AF_INET;
      a->sin_port = htons(static_cast<std::uint16_t>(options_.port));
      inet_pton(AF_INET, options_.host.c_str(), &a->sin_addr);
      target_len = sizeof *a;
      // Spread over several loopback source addresses: more ephemeral ports (TIME_WAIT).
      sockaddr_in source{};
      source.sin_family = AF_INET;
      source.sin_addr.s_addr = htonl(0x7f000001u + static_cast<std::uint32_t>(next_source_++ % options_.sources));
      ::setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
      ::bind(fd, reinterpret_cast<sockaddr*>(&source), sizeof source);
    }
    if (::connect(fd, reinterpret_cast<sockaddr*>(&target), target_len) != 0 && errno != EINPROGRESS) {
      note_error(std::string("connect: ") + std::strerror(errno));
      ::close(fd);
      ++result.failed;
      return;
    }
    auto c = std::make_unique<Connection>();
    c->fd = fd;
    c->sent_at = Clock::now();
    // Input registered once (level-triggered): no epoll_ctl per line sent (that was a third of
    // this program's system calls). The server speaks first, so input also tells that the
    // connection is up. EPOLLOUT is only added while a send waits for room (flush).
    epoll_event ev{};
    ev.events = kInputEvents;
    ev.data.ptr = c.get();
    epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
    connections_.push_back(std::move(c));
    ++open_;
  }

  void note_error(const std::string& text) {
    if (result.first_error.empty()) result.first_error = text;
  }

  void close_connection(Connection& c) {
    ::close(c.fd);  // also removes it from the epoll set
    c.fd = -1;
    --open_;
    // Drop finished connections now and then so memory stays bounded over a long run.
    if (++closed_since_sweep_ > 4096) {
      std::erase_if(connections_, [](const std::unique_ptr<Connection>& p) { return p->fd < 0; });
      closed_since_sweep_ = 0;
    }
  }

  void fail(Connection& c, const std::string& why) {
    note_error(why + " (stage " + std::to_string(static_cast<int>(c.stage)) + ", step " +
               std::to_string(c.step) + ", last bytes: " +
               c.text.substr(c.text.size() > 80 ? c.text.size() - 80 : 0) + ")");
    ++result.failed;
    close_connection(c);
  }

  void handle(Connection& c, std::uint32_t events) {
    if (c.fd < 0) return;
    if (events & EPOLLOUT) flush(c);
    if (c.fd < 0) return;
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) receive(c);
  }

  void receive(Connection& c) {
    char buffer[16384];
    // A short read took everything there was: stop there rather than pay a recv() that says
    // EAGAIN (level-triggered epoll reports what is left). Bounded by kMaxReply.
    for (;;) {
      const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return;
        if (errno == EINTR) continue;
        fail(c, std::string("recv: ") + std::strerror(errno));
        return;
      }
      if (n == 0) {
        fail(c, "server closed the connection");
        return;
      }
      absorb(c, std::string_view(buffer, static_cast<std::size_t>(n)));
      if (!c.out.empty()) flush(c);
      if (c.fd < 0) return;
      if (c.text.size() > kMaxReply) {
        fail(c, "reply too large");
        return;
      }
      progress(c);
      if (c.fd < 0 || static_cast<std::size_t>(n) < sizeof buffer) return;
    }
  }

  // Strips Telnet commands from `bytes` into c.text and answers negotiation as Mirai does:
  // DO NAWS -> WILL NAWS + 80x24, other DO -> WONT, WILL -> DO, WONT/DONT echoed.
  void absorb(Connection& c, std::string_view bytes) {
    for (const char ch : bytes) {
      if (c.fd < 0) return;
      const auto b = static_cast<unsigned char>(ch);
      switch (c.iac_state) {
        case 0:
          if (b == kIac) c.iac_state = 1;
          else c.text.push_back(ch);
          break;
        case 1:
          if (b == kIac) {
            c.text.push_back(ch);
            c.iac_state = 0;
          } else if (b >= kWill && b <= kDont) {
            c.verb = b;
            c.iac_state = 2;
          } else if (b == kSb) {
            c.iac_state = 3;
          } else {
            c.iac_state = 0;
          }
          break;
        case 2:
          answer(c, c.verb, b);
          c.iac_state = 0;
          break;
        case 3:
          if (b == kIac) c.iac_state = 4;
          break;
        case 4:
          c.iac_state = b == kSe ? 0 : 3;
          break;
      }
    }
  }

  void answer(Connection& c, unsigned char verb, unsigned char option) {
    const unsigned bit = static_cast<unsigned>(verb - kWill) * 16 + (option & 15);
    if (option < 16) {
      if (c.answered & (1ull << bit)) return;
      c.answered |= 1ull << bit;
    }
    std::string reply;
    if (verb == kDo && option == kNaws) {
      if (c.answered_naws) return;
      c.answered_naws = true;
      reply = {static_cast<char>(kIac), static_cast<char>(kWill), static_cast<char>(kNaws),
               static_cast<char>(kIac), static_cast<char>(kSb), static_cast<char>(kNaws),
               0, 80, 0, 24, static_cast<char>(kIac), static_cast<char>(kSe)};
    } else if (verb == kDo) {
      reply = {static_cast<char>(kIac), static_cast<char>(kWont), static_cast<char>(option)};
    } else if (verb == kWill) {
      reply = {static_cast<char>(kIac), static_cast<char>(kDo), static_cast<char>(option)};
    } else {
      reply = {static_cast<char>(kIac), static_cast<char>(verb), static_cast<char>(option)};
    }
    c.out.append(reply);  // receive() sends the answers to one read together
  }

  void send(Connection& c, std::string_view bytes) {
    c.out.append(bytes);
    flush(c);
  }

  void flush(Connection& c) {
    if (c.fd < 0) return;  // failed earlier in the same round
    while (!c.out.empty()) {
      const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        fail(c, std::string("send: ") + std::strerror(errno));
        return;
      }
      c.out.erase(0, static_cast<std::size_t>(n));
    }
    if (c.out.empty() == c.watching_out) {
      c.watching_out = !c.out.empty();
      epoll_event ev{};
      ev.events = kInputEvents | (c.watching_out ? static_cast<std::uint32_t>(EPOLLOUT) : 0u);
      ev.data.ptr = &c;
      epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
    }
  }

  void send_line(Connection& c, const std::string& line) {
    c.text.clear();
    c.sent_at = Clock::now();
    send(c, line + "\r\n");
  }

  void record_latency(Connection& c) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - c.sent_at).count();
    result.latencies_us.push_back(static_cast<std::uint32_t>(std::min<long long>(us, UINT32_MAX)));
    ++result.replies;
  }

  void record_command(const std::string& line) {
    ++result.commands;
    if (shared_.commands_file == nullptr) return;
    std::lock_guard lock(shared_.commands_mutex);
    // The log stores the line up to a NUL (the shell cuts there); write it the same way.
    const std::string_view stored(line.c_str());
    std::fwrite(stored.data(), 1, stored.size(), shared_.commands_file);
    std::fputc('\n', shared_.commands_file);
  }

  void progress(Connection& c) {
    const auto& steps = *shared_.steps;
    switch (c.stage) {
      case Stage::kLogin:
        if (c.text.find("ogin") != std::string::npos && ends_with_prompt(c.text)) {
          record_latency(c);  // connect to login prompt
          c.stage = Stage::kPassword;
          send_line(c, "root");
        }
        return;
      case Stage::kPassword:
        if (c.text.find("assword") != std::string::npos && ends_with_prompt(c.text)) {
          record_latency(c);
          c.stage = Stage::kShell;
          send_line(c, "xc3511");
        }
        return;
      case Stage::kShell: {
        if (c.text.find("ncorrect") != std::string::npos) {
          fail(c, "login refused");
          return;
        }
        if (!ends_with_prompt(c.text)) return;
        if (c.step > 0) {
          const auto& expect = steps[c.step - 1].expect;
          if (!expect.empty() && c.text.find(expect) == std::string::npos) return;
        }
        record_latency(c);
        if (options_.mode == "idle") {
          c.stage = Stage::kIdle;
          shared_.idle_ready.fetch_add(1);
          return;
        }
        if (c.step == steps.size()) {
          c.stage = Stage::kDone;
          ++result.completed;
          close_connection(c);
          return;
        }
        record_command(steps[c.step].line);
        send_line(c, steps[c.step].line);
        ++c.step;
        return;
      }
      case Stage::kIdle:
      case Stage::kDone:
        return;
    }
  }

  Shared& shared_;
  const Options& options_;
  long in_flight_quota_;
  int epoll_ = -1;
  long open_ = 0;
  long closed_since_sweep_ = 0;
  unsigned next_source_ = 0;
  std::vector<std::unique_ptr<Connection>> connections_;
};

struct ProcessSample {
  double cpu_seconds = -1;  // utime + stime
  long rss_kib = -1;
};

ProcessSample sample(pid_t pid) {
  ProcessSample s;
  if (pid <= 0) return s;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto paren = text.rfind(')');
  if (paren != std::string::npos) {
    // Fields after the command name: state is field 3; utime 14, stime 15 (1-based).
    std::vector<std::string> fields;
    std::size_t i = paren + 2;
    while (i < text.size() && fields.size() < 14) {
      const auto space = text.find(' ', i);
      fields.push_back(text.substr(i, space - i));
      if (space == std::string::npos) break;
      i = space + 1;
    }
    if (fields.size() >= 13) {
      const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
      s.cpu_seconds = (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
    }
  }
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) s.rss_kib = std::atol(line.c_str() + 6);
  }
  return s;
}

bool is_loopback(const std::string& host) {
  if (host == "::1") return true;
  in_addr a{};
  return inet_pton(AF_INET, host.c_str(), &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

void usage() {
  std::fputs(
      "usage: busytrap_telnet_load [--host 127.0.0.1] [--port 2323] [--mode loader|scanner|idle]\n"
      "         [--sessions N] [--concurrency N] [--threads N] [--sources N] [--chunks N]\n"
      "         [--cat-echo 0|1]\n"
      "         [--max-seconds S] [--hold-seconds S] [--server-pid PID] [--commands-out FILE]\n"
      "Runs N Telnet sessions of the Mirai scanner or echo-loader dialogue against a honeypot on\n"
      "loopback (idle: holds N logged-in sessions), prints figures as JSON. See bench/load.sh.\n",
      stderr);
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") return false;
    if (i + 1 >= argc) return false;
    const std::string value = argv[++i];
    if (arg == "--host") o.host = value;
    else if (arg == "--port") o.port = std::atoi(value.c_str());
    else if (arg == "--mode") o.mode = value;
    else if (arg == "--sessions") o.sessions = std::atol(value.c_str());
    else if (arg == "--concurrency") o.concurrency = std::atol(value.c_str());
    else if (arg == "--threads") o.threads = std::atoi(value.c_str());
    else if (arg == "--sources") o.sources = std::max(1, std::atoi(value.c_str()));
    else if (arg == "--cat-echo") o.cat_echo = value == "1" || value == "yes";
    else if (arg == "--chunks") o.chunks = std::clamp(std::atoi(value.c_str()), 0, 64);
    else if (arg == "--max-seconds") o.max_seconds = std::atof(value.c_str());
    else if (arg == "--hold-seconds") o.hold_seconds = std::atof(value.c_str());
    else if (arg == "--server-pid") o.server_pid = static_cast<pid_t>(std::atol(value.c_str()));
    else if (arg == "--commands-out") o.commands_out = value;
    else return false;
  }
  return (o.mode == "loader" || o.mode == "scanner" || o.mode == "idle") && o.sessions > 0 &&
         o.concurrency > 0 && o.port > 0 && o.max_seconds > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse(argc, argv, options)) {
    usage();
    return 2;
  }
  if (!is_loopback(options.host)) {
    std::fprintf(stderr, "busytrap_telnet_load: %s is not a loopback address\n", options.host.c_str());
    return 2;
  }
  const int threads = options.threads > 0 ? options.threads
                                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const auto steps = options.mode == "loader" ? loader_steps(options.chunks, options.cat_echo) : scanner_steps();
  Shared shared;
  shared.options = &options;
  shared.steps = &steps;
  if (!options.commands_out.empty()) {
    shared.commands_file = std::fopen(options.commands_out.c_str(), "w");
    if (shared.commands_file == nullptr) {
      std::fprintf(stderr, "busytrap_telnet_load: %s: %s\n", options.commands_out.c_str(), std::strerror(errno));
      return 2;
    }
  }
  if (options.mode == "idle") options.concurrency = options.sessions;

  const ProcessSample before = sample(options.server_pid);
  const double client_cpu_before = own_cpu_seconds();
  const auto start = Clock::now();
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::thread> running;
  for (int t = 0; t < threads; ++t) {
    const long quota = options.concurrency / threads + (t < options.concurrency % threads ? 1 : 0);
    workers.push_back(std::make_unique<Worker>(shared, std::max(1L, quota)));
  }
  for (auto& w : workers) running.emplace_back([&w] { w->run(); });

  ProcessSample idle_sample;
  double seconds_to_idle = -1;
  if (options.mode == "idle") {
    const auto deadline = start + std::chrono::milliseconds(static_cast<long>(options.max_seconds * 1000));
    while (shared.idle_ready.load() < options.sessions && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    seconds_to_idle = std::chrono::duration<double>(Clock::now() - start).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(options.hold_seconds * 1000)));
    idle_sample = sample(options.server_pid);
    shared.release_idle = true;
  }
  for (auto& t : running) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  const ProcessSample after = sample(options.server_pid);
  if (shared.commands_file != nullptr) std::fclose(shared.commands_file);

  ThreadResult total;
  for (auto& w : workers) {
    total.completed += w->result.completed;
    total.failed += w->result.failed;
    total.replies += w->result.replies;
    total.commands += w->result.commands;
    total.latencies_us.insert(total.latencies_us.end(), w->result.latencies_us.begin(), w->result.latencies_us.end());
    if (total.first_error.empty()) total.first_error = w->result.first_error;
  }
  std::sort(total.latencies_us.begin(), total.latencies_us.end());
  auto percentile = [&](double p) -> double {
    if (total.latencies_us.empty()) return -1;
    const auto i = static_cast<std::size_t>(p * static_cast<double>(total.latencies_us.size() - 1));
    return total.latencies_us[i] / 1000.0;
  };

  std::printf("{\"mode\": \"%s\", \"threads\": %d, \"sessions\": %ld, \"concurrency\": %ld, ",
              options.mode.c_str(), threads, options.sessions, options.concurrency);
  std::printf("\"steps_per_session\": %zu, \"seconds\": %.3f, ", steps.size(), elapsed);
  if (options.mode == "idle") {
    const long ready = shared.idle_ready.load();
    std::printf("\"idle_sessions\": %ld, \"seconds_to_open\": %.3f, ", ready, seconds_to_idle);
    std::printf("\"server_rss_kib_before\": %ld, \"server_rss_kib_idle\": %ld, ", before.rss_kib, idle_sample.rss_kib);
    if (ready > 0 && before.rss_kib >= 0) {
      std::printf("\"server_kib_per_idle_session\": %.2f, ",
                  static_cast<double>(idle_sample.rss_kib - before.rss_kib) / static_cast<double>(ready));
    }
  } else {
    std::printf("\"completed\": %ld, \"sessions_per_second\": %.1f, \"commands\": %ld, ", total.completed,
                static_cast<double>(total.completed) / elapsed, total.commands);
    std::printf("\"server_rss_kib_after\": %ld, ", after.rss_kib);
  }
  std::printf("\"failed\": %ld, \"replies\": %ld, \"latency_ms_p50\": %.3f, \"latency_ms_p99\": %.3f, "
              "\"latency_ms_max\": %.3f",
              total.failed, total.replies, percentile(0.5), percentile(0.99), percentile(1.0));
  if (before.cpu_seconds >= 0 && after.cpu_seconds >= 0) {
    const double cpu = after.cpu_seconds - before.cpu_seconds;
    const long sessions = options.mode == "idle" ? shared.idle_ready.load() : total.completed;
    std::printf(", \"server_cpu_seconds\": %.2f, \"server_cpu_ms_per_session\": %.3f", cpu,
                sessions > 0 ? cpu * 1000.0 / static_cast<double>(sessions) : -1.0);
    std::printf(", \"server_cpu_share\": %.2f", cpu / elapsed);
  }
  // This generator's own CPU time: with the server's, what one session costs the machine.
  const double client_cpu = own_cpu_seconds() - client_cpu_before;
  const long client_sessions = options.mode == "idle" ? shared.idle_ready.load() : total.completed;
  std::printf(", \"client_cpu_seconds\": %.2f, \"client_cpu_ms_per_session\": %.3f", client_cpu,
              client_sessions > 0 ? client_cpu * 1000.0 / static_cast<double>(client_sessions) : -1.0);
  std::printf("}\n");
  if (!total.first_error.empty()) std::fprintf(stderr, "first error: %s\n", total.first_error.c_str());
  const bool ok = options.mode == "idle" ? shared.idle_ready.load() == options.sessions
                                         : total.failed == 0 && total.completed == options.sessions;
  return ok ? 0 : 1;
}
