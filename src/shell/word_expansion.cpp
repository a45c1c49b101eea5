// Word expansion of the emulated shell (Interpreter members): parameters, command
// substitution, arithmetic, field splitting, globbing over the emulated file system. Every
// product is bounded by ShellLimits (word size, field count, substitution depth).
#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <functional>

#include "shell/interpreter.h"
#include "shell/parser.h"

namespace busytrap::shell {
namespace {

constexpr bool is_name_start(char c) noexcept {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Accumulates fields: quoted text joins the current field; unquoted expansion results are
// split on IFS white space.
struct FieldBuilder {
  std::vector<std::string> fields;
  std::string current;
  bool started = false;     // the current field exists (even if empty: "")
  bool globbable = false;   // the current field has an unquoted * ? [
  std::vector<bool> glob_flags;
  std::size_t max_bytes;
  std::size_t max_fields;
  std::size_t budget;  // bytes left for all fields together

  void literal(std::string_view s, bool quoted) {
    if (current.size() + s.size() > max_bytes) s = s.substr(0, max_bytes - std::min(max_bytes, current.size()));
    s = s.substr(0, std::min(s.size(), budget));
    budget -= s.size();
    current.append(s);
    started = true;
    if (!quoted && s.find_first_of("*?[") != std::string_view::npos) globbable = true;
  }
  void split(std::string_view s, std::string_view ifs) {
    for (char c : s) {
      if (ifs.find(c) != std::string_view::npos) {
        end_field();
      } else {
        if (current.size() < max_bytes && budget > 0) {
          current.push_back(c);
          --budget;
        }
        started = true;
        if (c == '*' || c == '?' || c == '[') globbable = true;
      }
    }
  }
  void end_field() {
    if (started && fields.size() < max_fields) {
      fields.push_back(std::move(current));
      glob_flags.push_back(globbable);
    }
    current.clear();
    started = false;
    globbable = false;
  }
};

}  // namespace

bool glob_match(std::string_view p, std::string_view t) {
  std::size_t pi = 0, ti = 0, star_p = std::string_view::npos, star_t = 0;
  while (ti < t.size()) {
    if (pi < p.size()) {
      const char c = p[pi];
      if (c == '*') {
        star_p = pi++;
        star_t = ti;
        continue;
      }
      if (c == '?') {
        ++pi;
        ++ti;
        continue;
      }
      if (c == '[') {
        std::size_t j = pi + 1;
        bool negate = false;
        if (j < p.size() && (p[j] == '!' || p[j] == '^')) {
          negate = true;
          ++j;
        }
        bool matched = false;
        const std::size_t first = j;
        while (j < p.size() && (p[j] != ']' || j == first)) {
          if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
            if (t[ti] >= p[j] && t[ti] <= p[j + 2]) matched = true;
            j += 3;
          } else {
            if (t[ti] == p[j]) matched = true;
            ++j;
          }
        }
        if (j < p.size() && matched != negate) {
          pi = j + 1;
          ++ti;
          continue;
        }
        if (j >= p.size() && t[ti] == '[') {  // no closing bracket: a literal '['
          ++pi;
          ++ti;
          continue;
        }
      } else {
        char lit = c;
        std::size_t step = 1;
        if (c == '\\' && pi + 1 < p.size()) {
          lit = p[pi + 1];
          step = 2;
        }
        if (lit == t[ti]) {
          pi += step;
          ++ti;
          continue;
        }
      }
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p + 1;
    ti = ++star_t;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

std::string Interpreter::command_substitution(std::string_view body) {
  if (depth_ >= limits_.max_depth || !step()) return {};
  ParseResult parsed = parse_shell(body);
  BufferOutput out(limits_.max_buffer_bytes);
  if (!parsed.ok()) {
    terminal_.write(fmt::format("{}: {}\n", state_.arg0, parsed.error));
    state_.last_status = 2;
    return {};
  }
  ++depth_;
  ShellState saved = state_;
  Io io{&out, &terminal_, {}};
  int status = run_list(*parsed.program, io);
  if (flow_ == Flow::Exit) status = exit_status_;
  if (flow_ != Flow::Abort) flow_ = Flow::Normal;
  state_ = std::move(saved);
  state_.last_status = status;
  --depth_;
  std::string result = out.take();
  while (!result.empty() && result.back() == '\n') result.pop_back();
  return result;
}

namespace {

// Integer arithmetic of $(( )): + - * / % << >> < <= > >= == != & ^ | && || ! ~ unary -,
// parentheses, decimal/hex/octal numbers and variable names. Bounded recursion.
class Arithmetic {
 public:
  Arithmetic(std::string_view s, const Interpreter& sh) : s_(s), sh_(sh) {}
  long long run(bool& ok) {
    long long v = binary(0);
    skip();
    ok = ok_ && pos_ == s_.size();
    return v;
  }

 private:
  void skip() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n')) ++pos_;
  }
  static int precedence(std::string_view op) {
    if (op == "||") return 1;
    if (op == "&&") return 2;
    if (op == "|") return 3;
    if (op == "^") return 4;
    if (op == "&") return 5;
    if (op == "==" || op == "!=") return 6;
    if (op == "<" || op == "<=" || op == ">" || op == ">=") return 7;
    if (op == "<<" || op == ">>") return 8;
    if (op == "+" || op == "-") return 9;
    if (op == "*" || op == "/" || op == "%") return 10;
    return 0;
  }
  std::string_view peek_op() {
    skip();
    static constexpr std::string_view kOps[] = {"||", "&&", "==", "!=", "<=", ">=", "<<", ">>", "|",
                                                "^",  "&",  "<",  ">",  "+",  "-",  "*",  "/",  "%"};
    for (auto op : kOps) {
      if (s_.substr(pos_).starts_with(op)) return op;
    }
    return {};
  }
  long long binary(int min_prec) {
    if (++depth_ > 64) {
      ok_ = false;
      return 0;
    }
    long long lhs = unary();
    while (ok_) {
      std::string_view op = peek_op();
      const int prec = precedence(op);
      if (op.empty() || prec <= min_prec) break;
      pos_ += op.size();
      const long long rhs = binary(prec);
      lhs = apply(op, lhs, rhs);
    }
    --depth_;
    return lhs;
  }
  long long apply(std::string_view op, long long a, long long b) {
    const auto ua = static_cast<unsigned long long>(a), ub = static_cast<unsigned long long>(b);
    if (op == "+") return static_cast<long long>(ua + ub);
    if (op == "-") return static_cast<long long>(ua - ub);
    if (op == "*") return static_cast<long long>(ua * ub);
    if (op == "/" || op == "%") {
      if (b == 0 || (a == LLONG_MIN && b == -1)) {
        ok_ = false;
        return 0;
      }
      return op == "/" ? a / b : a % b;
    }
    if (op == "<<") return static_cast<long long>(ua << (ub & 63));
    if (op == ">>") return a >> (ub & 63);
    if (op == "<") return a < b;
    if (op == "<=") return a <= b;
    if (op == ">") return a > b;
    if (op == ">=") return a >= b;
    if (op == "==") return a == b;
    if (op == "!=") return a != b;
    if (op == "&") return a & b;
    if (op == "^") return a ^ b;
    if (op == "|") return a | b;
    if (op == "&&") return a && b;
    if (op == "||") return a || b;
    return 0;
  }
  long long unary() {
    skip();
    if (pos_ >= s_.size()) {
      ok_ = false;
      return 0;
    }
    const char c = s_[pos_];
    if (c == '-' || c == '+' || c == '!' || c == '~') {
      ++pos_;
      if (++depth_ > 64) {
        ok_ = false;
        return 0;
      }
      const long long v = unary();
      --depth_;
      if (c == '-') return static_cast<long long>(0ull - static_cast<unsigned long long>(v));
      if (c == '!') return !v;
      if (c == '~') return ~v;
      return v;
    }
    if (c == '(') {
      ++pos_;
      const long long v = binary(0);
      skip();
      if (pos_ >= s_.size() || s_[pos_] != ')') {
        ok_ = false;
        return 0;
      }
      ++pos_;
      return v;
    }
    if (is_digit(c)) {
      std::size_t end = pos_;
      while (end < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[end])))) ++end;
      const std::string num(s_.substr(pos_, end - pos_));
      pos_ = end;
      char* stop = nullptr;
      const long long v = std::strtoll(num.c_str(), &stop, 0);
      if (*stop != '\0') ok_ = false;
      return v;
    }
    if (is_name_start(c)) {
      std::size_t end = pos_;
      while (end < s_.size() && (is_name_start(s_[end]) || is_digit(s_[end]))) ++end;
      const std::string value = sh_.variable(s_.substr(pos_, end - pos_));
      pos_ = end;
      return std::strtoll(value.c_str(), nullptr, 0);
    }
    ok_ = false;
    return 0;
  }

