#pragma once
// CowrieTextReader: reads Cowrie's Twisted text log (cowrie.log), lines such as
//   2017-10-07T14:53:57+0000 [CowrieTelnetTransport,1,1.2.3.4] CMD: enable
// A session is keyed by the transport word, its number and the source IP in the bracket
// (`CowrieTelnetTransport,N,IP`, `HoneyPotSSHTransport,N,IP`, also when nested as
// `SSHChannel ... on HoneyPotSSHTransport,N,IP`); it ends at that key's `Connection lost` line.
// Protocol: Telnet for CowrieTelnetTransport, SSH otherwise. Lines that start with a TAB
// continue the previous line's message: continuation lines of a `CMD:` line are joined to its
// record with '\n' (the chunker never cuts before a TAB line). Lines that are neither a log
// line nor a continuation are counted as skipped. One per thread; what it keeps between chunks
// (a buffer, the last timestamp's text) never changes what a chunk yields.
#include <string>

#include "analyze/chunk_builder.h"
#include "analyze/chunk_input.h"
#include "core/timestamp_prefix_cache.h"

namespace busytrap::analyze {

struct TextLogLine {
  std::int64_t timestamp;
  std::string_view system;   // inside the brackets
  std::string_view message;  // after "] "
};

// Splits a text-log line; false when it does not start with "<timestamp> [".
bool parse_text_log_line(std::string_view line, TextLogLine& out) noexcept;

// The session key and protocol named by a bracket's system text, or an empty key.
std::string_view text_log_session_key(std::string_view system, Protocol& protocol) noexcept;

// Parses the text log's "login attempt [USER/PASS] succeeded|failed" message (split at the
// first '/'). Returns false for any other message.
bool parse_login_attempt(std::string_view message, std::string_view& username, std::string_view& password,
                         bool& success) noexcept;

class CowrieTextReader {
 public:
  void parse(const ChunkInput& input, ChunkBuilder& builder);

 private:
  // parse_text_log_line through the cache of the last line's timestamp.
  bool parse_line(std::string_view line, TextLogLine& out) noexcept;

  std::string joined_;  // a command and its continuation lines
  core::TimestampPrefixCache timestamps_;
};

}  // namespace busytrap::analyze
