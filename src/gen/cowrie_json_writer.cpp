#include "gen/cowrie_json_writer.h"

#include <utility>

namespace busytrap::gen {
namespace {

std::string_view event_id(EventKind kind) {
  switch (kind) {
    case EventKind::kConnect: return "cowrie.session.connect";
    case EventKind::kClientVersion: return "cowrie.client.version";
    case EventKind::kClientKex: return "cowrie.client.kex";
    case EventKind::kLoginFailed: return "cowrie.login.failed";
    case EventKind::kLoginSuccess: return "cowrie.login.success";
    case EventKind::kSessionParams: return "cowrie.session.params";
    case EventKind::kCommandInput: return "cowrie.command.input";
    case EventKind::kCommandFailed: return "cowrie.command.failed";
    case EventKind::kDownloadFailed: return "cowrie.session.file_download.failed";
    case EventKind::kClosed: return "cowrie.session.closed";
  }
  return "cowrie.unknown";
}

std::string_view transport(Protocol protocol) {
  return protocol == Protocol::kTelnet ? "CowrieTelnetTransport," : "HoneyPotSSHTransport,";
}

std::string_view factory(Protocol protocol) {
  return protocol == Protocol::kTelnet ? "cowrie.telnet.transport.HoneyPotTelnetFactory"
                                       : "cowrie.ssh.factory.CowrieSSHFactory";
}

}  // namespace

CowrieJsonWriter::CowrieJsonWriter(CowrieFlavor flavor, std::string sensor, std::string dst_ip)
    : flavor_(flavor), dst_ip_(std::move(dst_ip)) {
  sensor_field_ = ",\"sensor\":\"" + json_escaped(sensor);
  sensor_field_ += "\",\"timestamp\":\"";
}

void CowrieJsonWriter::write_sensor_and_time(std::int64_t time_us, OutputBuffer& out) {
  out.append(sensor_field_);
  timestamps_.append_cowrie_json(out, time_us);
  out.append('"');
}

void CowrieJsonWriter::write_string_field(std::string_view name, std::string_view value, OutputBuffer& out) {
  out.append(",\"");
  out.append(name);
  out.append("\":\"");
  out.append_json_escaped(value);
  out.append('"');
}

void CowrieJsonWriter::write_connect(const GenEvent& event, OutputBuffer& out) {
  const SessionInfo& s = *event.session;
  out.append("{\"eventid\":\"cowrie.session.connect\",\"src_ip\":\"");
  out.append(s.ip());
  out.append("\",\"src_port\":");
  out.append_uint(s.src_port);
  out.append(",\"dst_ip\":\"");
  out.append_json_escaped(dst_ip_);
  out.append("\",\"dst_port\":");
  out.append_uint(s.dst_port);
  out.append(",\"session\":\"");
  out.append(s.session_id());
  if (flavor_ == CowrieFlavor::kCurrent) {
    out.append(s.protocol == Protocol::kTelnet ? "\",\"protocol\":\"telnet" : "\",\"protocol\":\"ssh");
  }
  out.append("\",\"message\":\"New connection: ");
  out.append(s.ip());
  out.append(':');
  out.append_uint(s.src_port);
  out.append(" (");
  out.append_json_escaped(dst_ip_);
  out.append(':');
  out.append_uint(s.dst_port);
  out.append(") [session: ");
  out.append(s.session_id());
  out.append("]\"");
  if (flavor_ == CowrieFlavor::k2017) {
    out.append(",\"system\":\"");
    out.append(factory(s.protocol));
    out.append("\",\"isError\":0");
  }
  write_sensor_and_time(event.time_us, out);
  out.append("}\n");
}

void CowrieJsonWriter::write_tail(const GenEvent& event, OutputBuffer& out) {
  const SessionInfo& s = *event.session;
  if (flavor_ == CowrieFlavor::k2017) {
    out.append(",\"system\":\"");
    out.append(transport(s.protocol));
    out.append_uint(s.transport_number);
    out.append(',');
    out.append(s.ip());
    out.append("\",\"isError\":0");
  }
  write_sensor_and_time(event.time_us, out);
  out.append(",\"src_ip\":\"");
  out.append(s.ip());
  out.append("\",\"session\":\"");
  out.append(s.session_id());
  out.append("\"}\n");
}

void CowrieJsonWriter::write(const GenEvent& event, OutputBuffer& out) {
  if (event.kind == EventKind::kConnect) return write_connect(event, out);
  out.append("{\"eventid\":\"");
  out.append(event_id(event.kind));
  out.append('"');
  const bool bytes_repr = flavor_ == CowrieFlavor::kCurrent;
  switch (event.kind) {
    case EventKind::kConnect:
      break;
    case EventKind::kClientVersion:
      out.append(bytes_repr ? ",\"version\":\"b'" : ",\"version\":\"");
      out.append_json_escaped(event.text);
      out.append(bytes_repr ? "'\",\"message\":\"Remote SSH version: b'" : "\",\"message\":\"Remote SSH version: ");
      out.append_json_escaped(event.text);
      out.append(bytes_repr ? "'\"" : "\"");
      break;
    case EventKind::kClientKex:
      out.append(',');
      out.append(event.extra);
      out.append(",\"message\":\"SSH client hassh fingerprint: ");
      out.append_json_escaped(event.text);
      out.append('"');
      break;
    case EventKind::kLoginFailed:
    case EventKind::kLoginSuccess:
      write_string_field("username", event.text, out);
      write_string_field("password", event.text2, out);
      out.append(",\"message\":\"login attempt [");
      out.append_json_escaped(event.text);
      out.append('/');
      out.append_json_escaped(event.text2);
      out.append(event.kind == EventKind::kLoginFailed ? "] failed\"" : "] succeeded\"");
      break;
    case EventKind::kSessionParams:
      write_string_field("arch", event.text, out);
      out.append(",\"message\":[]");
      break;
    case EventKind::kCommandInput:
    case EventKind::kCommandFailed:
      write_string_field("input", event.text, out);
      out.append(event.kind == EventKind::kCommandInput ? ",\"message\":\"CMD: "
                                                        : ",\"message\":\"Command not found: ");
      out.append_json_escaped(event.text);
      out.append('"');
      break;
    case EventKind::kDownloadFailed:
      write_string_field("url", event.text, out);
      out.append(",\"message\":\"Attempt to download file(s) from URL (");
      out.append_json_escaped(event.text);
      out.append(") failed\"");
      break;
    case EventKind::kClosed: {
      const std::int64_t duration_us = std::max<std::int64_t>(0, event.time_us - event.session->connect_us);
      if (flavor_ == CowrieFlavor::kCurrent) {
        out.append(",\"duration_ms\":");
        out.append_uint(static_cast<std::uint64_t>(duration_us / 1000));
      } else {
        char fraction[7] = {'.', 0, 0, 0, 0, 0, 0};
        std::int64_t f = duration_us % 1'000'000;
        for (int i = 6; i >= 1; --i, f /= 10) fraction[i] = static_cast<char>('0' + f % 10);
        out.append(",\"duration\":");
        out.append_uint(static_cast<std::uint64_t>(duration_us / 1'000'000));
        out.append(std::string_view(fraction, sizeof fraction));
      }
      out.append(",\"message\":\"Connection lost after ");
      out.append_uint(static_cast<std::uint64_t>(duration_us / 1'000'000));
      out.append(" seconds\"");
      break;
    }
  }
  write_tail(event, out);
}

}  // namespace busytrap::gen
