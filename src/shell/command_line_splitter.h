#pragma once
// Splits one input record (what a session typed as one line) into command lines, the rows of
// Table 1. The paper's rule is SplitMode::Semicolon: split on ';' outside single and double
// quotes and not escaped by a backslash; `&&`, `||`, `|`, `&` do not split. Every piece is
// trimmed of space, tab, CR, LF and NUL, and empty pieces are dropped. Pieces are views into
// the record. Hostile bytes are just bytes: no input allocates, throws or fails to terminate.
#include <cstdint>
#include <optional>
#include <string_view>

#include "shell/shell_lexer.h"

namespace busytrap::shell {

enum class SplitMode : std::uint8_t {
  Semicolon,  // the paper's rule (default)
  Shell,      // every simple command: ; && || | & ( ) and newlines
  Line,       // the whole record is one command line
};

std::optional<SplitMode> parse_split_mode(std::string_view name) noexcept;
std::string_view split_mode_name(SplitMode mode) noexcept;

// Strips leading and trailing space, tab, CR, LF and NUL.
std::string_view trim_shell_blanks(std::string_view s) noexcept;

// Calls `emit(std::string_view piece)` for every non-empty command line of `record`, in order.
template <typename Emit>
void for_each_command_line(std::string_view record, SplitMode mode, Emit&& emit);

// ---- implementation ----

namespace detail {
// Offset of the first ';' at or after `from` that is outside quotes and not escaped, or npos.
std::size_t find_unquoted_semicolon(std::string_view s, std::size_t from) noexcept;
}  // namespace detail

template <typename Emit>
void for_each_command_line(std::string_view record, SplitMode mode, Emit&& emit) {
  switch (mode) {
    case SplitMode::Line: {
      const std::string_view piece = trim_shell_blanks(record);
      if (!piece.empty()) emit(piece);
      return;
    }
    case SplitMode::Semicolon: {
      std::size_t start = 0;
      while (start <= record.size()) {
        std::size_t end = detail::find_unquoted_semicolon(record, start);
        if (end == std::string_view::npos) end = record.size();
        const std::string_view piece = trim_shell_blanks(record.substr(start, end - start));
        if (!piece.empty()) emit(piece);
        start = end + 1;
      }
      return;
    }
    case SplitMode::Shell: {
      ShellLexer lexer(record, LexerOptions{.newline_is_operator = true});
      Token token;
      std::size_t piece_start = std::string_view::npos;
      std::size_t piece_end = 0;
      auto flush = [&] {
        if (piece_start != std::string_view::npos) {
          emit(record.substr(piece_start, piece_end - piece_start));
          piece_start = std::string_view::npos;
        }
      };
      while (lexer.next(token)) {
        if (token.kind == TokenKind::Operator) {
          flush();
          continue;
        }
        const std::size_t begin = static_cast<std::size_t>(token.text.data() - record.data());
        if (piece_start == std::string_view::npos) piece_start = begin;
        piece_end = begin + token.text.size();
      }
      flush();
      return;
    }
  }
}

}  // namespace busytrap::shell
