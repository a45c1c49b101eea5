#include "shell/command_line_splitter.h"

namespace busytrap::shell {

std::optional<SplitMode> parse_split_mode(std::string_view name) noexcept {
  if (name == "semicolon") return SplitMode::Semicolon;
  if (name == "shell") return SplitMode::Shell;
  if (name == "line") return SplitMode::Line;
  return std::nullopt;
}

std::string_view split_mode_name(SplitMode mode) noexcept {
  switch (mode) {
    case SplitMode::Semicolon: return "semicolon";
    case SplitMode::Shell: return "shell";
    case SplitMode::Line: return "line";
  }
  return "semicolon";
}

std::string_view trim_shell_blanks(std::string_view s) noexcept {
  std::size_t begin = 0;
  std::size_t end = s.size();
  while (begin < end && is_shell_blank(s[begin])) ++begin;
  while (end > begin && is_shell_blank(s[end - 1])) --end;
  return s.substr(begin, end - begin);
}

namespace detail {

std::size_t find_unquoted_semicolon(std::string_view s, std::size_t i) noexcept {
  const std::size_t n = s.size();
  while (i < n) {
    // Fast path: most bytes are none of the four that matter.
    const char* p = s.data() + i;
    const char* const stop = s.data() + n;
    while (p < stop && *p != ';' && *p != '\\' && *p != '\'' && *p != '"') ++p;
    i = static_cast<std::size_t>(p - s.data());
    if (i >= n) break;
    const char c = s[i];
    if (c == ';') return i;
    if (c == '\\') {
      i += 2;
    } else if (c == '\'') {
      const std::size_t close = s.find('\'', i + 1);
      if (close == std::string_view::npos) return std::string_view::npos;
      i = close + 1;
    } else {  // '"'
      ++i;
      while (i < n && s[i] != '"') i += (s[i] == '\\') ? 2 : 1;
      ++i;
    }
  }
  return std::string_view::npos;
}

}  // namespace detail
}  // namespace busytrap::shell
