#pragma once
// Looks at the first bytes of an input to decide how to read it: its format (Cowrie JSON
// lines, Cowrie text log, plain command lines), whether it is binary junk rather than a log,
// and its first timestamp (inputs are read in the order of their first timestamps).
#include <cstdint>
#include <string_view>

#include "analyze/analysis_options.h"

namespace busytrap::analyze {

struct InputProbe {
  InputFormat format = InputFormat::Plain;
  bool empty = false;   // no bytes, or only blank lines
  bool binary = false;  // mostly control bytes: not a log
  std::int64_t first_timestamp = core::kNoTimestamp;
};

// `forced` other than Auto fixes the format (the first timestamp is still looked up).
InputProbe probe_input(std::string_view prefix, InputFormat forced) noexcept;

}  // namespace busytrap::analyze
