#include "shell/parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace busytrap::shell {
namespace {

constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\0'; }
constexpr bool is_meta(char c) noexcept {
  return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>' ||
         c == '\n' || is_blank(c);
}
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_name_char(char c) noexcept {
  return c == '_' || is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr std::string_view kEofDollarParen = "syntax error: unexpected end of file (expecting \")\")";
constexpr std::string_view kUnterminatedQuote = "syntax error: unterminated quoted string";
constexpr std::string_view kEofBackquote = "syntax error: EOF in backquote substitution";
constexpr std::string_view kMissingBrace = "syntax error: missing '}'";
constexpr std::string_view kMissingArith = "syntax error: missing '))'";

// Offset just past the closing quote of a double-quoted string whose body starts at `i`.
std::size_t scan_double_quoted(std::string_view s, std::size_t i, std::string& error, std::size_t depth);

std::size_t scan_backquote(std::string_view s, std::size_t i, std::string& error) {
  while (i < s.size()) {
    if (s[i] == '\\') {
      i += 2;
      continue;
    }
    if (s[i] == '`') return i + 1;
    ++i;
  }
  error = kEofBackquote;
  return std::string_view::npos;
}

// Handles a '$' at `i`: returns the offset after the expansion (or i+1 for a plain '$').
std::size_t scan_dollar(std::string_view s, std::size_t i, std::string& error, std::size_t depth) {
  if (i + 1 >= s.size()) return i + 1;
  const char c = s[i + 1];
  if (c == '(') {
    if (i + 2 < s.size() && s[i + 2] == '(') {
      const std::size_t close = s.find("))", i + 3);
      if (close == std::string_view::npos) {
        error = kMissingArith;
        return std::string_view::npos;
      }
      return close + 2;
    }
    return scan_command_substitution(s, i + 2, error, depth + 1);
  }
  if (c == '{') {
    const std::size_t close = s.find('}', i + 2);
    if (close == std::string_view::npos) {
      error = kMissingBrace;
      return std::string_view::npos;
    }
    return close + 1;
  }
  return i + 1;
}

std::size_t scan_double_quoted(std::string_view s, std::size_t i, std::string& error, std::size_t depth) {
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\\') {
      i += 2;
    } else if (c == '"') {
      return i + 1;
    } else if (c == '`') {
      i = scan_backquote(s, i + 1, error);
      if (i == std::string_view::npos) return i;
    } else if (c == '$') {
      i = scan_dollar(s, i, error, depth);
      if (i == std::string_view::npos) return i;
    } else {
      ++i;
    }
  }
  error = kUnterminatedQuote;
  return std::string_view::npos;
}

// If s[i] opens an escape, a quoted string or a substitution (\x, '...', "...", `...`, $...),
// returns the offset just past it (npos, with `error` set, when it is unterminated); otherwise i.
std::size_t skip_quoted_part(std::string_view s, std::size_t i, std::string& error, std::size_t depth) {
  switch (s[i]) {
    case '\\':
      return i + 2;
    case '\'': {
      const std::size_t close = s.find('\'', i + 1);
      if (close == std::string_view::npos) {
        error = kUnterminatedQuote;
        return close;
      }
      return close + 1;
    }
    case '"':
      return scan_double_quoted(s, i + 1, error, depth);
    case '`':
      return scan_backquote(s, i + 1, error);
    case '$':
      return scan_dollar(s, i, error, depth);
    default:
      return i;
  }
}

}  // namespace

std::size_t scan_command_substitution(std::string_view s, std::size_t i, std::string& error,
                                      std::size_t depth) {
  if (depth > 64) {
    error = "syntax error: nesting too deep";
    return std::string_view::npos;
  }
  int parens = 0;
  while (i < s.size()) {
    const std::size_t after_part = skip_quoted_part(s, i, error, depth);
    if (after_part == std::string_view::npos) return after_part;
    if (after_part != i) {
      i = after_part;
      continue;
    }
    const char c = s[i];
    if (c == '(') {
      ++parens;
      ++i;
    } else if (c == ')') {
      if (parens == 0) return i + 1;
      --parens;
      ++i;
    } else {
      ++i;
    }
  }
  error = kEofDollarParen;
  return std::string_view::npos;
}

