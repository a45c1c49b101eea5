#pragma once
// Printing byte strings that may hold anything (binary, invalid UTF-8, terminal escapes).
// - For people (terminal tables, Markdown, CSV/TSV): valid printable UTF-8 stays as it is;
//   control bytes and bytes of invalid UTF-8 become \xHH, so nothing reaches a terminal raw.
// - For JSON: a valid JSON string; valid UTF-8 kept, control bytes as \u00XX, and each byte of
//   invalid UTF-8 as \udcXX (Python's surrogateescape: lossless, and what busytrap's readers
//   decode back to the original byte).
#include <cstddef>
#include <string>
#include <string_view>

namespace busytrap::core {

// Length of the valid UTF-8 sequence at s[i], or 0 if the byte there starts none.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept;

void append_display_escaped(std::string& out, std::string_view bytes);
std::string display_escaped(std::string_view bytes);

// Appends `bytes` as a JSON string, quotes included.
void append_json_string(std::string& out, std::string_view bytes);

// Columns a display-escaped string takes in a terminal (one per code point).
std::size_t display_width(std::string_view escaped) noexcept;

}  // namespace busytrap::core
