#pragma once
// AuthPolicy: decides whether a login attempt succeeds. Built once from the [auth] config and
// then only read (thread-safe). The decision, in order:
//  1. rules, first match wins: "user:password" (split at the first ':'), each field literal,
//     a glob with '*', or "/regex/" (POSIX extended, matching the whole field; glibc's matcher
//     does not backtrack exponentially on attacker input); a password field starting with
//     '!' makes the rule a deny rule ("root:!root" refuses root/root);
//  2. the credential table (one "user:password" per line, '#' comments), exact match;
//  3. accept_after: the Nth attempt of a connection succeeds whatever was typed (0: never).
#include <cstdint>
#include <regex.h>

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace busytrap::honeypot {

class AuthPolicy {
 public:
  // Throws std::invalid_argument on a malformed rule or an unreadable/malformed table.
  AuthPolicy(const std::vector<std::string>& rules, const std::string& credentials_file,
             std::int64_t accept_after);

  // `attempt` counts from 1 within the connection.
  bool accepts(std::string_view username, std::string_view password,
               std::int64_t attempt) const;

  std::size_t credential_count() const noexcept { return credentials_.size(); }

 private:
  struct Pattern {
    enum class Kind { kLiteral, kGlob, kRegex } kind = Kind::kLiteral;
    std::string text;
    std::shared_ptr<regex_t> regex;  // compiled, for kRegex
    bool matches(std::string_view value) const;
  };
  struct Rule {
    Pattern username;
    Pattern password;
    bool deny = false;
  };

  static Pattern make_pattern(std::string_view text);

  std::vector<Rule> rules_;
  std::set<std::string, std::less<>> credentials_;  // "user\npassword" (no line has a \n)
  std::int64_t accept_after_;
};

}  // namespace busytrap::honeypot
