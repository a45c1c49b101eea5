// Fuzzes the device shell with one input line: lexer, parser, word expansion, the interpreter
// and every applet it reaches, against the emulated file system of a device profile (the first
// byte picks which). The line is given as it is, control bytes and newlines included, then the
// session ends (which collects what the line wrote into the file system).
// Properties checked: no crash, leak or UB; output per line within ShellLimits; the shell keeps
// a prompt after any line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz_device.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& images = busytrap::fuzz::device_images();
  auto shell = busytrap::fuzz::make_device_shell(images[data[0] % images.size()]);
  const std::string_view line(reinterpret_cast<const char*>(data + 1), size - 1);
  busytrap::fuzz::reply_bytes(shell->run_line(line), busytrap::fuzz::fuzz_shell_limits());
  if (shell->prompt().empty()) std::abort();
  shell->end_session();
  return 0;
}
