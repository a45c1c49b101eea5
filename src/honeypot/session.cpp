#include "honeypot/session.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

namespace busytrap::honeypot {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string random_session_id(std::mt19937_64& random) {
  return fmt::format("{:012x}", random() & 0xFFFF'FFFF'FFFFull);
}

// What a terminal shows of bytes the session sent: Telnet commands removed, IAC IAC as 0xFF.
// Only applied to the session's own (well-formed) output.
std::string terminal_bytes(std::string_view wire) {
  std::string out;
  out.reserve(wire.size());
  for (std::size_t i = 0; i < wire.size(); ++i) {
    if (static_cast<unsigned char>(wire[i]) != 0xFF || i + 1 >= wire.size()) {
      out.push_back(wire[i]);
      continue;
    }
    const auto command = static_cast<unsigned char>(wire[i + 1]);
    if (command == 0xFF) {
      out.push_back(wire[i]);
      ++i;
    } else if (command >= 251) {
      i += 2;  // WILL/WONT/DO/DONT option
    } else if (command == 250) {
      const auto end = wire.find("\xFF\xF0", i + 2);
      i = end == std::string_view::npos ? wire.size() : end + 1;
    } else {
      ++i;
    }
  }
  return out;
}

std::int64_t elapsed_ms(steady_clock::time_point since) {
  return std::chrono::duration_cast<milliseconds>(steady_clock::now() - since).count();
}

}  // namespace

Session::Session(asio::ip::tcp::socket socket, SessionEnvironment& environment,
                 const Presentation& presentation, std::string profile, std::string src_ip,
                 std::uint16_t src_port)
    : socket_(std::move(socket)),
      output_timer_(socket_.get_executor()),
      watchdog_(socket_.get_executor()),
      environment_(environment),
      presentation_(presentation),
      telnet_(static_cast<std::size_t>(environment.config.limits.max_line_length)),
      id_(random_session_id(environment.random)),
      src_ip_(std::move(src_ip)),
      profile_(std::move(profile)),
      connected_(steady_clock::now()),
      last_input_(connected_),
      src_port_(src_port),
      store_before_reply_(environment.config.log.fsync == "always") {}

core::Event Session::event(std::string eventid, std::string message) const {
  core::Event e;
  e.eventid = std::move(eventid);
  e.timestamp_us = now_us();
  e.session = id_;
  e.src_ip = src_ip_;
  e.message = std::move(message);
  return e;
}

void Session::log(const core::Event& e) { environment_.events.write(e); }

void Session::start(const std::string& dst_ip, std::uint16_t dst_port) {
  log(event("cowrie.session.connect",
            fmt::format("New connection: {}:{} ({}:{}) [session: {}]", src_ip_, src_port_, dst_ip,
                        dst_port, id_))
          .with("src_port", std::int64_t{src_port_})
          .with("dst_ip", dst_ip)
          .with("dst_port", std::int64_t{dst_port})
          .with("protocol", std::string("telnet")));
  asio::error_code ignored;
  socket_.non_blocking(true, ignored);
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  // The negotiation, the banner and the login prompt leave in one send, as a read's output does.
  coalescing_ = true;
  telnet_.open(presentation_.negotiation);
  send_engine_output();
  send(presentation_.banner);
  send(presentation_.login_prompt);
  coalescing_ = false;
  start_write();
  arm_watchdog();
  read_more();
}

void Session::stop() { finish("server shutdown"); }

// ---- input ----

void Session::read_more() {
  socket_.async_wait(asio::ip::tcp::socket::wait_read,
                     [self = shared_from_this()](const asio::error_code& error) {
                       self->on_readable(error);
                     });
}

void Session::on_readable(const asio::error_code& error) {
  if (phase_ == Phase::kClosed) return;
  if (error) {
    finish("connection error");
    return;
  }
  // One buffer per thread instead of one per session: an idle session holds no read buffer.
  thread_local std::array<char, 16384> buffer;
  asio::error_code read_error;
  const std::size_t n = socket_.read_some(asio::buffer(buffer), read_error);
  if (read_error == asio::error::would_block || read_error == asio::error::try_again) {
    read_more();
    return;
  }
  if (read_error || n == 0) {
    finish("connection lost");
    return;
  }
  last_input_ = steady_clock::now();
  bytes_in_ += static_cast<std::int64_t>(n);
  if (bytes_in_ > environment_.config.limits.max_bytes_in) {
    hit_limit("max_bytes_in", environment_.config.limits.max_bytes_in);
    return;
  }
  // Everything this input produces (the echo, the reply, the next prompt) leaves in one send:
  // one syscall and one TCP segment instead of one per piece.
  coalescing_ = true;
  handle_input(std::string_view(buffer.data(), n));
  coalescing_ = false;
  start_write();
  maybe_finish_closing();
  if (phase_ == Phase::kClosed || phase_ == Phase::kClosing) return;
  if (unsent_bytes() > kMaxUnsentBytes) {
    reading_paused_ = true;  // resumed by the write handler once the client has caught up
    return;
  }
  read_more();
}