std::size_t scan_word(std::string_view s, std::size_t i, std::string& error, std::size_t depth) {
  while (i < s.size()) {
    const std::size_t after_part = skip_quoted_part(s, i, error, depth);
    if (after_part == std::string_view::npos) return after_part;
    if (after_part != i) {
      i = after_part;
      continue;
    }
    if (is_meta(s[i])) break;
    ++i;
  }
  return std::min(i, s.size());
}

namespace {

enum class Tok : std::uint8_t { Word, Op, Redir, End };

struct Token {
  Tok kind = Tok::End;
  std::string text;  // Word: raw; Op: operator text ("\n" for newline)
  int io_number = -1;
  RedirectOp redirect = RedirectOp::Write;
};

struct SyntaxError {
  std::string message;
  bool incomplete;
  std::size_t line;
};

class ShellParser {
 public:
  ShellParser(std::string_view src, ParserLimits limits) : src_(src), limits_(limits) {}

  std::shared_ptr<CommandList> program() {
    auto list = std::make_shared<CommandList>(parse_list(true));
    if (peek().kind != Tok::End) unexpected(peek());
    return list;
  }

 private:
  // ---- tokens ----
  const Token& peek() {
    if (!has_peek_) {
      peeked_ = scan();
      has_peek_ = true;
    }
    return peeked_;
  }
  Token take() {
    peek();
    has_peek_ = false;
    return std::move(peeked_);
  }

  [[noreturn]] void fail(std::string message, bool incomplete) {
    const std::size_t end = std::min(pos_, src_.size());
    const auto line = 1 + static_cast<std::size_t>(std::count(src_.begin(), src_.begin() + static_cast<long>(end), '\n'));
    throw SyntaxError{std::move(message), incomplete, line};
  }

