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
  std::uint64_t base_position = 0;  // global position of data[0], orders records across inputs
};

// Calls fn(line, line_number) for every line of `data` (1-based numbers; the terminator
// '\n' and one '\r' before it are removed). A final line without '\n' counts as a line.
template <typename Fn>
std::uint64_t for_each_line(std::string_view data, Fn&& fn) {
  std::uint64_t number = 0;
  const char* p = data.data();
  const char* const end = p + data.size();
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* line_end = nl ? nl : end;
    std::size_t length = static_cast<std::size_t>(line_end - p);
    if (length > 0 && p[length - 1] == '\r') --length;
    fn(std::string_view(p, length), ++number);
    p = nl ? nl + 1 : end;
  }
  return number;
}

}  // namespace busytrap::analyze
