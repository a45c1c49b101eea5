// Fuzzes the Telnet engine in both directions. Client to server: the input (after one control
// byte) is fed to receive() in segments whose size the control byte picks, so option commands,
// sub-negotiations and line terminators get split across reads, with echo on or off and a
// small or large line limit. Server to client: the same bytes go through send_text(), whose
// output must decode back to them (IAC doubled, LF sent as CR LF, nothing else changed).
// Properties checked: lines never exceed the limit nor contain CR/LF; sub-negotiation values
// stay within kMaxSubnegotiation; send_text is lossless.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "telnet/telnet_engine.h"

using busytrap::telnet::TelnetEngine;
using busytrap::telnet::TelnetEvent;

namespace {

const std::string kBusyBoxOpening("\xFF\xFD\x01\xFF\xFD\x1F\xFF\xFB\x01\xFF\xFB\x03", 12);

void check_events(TelnetEngine& engine, std::size_t max_line) {
  for (const TelnetEvent& event : engine.take_events()) {
    if (event.type == TelnetEvent::Type::kLine) {
      if (event.text.size() > max_line) std::abort();
      if (event.text.find_first_of("\r\n") != std::string::npos) std::abort();
    }
    if (event.text.size() > TelnetEngine::kMaxSubnegotiation && event.type != TelnetEvent::Type::kLine) std::abort();
    if (event.value.size() > TelnetEngine::kMaxSubnegotiation) std::abort();
  }
}

// Undoes what send_text does to bytes on the wire; aborts on anything it must not produce.
std::string decode_output(std::string_view wire) {
  std::string text;
  for (std::size_t i = 0; i < wire.size(); ++i) {
    const auto byte = static_cast<unsigned char>(wire[i]);
    if (byte == 0xFF) {
      if (i + 1 >= wire.size() || static_cast<unsigned char>(wire[i + 1]) != 0xFF) std::abort();
      text += wire[++i];
    } else if (byte == '\r' && i + 1 < wire.size() && wire[i + 1] == '\n') {
      text += '\n';
      ++i;
    } else if (byte == '\n') {
      std::abort();  // a bare LF would reach the client's terminal without its CR
    } else {
      text += wire[i];
    }
  }
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t control = data[0];
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t max_line = std::size_t{16} << (control & 7);  // 16 .. 2048 bytes
  const std::size_t segment = (control >> 4) * 5 + 1;           // 1 .. 76 bytes per read

  TelnetEngine engine(max_line);
  engine.open(kBusyBoxOpening);
  engine.set_echo((control & 8) != 0);
  for (std::size_t at = 0; at < input.size(); at += segment) {
    engine.receive(input.substr(at, segment));
    if ((at / segment) % 3 == 0) check_events(engine, max_line);
    if ((at / segment) % 2 == 0) engine.take_output();
  }
  check_events(engine, max_line);
  engine.take_output();

  engine.send_text(input);
  if (decode_output(engine.take_output()) != input) std::abort();
  return 0;
}