  std::string_view s_;
  const Interpreter& sh_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  bool ok_ = true;
};

}  // namespace

long long Interpreter::arithmetic(std::string_view expression, bool& ok) {
  // $var inside the expression is expanded first, as ash does.
  const std::string expanded = expand_single(expression);
  return Arithmetic(expanded, *this).run(ok);
}

namespace {

// Parses "${...}" contents: name, operator and word.
struct BraceParam {
  std::string name;
  std::string op;  // "", ":-", "-", ":=", "=", ":+", "+", "#" (length)
  std::string_view word;
};

BraceParam parse_brace(std::string_view body) {
  BraceParam b;
  if (body.starts_with("#") && body.size() > 1) {
    b.op = "#";
    b.name = body.substr(1);
    return b;
  }
  std::size_t i = 0;
  if (i < body.size() && (body[i] == '?' || body[i] == '$' || body[i] == '#' || body[i] == '!' || is_digit(body[i]))) {
    ++i;
  } else {
    while (i < body.size() && (is_name_start(body[i]) || is_digit(body[i]))) ++i;
  }
  b.name = body.substr(0, i);
  std::string_view rest = body.substr(i);
  for (std::string_view op : {":-", ":=", ":+", ":?", "-", "=", "+", "?"}) {
    if (rest.starts_with(op)) {
      b.op = op;
      b.word = rest.substr(op.size());
      return b;
    }
  }
  return b;
}

}  // namespace

