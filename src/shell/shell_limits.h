#pragma once
// ShellLimits: the hard bounds that make any input line cost bounded time and memory in the
// emulated shell. When one is hit the line stops quietly (a device would just be slow).
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace busytrap::shell {

struct ShellLimits {
  std::uint64_t max_steps = 200000;             // commands + loop iterations per input line
  std::chrono::milliseconds max_line_time{500};  // wall time per input line
  std::size_t max_output_bytes = 4u << 20;       // terminal output per input line
  std::size_t max_buffer_bytes = 2u << 20;       // one pipe / substitution / file redirect
  std::size_t max_depth = 24;                    // nested substitutions, scripts, functions
  std::size_t max_word_bytes = 1u << 20;         // one expanded word
  std::size_t max_expansion_bytes = 4u << 20;    // all fields of one command after expansion
  std::size_t max_fields = 20000;                // fields of one command after expansion
  std::size_t max_variables = 512;
  std::size_t max_variable_bytes = 4u << 20;     // all variable values together
  std::size_t max_pending_bytes = 64u << 10;     // an incomplete command waiting for PS2 lines
  std::size_t max_line_bytes = 256u << 10;       // one input line
  std::size_t max_events_per_line = 64;          // command.success/failed events per line
};

}  // namespace busytrap::shell
