#pragma once
// Printing byte strings that may hold anything (binary, invalid UTF-8, terminal escapes) for
// people (terminal tables, Markdown, CSV/TSV): valid printable UTF-8 stays as it is; control
// bytes (C0 and C1) and bytes of invalid UTF-8 become \xHH, so nothing reaches a terminal raw.
// For JSON, see core/json_escape.h (lossless).
#include <cstddef>
#include <string>
#include <string_view>

namespace busytrap::core {

void append_display_escaped(std::string& out, std::string_view bytes);
std::string display_escaped(std::string_view bytes);

// Columns a display-escaped string takes in a terminal (one per code point).
std::size_t display_width(std::string_view escaped) noexcept;

}  // namespace busytrap::core
