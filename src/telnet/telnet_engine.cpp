#include "telnet/telnet_engine.h"

#include <libtelnet.h>

#include <utility>

namespace busytrap::telnet {
namespace {

constexpr std::uint8_t kIac = 255;
constexpr std::uint8_t kSb = 250;
constexpr std::uint8_t kSe = 240;
constexpr std::uint8_t kWill = 251;
constexpr std::uint8_t kDont = 254;
constexpr std::uint8_t kTtype = 24;
constexpr std::uint8_t kNaws = 31;
constexpr std::uint8_t kNewEnviron = 39;
constexpr std::uint8_t kTtypeIs = 0;
constexpr std::uint8_t kEnvironIs = 0;
constexpr std::uint8_t kEnvironSend = 1;
constexpr std::uint8_t kEnvironInfo = 2;
constexpr std::uint8_t kEnvironVar = 0;
constexpr std::uint8_t kEnvironValue = 1;
constexpr std::uint8_t kEnvironEsc = 2;
constexpr std::uint8_t kEnvironUserVar = 3;
constexpr std::size_t kMaxEnvironmentVariables = 64;

// What the server agrees to: it echoes and suppresses go-ahead itself (as BusyBox telnetd
// announces), and lets the client report its window size, terminal type and environment.
const telnet_telopt_t kSupportedOptions[] = {
    {TELNET_TELOPT_ECHO, TELNET_WILL, TELNET_DONT},
    {TELNET_TELOPT_SGA, TELNET_WILL, TELNET_DO},
    {TELNET_TELOPT_NAWS, TELNET_WONT, TELNET_DO},
    {TELNET_TELOPT_TTYPE, TELNET_WONT, TELNET_DO},
    {TELNET_TELOPT_NEW_ENVIRON, TELNET_WONT, TELNET_DO},
    {-1, 0, 0},
};

}  // namespace

TelnetEngine::TelnetEngine(std::size_t max_line_length)
    : telnet_(telnet_init(kSupportedOptions, &TelnetEngine::on_libtelnet_event, 0, this)),
      max_line_length_(max_line_length) {}

TelnetEngine::~TelnetEngine() {
  if (telnet_ != nullptr) telnet_free(telnet_);
}

void TelnetEngine::open(std::string_view negotiation) {
  if (telnet_ == nullptr) return;
  std::size_t i = 0;
  while (i < negotiation.size()) {
    const auto byte = static_cast<std::uint8_t>(negotiation[i]);
    if (byte == kIac && i + 2 < negotiation.size()) {
      const auto command = static_cast<std::uint8_t>(negotiation[i + 1]);
      if (command >= kWill && command <= kDont) {
        telnet_negotiate(telnet_, command, static_cast<unsigned char>(negotiation[i + 2]));
        i += 3;
        continue;
      }
    }
    output_.push_back(static_cast<char>(byte));
    ++i;
  }
}

void TelnetEngine::receive(std::string_view bytes) {
  if (telnet_ == nullptr) return;
  for (const char c : bytes) frame_byte(static_cast<std::uint8_t>(c));
  forward_to_libtelnet();
}

// The framing layer: passes data, IAC commands and negotiations on to libtelnet, keeps
// sub-negotiations for itself, and reports every negotiation command the client sends (libtelnet
// only reports those that change an option's state).
void TelnetEngine::frame_byte(std::uint8_t byte) {
  switch (state_) {
    case FramingState::kData:
      if (byte == kIac) {
        state_ = FramingState::kIac;
      } else {
        forward_.push_back(static_cast<char>(byte));
      }
      return;
    case FramingState::kIac:
      after_iac(byte);
      return;
    case FramingState::kNegotiation: {
      forward_.push_back(static_cast<char>(kIac));
      forward_.push_back(static_cast<char>(pending_command_));
      forward_.push_back(static_cast<char>(byte));
      TelnetEvent event;
      event.type = TelnetEvent::Type::kOption;
      event.command = pending_command_;
      event.option = byte;
      emit(std::move(event));
      state_ = FramingState::kData;
      return;
    }
    case FramingState::kSbOption:
      sb_option_ = byte;
      sb_.clear();
      state_ = FramingState::kSbData;
      return;
    case FramingState::kSbData:
      if (byte == kIac) {
        state_ = FramingState::kSbIac;
      } else if (sb_.size() < kMaxSubnegotiation) {
        sb_.push_back(static_cast<char>(byte));
      }
      return;
    case FramingState::kSbIac:
      if (byte == kSe) {
        state_ = FramingState::kData;
        finish_subnegotiation();
      } else if (byte == kIac) {
        if (sb_.size() < kMaxSubnegotiation) sb_.push_back(static_cast<char>(kIac));
        state_ = FramingState::kSbData;
      } else {
        // A client that forgets IAC SE: take what came as the sub-negotiation, and the byte
        // as the command it is (libtelnet does the same).
        finish_subnegotiation();
        after_iac(byte);
      }
      return;
  }
}

void TelnetEngine::after_iac(std::uint8_t byte) {
  if (byte == kSb) {
    state_ = FramingState::kSbOption;
  } else if (byte >= kWill && byte <= kDont) {
    pending_command_ = byte;
    state_ = FramingState::kNegotiation;
  } else {
    // IAC IAC (a data byte 0xFF) and the other commands (AYT, NOP, BRK, IP, a stray SE...):
    // libtelnet turns them into data or a command event.
    forward_.push_back(static_cast<char>(kIac));
    forward_.push_back(static_cast<char>(byte));
    state_ = FramingState::kData;
  }
}

void TelnetEngine::forward_to_libtelnet() {
  if (forward_.empty()) return;
  std::string bytes;
  bytes.swap(forward_);
  telnet_recv(telnet_, bytes.data(), bytes.size());
}

void TelnetEngine::finish_subnegotiation() {
  std::string data;
  data.swap(sb_);  // frees the buffer: an idle session keeps none
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.data());
  if (sb_option_ == kNaws && data.size() >= 4) {
    TelnetEvent event;
    event.type = TelnetEvent::Type::kWindowSize;
    event.width = static_cast<std::uint16_t>(bytes[0] << 8 | bytes[1]);
    event.height = static_cast<std::uint16_t>(bytes[2] << 8 | bytes[3]);
    emit(std::move(event));
  } else if (sb_option_ == kTtype && !data.empty() && bytes[0] == kTtypeIs) {
    TelnetEvent event;
    event.type = TelnetEvent::Type::kTerminalType;
    event.text.assign(data, 1);
    emit(std::move(event));
  } else if (sb_option_ == kNewEnviron && !data.empty() &&
             (bytes[0] == kEnvironIs || bytes[0] == kEnvironInfo)) {
    parse_environment(std::string_view(data).substr(1));
  }
}

