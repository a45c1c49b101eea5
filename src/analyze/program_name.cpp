#include "analyze/program_name.h"

#include "shell/shell_lexer.h"

namespace busytrap::analyze {

std::string_view path_basename(std::string_view path) noexcept {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool ProgramNameExtractor::extract(std::string_view command_line, ProgramName& out) {
  out = ProgramName{};
  shell::ShellLexer lexer(command_line);
  shell::Token token;
  bool skip_redirection_target = false;
  bool have_argv0 = false;

  while (lexer.next(token)) {
    if (token.kind == shell::TokenKind::Redirection) {
      skip_redirection_target = true;
      continue;
    }
    if (token.kind == shell::TokenKind::Operator) {
      if (have_argv0) break;  // the simple command that has argv0 ended without an argv1
      skip_redirection_target = false;
      continue;
    }
    if (skip_redirection_target) {
      skip_redirection_target = false;
      continue;
    }
    if (!have_argv0) {
      if (shell::is_assignment_word(token.text)) continue;
      have_argv0 = true;
      out.argv0 = shell::unquote_word(token.text, argv0_scratch_);
      if (path_basename(out.argv0) != "busybox") return true;
      continue;
    }
    out.argv1_raw = token.text;
    out.argv1 = shell::unquote_word(token.text, argv1_scratch_);
    out.is_busybox = true;
    return true;
  }
  return have_argv0;
}

}  // namespace busytrap::analyze
