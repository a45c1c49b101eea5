#pragma once
// TelnetEvent: what the Telnet engine reports about the client's side of the stream, in the
// order the bytes arrived: complete input lines, every option command the client sent, the
// window size, terminal type and environment variables it reported, and the points where the
// session must react (interrupt, end of input, a line over the length limit).
#include <cstdint>
#include <string>

namespace busytrap::telnet {

struct TelnetEvent {
  enum class Type {
    kLine,          // text: the line without its terminator and without trailing NULs
    kOption,        // command (251 WILL .. 254 DONT) and option as the client sent them
    kWindowSize,    // width, height (NAWS)
    kTerminalType,  // text: TTYPE IS name
    kEnvironment,   // text: variable name, value: its value (NEW-ENVIRON IS/INFO)
    kInterrupt,     // ^C typed: the line being edited is discarded
    kEndOfInput,    // ^D on an empty line
    kLineTooLong,   // the line being typed passed the configured maximum; it is discarded
  };

  Type type = Type::kLine;
  std::string text;
  std::string value;
  std::uint8_t command = 0;
  std::uint8_t option = 0;
  std::uint16_t width = 0;
  std::uint16_t height = 0;
};

// Telnet names of the commands WILL/WONT/DO/DONT (251..254); "UNKNOWN" otherwise.
const char* command_name(std::uint8_t command) noexcept;
// Telnet option names as Cowrie and RFC 855 ff. spell them ("ECHO", "NAWS", "NEW-ENVIRON"...);
// options without a name are "UNKNOWN".
const char* option_name(std::uint8_t option) noexcept;

}  // namespace busytrap::telnet
