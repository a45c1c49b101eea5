#pragma once
// The shell's syntax tree (ash dialect, the subset IoT malware and its operators use). Words
// are kept raw — quotes, escapes, $var, $(…) and backticks in place — and expanded only when
// the interpreter runs them, as a shell does. Trees are immutable after parsing and shared
// (functions keep a reference to their body).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace busytrap::shell {

enum class RedirectOp : std::uint8_t {
  Read,         // <
  Write,        // > and >|
  Append,       // >>
  ReadWrite,    // <>
  DupOutput,    // >&  (2>&1)
  DupInput,     // <&
  WriteBoth,    // &>  (stdout and stderr)
  AppendBoth,   // &>>
  HereDoc,      // << and <<- (the body follows the next newline, up to the delimiter line)
};

struct Redirect {
  int fd = 1;
  RedirectOp op = RedirectOp::Write;
  std::string word;  // raw target (HereDoc: the delimiter as written)
  // HereDoc: the body (filled when the parser reaches it, after the command's line) and whether
  // it is expanded ($var, $(…), `…`, $((…)) and backslash escapes) — not when the delimiter was
  // quoted.
  std::shared_ptr<std::string> here_body;
  bool here_expand = true;
};

struct Command;
using CommandPtr = std::shared_ptr<const Command>;

struct Pipeline {
  bool negated = false;
  std::vector<CommandPtr> commands;
};

struct AndOr {
  std::vector<Pipeline> pipelines;
  std::vector<bool> and_then;  // connector before pipelines[i+1]: true "&&", false "||"
  bool background = false;
};

struct CommandList {
  std::vector<AndOr> items;
};

struct CaseItem {
  std::vector<std::string> patterns;  // raw words
  CommandList body;
};

struct Command {
  enum class Kind : std::uint8_t { Simple, Subshell, Group, If, While, Until, For, Case, FunctionDef };
  Kind kind = Kind::Simple;
  std::vector<std::string> assignments;  // Simple: NAME=value words
  std::vector<std::string> words;        // Simple: argv; For: item words; Case: {subject}
  std::vector<Redirect> redirects;
  // Subshell/Group: {body}; If: {cond, then, cond, then, ..., [else]}; While/Until: {cond, body};
  // For: {body}; FunctionDef: {} (body in `function_body`).
  std::vector<CommandList> lists;
  bool has_else = false;
  bool for_has_in = false;
  std::string name;  // For: variable; FunctionDef: function name
  std::vector<CaseItem> cases;
  CommandPtr function_body;
};

}  // namespace busytrap::shell
