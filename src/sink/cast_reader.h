#pragma once
// Reading asciinema v2 transcripts (the files CastWriter writes, or asciinema's own), strictly:
// the first line must be a JSON object with "version": 2, every later non-empty line a JSON
// array [time, "type", "data"] with a finite time >= 0. Strings are decoded losslessly
// (core::append_json_unescaped: \udcXX gives back byte XX), so output events replay the
// exact bytes that were recorded. Event types other than o/i/m/r are kept as they are (the
// format allows new ones; players skip what they do not know).
//
// Usage:
//   std::string error;
//   auto cast = sink::parse_cast(file_content, error);   // nullopt + error "line N: ..."
//   for (const auto& e : cast->events) if (e.type == "o") fwrite(e.data...);
//
// Pure functions, thread-safe. Bounded by the input: no line is copied more than once.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace busytrap::sink {

struct CastHeader {
  int width = 0;
  int height = 0;
  std::int64_t timestamp = 0;  // unix seconds, 0 when absent
  std::optional<double> idle_time_limit;
};

struct CastEvent {
  double time = 0;   // seconds since the start
  std::string type;  // "o" output, "i" input, "m" marker, "r" resize
  std::string data;  // decoded bytes
};

struct Cast {
  CastHeader header;
  std::vector<CastEvent> events;
};

// Parses a whole transcript. On error returns nullopt and sets `error` to "line N: what".
std::optional<Cast> parse_cast(std::string_view content, std::string& error);

}  // namespace busytrap::sink
