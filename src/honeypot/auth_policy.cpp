#include "honeypot/auth_policy.h"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

namespace busytrap::honeypot {
namespace {

// '*' matches any run of bytes; iterative with one backtrack point, so linear-ish and bounded.
bool glob_match(std::string_view pattern, std::string_view value) {
  std::size_t p = 0, v = 0, star = std::string_view::npos, resume = 0;
  while (v < value.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = v;
    } else if (p < pattern.size() && pattern[p] == value[v]) {
      ++p;
      ++v;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

bool AuthPolicy::Pattern::matches(std::string_view value) const {
  switch (kind) {
    case Kind::kLiteral: return value == text;
    case Kind::kGlob: return glob_match(text, value);
    case Kind::kRegex: {
      // REG_STARTEND: the value may contain NUL bytes (it is what the client typed).
      regmatch_t range{0, static_cast<regoff_t>(value.size())};
      return ::regexec(regex.get(), value.data(), 1, &range, REG_STARTEND) == 0;
    }
  }
  return false;
}

AuthPolicy::Pattern AuthPolicy::make_pattern(std::string_view text) {
  Pattern pattern;
  pattern.text = std::string(text);
  if (text.size() >= 2 && text.front() == '/' && text.back() == '/') {
    pattern.kind = Pattern::Kind::kRegex;
    const std::string anchored = fmt::format("^({})$", text.substr(1, text.size() - 2));
    auto compiled = std::make_unique<regex_t>();
    const int error = ::regcomp(compiled.get(), anchored.c_str(), REG_EXTENDED | REG_NOSUB);
    if (error != 0) {
      char message[256];
      ::regerror(error, compiled.get(), message, sizeof message);
      throw std::invalid_argument(fmt::format("bad regex {}: {}", text, message));
    }
    // Only a successfully compiled regex_t may be regfree'd.
    pattern.regex = std::shared_ptr<regex_t>(compiled.release(), [](regex_t* r) {
      ::regfree(r);
      delete r;
    });
  } else if (text.find('*') != std::string_view::npos) {
    pattern.kind = Pattern::Kind::kGlob;
  }
  return pattern;
}

AuthPolicy::AuthPolicy(const std::vector<std::string>& rules,
                       const std::string& credentials_file, std::int64_t accept_after)
    : accept_after_(accept_after) {
  for (const auto& text : rules) {
    const auto colon = text.find(':');
    if (colon == std::string::npos) {
      throw std::invalid_argument(
          fmt::format("auth.rules: '{}' is not user:password", text));
    }
    Rule rule;
    rule.username = make_pattern(std::string_view(text).substr(0, colon));
    std::string_view password = std::string_view(text).substr(colon + 1);
    if (!password.empty() && password.front() == '!') {
      rule.deny = true;
      password.remove_prefix(1);
    }
    rule.password = make_pattern(password);
    rules_.push_back(std::move(rule));
  }
  if (credentials_file.empty()) return;
  std::ifstream in(credentials_file);
  if (!in) {
    throw std::invalid_argument(
        fmt::format("auth.credentials_file: cannot read {}", credentials_file));
  }
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      throw std::invalid_argument(fmt::format("{}:{}: expected user:password, got '{}'",
                                              credentials_file, number, line));
    }
    line[colon] = '\n';
    credentials_.insert(std::move(line));
  }
}

bool AuthPolicy::accepts(std::string_view username, std::string_view password,
                         std::int64_t attempt) const {
  for (const auto& rule : rules_) {
    if (rule.username.matches(username) && rule.password.matches(password)) return !rule.deny;
  }
  std::string key;
  key.reserve(username.size() + 1 + password.size());
  key.append(username).append(1, '\n').append(password);
  if (credentials_.count(key) != 0) return true;
  return accept_after_ > 0 && attempt >= accept_after_;
}

}  // namespace busytrap::honeypot