std::vector<std::string> Interpreter::expand_words(const std::vector<std::string>& raw, bool split_fields) {
  FieldBuilder fb;
  fb.max_bytes = limits_.max_word_bytes;
  fb.max_fields = limits_.max_fields;
  fb.budget = limits_.max_expansion_bytes;
  const std::string ifs = state_.variables.count("IFS") ? variable("IFS") : std::string(" \t\n");

  // Expands one "$..." at s[i]; returns the end offset. `quoted`: inside double quotes.
  std::function<std::size_t(std::string_view, std::size_t, bool)> dollar;
  auto emit = [&](std::string_view value, bool quoted) {
    if (quoted || !split_fields) {
      fb.literal(value, true);
    } else {
      fb.split(value, ifs);
    }
  };
  auto special = [&](std::string_view name, bool& found) -> std::string {
    found = true;
    if (name == "?") return std::to_string(state_.last_status);
    if (name == "$") return std::to_string(settings_.shell_pid);
    if (name == "#") return std::to_string(state_.positional.size());
    if (name == "0") return state_.arg0;
    if (name == "!") return {};
    if (name == "@" || name == "*") {
      std::string all;
      for (const auto& p : state_.positional) all += (all.empty() ? "" : " ") + p;
      return all;
    }
    if (name.size() == 1 && is_digit(name[0])) {
      const std::size_t n = static_cast<std::size_t>(name[0] - '0');
      return n <= state_.positional.size() ? state_.positional[n - 1] : std::string();
    }
    found = state_.variables.count(name) > 0;
    return variable(name);
  };
  dollar = [&](std::string_view s, std::size_t i, bool quoted) -> std::size_t {
    if (i + 1 >= s.size()) {
      fb.literal("$", true);
      return i + 1;
    }
    const char c = s[i + 1];
    std::string err;
    if (c == '(') {
      if (i + 2 < s.size() && s[i + 2] == '(') {
        const std::size_t close = s.find("))", i + 3);
        if (close == std::string_view::npos) return s.size();
        bool ok = true;
        const long long v = arithmetic(s.substr(i + 3, close - i - 3), ok);
        if (!ok) {
          terminal_.write(fmt::format("{}: arithmetic syntax error\n", state_.arg0));
          flow_ = Flow::Exit;
          exit_status_ = 2;
        }
        emit(std::to_string(v), quoted);
        return close + 2;
      }
      const std::size_t end = scan_command_substitution(s, i + 2, err, 0);
      if (end == std::string_view::npos) return s.size();
      emit(command_substitution(s.substr(i + 2, end - i - 3)), quoted);
      return end;
    }
    if (c == '{') {
      const std::size_t close = s.find('}', i + 2);
      if (close == std::string_view::npos) return s.size();
      BraceParam b = parse_brace(s.substr(i + 2, close - i - 2));
      bool found = false;
      std::string value = special(b.name, found);
      if (b.op == "#") {
        emit(std::to_string(value.size()), quoted);
      } else if (b.op == ":-" || b.op == "-" || b.op == ":=" || b.op == "=") {
        const bool use_word = b.op[0] == ':' ? value.empty() : !found;
        if (use_word) {
          value = expand_single(b.word);
          if (b.op.back() == '=') set_variable(b.name, value);
        }
        emit(value, quoted);
      } else if (b.op == ":+" || b.op == "+") {
        const bool use_word = b.op[0] == ':' ? !value.empty() : found;
        emit(use_word ? expand_single(b.word) : std::string(), quoted);
      } else {
        emit(value, quoted);
      }
      return close + 1;
    }
    if (c == '?' || c == '$' || c == '#' || c == '!' || c == '@' || c == '*' || is_digit(c)) {
      bool found = false;
      emit(special(s.substr(i + 1, 1), found), quoted);
      return i + 2;
    }
    if (is_name_start(c)) {
      std::size_t end = i + 1;
      while (end < s.size() && (is_name_start(s[end]) || is_digit(s[end]))) ++end;
      emit(variable(s.substr(i + 1, end - i - 1)), quoted);
      return end;
    }
    fb.literal("$", true);
    return i + 1;
  };
  auto backquote = [&](std::string_view s, std::size_t i, bool quoted) -> std::size_t {
    std::string body;
    std::size_t j = i + 1;
    while (j < s.size() && s[j] != '`') {
      if (s[j] == '\\' && j + 1 < s.size() && (s[j + 1] == '`' || s[j + 1] == '\\' || s[j + 1] == '$')) {
        body.push_back(s[j + 1]);
        j += 2;
        continue;
      }
      body.push_back(s[j++]);
    }
    emit(command_substitution(body), quoted);
    return std::min(j + 1, s.size());
  };

  for (const std::string& word : raw) {
    if (flow_ == Flow::Abort) break;
    std::string_view s = word;
    std::size_t i = 0;
    if (s.starts_with("~") && (s.size() == 1 || s[1] == '/')) {
      fb.literal(variable("HOME"), true);
      i = 1;
    }
    while (i < s.size()) {
      const char c = s[i];
      if (c == '\\') {
        if (i + 1 < s.size() && s[i + 1] != '\n') fb.literal(s.substr(i + 1, 1), true);
        i += 2;
      } else if (c == '\'') {
        std::size_t close = s.find('\'', i + 1);
        if (close == std::string_view::npos) close = s.size();
        fb.literal(s.substr(i + 1, close - i - 1), true);
        i = close + 1;
      } else if (c == '"') {
        fb.started = true;
        ++i;
        while (i < s.size() && s[i] != '"') {
          const char d = s[i];
          if (d == '\\' && i + 1 < s.size()) {
            const char e = s[i + 1];
            if (e == '\\' || e == '"' || e == '$' || e == '`') {
              fb.literal(s.substr(i + 1, 1), true);
            } else if (e != '\n') {
              fb.literal(s.substr(i, 2), true);
            }
            i += 2;
          } else if (d == '$') {
            i = dollar(s, i, true);
          } else if (d == '`') {
            i = backquote(s, i, true);
          } else {
            fb.literal(s.substr(i, 1), true);
            ++i;
          }
        }
        ++i;
      } else if (c == '$') {
        i = dollar(s, i, false);
      } else if (c == '`') {
        i = backquote(s, i, false);
      } else {
        fb.literal(s.substr(i, 1), false);
        ++i;
      }
    }
    fb.end_field();
  }
  // Globbing: fields with unquoted pattern characters that match something.
  std::vector<std::string> out;
  for (std::size_t f = 0; f < fb.fields.size(); ++f) {
    if (split_fields && fb.glob_flags[f]) {
      std::vector<std::string> matches = glob(fb.fields[f]);
      if (!matches.empty()) {
        for (auto& m : matches) {
          if (out.size() < limits_.max_fields) out.push_back(std::move(m));
        }
        continue;
      }
    }
    out.push_back(std::move(fb.fields[f]));
  }
  return out;
}