// RFC 1572: a list of VAR/USERVAR name [VALUE value], ESC quoting the next byte.
void TelnetEngine::parse_environment(std::string_view data) {
  std::string name;
  std::string value;
  std::string* target = nullptr;
  bool have_variable = false;
  std::size_t reported = 0;
  auto report = [&] {
    if (have_variable && reported < kMaxEnvironmentVariables) {
      TelnetEvent event;
      event.type = TelnetEvent::Type::kEnvironment;
      event.text = std::move(name);
      event.value = std::move(value);
      emit(std::move(event));
      ++reported;
    }
    name.clear();
    value.clear();
    have_variable = false;
  };
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto byte = static_cast<std::uint8_t>(data[i]);
    if (byte == kEnvironVar || byte == kEnvironUserVar) {
      report();
      have_variable = true;
      target = &name;
    } else if (byte == kEnvironValue) {
      target = have_variable ? &value : nullptr;
    } else if (target != nullptr) {
      if (byte == kEnvironEsc && i + 1 < data.size()) ++i;
      target->push_back(data[i]);
    }
  }
  report();
}

void TelnetEngine::on_libtelnet_event(telnet_t*, telnet_event_t* event, void* self) {
  static_cast<TelnetEngine*>(self)->handle_libtelnet_event(*event);
}

