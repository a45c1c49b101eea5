#pragma once
// AnalysisOptions: everything that decides what `busytrap analyze` counts. The defaults are
// the paper's definitions (docs/PAPER.md); every option used is echoed in the report so any
// table can be reproduced.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "analyze/intel/family_table.h"
#include "analyze/intel/intel_selection.h"
#include "core/timestamp.h"
#include "shell/command_line_splitter.h"

namespace busytrap::analyze {

enum class Protocol : std::uint8_t { Unknown, Telnet, Ssh };
enum class ProtocolFilter : std::uint8_t { All, Telnet, Ssh };
enum class InputFormat : std::uint8_t { Auto, CowrieJson, CowrieText, Plain };

std::string_view protocol_name(Protocol protocol) noexcept;
std::optional<ProtocolFilter> parse_protocol_filter(std::string_view name) noexcept;
std::string_view protocol_filter_name(ProtocolFilter filter) noexcept;
std::optional<InputFormat> parse_input_format(std::string_view name) noexcept;
std::string_view input_format_name(InputFormat format) noexcept;

// Whether a session of `protocol` passes `filter` (Unknown passes only All).
constexpr bool protocol_passes(Protocol protocol, ProtocolFilter filter) noexcept {
  switch (filter) {
    case ProtocolFilter::All: return true;
    case ProtocolFilter::Telnet: return protocol == Protocol::Telnet;
    case ProtocolFilter::Ssh: return protocol == Protocol::Ssh;
  }
  return true;
}

struct AnalysisOptions {
  shell::SplitMode split = shell::SplitMode::Semicolon;
  bool fold_tokens = false;                          // fold random busybox tokens into <RANDOM>
  ProtocolFilter protocol = ProtocolFilter::All;
  std::int64_t since = core::kNoTimestamp;           // inclusive
  std::int64_t until = core::kNoTimestamp;           // exclusive
  std::optional<std::string> sensor;                 // keep only events of this sensor
  InputFormat format = InputFormat::Auto;
  std::size_t max_line_bytes = 4u << 20;             // longer lines are skipped (and counted)
  unsigned threads = 0;                              // parsing threads; 0 = one per core
  std::size_t chunk_bytes = 8u << 20;                // unit of parallel work
  intel::IntelSelection intel;                       // analyses beyond the paper's tables
  std::shared_ptr<const intel::FamilyTable> families;  // for intel.families

  bool in_time_range(std::int64_t ts) const noexcept {
    if (ts == core::kNoTimestamp) return since == core::kNoTimestamp && until == core::kNoTimestamp;
    return (since == core::kNoTimestamp || ts >= since) && (until == core::kNoTimestamp || ts < until);
  }
};

}  // namespace busytrap::analyze