// A client that sends but does not read would make its output pile up here; like a pty whose
// buffer is full, the session stops reading its input until the output has drained. Output held
// back (a device delay, or a reply waiting for its events to be stored) counts too.
std::size_t Session::unsent_bytes() const noexcept {
  return pending_bytes_ + outbox_.size() + writing_.size();
}

// The engine is fed up to each line end at a time, so that what a line changes (echo off for
// the password, a closed session) applies to the bytes after it even within one segment.
void Session::handle_input(std::string_view bytes) {
  while (!bytes.empty() && phase_ != Phase::kClosed && phase_ != Phase::kClosing) {
    const auto end = bytes.find_first_of("\r\n");
    const std::size_t take = end == std::string_view::npos ? bytes.size() : end + 1;
    telnet_.receive(bytes.substr(0, take));
    bytes.remove_prefix(take);
    send_engine_output();
    for (auto& e : telnet_.take_events()) {
      if (phase_ == Phase::kClosed || phase_ == Phase::kClosing) break;
      handle_telnet_event(e);
    }
  }
}

void Session::log_telnet_detail(core::Event e) {
  if (telnet_details_logged_ >= environment_.config.limits.max_telnet_events) return;
  if (++telnet_details_logged_ == environment_.config.limits.max_telnet_events) {
    // Logged once: from here on options and variables of this session are not recorded.
    log(event("busytrap.limit", "limit max_telnet_events reached; further telnet options and "
                                "variables of this session are not logged")
            .with("limit", std::string("max_telnet_events"))
            .with("value", environment_.config.limits.max_telnet_events));
    return;
  }
  log(e);
}

void Session::handle_telnet_event(telnet::TelnetEvent& e) {
  using Type = telnet::TelnetEvent::Type;
  switch (e.type) {
    case Type::kOption:
      log_telnet_detail(event("cowrie.telnet.option",
                              fmt::format("Telnet {} {}", telnet::command_name(e.command),
                                          telnet::option_name(e.option)))
                            .with("command", std::string(telnet::command_name(e.command)))
                            .with("option_name", std::string(telnet::option_name(e.option)))
                            .with("option_byte", std::int64_t{e.option}));
      break;
    case Type::kWindowSize:
      width_ = e.width;
      height_ = e.height;
      if (cast_) cast_->resize(now_us(), e.width, e.height);
      log_telnet_detail(event("cowrie.client.size",
                              fmt::format("Terminal Size: {} {}", e.width, e.height))
                            .with("width", std::int64_t{e.width})
                            .with("height", std::int64_t{e.height}));
      break;
    case Type::kTerminalType:
      terminal_type_ = e.text.substr(0, 64);
      log_telnet_detail(event("cowrie.client.var", fmt::format("request_env: TERM={}", e.text))
                            .with("name", std::string("TERM"))
                            .with("value", std::move(e.text)));
      break;
    case Type::kEnvironment:
      log_telnet_detail(event("cowrie.client.var", fmt::format("request_env: {}={}", e.text, e.value))
                            .with("name", std::move(e.text))
                            .with("value", std::move(e.value)));
      break;
    case Type::kLine:
      handle_line(std::move(e.text));
      break;
    case Type::kInterrupt:
      if (awaiting_fetch_) break;  // the download finishes; its line answers
      if (phase_ == Phase::kShell) {
        send("\n");
        send_prompt();
      } else {
        phase_ = Phase::kUsername;
        telnet_.set_echo(true);
        send("\n");
        send(presentation_.login_prompt);
      }
      break;
    case Type::kEndOfInput:
      if (awaiting_fetch_) {
        close_after_fetch_ = true;
        break;
      }
      close_after_output();
      break;
    case Type::kLineTooLong:
      hit_limit("max_line_length", environment_.config.limits.max_line_length);
      break;
  }
}

void Session::handle_line(std::string line) {
  switch (phase_) {
    case Phase::kUsername:
      if (line.empty()) {
        send(presentation_.login_prompt);
        return;
      }
      username_ = std::move(line);
      phase_ = Phase::kPassword;
      telnet_.set_echo(false);
      send(presentation_.password_prompt);
      return;
    case Phase::kPassword:
      handle_password(std::move(line));
      return;
    case Phase::kShell:
      handle_command(std::move(line));
      return;
    case Phase::kClosing:
    case Phase::kClosed:
      return;
  }
}