  Token scan() {
    if (++tokens_ > limits_.max_tokens) fail("syntax error: too many tokens", false);
    while (pos_ < src_.size()) {
      const char c = src_[pos_];
      if (is_blank(c)) {
        ++pos_;
      } else if (c == '\\' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '\n') {
        pos_ += 2;  // line continuation
      } else if (c == '#') {
        while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
    Token t;
    if (pos_ >= src_.size()) {
      // A here-document whose line has not come yet: wait for it (PS2), as ash does.
      if (!pending_here_.empty()) fail("syntax error: unexpected end of file (expecting here-document)", true);
      return t;
    }
    const std::string_view rest = src_.substr(pos_);
    static constexpr std::array<std::string_view, 10> kOps = {";;", "&&", "||", ";", "&", "|",
                                                              "(", ")", "\n", ""};
    if (rest.starts_with("&>") || rest[0] == '<' || rest[0] == '>') return scan_redirect(-1);
    for (std::string_view op : kOps) {
      if (!op.empty() && rest.starts_with(op)) {
        pos_ += op.size();
        t.kind = Tok::Op;
        t.text = op;
        if (op == "\n") read_here_documents();
        return t;
      }
    }
    std::size_t digits = 0;
    while (digits < rest.size() && digits < 4 && is_digit(rest[digits])) ++digits;
    if (digits > 0 && digits < rest.size() && (rest[digits] == '<' || rest[digits] == '>')) {
      const int fd = std::stoi(std::string(rest.substr(0, digits)));
      pos_ += digits;
      return scan_redirect(fd);
    }
    std::string error;
    const std::size_t end = scan_word(src_, pos_, error, depth_);
    if (end == std::string_view::npos) {
      fail(error, error == kUnterminatedQuote || error == kEofDollarParen || error == kEofBackquote);
    }
    t.kind = Tok::Word;
    t.text = src_.substr(pos_, end - pos_);
    pos_ = end;
    return t;
  }

  Token scan_redirect(int fd) {
    struct Form {
      std::string_view text;
      RedirectOp op;
      int default_fd;
    };
    static constexpr std::array<Form, 11> kForms = {{
        {"&>>", RedirectOp::AppendBoth, 1}, {"<<-", RedirectOp::HereDoc, 0},
        {">>", RedirectOp::Append, 1},      {">|", RedirectOp::Write, 1},
        {">&", RedirectOp::DupOutput, 1},   {"<&", RedirectOp::DupInput, 0},
        {"<>", RedirectOp::ReadWrite, 0},   {"<<", RedirectOp::HereDoc, 0},
        {"&>", RedirectOp::WriteBoth, 1},   {">", RedirectOp::Write, 1},
        {"<", RedirectOp::Read, 0},
    }};
    const std::string_view rest = src_.substr(pos_);
    for (const Form& f : kForms) {
      if (rest.starts_with(f.text)) {
        pos_ += f.text.size();
        Token t;
        t.kind = Tok::Redir;
        t.text = f.text;
        t.redirect = f.op;
        t.io_number = fd >= 0 ? fd : f.default_fd;
        return t;
      }
    }
    fail("syntax error: bad redirection", false);
  }

  static bool is_word(const Token& t, std::string_view w) { return t.kind == Tok::Word && t.text == w; }
  static bool is_op(const Token& t, std::string_view o) { return t.kind == Tok::Op && t.text == o; }
  static bool is_list_terminator(const Token& t) {
    if (t.kind == Tok::End) return true;
    if (t.kind == Tok::Op) return t.text == ")" || t.text == ";;";
    static constexpr std::array<std::string_view, 8> kWords = {"then", "else", "elif", "fi",
                                                               "do",   "done", "esac", "}"};
    for (std::string_view w : kWords) {
      if (t.kind == Tok::Word && t.text == w) return true;
    }
    return false;
  }

  [[noreturn]] void unexpected(const Token& t) {
    if (t.kind == Tok::End) fail("syntax error: unexpected end of file", true);
    if (t.kind == Tok::Op && t.text == "\n") fail("syntax error: unexpected newline", false);
    fail(fmt::format("syntax error: unexpected \"{}\"", t.text), false);
  }

  void expect_word(std::string_view w) {
    const Token& t = peek();
    if (is_word(t, w)) {
      take();
      return;
    }
    if (t.kind == Tok::End) fail(fmt::format("syntax error: unexpected end of file (expecting \"{}\")", w), true);
    unexpected(t);
  }

  void skip_newlines() {
    while (is_op(peek(), "\n")) take();
  }

  struct DepthGuard {
    explicit DepthGuard(ShellParser& p) : parser(p) {
      if (++parser.depth_ > parser.limits_.max_depth) parser.fail("syntax error: nesting too deep", false);
    }
    ~DepthGuard() { --parser.depth_; }
    ShellParser& parser;
  };

  // ---- grammar ----
  // A list of and-or items up to a terminator. An empty list before end of input is left to
  // the caller's expect (ash: "(expecting ...)"); before a keyword it is an error.
  CommandList parse_list(bool top_level = false) {
    CommandList list;
    skip_newlines();
    if (peek().kind == Tok::End) return list;
    if (is_list_terminator(peek())) unexpected(peek());
    while (true) {
      AndOr item = parse_and_or();
      const Token& t = peek();
      if (is_op(t, "&")) item.background = true;
      list.items.push_back(std::move(item));
      if (is_op(t, ";") || is_op(t, "&") || is_op(t, "\n")) {
        take();
        skip_newlines();
        if (is_list_terminator(peek())) break;
        continue;
      }
      if (top_level && peek().kind != Tok::End && !is_list_terminator(peek())) unexpected(peek());
      break;
    }
    return list;
  }

  AndOr parse_and_or() {
    AndOr a;
    a.pipelines.push_back(parse_pipeline());
    while (is_op(peek(), "&&") || is_op(peek(), "||")) {
      a.and_then.push_back(take().text == "&&");
      skip_newlines();
      a.pipelines.push_back(parse_pipeline());
    }
    return a;
  }

  Pipeline parse_pipeline() {
    Pipeline p;
    while (is_word(peek(), "!")) {
      take();
      p.negated = !p.negated;
    }
    p.commands.push_back(parse_command());
    while (is_op(peek(), "|")) {
      take();
      skip_newlines();
      p.commands.push_back(parse_command());
    }
    return p;
  }

  void parse_redirects(Command& c) {
    while (peek().kind == Tok::Redir) c.redirects.push_back(parse_redirect());
  }

  Redirect parse_redirect() {
    Token r = take();
    const Token& target = peek();
    if (target.kind != Tok::Word) unexpected(target);
    Redirect red;
    red.fd = r.io_number;
    red.op = r.redirect;
    red.word = take().text;
    if (red.op == RedirectOp::HereDoc) {
      std::string delimiter;
      for (std::size_t i = 0; i < red.word.size(); ++i) {
        const char c = red.word[i];
        if (c == '\'' || c == '"') {
          red.here_expand = false;
        } else if (c == '\\' && i + 1 < red.word.size()) {
          red.here_expand = false;
          delimiter.push_back(red.word[++i]);
        } else {
          delimiter.push_back(c);
        }
      }
      red.here_body = std::make_shared<std::string>();
      pending_here_.push_back(PendingHere{red.here_body, std::move(delimiter), r.text == "<<-"});
    }
    return red;
  }

  // After a newline: the bodies of the here-documents its line opened, in order, each up to a
  // line equal to its delimiter (leading tabs removed for <<-). The source ending first means
  // more lines are needed.
  void read_here_documents() {
    for (PendingHere& here : pending_here_) {
      while (true) {
        if (pos_ >= src_.size()) fail("syntax error: unexpected end of file (expecting here-document)", true);
        const std::size_t eol = std::min(src_.find('\n', pos_), src_.size());
        std::string_view line = src_.substr(pos_, eol - pos_);
        pos_ = std::min(eol + 1, src_.size());
        if (here.strip_tabs) {
          while (!line.empty() && line.front() == '\t') line.remove_prefix(1);
        }
        if (line == here.delimiter) break;
        if (here.body->size() + line.size() < (std::size_t{1} << 20)) {
          here.body->append(line);
          here.body->push_back('\n');
        }
      }
    }
    pending_here_.clear();
  }

  CommandPtr parse_command() {
    DepthGuard guard(*this);
    const Token& t = peek();
    auto c = std::make_shared<Command>();
    if (t.kind == Tok::End || t.kind == Tok::Op) {
      if (is_op(t, "(")) {
        take();
        c->kind = Command::Kind::Subshell;
        c->lists.push_back(parse_list());
        if (!is_op(peek(), ")")) {
          if (peek().kind == Tok::End) fail("syntax error: unexpected end of file (expecting \")\")", true);
          unexpected(peek());
        }
        take();
        parse_redirects(*c);
        return c;
      }
      unexpected(t);
    }
    if (t.kind == Tok::Word) {
      if (t.text == "if") return parse_if();
      if (t.text == "while" || t.text == "until") return parse_loop();
      if (t.text == "for") return parse_for();
      if (t.text == "case") return parse_case();
      if (t.text == "{") {
        take();
        c->kind = Command::Kind::Group;
        c->lists.push_back(parse_list());
        expect_word("}");
        parse_redirects(*c);
        return c;
      }
      if (is_list_terminator(t)) unexpected(t);
    }
    return parse_simple();
  }

  CommandPtr parse_simple() {
    auto c = std::make_shared<Command>();
    c->kind = Command::Kind::Simple;
    while (true) {
      const Token& t = peek();
      if (t.kind == Tok::Redir) {
        c->redirects.push_back(parse_redirect());
      } else if (t.kind == Tok::Word) {
        if (c->words.empty() && is_assignment(t.text)) {
          c->assignments.push_back(take().text);
        } else {
          c->words.push_back(take().text);
        }
      } else {
        break;
      }
    }
    if (c->words.size() == 1 && c->assignments.empty() && c->redirects.empty() && is_op(peek(), "(")) {
      take();
      if (!is_op(peek(), ")")) unexpected(peek());
      take();
      skip_newlines();
      c->kind = Command::Kind::FunctionDef;
      c->name = c->words.front();
      c->words.clear();
      c->function_body = parse_command();
      return c;
    }
    if (c->words.empty() && c->assignments.empty() && c->redirects.empty()) unexpected(peek());
    return c;
  }

  static bool is_assignment(std::string_view w) {
    const std::size_t eq = w.find('=');
    if (eq == 0 || eq == std::string_view::npos) return false;
    if (is_digit(w[0])) return false;
    for (std::size_t i = 0; i < eq; ++i) {
      if (!is_name_char(w[i])) return false;
    }
    return true;
  }

  CommandPtr parse_if() {
    take();  // if
    auto c = std::make_shared<Command>();
    c->kind = Command::Kind::If;
    while (true) {
      c->lists.push_back(parse_list());
      expect_word("then");
      c->lists.push_back(parse_list());
      if (is_word(peek(), "elif")) {
        take();
        continue;
      }
      if (is_word(peek(), "else")) {
        take();
        c->lists.push_back(parse_list());
        c->has_else = true;
      }
      expect_word("fi");
      break;
    }
    parse_redirects(*c);
    return c;
  }

  CommandPtr parse_loop() {
    auto c = std::make_shared<Command>();
    c->kind = take().text == "while" ? Command::Kind::While : Command::Kind::Until;
    c->lists.push_back(parse_list());
    expect_word("do");
    c->lists.push_back(parse_list());
    expect_word("done");
    parse_redirects(*c);
    return c;
  }

  CommandPtr parse_for() {
    take();  // for
    auto c = std::make_shared<Command>();
    c->kind = Command::Kind::For;
    const Token& var = peek();
    if (var.kind != Tok::Word || var.text.empty() || is_digit(var.text[0]) ||
        var.text.find_first_not_of("_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") !=
            std::string::npos) {
      fail("syntax error: bad for loop variable", false);
    }
    c->name = take().text;
    skip_newlines();
    if (is_word(peek(), "in")) {
      take();
      c->for_has_in = true;
      while (peek().kind == Tok::Word) c->words.push_back(take().text);
      if (is_op(peek(), ";") || is_op(peek(), "\n")) {
        take();
      } else if (peek().kind != Tok::End) {
        unexpected(peek());
      }
    } else if (is_op(peek(), ";")) {
      take();
    }
    skip_newlines();
    expect_word("do");
    c->lists.push_back(parse_list());
    expect_word("done");
    parse_redirects(*c);
    return c;
  }

  CommandPtr parse_case() {
    take();  // case
    auto c = std::make_shared<Command>();
    c->kind = Command::Kind::Case;
    const Token& subject = peek();
    if (subject.kind != Tok::Word) unexpected(subject);
    c->words.push_back(take().text);
    skip_newlines();
    expect_word("in");
    while (true) {
      skip_newlines();
      if (is_word(peek(), "esac")) {
        take();
        break;
      }
      CaseItem item;
      if (is_op(peek(), "(")) take();
      while (true) {
        const Token& p = peek();
        if (p.kind == Tok::End) fail("syntax error: unexpected end of file (expecting \")\")", true);
        if (p.kind != Tok::Word) unexpected(p);
        item.patterns.push_back(take().text);
        if (is_op(peek(), "|")) {
          take();
          continue;
        }
        break;
      }
      if (!is_op(peek(), ")")) {
        if (peek().kind == Tok::End) fail("syntax error: unexpected end of file (expecting \")\")", true);
        unexpected(peek());
      }
      take();
      skip_newlines();
      if (!is_op(peek(), ";;") && !is_word(peek(), "esac")) item.body = parse_list();
      c->cases.push_back(std::move(item));
      if (is_op(peek(), ";;")) {
        take();
        continue;
      }
      expect_word("esac");
      break;
    }
    parse_redirects(*c);
    return c;
  }

  std::string_view src_;
  ParserLimits limits_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  std::size_t tokens_ = 0;
  Token peeked_;
  bool has_peek_ = false;
  struct PendingHere {
    std::shared_ptr<std::string> body;
    std::string delimiter;
    bool strip_tabs;
  };
  std::vector<PendingHere> pending_here_;  // here-documents opened on the current line
};

}  // namespace

ParseResult parse_shell(std::string_view source, ParserLimits limits) {
  ParseResult result;
  try {
    ShellParser parser(source, limits);
    result.program = parser.program();
  } catch (const SyntaxError& e) {
    result.error = e.message;
    result.incomplete = e.incomplete;
    result.line = e.line;
  }
  return result;
}

}  // namespace busytrap::shell
