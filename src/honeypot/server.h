#pragma once
// Server: the honeypot's listeners and sessions on one asio::io_context. listen() binds every
// `[server] listen` address (IPv4 and IPv6, each with its device profile); start() accepts;
// stop() stops accepting and closes every session (their closing events are logged), after
// which io_context::run() returns once the last handler has run. Connections over
// max_sessions or max_sessions_per_ip are logged (session.connect, busytrap.limit,
// session.closed) and closed at once. Accept errors (e.g. out of file descriptors) pause that
// listener for 100 ms instead of spinning.
// The Server owns its sessions; everything runs on the io_context's thread (not thread-safe).
// The auth policy, shell factory and sink must outlive the Server.
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

#include "honeypot/presentation.h"
#include "honeypot/session_environment.h"

namespace busytrap::honeypot {

class Session;

class Server {
 public:
  // What a listener of a given profile shows before the shell; by default the [honeypot]
  // configuration's texts for every profile.
  using PresentationSource = std::function<Presentation(const std::string& profile)>;

  Server(asio::io_context& io, const config::Config& config, const AuthPolicy& auth,
         shell::SessionShellFactory& shells, sink::EventSink& events, PresentationSource presentations = {});
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
  std::size_t session_count() const noexcept { return sessions_.size(); }

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
  std::unordered_map<std::string, std::int64_t> sessions_per_ip_;
  bool stopping_ = false;
};

}  // namespace busytrap::honeypot
