#include "honeypot/server.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string_view>

#include "config/listen_address.h"
#include "honeypot/session.h"

namespace busytrap::honeypot {
namespace {

// Cowrie logs IPv4 peers of a dual-stack socket as plain IPv4.
std::string address_text(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Server::Server(asio::io_context& io, const config::Config& config, const AuthPolicy& auth,
               shell::SessionShellFactory& shells, sink::EventSink& events, ConnectionLimiter& limiter,
               PresentationSource presentations, bool reuse_port)
    : presentations_(std::move(presentations)),
      io_(io),
      config_(config),
      environment_{config,
                   auth,
                   shells,
                   events,
                   std::mt19937_64(std::random_device{}()),
                   {}},
      limiter_(limiter),
      reuse_port_(reuse_port) {
  environment_.on_closed = [this](Session& session) { on_session_closed(session); };
}

Server::~Server() = default;

void Server::listen() {
  for (const auto& entry : config_.server.listen) {
    const auto parsed = config::parse_listen_address(entry);
    if (!parsed) throw std::runtime_error(fmt::format("bad listen address '{}'", entry));
    asio::error_code error;
    const auto address = asio::ip::make_address(parsed->address, error);
    if (error) {
      throw std::runtime_error(
          fmt::format("listen address '{}': '{}' is not an IP address", entry, parsed->address));
    }
    const asio::ip::tcp::endpoint endpoint(address, parsed->port);
    auto listener = std::make_unique<Listener>(
        Listener{asio::ip::tcp::acceptor(io_), asio::steady_timer(io_), parsed->profile,
                 presentations_ ? presentations_(parsed->profile) : presentation_from_config(config_.honeypot)});
    auto& acceptor = listener->acceptor;
    acceptor.open(endpoint.protocol(), error);
    if (!error) acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), error);
    if (!error && reuse_port_) {
      acceptor.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true), error);
    }
    if (!error && address.is_v6()) acceptor.set_option(asio::ip::v6_only(true), error);
    if (!error) acceptor.bind(endpoint, error);
    if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (error) {
      throw std::runtime_error(fmt::format("cannot listen on {}: {}", entry, error.message()));
    }
    listeners_.push_back(std::move(listener));
  }
}

std::vector<std::string> Server::describe_listeners() const {
  std::vector<std::string> out;
  for (const auto& listener : listeners_) {
    asio::error_code error;
    const auto endpoint = listener->acceptor.local_endpoint(error);
    const auto address = endpoint.address();
    const std::string host =
        address.is_v6() ? fmt::format("[{}]", address.to_string()) : address.to_string();
    const std::string& profile =
        listener->presentation.profile.empty() ? listener->profile : listener->presentation.profile;
    out.push_back(fmt::format("{}:{} (profile {})", host, endpoint.port(), profile));
  }
  return out;
}

void Server::start() {
  for (auto& listener : listeners_) accept(*listener);
}

void Server::accept(Listener& listener) {
  listener.acceptor.async_accept([this, &listener](const asio::error_code& error,
                                                   asio::ip::tcp::socket socket) {
    if (stopping_ || error == asio::error::operation_aborted) return;
    if (error) {
      // EMFILE/ENFILE/ENOBUFS: try again shortly rather than spin on a full descriptor table.
      std::fprintf(stderr, "busytrap: accept failed: %s (retrying in 100 ms)\n",
                   error.message().c_str());
      listener.retry.expires_after(std::chrono::milliseconds(100));
      listener.retry.async_wait([this, &listener](const asio::error_code& e) {
        if (!e && !stopping_) accept(listener);
      });
      return;
    }
    on_accept(listener, std::move(socket));
    accept(listener);
  });
}

void Server::on_accept(Listener& listener, asio::ip::tcp::socket socket) {
  asio::error_code error;
  const auto remote = socket.remote_endpoint(error);
  if (error) return;  // already gone
  const auto local = socket.local_endpoint(error);
  if (error) return;
  const std::string src_ip = address_text(remote.address());
  const auto& limits = config_.limits;
  if (const char* limit = limiter_.admit(src_ip); limit != nullptr) {
    const bool total = std::string_view(limit) == "max_sessions";
    reject(socket, src_ip, remote.port(), limit, total ? limits.max_sessions : limits.max_sessions_per_ip);
    return;
  }
  auto session = std::make_shared<Session>(std::move(socket), environment_, listener.presentation,
                                           listener.profile, src_ip, remote.port());
  sessions_.emplace(session.get(), session);
  session->start(address_text(local.address()), local.port());
}

void Server::reject(asio::ip::tcp::socket& socket, const std::string& src_ip,
                    std::uint16_t src_port, const char* limit, std::int64_t value) {
  const std::string id = fmt::format("{:012x}", environment_.random() & 0xFFFF'FFFF'FFFFull);
  asio::error_code error;
  const auto local = socket.local_endpoint(error);
  auto make = [&](const char* eventid, std::string message) {
    core::Event e;
    e.eventid = eventid;
    e.timestamp_us = now_us();
    e.session = id;
    e.src_ip = src_ip;
    e.message = std::move(message);
    return e;
  };
  const std::string dst_ip = address_text(local.address());
  environment_.events.write(
      make("cowrie.session.connect", fmt::format("New connection: {}:{} ({}:{}) [session: {}]",
                                                 src_ip, src_port, dst_ip, local.port(), id))
          .with("src_port", std::int64_t{src_port})
          .with("dst_ip", dst_ip)
          .with("dst_port", std::int64_t{local.port()})
          .with("protocol", std::string("telnet")));
  environment_.events.write(
      make("busytrap.limit", fmt::format("limit {} ({}) reached, connection refused", limit, value))
          .with("limit", std::string(limit))
          .with("value", value));
  environment_.events.write(
      make("cowrie.session.closed", "Connection lost after 0.0 seconds").with("duration_ms",
                                                                              std::int64_t{0}));
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, error);
  socket.close(error);
}

void Server::on_session_closed(Session& session) {
  limiter_.release(session.src_ip());
  // Erasing drops the registry's reference; the session's own pending handlers keep it alive
  // until they have run, so this is safe from inside the session.
  sessions_.erase(&session);
}

void Server::stop() {
  if (stopping_) return;
  stopping_ = true;
  for (auto& listener : listeners_) {
    asio::error_code ignored;
    listener->acceptor.close(ignored);
    listener->retry.cancel();
  }
  std::vector<std::shared_ptr<Session>> open;
  open.reserve(sessions_.size());
  for (auto& [pointer, session] : sessions_) open.push_back(session);
  for (auto& session : open) session->stop();
}

}  // namespace busytrap::honeypot
