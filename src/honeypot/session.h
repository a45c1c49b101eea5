#pragma once
// Session: one Telnet connection from accept to close — negotiation, login, the shell, the
// limits and the events. It drives a TelnetEngine with the socket's bytes and sends what the
// engine, the login dialogue and the shell produce through one ordered output queue whose
// segments may carry delays (asio timers: the network thread never sleeps).
//
// Lifetime: created by the Server as a shared_ptr and kept alive by its own pending handlers
// and by the Server's registry; start() begins it; it ends by itself (client gone, exit, a
// limit) or by stop(), and then calls SessionEnvironment::on_closed exactly once. After that
// every handler still queued returns without effect. Used on the network thread only.
//
// Transcript: from a successful login on (as Cowrie's ttylog), what the terminal showed and the
// lines typed go to an asciicast file (sink::CastWriter, [log] ttylog_dir); its summary is logged
// as cowrie.log.closed when the session ends. Sessions that never log in keep no file open.
//
// Durability: with log.fsync = "always", the reply to a login or a command is held until the
// sink reports that command's events stored and synced, so that whatever a client has received
// a reply to survives a crash of the server (docs/SECURITY.md, "Faults").
//
// Memory: no per-session read buffer (reads go through one buffer per thread after the socket
// reports readable); the output queue and line buffer hold only what is in flight, and input
// is not read while more than kMaxUnsentBytes wait to be sent (a client that does not read
// cannot make the server buffer its output).
//
// Downloads (operator-enabled): a line that downloads is handed to the Fetcher's worker threads;
// the result comes back through asio::post onto the network thread, which never waits.
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

// After a standard header on purpose: Asio decides between aligned_alloc/free and operator
// new/delete from a libstdc++ macro, and must decide the same way in every file (otherwise its
// handler memory is allocated one way and freed the other; AddressSanitizer reports it).
#include <asio.hpp>

#include "core/event.h"
#include "honeypot/presentation.h"
#include "honeypot/session_environment.h"
#include "sink/cast_writer.h"
#include "telnet/telnet_engine.h"

namespace busytrap::honeypot {

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `presentation` and `environment` must outlive the session.
  Session(asio::ip::tcp::socket socket, SessionEnvironment& environment,
          const Presentation& presentation, std::string profile, std::string src_ip,
          std::uint16_t src_port);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Logs session.connect, sends the opening bytes and the login prompt, starts reading.
  void start(const std::string& dst_ip, std::uint16_t dst_port);
  // Server shutdown: closes at once (the shell's end_session events are logged).
  void stop();

  const std::string& id() const noexcept { return id_; }
  const std::string& src_ip() const noexcept { return src_ip_; }

 private:
  enum class Phase : std::uint8_t { kUsername, kPassword, kShell, kClosing, kClosed };
  // A gate holds back every later segment until the sink reports the events logged before it
  // as stored (log.fsync = "always": the reply the client sees proves its event is on disk).
  enum class Gate : std::uint8_t { kNone, kWaiting, kOpen };
  struct Segment {
    std::chrono::milliseconds delay;
    std::string bytes;  // already Telnet-encoded
    Gate gate = Gate::kNone;
  };

  core::Event event(std::string eventid, std::string message) const;
  void log(const core::Event& event);
  void read_more();
  void on_readable(const asio::error_code& error);
  void handle_input(std::string_view bytes);
  void handle_telnet_event(telnet::TelnetEvent& event);
  void handle_line(std::string line);
  void handle_password(std::string password);
  void handle_command(std::string line);
  void apply_reply(shell::ShellReply reply);
  void start_fetch(fetch::FetchRequest request);
  void on_fetch_done(fetch::FetchResult result);
  void run_queued_lines();
  void log_telnet_detail(core::Event event);

  std::size_t unsent_bytes() const noexcept;
  void send(std::string_view text, std::chrono::milliseconds delay = {});
  void send_engine_output();
  void send_prompt();
  void queue_output(std::chrono::milliseconds delay, std::string bytes);
  void release_due_segments();
  void hold_output_until_stored();
  void on_stored();
  void append_to_wire(std::string_view bytes);
  void start_write();
  void close_after_output();
  void maybe_finish_closing();

  void arm_watchdog();
  void on_watchdog(const asio::error_code& error);
  void hit_limit(const char* limit, std::int64_t value);
  void finish(const char* reason);
  void open_transcript();
  void close_transcript();

  asio::ip::tcp::socket socket_;
  asio::steady_timer output_timer_;
  asio::steady_timer watchdog_;
  SessionEnvironment& environment_;
  const Presentation& presentation_;
  telnet::TelnetEngine telnet_;
  std::unique_ptr<shell::SessionShell> shell_;
  std::unique_ptr<sink::CastWriter> cast_;
  std::string id_;
  std::string src_ip_;
  std::string profile_;
  std::string username_;
  std::string terminal_type_;
  std::deque<Segment> pending_;
  std::size_t pending_bytes_ = 0;  // bytes in pending_
  std::string outbox_;
  std::string writing_;
  std::chrono::steady_clock::time_point connected_;
  std::chrono::steady_clock::time_point last_input_;
  std::int64_t bytes_in_ = 0;
  std::int64_t bytes_out_ = 0;
  std::int64_t attempts_ = 0;
  std::int64_t telnet_details_logged_ = 0;
  std::uint16_t src_port_;
  std::uint16_t width_ = 80;
  std::uint16_t height_ = 24;
  Phase phase_ = Phase::kUsername;
  bool write_in_flight_ = false;
  bool output_timer_armed_ = false;
  bool reading_paused_ = false;
  // A line waits for a download (operator-enabled fetching), or lines queued behind one wait
  // for their turn: lines typed meanwhile wait in queued_lines_ (bounded by max_bytes_in), and an
  // end of input closes the session only after them.
  bool awaiting_fetch_ = false;
  bool close_after_fetch_ = false;
  std::int64_t fetches_ = 0;  // downloads asked for (fetch.max_per_session)
  std::deque<std::string> queued_lines_;
  bool store_before_reply_ = false;  // log.fsync = "always"
  bool coalescing_ = false;          // handling one read (or start()): output is sent once it is done

  static constexpr std::size_t kMaxUnsentBytes = 64 * 1024;
};

}  // namespace busytrap::honeypot
