#pragma once
// Parser: ash-dialect source text → syntax tree. It scans bytes itself (the analyzer's
// ShellLexer treats `$(`, backticks and reserved words the analyzer's way; the shell needs a
// nested scan of command substitutions and ash's error words), reports errors in ash's exact
// words ("syntax error: unexpected \"done\"", "... unexpected end of file (expecting \"fi\")"),
// and says when the text is merely incomplete, so an interactive shell can ask for the next
// line with PS2. Nesting depth and token count are bounded: hostile input costs bounded time
// and stack. Stateless between calls; cheap to construct.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "shell/ast.h"

namespace busytrap::shell {

struct ParseResult {
  std::shared_ptr<const CommandList> program;  // set when ok
  std::string error;       // e.g. "syntax error: unexpected \"done\"" (no "sh: " prefix)
  bool incomplete = false;  // the error is running out of input: more lines could complete it
  std::size_t line = 0;     // 1-based line of the error
  bool ok() const noexcept { return program != nullptr; }
};

struct ParserLimits {
  std::size_t max_depth = 64;       // nested compound commands and substitutions
  std::size_t max_tokens = 100000;  // tokens in one source text
};

ParseResult parse_shell(std::string_view source, ParserLimits limits = {});

// End offset (exclusive) of the raw word starting at `pos` in `source`, honouring quotes,
// escapes, ${…}, $(…), $((…)) and backticks. Used by the parser and by the expander to find
// where a command substitution ends. Sets `error` on an unterminated construct.
std::size_t scan_word(std::string_view source, std::size_t pos, std::string& error, std::size_t depth = 0);

// End offset (exclusive, just past the closing ')') of a "$(" substitution whose body starts
// at `pos`, or npos with `error` set.
std::size_t scan_command_substitution(std::string_view source, std::size_t pos, std::string& error,
                                      std::size_t depth);

}  // namespace busytrap::shell