void Session::handle_password(std::string password) {
  const auto& honeypot = environment_.config.honeypot;
  ++attempts_;
  const bool accepted = environment_.auth.accepts(username_, password, attempts_);
  log(event(accepted ? "cowrie.login.success" : "cowrie.login.failed",
            fmt::format("login attempt [{}/{}] {}", username_, password,
                        accepted ? "succeeded" : "failed"))
          .with("username", username_)
          .with("password", password));
  hold_output_until_stored();
  telnet_.set_echo(true);
  send("\n");  // the Enter that the password's echo-off swallowed, as login prints it
  if (accepted) {
    phase_ = Phase::kShell;
    log(event("cowrie.session.params", "").with("arch", presentation_.arch));
    shell_ = environment_.shells.create(shell::SessionContext{id_, src_ip_, username_, profile_});
    open_transcript();
    send_prompt();
    return;
  }
  milliseconds delay{0};
  if (honeypot.delays) {
    std::uniform_real_distribution<double> jitter(honeypot.login_failed_delay_min,
                                                  honeypot.login_failed_delay_max);
    delay = milliseconds(static_cast<std::int64_t>(jitter(environment_.random) * 1000.0));
  }
  send(fmt::format("{}\n", presentation_.login_incorrect), delay);
  if (attempts_ >= environment_.config.auth.max_attempts) {
    close_after_output();
    return;
  }
  phase_ = Phase::kUsername;
  send(presentation_.login_prompt);
}

void Session::handle_command(std::string line) {
  if (awaiting_fetch_) {
    queued_lines_.push_back(std::move(line));
    return;
  }
  if (line.find_first_not_of(" \t") == std::string::npos) {
    send_prompt();
    return;
  }
  log(event("cowrie.command.input", fmt::format("CMD: {}", line)).with("input", line));
  if (cast_) cast_->input(now_us(), line + "\r\n");
  apply_reply(shell_->run_line(line));
}

void Session::apply_reply(shell::ShellReply reply) {
  for (auto& e : reply.events) {
    e.timestamp_us = now_us();
    e.session = id_;
    e.src_ip = src_ip_;
    log(e);
  }
  hold_output_until_stored();
  if (reply.fetch) {
    start_fetch(std::move(*reply.fetch));
    return;
  }
  const bool delays = environment_.config.honeypot.delays;
  for (const auto& segment : reply.output) {
    send(segment.bytes, delays ? segment.delay : milliseconds{0});
  }
  if (reply.close_session) {
    close_after_output();
    return;
  }
  send_prompt();
}

void Session::start_fetch(fetch::FetchRequest request) {
  awaiting_fetch_ = true;
  // Every result, even one known at once, comes back through the io_context: the line's rerun
  // and the lines queued behind it never nest inside this call.
  // The executor is taken here, on the network thread; the worker only posts to it.
  auto deliver = [self = shared_from_this(), executor = output_timer_.get_executor()](fetch::FetchResult result) {
    asio::post(executor, [self, result = std::move(result)]() mutable { self->on_fetch_done(std::move(result)); });
  };
  fetch::FetchResult refused;
  refused.outcome = fetch::FetchOutcome::RateLimited;
  const std::int64_t allowed = environment_.config.fetch.max_per_session;
  if (environment_.fetcher == nullptr) {
    refused.outcome = fetch::FetchOutcome::Disabled;
    refused.reason = "fetching is off";
  } else if (++fetches_ > allowed) {
    refused.reason = fmt::format("more than {} downloads in this session (fetch.max_per_session)", allowed);
  } else {
    // The callback runs on a worker thread (or here, when the fetcher refuses at once).
    environment_.fetcher->submit(std::move(request), std::move(deliver));
    return;
  }
  deliver(std::move(refused));
}

void Session::on_fetch_done(fetch::FetchResult result) {
  awaiting_fetch_ = false;
  if (phase_ != Phase::kShell || !shell_) return;
  apply_reply(shell_->resume_fetch(std::move(result)));
  run_queued_lines();
}

// Lines typed while a download ran, a few per turn of the io_context so other sessions are
// served in between.
void Session::run_queued_lines() {
  constexpr int kLinesPerTurn = 16;
  for (int i = 0; i < kLinesPerTurn && !awaiting_fetch_ && !queued_lines_.empty() && phase_ == Phase::kShell; ++i) {
    std::string line = std::move(queued_lines_.front());
    queued_lines_.pop_front();
    handle_command(std::move(line));
  }
  if (awaiting_fetch_ || phase_ != Phase::kShell) return;
  if (!queued_lines_.empty()) {
    awaiting_fetch_ = true;  // lines arriving meanwhile queue up behind these
    asio::post(output_timer_.get_executor(), [self = shared_from_this()] {
      self->awaiting_fetch_ = false;
      self->run_queued_lines();
    });
    return;
  }
  if (close_after_fetch_) close_after_output();
}

