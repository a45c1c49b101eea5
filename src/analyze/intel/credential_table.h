#pragma once
// CredentialTable: a list of user:password pairs (data/credentials/mirai.txt: one pair a line,
// split at the first ':', an empty password allowed, '#' comments and blank lines ignored),
// asked whether a pair is in it. Loaded once; immutable afterwards, so safe to share.
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace busytrap::analyze::intel {

class CredentialTable {
 public:
  // Reads `path`. On failure returns false and sets `error`; the table is then empty.
  bool load(const std::string& path, std::string& error);
  // Parses the text of such a file (lines without ':' are ignored).
  void parse(std::string_view text);

  bool contains(std::string_view username, std::string_view password) const;
  std::size_t size() const noexcept { return pairs_.size(); }

 private:
  std::set<std::pair<std::string, std::string>, std::less<>> pairs_;
};

}  // namespace busytrap::analyze::intel
