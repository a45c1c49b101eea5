#pragma once
// IndicatorExtractor: the network indicators in one command record — what a session told the
// device to download, and from where. It lexes the record with the project's shell lexer
// (src/shell/shell_lexer.h), takes the argv of every simple command, and reads the download
// tools' own syntaxes:
//   wget URL, wget -O - URL, wget -q HOST/PATH (no scheme: http), curl -O URL,
//   tftp -g -r FILE HOST [PORT], tftp -r FILE -g HOST, tftp HOST -c get FILE,
//   ftpget [-v] [-u USER] [-p PASS] [-P PORT] HOST LOCAL REMOTE  (also after `busybox`),
// plus any http:// or https:// URL inside any word (scripts: sh -c "...", echo "..." > x.sh)
// and IPv4:port words. One extractor per thread; it reuses its buffers. Never throws; output
// is bounded by kMaxIndicatorsPerRecord.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace busytrap::analyze::intel {

enum class IndicatorType : std::uint8_t { Url, Host, IpPort, FileName, Sha256 };
std::string_view indicator_type_name(IndicatorType type) noexcept;

struct Indicator {
  IndicatorType type;
  std::string value;
};

inline constexpr std::size_t kMaxIndicatorsPerRecord = 64;

// Derived from a URL: its host (domain or IP, without port), host:port when a port is given
// and the host is an IPv4 address, and its file name (last path segment), each when present.
void add_url_indicators(std::string_view url, std::vector<Indicator>& out);

// The key an indicator is counted by (a KeyDictionary / IntelCounts::keys() key): its type's
// byte, then its value.
void indicator_key(const Indicator& indicator, std::string& key);

class IndicatorExtractor {
 public:
  // Appends the indicators of `record` to `out` (duplicates within the record removed).
  void extract(std::string_view record, std::vector<Indicator>& out);

  // False when `record` certainly has no indicator (extract would append nothing): it names no
  // URL or port (no ':'), and no download tool with a host (a host has a '.'; unquoting never
  // makes a ':' or '.' that the record does not hold). A few memchr-fast searches, no lexing.
  static bool may_have_indicators(std::string_view record) noexcept {
    if (record.find(':') != std::string_view::npos) return true;
    if (record.find('.') == std::string_view::npos) return false;
    // wget and ftpget hold "get".
    return record.find("get") != std::string_view::npos || record.find("tftp") != std::string_view::npos ||
           record.find("curl") != std::string_view::npos;
  }

 private:
  void command(std::vector<Indicator>& out);

  std::vector<std::string> argv_;
  std::string scratch_;
};

}  // namespace busytrap::analyze::intel
