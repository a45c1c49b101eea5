#include "config/toml_document.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

namespace busytrap::config {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The offset just past the string that opens at text[i] (a quote), or text.size() when it is
// not closed. Multi-line strings may end with up to two extra quotes of their own; a one-line
// string also ends at a line break (toml++ then reports it).
std::size_t past_string(std::string_view text, std::size_t i) noexcept {
  const char quote = text[i];
  const bool escapes = quote == '"';
  const std::string_view triple = quote == '"' ? std::string_view("\"\"\"") : std::string_view("'''");
  if (text.substr(i, 3) == triple) {
    for (std::size_t j = i + 3; j < text.size(); ++j) {
      if (escapes && text[j] == '\\') {
        ++j;
      } else if (text.substr(j, 3) == triple) {
        j += 3;
        for (int extra = 0; extra < 2 && j < text.size() && text[j] == quote; ++extra) ++j;
        return j;
      }
    }
    return text.size();
  }
  for (std::size_t j = i + 1; j < text.size(); ++j) {
    if (escapes && text[j] == '\\') {
      ++j;
    } else if (text[j] == quote) {
      return j + 1;
    } else if (text[j] == '\n') {
      return j;
    }
  }
  return text.size();
}

}  // namespace

std::size_t first_non_ascii_outside_strings(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') {
      const std::size_t end = text.find('\n', i);
      if (end == std::string_view::npos) return std::string_view::npos;
      i = end;
    } else if (c == '"' || c == '\'') {
      i = past_string(text, i);
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      return i;
    } else {
      ++i;
    }
  }
  return std::string_view::npos;
}

std::optional<toml::table> parse_toml(std::string_view text, std::string_view origin, TomlError& error) {
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  const std::size_t bad = first_non_ascii_outside_strings(text);
  if (bad != std::string_view::npos) {
    const std::string_view before = text.substr(0, bad);
    const std::size_t line_start = before.rfind('\n');
    error.line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    error.column = bad - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    error.description = "a non-ASCII character outside a string or comment (TOML allows them only there)";
    return std::nullopt;
  }
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    error.line = e.source().begin.line;
    error.column = e.source().begin.column;
    error.description = std::string(e.description());
    return std::nullopt;
  }
}

std::optional<toml::table> parse_toml_file(const std::string& path, TomlError& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = TomlError{0, 0, fmt::format("cannot open: {}", std::strerror(errno))};
    return std::nullopt;
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = TomlError{0, 0, "read error"};
    return std::nullopt;
  }
  return parse_toml(text, path, error);
}

}  // namespace busytrap::config
