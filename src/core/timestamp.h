#pragma once
// Timestamps as Cowrie writes them: ISO-8601 UTC with microseconds and 'Z'
// ("2017-10-07T14:53:57.761300Z"). Internally a timestamp is microseconds since the Unix
// epoch (UTC) in an int64; kNoTimestamp marks "unknown".
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace busytrap::core {

inline constexpr std::int64_t kNoTimestamp = std::numeric_limits<std::int64_t>::min();

// Parses "YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|+HHMM|+HH:MM|-HHMM]" (no zone = UTC), and also a
// bare date "YYYY-MM-DD" (midnight UTC). Returns nullopt for anything else; never throws.
// Trailing bytes after a complete timestamp are ignored (the text log puts a space there).
std::optional<std::int64_t> parse_iso8601(std::string_view text) noexcept;

// Number of bytes parse_iso8601 consumed for the timestamp at the start of `text`, 0 if none.
std::size_t iso8601_length(std::string_view text) noexcept;

// Both at once: the timestamp at the start of `text` and, in `length`, the bytes it took.
std::optional<std::int64_t> parse_iso8601_prefix(std::string_view text, std::size_t& length) noexcept;

// Formats as Cowrie does: "2017-10-07T14:53:57.761300Z" (27 bytes) appended to `out`.
void append_iso8601(std::string& out, std::int64_t micros);
std::string format_iso8601(std::int64_t micros);

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace busytrap::core
