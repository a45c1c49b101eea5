// busytrap_loopback_floor: the cheapest server that can hold the load generator's dialogues, to
// measure what the machine itself (the kernel's loopback TCP and the load generator) costs per
// session, apart from busytrap (bench/load.sh runs it as the "floor" phase).
//
// It speaks just enough for bench/telnet_load.cpp: no Telnet negotiation, "login: ", then
// "Password: ", then for every line the line echoed back, the reply the generator waits for
// ("WORD: applet not found" for the last `/bin/busybox WORD` in the line, "kami/dev" for the
// loader's .nippon probe) and the prompt "# ". No shell, no log, no transcript, no file system:
// whatever it costs per session, busytrap cannot cost less, so sessions/s here is an upper bound
// for any honeypot on this machine with this generator.
//
// One thread, one epoll set, level-triggered. Loopback only (the address must be 127.0.0.0/8).
// Bounded: stops after --max-seconds or on SIGTERM/SIGINT; a connection whose pending input or
// output passes 64 KB is closed. Output: "listening on 127.0.0.1:PORT" on stdout once ready.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

constexpr std::size_t kMaxPending = 64 * 1024;

volatile std::sig_atomic_t stop_requested = 0;
void request_stop(int) { stop_requested = 1; }

enum class Stage { kLogin, kPassword, kShell };

struct Connection {
  int fd = -1;
  Stage stage = Stage::kLogin;
  std::string in, out;
  bool watching_out = false;
};

// What the device would print for one shell line, up to the prompt.
std::string reply_to(std::string_view line) {
  std::string reply;
  if (line.find(".nippon") != std::string_view::npos) reply += "kami/dev\r\n";
  const std::size_t at = line.rfind("/bin/busybox ");
  if (at != std::string_view::npos) {
    std::string_view word = line.substr(at + 13);
    word = word.substr(0, word.find_first_of(" ;\0", 0, 3));
    if (!word.empty() && word.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string_view::npos) {
      reply.append(word).append(": applet not found\r\n");
    }
  }
  return reply + "# ";
}

class FloorServer {
 public:
  FloorServer(int listen_fd, int epoll_fd) : listen_fd_(listen_fd), epoll_(epoll_fd) {}

  void run(double max_seconds) {
    const std::time_t deadline = std::time(nullptr) + static_cast<std::time_t>(max_seconds);
    epoll_event events[256];
    while (stop_requested == 0 && std::time(nullptr) < deadline) {
      const int n = epoll_wait(epoll_, events, 256, 200);
      for (int i = 0; i < n; ++i) {
        if (events[i].data.fd == listen_fd_) {
          accept_all();
        } else {
          serve(events[i].data.fd, events[i].events);
        }
      }
    }
    for (auto& [fd, connection] : connections_) ::close(fd);
  }

 private:
  void accept_all() {
    while (true) {
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      const int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP;
      ev.data.fd = fd;
      epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
      auto connection = std::make_unique<Connection>();
      connection->fd = fd;
      Connection& c = *connections_.emplace(fd, std::move(connection)).first->second;
      send(c, "login: ");
    }
  }

  void serve(int fd, std::uint32_t events) {
    const auto it = connections_.find(fd);
    if (it == connections_.end()) return;
    Connection& c = *it->second;
    if ((events & EPOLLOUT) != 0) flush(c);
    if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) == 0) return;
    char buffer[16384];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
      close_connection(fd);
      return;
    }
    if (n < 0) return;
    c.in.append(buffer, static_cast<std::size_t>(n));
    std::size_t end;
    while (c.fd >= 0 && (end = c.in.find('\n')) != std::string::npos) {
      std::string_view line(c.in.data(), end);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      answer(c, line);
      c.in.erase(0, end + 1);
    }
    if (c.in.size() > kMaxPending || c.out.size() > kMaxPending) close_connection(fd);
  }

  void answer(Connection& c, std::string_view line) {
    switch (c.stage) {
      case Stage::kLogin:
        c.stage = Stage::kPassword;
        send(c, "Password: ");
        return;
      case Stage::kPassword:
        c.stage = Stage::kShell;
        send(c, "\r\n# ");
        return;
      case Stage::kShell: {
        std::string reply(line);
        reply += "\r\n";
        reply += reply_to(line);
        send(c, reply);
        return;
      }
    }
  }

  void send(Connection& c, std::string_view bytes) {
    c.out.append(bytes);
    flush(c);
  }

  void flush(Connection& c) {
    while (!c.out.empty()) {
      const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno != EAGAIN) close_connection(c.fd);
        break;
      }
      c.out.erase(0, static_cast<std::size_t>(n));
    }
    if (c.fd >= 0 && c.out.empty() == c.watching_out) {
      c.watching_out = !c.out.empty();
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP | (c.watching_out ? static_cast<std::uint32_t>(EPOLLOUT) : 0u);
      ev.data.fd = c.fd;
      epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
    }
  }

  void close_connection(int fd) {
    const auto it = connections_.find(fd);
    if (it == connections_.end()) return;
    it->second->fd = -1;
    ::close(fd);
    // Erased after the current event: `answer` may still hold the connection.
    closed_.push_back(std::move(it->second));
    connections_.erase(it);
    if (closed_.size() > 64) closed_.erase(closed_.begin(), closed_.begin() + 32);
  }

  int listen_fd_;
  int epoll_;
  std::unordered_map<int, std::unique_ptr<Connection>> connections_;
  std::vector<std::unique_ptr<Connection>> closed_;
};

int usage(const char* message) {
  std::fprintf(stderr,
               "busytrap_loopback_floor: %s\n"
               "usage: busytrap_loopback_floor [--host 127.0.0.1] [--port 2323] [--max-seconds 300]\n",
               message);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  int port = 2323;
  double max_seconds = 300;
  for (int i = 1; i < argc; ++i) {
    const std::string_view option = argv[i];
    if (i + 1 >= argc) return usage("every option takes a value");
    const char* value = argv[++i];
    if (option == "--host") host = value;
    else if (option == "--port") port = std::atoi(value);
    else if (option == "--max-seconds") max_seconds = std::atof(value);
    else return usage("unknown option");
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (port <= 0 || port > 65535 || inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1 ||
      (ntohl(address.sin_addr.s_addr) >> 24) != 127 || max_seconds <= 0) {
    return usage("the host must be an IPv4 loopback address (127.0.0.0/8), the port 1-65535");
  }
  std::signal(SIGTERM, request_stop);
  std::signal(SIGINT, request_stop);
  const int listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (listen_fd < 0 || ::bind(listen_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd, 4096) != 0) {
    std::perror("busytrap_loopback_floor: listen");
    return 1;
  }
  const int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listen_fd;
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev);
  std::printf("listening on %s:%d\n", host.c_str(), port);
  std::fflush(stdout);
  FloorServer(listen_fd, epoll_fd).run(max_seconds);
  return 0;
}