// Output can end the session (max_bytes_out), which releases the shell: every prompt after
// output goes through here.
void Session::send_prompt() {
  if (phase_ == Phase::kShell && shell_) send(shell_->prompt());
}

// ---- output ----

void Session::send(std::string_view text, milliseconds delay) {
  telnet_.send_text(text);
  queue_output(delay, telnet_.take_output());
}

void Session::send_engine_output() {
  if (telnet_.has_output()) queue_output(milliseconds{0}, telnet_.take_output());
}

void Session::queue_output(milliseconds delay, std::string bytes) {
  if (phase_ == Phase::kClosed) return;
  if (pending_.empty() && !output_timer_armed_ && delay.count() <= 0) {
    append_to_wire(bytes);
    return;
  }
  pending_bytes_ += bytes.size();
  pending_.push_back(Segment{delay, std::move(bytes)});
  if (!output_timer_armed_) release_due_segments();
}

void Session::release_due_segments() {
  while (!pending_.empty() && pending_.front().delay.count() <= 0 && phase_ != Phase::kClosed) {
    if (pending_.front().gate == Gate::kWaiting) return;  // on_stored() continues
    if (pending_.front().gate == Gate::kOpen) {
      pending_.pop_front();
      continue;
    }
    const std::string bytes = std::move(pending_.front().bytes);
    pending_bytes_ -= bytes.size();
    pending_.pop_front();
    append_to_wire(bytes);
  }
  if (phase_ == Phase::kClosed) return;
  if (pending_.empty()) {
    maybe_finish_closing();
    return;
  }
  output_timer_armed_ = true;
  output_timer_.expires_after(pending_.front().delay);
  output_timer_.async_wait([self = shared_from_this()](const asio::error_code& error) {
    self->output_timer_armed_ = false;
    if (error || self->phase_ == Phase::kClosed) return;
    self->pending_.front().delay = milliseconds{0};
    self->release_due_segments();
  });
}

void Session::hold_output_until_stored() {
  if (!store_before_reply_ || phase_ == Phase::kClosed) return;
  pending_.push_back(Segment{milliseconds{0}, {}, Gate::kWaiting});
  // Called on the sink's thread: only hand over to the network thread. A session that is gone
  // by then is not kept alive for it.
  environment_.events.when_stored(
      [weak = weak_from_this(), executor = socket_.get_executor()] {
        asio::post(executor, [weak] {
          if (auto self = weak.lock()) self->on_stored();
        });
      });
}

// Gates open in the order they were set: the sink reports stores in order.
void Session::on_stored() {
  if (phase_ == Phase::kClosed) return;
  for (auto& segment : pending_) {
    if (segment.gate == Gate::kWaiting) {
      segment.gate = Gate::kOpen;
      break;
    }
  }
  if (!output_timer_armed_) release_due_segments();
}

void Session::append_to_wire(std::string_view bytes) {
  if (bytes.empty() || phase_ == Phase::kClosed) return;
  bytes_out_ += static_cast<std::int64_t>(bytes.size());
  if (bytes_out_ > environment_.config.limits.max_bytes_out) {
    hit_limit("max_bytes_out", environment_.config.limits.max_bytes_out);
    return;
  }
  if (cast_) {
    // Output without any Telnet command (nearly all of it) is recorded as it is, uncopied.
    if (bytes.find('\xFF') == std::string_view::npos) {
      cast_->output(now_us(), bytes);
    } else {
      cast_->output(now_us(), terminal_bytes(bytes));
    }
  }
  outbox_.append(bytes);
  start_write();
}

void Session::start_write() {
  if (coalescing_ || write_in_flight_ || outbox_.empty() || phase_ == Phase::kClosed) return;
  writing_.swap(outbox_);
  write_in_flight_ = true;
  asio::async_write(socket_, asio::buffer(writing_),
                    [self = shared_from_this()](const asio::error_code& error, std::size_t) {
                      self->write_in_flight_ = false;
                      if (self->phase_ == Phase::kClosed) return;
                      if (error) {
                        self->finish("connection lost");
                        return;
                      }
                      // Keep no large buffer around once a big output (cat of a binary) is sent.
                      if (self->writing_.capacity() > 4096) {
                        std::string().swap(self->writing_);
                      } else {
                        self->writing_.clear();
                      }
                      self->start_write();
                      self->maybe_finish_closing();
                      if (self->reading_paused_ && self->phase_ != Phase::kClosed &&
                          self->phase_ != Phase::kClosing &&
                          self->unsent_bytes() <= kMaxUnsentBytes) {
                        self->reading_paused_ = false;
                        self->read_more();
                      }
                    });
}