void TelnetEngine::handle_libtelnet_event(const telnet_event_t& event) {
  switch (event.type) {
    case TELNET_EV_DATA:
      discipline(std::string_view(event.data.buffer, event.data.size));
      break;
    case TELNET_EV_SEND:
      output_.append(event.data.buffer, event.data.size);
      break;
    case TELNET_EV_WILL:
      // The client agreed to report these: ask for the values (RFC 1091, RFC 1572).
      if (event.neg.telopt == kTtype) {
        telnet_ttype_send(telnet_);
      } else if (event.neg.telopt == kNewEnviron) {
        const char send[] = {static_cast<char>(kEnvironSend)};
        telnet_subnegotiation(telnet_, kNewEnviron, send, sizeof send);
      }
      break;
    default:
      // IAC commands (AYT, NOP, BRK...) are ignored as BusyBox telnetd ignores them;
      // libtelnet's warnings are about the peer's protocol errors, which are not ours to fix.
      break;
  }
}

void TelnetEngine::discipline(std::string_view data) {
  // Bytes echoed as they are leave in runs, one telnet_send per run instead of one per byte
  // (a loader's line is hundreds of bytes); any other output first sends the run before it.
  std::size_t run_start = 0;
  std::size_t run_end = 0;  // data[run_start, run_end) is to be echoed
  const auto send_run = [&] {
    if (run_end > run_start) echo(data.substr(run_start, run_end - run_start));
    run_start = run_end = 0;
  };
  for (std::size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    const auto byte = static_cast<std::uint8_t>(c);
    if (after_cr_) {
      after_cr_ = false;
      if (byte == '\n' || byte == '\0') continue;  // the rest of CR LF / CR NUL
    }
    switch (byte) {
      case '\r':
        after_cr_ = true;
        send_run();
        complete_line();
        break;
      case '\n':
        send_run();
        complete_line();
        break;
      case 0x7f:
      case 0x08:
        if (!line_.empty() && !line_overflow_) {
          line_.pop_back();
          send_run();
          echo("\b \b");
        }
        break;
      case 0x03: {
        send_run();
        echo("^C");
        line_.clear();
        line_overflow_ = false;
        TelnetEvent event;
        event.type = TelnetEvent::Type::kInterrupt;
        emit(std::move(event));
        break;
      }
      case 0x04:
        if (line_.empty() && !line_overflow_) {
          TelnetEvent event;
          event.type = TelnetEvent::Type::kEndOfInput;
          emit(std::move(event));
        }
        break;
      default:
        if (line_overflow_) break;
        if (line_.size() >= max_line_length_) {
          line_overflow_ = true;
          std::string().swap(line_);
          TelnetEvent event;
          event.type = TelnetEvent::Type::kLineTooLong;
          emit(std::move(event));
          break;
        }
        line_.push_back(c);
        if (byte < 0x20 && byte != '\t') {
          send_run();
          const char caret[] = {'^', static_cast<char>(byte + 0x40)};
          echo(std::string_view(caret, 2));
        } else {
          if (run_end != i) {
            send_run();
            run_start = i;
          }
          run_end = i + 1;
        }
        break;
    }
  }
  send_run();
}

void TelnetEngine::complete_line() {
  echo("\r\n");
  if (line_overflow_) {
    line_overflow_ = false;
    return;
  }
  while (!line_.empty() && line_.back() == '\0') line_.pop_back();
  TelnetEvent event;
  event.type = TelnetEvent::Type::kLine;
  event.text = std::move(line_);
  line_ = std::string();
  emit(std::move(event));
}

void TelnetEngine::echo(std::string_view bytes) {
  if (echo_) telnet_send(telnet_, bytes.data(), bytes.size());
}

void TelnetEngine::send_text(std::string_view text) {
  if (telnet_ == nullptr) return;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      telnet_send(telnet_, text.data() + start, i - start);
      telnet_send(telnet_, "\r\n", 2);
      start = i + 1;
    }
  }
  telnet_send(telnet_, text.data() + start, text.size() - start);
}

void TelnetEngine::emit(TelnetEvent event) {
  // Keeps the events in stream order: bytes framed before this event reach libtelnet (and
  // the line discipline) first.
  forward_to_libtelnet();
  events_.push_back(std::move(event));
}

std::vector<TelnetEvent> TelnetEngine::take_events() {
  std::vector<TelnetEvent> events;
  events.swap(events_);
  return events;
}

std::string TelnetEngine::take_output() {
  std::string output;
  output.swap(output_);
  return output;
}

}  // namespace busytrap::telnet
