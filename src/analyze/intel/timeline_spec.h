#pragma once
// TimelineSpec: what one `--timeline KEY` counts over time, parsed from its command-line text:
//   sessions            sessions (that passed the filters), at their first timestamp
//   commands            every command line, at its own time
//   family:NAME         sessions classified as NAME (data/families.toml), at their first timestamp
//   token:APPLET        command lines running `busybox APPLET` (any busybox path; e.g. token:ECCHI)
//   program:NAME        command lines whose program name (Table 2's key) is NAME, e.g. program:wget
//   command:LINE        command lines equal to LINE (Table 1's key)
// Buckets are UTC hours or days. Plain values; copy freely.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace busytrap::analyze::intel {

enum class TimelineKind : std::uint8_t { Sessions, Commands, Family, Token, Program, CommandLine };
enum class TimeBucket : std::uint8_t { Hour, Day };

struct TimelineSpec {
  TimelineKind kind = TimelineKind::Sessions;
  std::string value;  // the family, applet, program or command line (empty for sessions/commands)
  std::string text;   // as given, for titles

  // Whether the timeline counts sessions (at their start) rather than command lines.
  bool counts_sessions() const noexcept { return kind == TimelineKind::Sessions || kind == TimelineKind::Family; }
};

// Parses "family:mirai-scanner", "sessions", ... Returns nullopt and sets `error` for anything else.
std::optional<TimelineSpec> parse_timeline_spec(std::string_view text, std::string& error);
std::optional<TimeBucket> parse_time_bucket(std::string_view name) noexcept;
std::string_view time_bucket_name(TimeBucket bucket) noexcept;

// The start of the bucket holding `micros` (floor, also before 1970), in microseconds.
std::int64_t bucket_start(std::int64_t micros, TimeBucket bucket) noexcept;

}  // namespace busytrap::analyze::intel
