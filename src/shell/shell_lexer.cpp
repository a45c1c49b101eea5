#include "shell/shell_lexer.h"

namespace busytrap::shell {
namespace {

constexpr bool is_operator_start(char c) noexcept {
  return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
}

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Length of the redirection operator at `s` (which starts with '<', '>' or "&>"), 0 if none.
std::size_t redirection_length(std::string_view s) noexcept {
  static constexpr std::string_view kOperators[] = {"&>>", "<<<", "<<-", ">>", ">|", ">&", "<>",
                                                    "<&",  "<<",  "&>",  ">",  "<"};
  for (std::string_view op : kOperators) {
    if (s.starts_with(op)) return op.size();
  }
  return 0;
}

}  // namespace

std::size_t ShellLexer::scan_word_end(std::size_t i) const noexcept {
  const std::size_t n = input_.size();
  while (i < n) {
    const char c = input_[i];
    if (c == '\\') {
      i += (i + 1 < n) ? 2 : 1;
    } else if (c == '\'') {
      const std::size_t close = input_.find('\'', i + 1);
      i = (close == std::string_view::npos) ? n : close + 1;
    } else if (c == '"') {
      ++i;
      while (i < n && input_[i] != '"') i += (input_[i] == '\\' && i + 1 < n) ? 2 : 1;
      if (i < n) ++i;
    } else if (is_shell_blank(c) || is_operator_start(c)) {
      break;
    } else {
      ++i;
    }
  }
  return i;
}

bool ShellLexer::next(Token& token) noexcept {
  const std::size_t n = input_.size();
  while (pos_ < n) {
    const char c = input_[pos_];
    if (c == '\n' && options_.newline_is_operator) break;
    if (!is_shell_blank(c)) break;
    ++pos_;
  }
  if (pos_ >= n) return false;

  const std::size_t start = pos_;
  const std::string_view rest = input_.substr(start);
  const char c = rest[0];

  if (c == '\n') {  // only reached when newline_is_operator
    pos_ = start + 1;
    token = {TokenKind::Operator, rest.substr(0, 1)};
    return true;
  }
  if (c == '<' || c == '>' || rest.starts_with("&>")) {
    const std::size_t len = redirection_length(rest);
    pos_ = start + len;
    token = {TokenKind::Redirection, rest.substr(0, len)};
    return true;
  }
  if (is_operator_start(c)) {
    const bool doubled = (c == '&' || c == '|') && rest.size() > 1 && rest[1] == c;
    const std::size_t len = doubled ? 2 : 1;
    pos_ = start + len;
    token = {TokenKind::Operator, rest.substr(0, len)};
    return true;
  }

  // An all-digit word glued to '<' or '>' is the IO number of a redirection ("2>&1").
  std::size_t digits = 0;
  while (digits < rest.size() && is_digit(rest[digits])) ++digits;
  if (digits > 0 && digits < rest.size() && (rest[digits] == '<' || rest[digits] == '>')) {
    const std::size_t len = digits + redirection_length(rest.substr(digits));
    pos_ = start + len;
    token = {TokenKind::Redirection, rest.substr(0, len)};
    return true;
  }

  pos_ = scan_word_end(start);
  token = {TokenKind::Word, input_.substr(start, pos_ - start)};
  return true;
}

std::string_view unquote_word(std::string_view raw, std::string& scratch) {
  // A plain loop: find_first_of with a 3-byte set runs one memchr over the set per byte.
  bool quoted = false;
  for (const char c : raw) quoted |= (c == '\\') | (c == '\'') | (c == '"');
  if (!quoted) return raw;
  scratch.clear();
  const std::size_t n = raw.size();
  std::size_t i = 0;
  while (i < n) {
    const char c = raw[i];
    if (c == '\\') {
      if (i + 1 < n) scratch.push_back(raw[i + 1]);
      i += 2;
    } else if (c == '\'') {
      const std::size_t close = raw.find('\'', i + 1);
      const std::size_t end = (close == std::string_view::npos) ? n : close;
      scratch.append(raw.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (c == '"') {
      ++i;
      while (i < n && raw[i] != '"') {
        if (raw[i] == '\\' && i + 1 < n) {
          const char e = raw[i + 1];
          if (e == '\\' || e == '"' || e == '$' || e == '`') {
            scratch.push_back(e);
            i += 2;
            continue;
          }
        }
        scratch.push_back(raw[i]);
        ++i;
      }
      ++i;  // closing quote, or past the end when unterminated
    } else {
      scratch.push_back(c);
      ++i;
    }
  }
  return scratch;
}

bool is_assignment_word(std::string_view raw) noexcept {
  if (raw.empty()) return false;
  const auto name_start = [](char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (!name_start(raw[0])) return false;
  for (std::size_t i = 1; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '=') return true;
    if (!name_start(c) && !is_digit(c)) return false;
  }
  return false;
}

}  // namespace busytrap::shell
