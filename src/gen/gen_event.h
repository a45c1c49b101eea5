#pragma once
// The events `busytrap gen` produces, independent of the output format: the session script
// (session_script.h) fills them, the scheduler (log_generator.h) timestamps them and a writer
// (cowrie_json_writer.h, cowrie_text_writer.h) renders them. Plain values; the views point into
// the scenario tables, the session or the generator's scratch line and are valid only until
// the next event is produced.
#include <cstdint>
#include <string_view>

#include "gen/scenario.h"

namespace busytrap::gen {

enum class EventKind : std::uint8_t {
  kConnect,          // cowrie.session.connect
  kClientVersion,    // cowrie.client.version (SSH)
  kClientKex,        // cowrie.client.kex (SSH)
  kLoginFailed,      // cowrie.login.failed
  kLoginSuccess,     // cowrie.login.success
  kSessionParams,    // cowrie.session.params (Telnet, after login)
  kCommandInput,     // cowrie.command.input — the records `--records` counts
  kCommandFailed,    // cowrie.command.failed
  kDownloadFailed,   // cowrie.session.file_download.failed
  kClosed,           // cowrie.session.closed
};

// What stays the same for a whole session.
struct SessionInfo {
  char id[12];                   // 12 lowercase hex digits, unique within one run
  char src_ip[15];
  std::uint8_t src_ip_length;
  std::uint16_t src_port;
  std::uint16_t dst_port;
  Protocol protocol;
  std::uint64_t transport_number;  // Cowrie's connection counter, N in [...Transport,N,IP]
  std::int64_t connect_us;         // timestamp of the connect event

  std::string_view session_id() const { return {id, sizeof id}; }
  std::string_view ip() const { return {src_ip, src_ip_length}; }
};

struct GenEvent {
  EventKind kind{};
  std::int64_t time_us = 0;
  const SessionInfo* session = nullptr;
  // kLoginFailed/kLoginSuccess: username, password. kCommandInput/kCommandFailed: the input.
  // kDownloadFailed: the URL. kSessionParams: the arch. kClientVersion: the bare version.
  // kClientKex: hassh, and `extra` = the pre-rendered JSON fields.
  std::string_view text;
  std::string_view text2;
  std::string_view extra;
};

}  // namespace busytrap::gen
