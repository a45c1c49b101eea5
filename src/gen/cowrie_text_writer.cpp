#include "gen/cowrie_text_writer.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace busytrap::gen {

CowrieTextWriter::CowrieTextWriter(std::string dst_ip) : dst_ip_(std::move(dst_ip)) {}

void CowrieTextWriter::write_prefix(const GenEvent& event, OutputBuffer& out) {
  const SessionInfo& s = *event.session;
  timestamps_.append_cowrie_text(out, event.time_us);
  out.append(s.protocol == Protocol::kTelnet ? " [CowrieTelnetTransport," : " [HoneyPotSSHTransport,");
  out.append_uint(s.transport_number);
  out.append(',');
  out.append(s.ip());
  out.append("] ");
}

// Cowrie's log observer starts every further line of a multi-line message with a TAB.
void CowrieTextWriter::write_continued(std::string_view text, OutputBuffer& out) {
  while (true) {
    const std::size_t newline = text.find('\n');
    if (newline == std::string_view::npos) {
      out.append(text);
      return;
    }
    out.append(text.substr(0, newline));
    out.append("\n\t");
    text.remove_prefix(newline + 1);
  }
}

void CowrieTextWriter::write(const GenEvent& event, OutputBuffer& out) {
  const SessionInfo& s = *event.session;
  switch (event.kind) {
    case EventKind::kConnect:
      timestamps_.append_cowrie_text(out, event.time_us);
      out.append(s.protocol == Protocol::kTelnet
                     ? " [cowrie.telnet.transport.HoneyPotTelnetFactory] New connection: "
                     : " [cowrie.ssh.factory.CowrieSSHFactory] New connection: ");
      out.append(s.ip());
      out.append(':');
      out.append_uint(s.src_port);
      out.append(" (");
      write_continued(dst_ip_, out);
      out.append(':');
      out.append_uint(s.dst_port);
      out.append(") [session: ");
      out.append(s.session_id());
      out.append("]\n");
      return;
    case EventKind::kSessionParams:
      return;
    case EventKind::kClientVersion:
      write_prefix(event, out);
      out.append("Remote SSH version: ");
      write_continued(event.text, out);
      break;
    case EventKind::kClientKex:
      write_prefix(event, out);
      out.append("SSH client hassh fingerprint: ");
      out.append(event.text);
      break;
    case EventKind::kLoginFailed:
    case EventKind::kLoginSuccess:
      write_prefix(event, out);
      out.append("login attempt [");
      write_continued(event.text, out);
      out.append('/');
      write_continued(event.text2, out);
      out.append(event.kind == EventKind::kLoginFailed ? "] failed" : "] succeeded");
      break;
    case EventKind::kCommandInput:
      write_prefix(event, out);
      out.append("CMD: ");
      write_continued(event.text, out);
      break;
    case EventKind::kCommandFailed:
      write_prefix(event, out);
      out.append("Command not found: ");
      write_continued(event.text, out);
      break;
    case EventKind::kDownloadFailed:
      write_prefix(event, out);
      out.append("Attempt to download file(s) from URL (");
      write_continued(event.text, out);
      out.append(") failed");
      break;
    case EventKind::kClosed: {
      write_prefix(event, out);
      const std::int64_t duration_us = std::max<std::int64_t>(0, event.time_us - s.connect_us);
      out.append("Connection lost after ");
      out.append_uint(static_cast<std::uint64_t>(duration_us / 1'000'000));
      out.append(" seconds");
      break;
    }
  }
  out.append('\n');
}

}  // namespace busytrap::gen
