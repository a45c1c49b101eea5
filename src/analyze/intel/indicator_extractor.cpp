#include "analyze/intel/indicator_extractor.h"

#include <algorithm>

#include "shell/shell_lexer.h"

namespace busytrap::analyze::intel {
namespace {

constexpr std::size_t kMaxArgs = 64;
constexpr std::size_t kMaxValueBytes = 2048;

std::string_view basename(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_digits(std::string_view s) {
  return !s.empty() && s.size() <= 5 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_ipv4(std::string_view s) {
  int parts = 0;
  while (true) {
    const std::size_t dot = s.find('.');
    const std::string_view part = s.substr(0, dot);
    if (part.size() > 3 || !is_digits(part)) return false;
    int value = 0;
    for (char c : part) value = value * 10 + (c - '0');
    if (value > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  return parts == 4;
}

// A host name or address as download tools accept it: letters, digits, '-', '.', at least one '.'.
bool looks_like_host(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.find('.') == std::string_view::npos || s.front() == '.' || s.front() == '-') {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

bool is_url_byte(char c) {
  return static_cast<unsigned char>(c) > ' ' && c != '"' && c != '\'' && c != ';' && c != '|' && c != '&' &&
         c != '<' && c != '>' && c != '(' && c != ')' && c != '`' && static_cast<unsigned char>(c) < 0x7f;
}

void push(std::vector<Indicator>& out, IndicatorType type, std::string_view value) {
  if (value.empty() || value.size() > kMaxValueBytes || out.size() >= kMaxIndicatorsPerRecord) return;
  for (const Indicator& i : out) {
    if (i.type == type && i.value == value) return;
  }
  out.push_back(Indicator{type, std::string(value)});
}

}  // namespace

std::string_view indicator_type_name(IndicatorType type) noexcept {
  switch (type) {
    case IndicatorType::Url: return "url";
    case IndicatorType::Host: return "host";
    case IndicatorType::IpPort: return "ip_port";
    case IndicatorType::FileName: return "file_name";
    case IndicatorType::Sha256: return "sha256";
  }
  return "unknown";
}

void indicator_key(const Indicator& indicator, std::string& key) {
  key.assign(1, static_cast<char>(indicator.type));
  key.append(indicator.value);
}

void add_url_indicators(std::string_view url, std::vector<Indicator>& out) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return;
  push(out, IndicatorType::Url, url);
  std::string_view rest = url.substr(scheme + 3);
  const std::size_t path_at = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_at);
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority, port;
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (!looks_like_host(host)) return;
  push(out, IndicatorType::Host, host);
  if (is_ipv4(host) && is_digits(port)) push(out, IndicatorType::IpPort, authority);
  if (path_at == std::string_view::npos) return;
  std::string_view path = rest.substr(path_at);
  path = path.substr(0, path.find_first_of("?#"));
  push(out, IndicatorType::FileName, basename(path));
}

void IndicatorExtractor::extract(std::string_view record, std::vector<Indicator>& out) {
  // Most records name no download tool, URL or port: skip lexing them.
  if (!may_have_indicators(record)) return;
  shell::ShellLexer lexer(record, shell::LexerOptions{true});
  shell::Token token;
  argv_.clear();
  bool skip_next_word = false;  // the target of a redirection is not an argument
  bool download_tool = true;    // false once the command is known to run something else
  while (lexer.next(token)) {
    if (token.kind == shell::TokenKind::Operator) {
      if (download_tool) command(out);
      argv_.clear();
      download_tool = true;
      continue;
    }
    if (token.kind == shell::TokenKind::Redirection) {
      skip_next_word = true;
      continue;
    }
    const std::string_view word = shell::unquote_word(token.text, scratch_);
    // URLs and IPv4:port pairs anywhere, e.g. inside sh -c "..." or a script being written.
    for (std::size_t at = word.find("http"); at != std::string_view::npos; at = word.find("http", at + 4)) {
      const std::string_view tail = word.substr(at);
      if (!tail.starts_with("http://") && !tail.starts_with("https://")) continue;
      std::size_t end = 0;
      while (end < tail.size() && is_url_byte(tail[end])) ++end;
      add_url_indicators(tail.substr(0, end), out);
    }
    const std::size_t colon = word.rfind(':');
    if (colon != std::string_view::npos && word.find('/') == std::string_view::npos && is_ipv4(word.substr(0, colon)) &&
        is_digits(word.substr(colon + 1))) {
      push(out, IndicatorType::IpPort, word);
      push(out, IndicatorType::Host, word.substr(0, colon));
    }
    if (skip_next_word) {
      skip_next_word = false;
      continue;
    }
    if (!download_tool || argv_.size() >= kMaxArgs || shell::is_assignment_word(token.text)) continue;
    // Keep the argv only of commands that run a download tool (also as `busybox TOOL`).
    if (argv_.empty() || (argv_.size() == 1 && basename(argv_[0]) == "busybox")) {
      const std::string_view name = basename(word);
      download_tool = name == "wget" || name == "curl" || name == "tftp" || name == "ftpget" ||
                      (argv_.empty() && name == "busybox");
      if (!download_tool) continue;
    }
    argv_.emplace_back(word);
  }
  if (download_tool) command(out);
  argv_.clear();
}

void IndicatorExtractor::command(std::vector<Indicator>& out) {
  std::size_t p = 0;
  if (argv_.empty()) return;
  if (basename(argv_[0]) == "busybox" && argv_.size() > 1) p = 1;
  const std::string_view tool = basename(argv_[p]);
  const auto arg = [&](std::size_t i) -> std::string_view { return i < argv_.size() ? argv_[i] : std::string_view{}; };
  if (tool == "wget" || tool == "curl") {
    // Options that take a value (wget -O FILE, -P DIR, -U AGENT; curl -o FILE, -A AGENT, ...).
    static constexpr std::string_view kWithValue[] = {"-O", "-o", "-P", "-U", "-A", "-e", "-T", "-t", "-H",
                                                      "-X", "-d", "-u", "--output-document", "--user-agent",
                                                      "--output", "--header", "--data"};
    for (std::size_t i = p + 1; i < argv_.size(); ++i) {
      const std::string_view a = argv_[i];
      if (a.starts_with("-")) {
        if (std::find(std::begin(kWithValue), std::end(kWithValue), a) != std::end(kWithValue)) ++i;
        continue;
      }
      if (a.find("://") != std::string_view::npos) {
        add_url_indicators(a, out);
      } else if (looks_like_host(a.substr(0, a.find_first_of(":/")))) {
        add_url_indicators("http://" + std::string(a), out);  // wget and curl default to http
      }
    }
  } else if (tool == "tftp") {
    std::string_view remote, host, port;
    bool get_form = false;
    for (std::size_t i = p + 1; i < argv_.size(); ++i) {
      const std::string_view a = argv_[i];
      if (a == "-r") remote = arg(++i);
      else if (a == "-l") ++i;
      else if (a == "-c" && (arg(i + 1) == "get" || arg(i + 1) == "put")) {
        get_form = arg(i + 1) == "get";
        if (get_form) remote = arg(i + 2);
        i += 3;  // get REMOTE [LOCAL]
      } else if (a.starts_with("-")) continue;
      else if (host.empty()) host = a;
      else if (port.empty()) port = a;
    }
    if (!host.empty() && !remote.empty() && looks_like_host(host)) {
      std::string url = "tftp://" + std::string(host);
      if (is_digits(port)) url += ":" + std::string(port);
      url += remote.starts_with("/") ? std::string(remote) : "/" + std::string(remote);
      add_url_indicators(url, out);
    }
  } else if (tool == "ftpget") {
    std::string_view port;
    std::vector<std::string_view> positional;
    for (std::size_t i = p + 1; i < argv_.size(); ++i) {
      const std::string_view a = argv_[i];
      if (a == "-u" || a == "-p") ++i;
      else if (a == "-P") port = arg(++i);
      else if (a.starts_with("-")) continue;
      else positional.push_back(a);
    }
    if (positional.size() >= 3 && looks_like_host(positional[0])) {  // HOST LOCAL REMOTE
      std::string url = "ftp://" + std::string(positional[0]);
      if (is_digits(port)) url += ":" + std::string(port);
      url += positional[2].starts_with("/") ? std::string(positional[2]) : "/" + std::string(positional[2]);
      add_url_indicators(url, out);
    }
  }
}

}  // namespace busytrap::analyze::intel
