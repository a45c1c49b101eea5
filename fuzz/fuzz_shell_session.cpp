// Fuzzes whole device-shell sessions: the input (after the byte that picks the profile) is
// split at LF into lines run one after the other on one shell, as the honeypot's session does
// after login, so state carries over: variables, functions, the working directory, files
// written, half-finished constructs waiting for the next line under PS2. `exit` ends the
// session early, as it would on the device.
// Properties checked: no crash, leak or UB; output per line within ShellLimits; a prompt
// after every line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz_device.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& images = busytrap::fuzz::device_images();
  auto shell = busytrap::fuzz::make_device_shell(images[data[0] % images.size()]);
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    const busytrap::shell::ShellReply reply = shell->run_line(line);
    busytrap::fuzz::reply_bytes(reply, busytrap::fuzz::fuzz_shell_limits());
    if (shell->prompt().empty()) std::abort();
    if (reply.close_session) break;
  }
  shell->end_session();
  return 0;
}
