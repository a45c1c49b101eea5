#pragma once
// ShellLexer: the one definition of "word" and "operator" in busytrap, shared by the
// analyzer and the honeypot's shell. It follows POSIX sh token recognition as written down in
// docs/PAPER.md ("Words"): quotes and backslash escapes, control operators, redirections with
// an optional all-digit IO number. It is a pull lexer over caller-owned bytes: tokens are views
// into the input (which must outlive them), nothing is allocated, and no input — binary,
// unterminated quotes, NUL bytes — makes it throw or loop: every call consumes at least one
// byte or reports the end.
#include <cstdint>
#include <string>
#include <string_view>

namespace busytrap::shell {

enum class TokenKind : std::uint8_t {
  Word,         // raw text of one word, quotes and escapes still in place
  Operator,     // control operator: ; && || | & ( ) and, when enabled, newline
  Redirection,  // redirection operator with its IO number, e.g. "2>&1" lexes as "2>&" + word "1"
};

struct Token {
  TokenKind kind;
  std::string_view text;  // view into the lexer's input
};

struct LexerOptions {
  // In the analyzer's word rules LF is whitespace; in the shell (and in --split shell) it
  // separates commands like ';'.
  bool newline_is_operator = false;
};

class ShellLexer {
 public:
  explicit ShellLexer(std::string_view input, LexerOptions options = {}) noexcept
      : input_(input), options_(options) {}

  // Fills `token` with the next token and returns true, or returns false at the end of input.
  bool next(Token& token) noexcept;

  // Byte offset of the next unread byte.
  std::size_t position() const noexcept { return pos_; }

 private:
  std::size_t scan_word_end(std::size_t from) const noexcept;

  std::string_view input_;
  LexerOptions options_;
  std::size_t pos_ = 0;
};

// True for the bytes that separate words outside quotes: space, tab, CR, LF, NUL.
constexpr bool is_shell_blank(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0';
}

// Removes quotes and applies backslash escapes to one raw word (POSIX rules: outside quotes a
// backslash escapes the next byte; inside double quotes only before \ " $ `; nothing inside
// single quotes; an unterminated quote runs to the end). Returns `raw` itself when the word
// has nothing to remove, otherwise a view into `scratch`, which it overwrites.
std::string_view unquote_word(std::string_view raw, std::string& scratch);

// True when `raw` is an assignment word NAME=value (NAME unquoted, [A-Za-z_][A-Za-z0-9_]*).
bool is_assignment_word(std::string_view raw) noexcept;

}  // namespace busytrap::shell