void Session::close_after_output() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosing;
  maybe_finish_closing();
}

void Session::maybe_finish_closing() {
  if (phase_ == Phase::kClosing && pending_.empty() && !output_timer_armed_ &&
      !write_in_flight_ && outbox_.empty()) {
    finish("closed");
  }
}

// ---- limits and end ----

void Session::arm_watchdog() {
  if (phase_ == Phase::kClosed) return;
  const auto& limits = environment_.config.limits;
  auto deadline = connected_ + seconds(limits.max_session_length);
  deadline = std::min(deadline, last_input_ + seconds(limits.idle_timeout));
  if (phase_ == Phase::kUsername || phase_ == Phase::kPassword) {
    deadline = std::min(deadline, connected_ + seconds(limits.login_timeout));
  }
  watchdog_.expires_at(deadline);
  watchdog_.async_wait([self = shared_from_this()](const asio::error_code& error) {
    self->on_watchdog(error);
  });
}

// Input moves the idle deadline without touching the timer; when the timer fires, it checks
// which deadline (if any) really passed and otherwise waits for the next one.
void Session::on_watchdog(const asio::error_code& error) {
  if (error || phase_ == Phase::kClosed) return;
  const auto& limits = environment_.config.limits;
  const auto now = steady_clock::now();
  if (now >= connected_ + seconds(limits.max_session_length)) {
    hit_limit("max_session_length", limits.max_session_length);
  } else if ((phase_ == Phase::kUsername || phase_ == Phase::kPassword) &&
             now >= connected_ + seconds(limits.login_timeout)) {
    hit_limit("login_timeout", limits.login_timeout);
  } else if (now >= last_input_ + seconds(limits.idle_timeout)) {
    hit_limit("idle_timeout", limits.idle_timeout);
  } else {
    arm_watchdog();
  }
}

void Session::hit_limit(const char* limit, std::int64_t value) {
  if (phase_ == Phase::kClosed) return;
  log(event("busytrap.limit", fmt::format("limit {} ({}) reached, closing", limit, value))
          .with("limit", std::string(limit))
          .with("value", value));
  finish(limit);
}

void Session::finish(const char* reason) {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  if (shell_) {
    shell::ShellReply reply = shell_->end_session();
    for (auto& e : reply.events) {
      e.timestamp_us = now_us();
      e.session = id_;
      e.src_ip = src_ip_;
      log(e);
    }
    shell_.reset();
  }
  close_transcript();
  const auto duration_ms = elapsed_ms(connected_);
  log(event("cowrie.session.closed",
            fmt::format("Connection lost after {:.1f} seconds ({})",
                        static_cast<double>(duration_ms) / 1000.0, reason))
          .with("duration_ms", duration_ms));
  pending_.clear();
  pending_bytes_ = 0;
  asio::error_code ignored;
  output_timer_.cancel();
  watchdog_.cancel();
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  if (environment_.on_closed) environment_.on_closed(*this);
}

void Session::open_transcript() {
  const auto& directory = environment_.config.log.ttylog_dir;
  if (directory.empty()) return;
  sink::CastWriterOptions options;
  options.directory = directory;
  auto cast = std::make_unique<sink::CastWriter>(options);
  const std::string title = fmt::format("busytrap session {} from {}", id_, src_ip_);
  if (!cast->open(id_, now_us(), width_ > 0 ? width_ : 80, height_ > 0 ? height_ : 24,
                  terminal_type_, title)) {
    log(event("busytrap.ttylog.failed", fmt::format("transcript not recorded: {}", cast->error()))
            .with("error", cast->error()));
    return;
  }
  cast_ = std::move(cast);
}

void Session::close_transcript() {
  if (!cast_) return;
  const auto summary = cast_->close(now_us());
  cast_.reset();
  if (!summary) return;
  log(event("cowrie.log.closed",
            fmt::format("Closing TTY Log: {} after {} seconds", summary->path.string(),
                        summary->duration_us / 1'000'000))
          .with("ttylog", summary->path.string())
          .with("size", static_cast<std::int64_t>(summary->size))
          .with("shasum", summary->shasum)
          .with("duplicate", false)
          .with("duration_ms", summary->duration_us / 1000));
}

}  // namespace busytrap::honeypot
