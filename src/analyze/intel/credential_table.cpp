#include "analyze/intel/credential_table.h"

#include <fstream>
#include <sstream>

namespace busytrap::analyze::intel {

bool CredentialTable::load(const std::string& path, std::string& error) {
  pairs_.clear();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read the credential table " + path;
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  parse(text.str());
  return true;
}

void CredentialTable::parse(std::string_view text) {
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    pairs_.emplace(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
  }
}

bool CredentialTable::contains(std::string_view username, std::string_view password) const {
  // std::pair has no heterogeneous comparison with a pair of views; the table is small.
  return pairs_.count(std::pair<std::string, std::string>(username, password)) > 0;
}

}  // namespace busytrap::analyze::intel
