#include "analyze/cowrie_text_reader.h"

#include <cstring>

#include "core/timestamp.h"

namespace busytrap::analyze {
namespace {

// Splits `line`, whose timestamp (`ts_length` bytes) is already parsed, at its bracket.
bool split_text_log_line(std::string_view line, std::int64_t timestamp, std::size_t ts_length,
                         TextLogLine& out) noexcept {
  if (ts_length + 2 > line.size() || line[ts_length] != ' ' || line[ts_length + 1] != '[') return false;
  const std::size_t close = line.find("] ", ts_length + 2);
  const std::size_t bracket_end = close == std::string_view::npos ? line.rfind(']') : close;
  if (bracket_end == std::string_view::npos || bracket_end < ts_length + 2) return false;
  out.timestamp = timestamp;
  out.system = line.substr(ts_length + 2, bracket_end - ts_length - 2);
  out.message = close == std::string_view::npos ? std::string_view{} : line.substr(close + 2);
  return true;
}

// Where the last "Transport," in `system` starts, or npos: as system.rfind("Transport,"), but
// found from the commas (a bracket has two or three, a factory's none) with memrchr instead of
// byte by byte.
std::size_t last_transport(std::string_view system) noexcept {
  static constexpr std::string_view kWord = "Transport";
  std::size_t end = system.size();
  while (const void* hit = memrchr(system.data(), ',', end)) {
    const auto comma = static_cast<std::size_t>(static_cast<const char*>(hit) - system.data());
    if (comma >= kWord.size() && system.substr(comma - kWord.size(), kWord.size()) == kWord) {
      return comma - kWord.size();
    }
    end = comma;
  }
  return std::string_view::npos;
}

}  // namespace

bool parse_text_log_line(std::string_view line, TextLogLine& out) noexcept {
  std::size_t ts_length = 0;
  const auto timestamp = core::parse_iso8601_prefix(line, ts_length);
  return timestamp && split_text_log_line(line, *timestamp, ts_length, out);
}

std::string_view text_log_session_key(std::string_view system, Protocol& protocol) noexcept {
  static constexpr std::string_view kTelnet = "CowrieTelnetTransport,";
  if (system.starts_with(kTelnet) && system.find(',', kTelnet.size()) != std::string_view::npos) {
    protocol = Protocol::Telnet;  // the common case, without a search
    return system;
  }
  // The transport is the last "<Word>Transport,N,IP" in the bracket.
  const std::size_t at = last_transport(system);
  if (at == std::string_view::npos) return {};
  std::size_t start = at;
  while (start > 0 && system[start - 1] != ' ' && system[start - 1] != ',') --start;
  const std::string_view key = system.substr(start);
  if (key.find(',', at - start + 10) == std::string_view::npos) return {};  // needs ",N,IP"
  protocol = key.starts_with("CowrieTelnetTransport") ? Protocol::Telnet : Protocol::Ssh;
  return key;
}

bool parse_login_attempt(std::string_view message, std::string_view& username, std::string_view& password,
                         bool& success) noexcept {
  static constexpr std::string_view kPrefix = "login attempt [";
  if (!message.starts_with(kPrefix)) return false;
  const std::size_t close = message.rfind("] ");
  if (close == std::string_view::npos || close < kPrefix.size()) return false;
  const std::string_view outcome = message.substr(close + 2);
  if (outcome.starts_with("succeeded")) success = true;
  else if (outcome.starts_with("failed")) success = false;
  else return false;
  // Cowrie writes "[%s/%s]"; a '/' in the username is rarer than in a password.
  const std::string_view pair = message.substr(kPrefix.size(), close - kPrefix.size());
  const std::size_t slash = pair.find('/');
  if (slash == std::string_view::npos) return false;
  username = pair.substr(0, slash);
  password = pair.substr(slash + 1);
  return true;
}

bool CowrieTextReader::parse_line(std::string_view line, TextLogLine& out) noexcept {
  std::size_t ts_length = 0;
  std::int64_t timestamp = 0;
  return timestamps_.parse_prefix(line, ts_length, timestamp) && split_text_log_line(line, timestamp, ts_length, out);
}

void CowrieTextReader::parse(const ChunkInput& input, ChunkBuilder& builder) {
  const std::size_t max_line = builder.options().max_line_bytes;
  const char* const end = input.data.data() + input.data.size();
  std::uint64_t number = 0;
  const char* next = input.data.data();
  while (next < end) {
    const std::string_view line = next_line(next, end);
    ++number;
    if (line.empty() || line[0] == '\t') continue;  // blank, or a continuation of a non-CMD line
    if (line.size() > max_line) {
      builder.skipped(number, SkipReason::TooLong);
      continue;
    }
    TextLogLine parsed;
    if (!parse_line(line, parsed)) {
      builder.skipped(number, SkipReason::Malformed);
      continue;
    }
    Protocol protocol = Protocol::Unknown;
    const std::string_view session = text_log_session_key(parsed.system, protocol);
    if (session.empty()) {
      builder.event({}, parsed.timestamp, Protocol::Unknown, {}, EventKind::Other);
      continue;
    }
    if (parsed.message.starts_with("CMD: ")) {
      std::string_view command = parsed.message.substr(5);
      if (next < end && *next == '\t') {
        // TAB lines continue the command; the chunker never cuts before one.
        joined_.assign(command);
        while (next < end && *next == '\t') {
          const std::string_view continuation = next_line(next, end);
          ++number;
          if (joined_.size() + continuation.size() > max_line) continue;  // keep the record bounded
          joined_.push_back('\n');
          joined_.append(continuation.substr(1));
        }
        command = joined_;
      }
      builder.command(session, parsed.timestamp, command, {}, protocol);
      continue;
    }
    if (builder.options().intel.credentials && parsed.message.starts_with("login attempt [")) {
      std::string_view username, password;
      bool success = false;
      if (parse_login_attempt(parsed.message, username, password, success)) {
        builder.login(session, parsed.timestamp, protocol, {}, username, password, success);
        continue;
      }
    }
    const EventKind kind = parsed.message.starts_with("Connection lost") ? EventKind::SessionEnd : EventKind::Other;
    // The transport key ends with the client's address: "CowrieTelnetTransport,N,IP".
    const std::string_view src_ip =
        builder.options().intel.wants_session_origin() ? session.substr(session.rfind(',') + 1)
                                                                              : std::string_view{};
    builder.event(session, parsed.timestamp, protocol, {}, kind, src_ip);
  }
  builder.count_lines(number);
}

}  // namespace busytrap::analyze
