#pragma once
// Server: the honeypot's listeners and sessions on one asio::io_context (one network thread).
// With `server.threads` = N, `busytrap serve` runs N Servers, each on its own io_context and
// thread, whose listeners share the addresses through SO_REUSEPORT (the kernel spreads the
// connections) and whose session limits are one shared ConnectionLimiter. listen() binds every
// `[server] listen` address (IPv4 and IPv6, each with its device profile); start() accepts;
// stop() stops accepting and closes every session (their closing events are logged), after
// which io_context::run() returns once the last handler has run. Connections over
// max_sessions or max_sessions_per_ip are logged (session.connect, busytrap.limit,
// session.closed) and closed at once. Accept errors (e.g. out of file descriptors) pause that
// listener for 100 ms instead of spinning.
// The Server owns its sessions; everything runs on the io_context's thread (not thread-safe:
// stop() too must run there — post it). The auth policy, shell factory, sink and limiter must
// outlive the Server; the limiter, shell factory and sink are thread-safe.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

// After a standard header on purpose: Asio decides between aligned_alloc/free and operator
// new/delete from a libstdc++ macro, and must decide the same way in every file (otherwise its
// handler memory is allocated one way and freed the other; AddressSanitizer reports it).
#include <asio.hpp>

#include "config/config.h"
#include <functional>

#include "honeypot/connection_limiter.h"
#include "honeypot/presentation.h"
#include "honeypot/session_environment.h"

namespace busytrap::honeypot {

class Session;

class Server {
 public:
  // What a listener of a given profile shows before the shell; by default the [honeypot]
  // configuration's texts for every profile.
  using PresentationSource = std::function<Presentation(const std::string& profile)>;

  // `reuse_port`: bind with SO_REUSEPORT, so that other Servers can listen on the same addresses.
  Server(asio::io_context& io, const config::Config& config, const AuthPolicy& auth,
         shell::SessionShellFactory& shells, sink::EventSink& events, ConnectionLimiter& limiter,
         PresentationSource presentations = {}, bool reuse_port = false);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Operator-enabled downloads for every session (must outlive the sessions' pending fetches:
  // destroy it after io_context::run() returned, before the io_context).
  void set_fetcher(fetch::Fetcher* fetcher) noexcept { environment_.fetcher = fetcher; }
  // Binds every listener; throws std::runtime_error naming the address on failure.
  void listen();
  void start();
  void stop();

  // "127.0.0.1:2323 (profile default)" for each bound listener.
  std::vector<std::string> describe_listeners() const;

 private:
  struct Listener {
    asio::ip::tcp::acceptor acceptor;
    asio::steady_timer retry;
    std::string profile;
    Presentation presentation;
  };

  void accept(Listener& listener);
  void on_accept(Listener& listener, asio::ip::tcp::socket socket);
  void reject(asio::ip::tcp::socket& socket, const std::string& src_ip, std::uint16_t src_port,
              const char* limit, std::int64_t value);
  void on_session_closed(Session& session);

  PresentationSource presentations_;
  asio::io_context& io_;
  const config::Config& config_;
  SessionEnvironment environment_;
  std::vector<std::unique_ptr<Listener>> listeners_;
  std::unordered_map<Session*, std::shared_ptr<Session>> sessions_;
  ConnectionLimiter& limiter_;
  bool reuse_port_;
  bool stopping_ = false;
};

}  // namespace busytrap::honeypot
