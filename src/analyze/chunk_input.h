#pragma once
// ChunkInput: a run of complete lines handed to a log reader, plus what the reader may assume
// about the memory around it. Bytes from data.begin() up to readable_end may be read (so
// simdjson's padding needs no copy except for lines within kJsonPadding of readable_end).
#include <cstdint>
#include <cstring>
#include <string_view>

namespace busytrap::analyze {

inline constexpr std::size_t kJsonPadding = 64;  // == SIMDJSON_PADDING

struct ChunkInput {
  std::string_view data;
  const char* readable_end = nullptr;
};

// The line that starts at `p` (p < end) without its terminator '\n' and one '\r' before it (a
// final line without '\n' counts as a line); advances `p` to the start of the next line.
inline std::string_view next_line(const char*& p, const char* end) noexcept {
  const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
  const char* line_end = nl ? nl : end;
  const char* const begin = p;
  p = nl ? nl + 1 : end;
  if (line_end > begin && line_end[-1] == '\r') --line_end;
  return std::string_view(begin, static_cast<std::size_t>(line_end - begin));
}

// Calls fn(line, line_number) for every line of `data`, as next_line splits them (1-based
// numbers). Returns the number of lines.
template <typename Fn>
std::uint64_t for_each_line(std::string_view data, Fn&& fn) {
  std::uint64_t number = 0;
  const char* p = data.data();
  const char* const end = p + data.size();
  while (p < end) {
    const std::string_view line = next_line(p, end);
    fn(line, ++number);
  }
  return number;
}

}  // namespace busytrap::analyze