std::string Interpreter::expand_single(std::string_view raw) {
  std::vector<std::string> fields = expand_words({std::string(raw)}, false);
  return fields.empty() ? std::string() : std::move(fields.front());
}

std::vector<std::string> Interpreter::glob(const std::string& pattern) {
  const bool absolute_pattern = pattern.starts_with("/");
  std::vector<std::string> parts;
  for (auto p : vfs::split_path(pattern)) parts.emplace_back(p);
  std::vector<std::string> candidates = {absolute_pattern ? "/" : ""};
  for (std::size_t k = 0; k < parts.size(); ++k) {
    std::vector<std::string> next;
    const std::string& part = parts[k];
    const bool magic = part.find_first_of("*?[") != std::string::npos;
    for (const std::string& base : candidates) {
      const std::string dir = base.empty() ? state_.cwd : absolute(base);
      auto join = [&](const std::string& name) {
        if (base.empty()) return name;
        return base.back() == '/' ? base + name : base + "/" + name;
      };
      if (!magic) {
        next.push_back(join(part));
        continue;
      }
      auto [err, node] = fs_.lookup(dir);
      if (err != vfs::FsError::None || node->type != vfs::NodeType::Directory) continue;
      for (const auto& [name, child] : node->children) {
        if (name.starts_with(".") && !part.starts_with(".")) continue;
        if (glob_match(part, name)) next.push_back(join(name));
        if (next.size() >= limits_.max_fields) break;
      }
    }
    candidates = std::move(next);
    if (candidates.empty()) return {};
  }
  std::vector<std::string> existing;
  for (auto& c : candidates) {
    if (fs_.lookup(absolute(c), false).first == vfs::FsError::None) existing.push_back(std::move(c));
  }
  std::sort(existing.begin(), existing.end());
  return existing;
}

}  // namespace busytrap::shell
