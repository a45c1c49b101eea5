#pragma once
// TelnetEngine: the server side of one Telnet connection as a pure state machine (sans-I/O):
// bytes from the client go in (receive), events come out (take_events), and the bytes to send
// to the client accumulate (take_output). It owns no socket and no clock, so a test can drive it
// byte by byte. Option negotiation (RFC 1143 Q method) and IAC escaping are libtelnet's; the
// engine adds what a BusyBox telnetd + pty + login do on top of it:
//  - sub-negotiations are parsed here, never by libtelnet (its TTYPE/ENVIRON parsers write a byte
//    past their buffers in 0.21 and an `SB COMPRESS2` would switch on zlib inflation of input);
//    their content is bounded (kMaxSubnegotiation bytes kept, the rest skipped until IAC SE);
//  - a line discipline: CR LF, CR NUL, bare CR and bare LF each end one line, also when the
//    terminator arrives in a later segment; DEL/BS erase, ^C interrupts, ^D on an empty line ends
//    input; trailing NULs are removed from the line (the Mirai bot sends `enable\0\r\n`, a shell
//    sees `enable`), NULs inside a line are kept;
//  - echo as a pty in canonical mode does it (set_echo): printable bytes as typed, control bytes
//    as ^X, the line end as CR LF;
//  - output as a pty with onlcr and telnetd send it: LF becomes CR LF and 0xFF is doubled.
// Every buffer is bounded: a line longer than max_line_length is dropped (kLineTooLong, once).
// Not thread-safe; one engine per connection. Never throws on any input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "telnet/telnet_event.h"

struct telnet_t;
union telnet_event_t;

namespace busytrap::telnet {

class TelnetEngine {
 public:
  static constexpr std::size_t kMaxSubnegotiation = 1024;

  explicit TelnetEngine(std::size_t max_line_length);
  ~TelnetEngine();
  TelnetEngine(const TelnetEngine&) = delete;
  TelnetEngine& operator=(const TelnetEngine&) = delete;

  // Queues the server's opening bytes: every `IAC WILL/WONT/DO/DONT opt` triple goes through
  // the negotiation state tracker (so the client's answers are recognised as answers, not
  // requests); any other byte is sent as given.
  void open(std::string_view negotiation);

  // Feeds bytes received from the client.
  void receive(std::string_view bytes);

  // Queues text for the client as a program writes it ('\n' line ends).
  void send_text(std::string_view text);

  // Whether typed input is echoed (on for a login name and the shell, off for a password).
  void set_echo(bool on) noexcept { echo_ = on; }

  // Moves out what accumulated since the last call.
  std::vector<TelnetEvent> take_events();
  std::string take_output();
  bool has_output() const noexcept { return !output_.empty(); }

 private:
  enum class FramingState : std::uint8_t { kData, kIac, kNegotiation, kSbOption, kSbData, kSbIac };

  static void on_libtelnet_event(telnet_t* telnet, telnet_event_t* event, void* self);
  void handle_libtelnet_event(const telnet_event_t& event);
  void frame_byte(std::uint8_t byte);
  void after_iac(std::uint8_t byte);
  void forward_to_libtelnet();
  void finish_subnegotiation();
  void parse_environment(std::string_view data);
  void discipline(std::string_view data);
  void complete_line();
  void echo(std::string_view bytes);
  void emit(TelnetEvent event);

  telnet_t* telnet_ = nullptr;
  std::size_t max_line_length_;
  FramingState state_ = FramingState::kData;
  std::uint8_t pending_command_ = 0;
  std::uint8_t sb_option_ = 0;
  bool echo_ = true;
  bool after_cr_ = false;
  bool line_overflow_ = false;
  std::string forward_;  // bytes of the current receive() still to pass to libtelnet
  std::string sb_;
  std::string line_;
  std::string output_;
  std::vector<TelnetEvent> events_;
};

}  // namespace busytrap::telnet
