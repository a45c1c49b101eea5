#include "analyze/cowrie_json_reader.h"

#include <cstring>

#include "analyze/plain_json_object.h"
#include "core/json_escape.h"
#include "core/timestamp.h"

namespace busytrap::analyze {

struct CowrieJsonReader::Fields {
  std::string_view eventid, session, timestamp, input, protocol, system, sensor;
  std::string_view username, password, src_ip, url, shasum;  // read only when `intel` (an analysis is on)
  bool has_input = false;
  bool intel = false;
};

Protocol protocol_from_field(std::string_view protocol, std::string_view system) noexcept {
  if (protocol == "telnet") return Protocol::Telnet;
  if (protocol == "ssh") return Protocol::Ssh;
  if (system.find("Telnet") != std::string_view::npos) return Protocol::Telnet;
  if (system.find("SSH") != std::string_view::npos) return Protocol::Ssh;
  return Protocol::Unknown;
}

namespace {

// A string value as bytes: without escapes, a view of the input (no copy, and raw control bytes
// are accepted as Cowrie-like writers may leave them); with escapes, simdjson's SIMD unescaping;
// when simdjson refuses (\udcXX surrogate escapes carrying raw bytes), the lossless decoder.
bool read_string(simdjson::ondemand::value& value, std::string& scratch, std::string_view& out) {
  std::string_view token = value.raw_json_token();
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\r' ||
                            token.back() == '\n')) {
    token.remove_suffix(1);
  }
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return false;
  const std::string_view content = token.substr(1, token.size() - 2);
  if (content.find('\\') == std::string_view::npos) {
    out = content;
    return true;
  }
  if (!value.get_string().get(out)) return true;
  scratch.clear();
  if (!core::append_json_unescaped(scratch, content)) return false;
  out = scratch;
  return true;
}

}  // namespace

bool CowrieJsonReader::parse_fast(std::string_view line, Fields& f) {
  simdjson::ondemand::document doc;
  if (parser_.iterate(line.data(), line.size(), line.size() + kJsonPadding).get(doc)) return false;
  simdjson::ondemand::object object;
  if (doc.get_object().get(object)) return false;
  for (auto field : object) {
    simdjson::ondemand::raw_json_string key;
    if (field.key().get(key)) return false;
    std::string_view* target = nullptr;
    std::size_t slot = 0;
    if (key.unsafe_is_equal("eventid")) target = &f.eventid, slot = 0;
    else if (key.unsafe_is_equal("session")) target = &f.session, slot = 1;
    else if (key.unsafe_is_equal("timestamp")) target = &f.timestamp, slot = 2;
    else if (key.unsafe_is_equal("input")) target = &f.input, slot = 3;
    else if (key.unsafe_is_equal("protocol")) target = &f.protocol, slot = 4;
    else if (key.unsafe_is_equal("system")) target = &f.system, slot = 5;
    else if (key.unsafe_is_equal("sensor")) target = &f.sensor, slot = 6;
    else if (f.intel) {
      if (key.unsafe_is_equal("src_ip")) target = &f.src_ip, slot = 7;
      else if (key.unsafe_is_equal("username")) target = &f.username, slot = 8;
      else if (key.unsafe_is_equal("password")) target = &f.password, slot = 9;
      else if (key.unsafe_is_equal("url")) target = &f.url, slot = 10;
      else if (key.unsafe_is_equal("shasum")) target = &f.shasum, slot = 11;
    }
    if (target == nullptr) continue;  // unread values are skipped by the iterator
    simdjson::ondemand::value value;
    if (field.value().get(value)) return false;
    simdjson::ondemand::json_type type;
    if (value.type().get(type)) return false;
    if (type != simdjson::ondemand::json_type::string) continue;
    if (!read_string(value, scratch_[slot], *target)) return false;
    if (target == &f.input) f.has_input = true;
  }
  return true;
}

bool CowrieJsonReader::parse_plain(Fields& f) {
  // Keys compared by length, then a memcmp of constant length (inlined, no call).
  const auto is = []<std::size_t N>(std::string_view key, const char (&word)[N]) {
    return std::memcmp(key.data(), word, N - 1) == 0;
  };
  return plain_.scan_marked([&](std::string_view key) -> std::string_view* {
    switch (key.size()) {
      case 3:
        if (f.intel && is(key, "url")) return &f.url;
        break;
      case 5:
        if (is(key, "input")) {
          f.has_input = true;
          return &f.input;
        }
        break;
      case 6:
        if (is(key, "sensor")) return &f.sensor;
        if (is(key, "system")) return &f.system;
        if (f.intel && is(key, "src_ip")) return &f.src_ip;
        if (f.intel && is(key, "shasum")) return &f.shasum;
        break;
      case 7:
        if (is(key, "eventid")) return &f.eventid;
        if (is(key, "session")) return &f.session;
        break;
      case 8:
        if (is(key, "protocol")) return &f.protocol;
        if (f.intel && is(key, "username")) return &f.username;
        if (f.intel && is(key, "password")) return &f.password;
        break;
      case 9:
        if (is(key, "timestamp")) return &f.timestamp;
        break;
      default: break;
    }
    return nullptr;
  });
}

bool CowrieJsonReader::parse_lenient(std::string_view line, Fields& f) {
  // Decoded values are stored back to back in one buffer, reserved so views stay valid.
  lenient_store_.clear();
  lenient_store_.reserve(line.size() + 16);
  struct Pending {
    std::string_view* target;
    std::size_t offset, length;
  };
  Pending pending[13];
  std::size_t count = 0;
  const bool ok = lenient_.parse(line, [&](std::string_view key, std::string_view value) {
    std::string_view* target = nullptr;
    if (key == "eventid") target = &f.eventid;
    else if (key == "session") target = &f.session;
    else if (key == "timestamp") target = &f.timestamp;
    else if (key == "input") target = &f.input, f.has_input = true;
    else if (key == "protocol") target = &f.protocol;
    else if (key == "system") target = &f.system;
    else if (key == "sensor") target = &f.sensor;
    else if (f.intel && key == "src_ip") target = &f.src_ip;
    else if (f.intel && key == "username") target = &f.username;
    else if (f.intel && key == "password") target = &f.password;
    else if (f.intel && key == "url") target = &f.url;
    else if (f.intel && key == "shasum") target = &f.shasum;
    if (target == nullptr || count == std::size(pending)) return;
    pending[count++] = Pending{target, lenient_store_.size(), value.size()};
    lenient_store_.append(value);
  });
  if (!ok) return false;
  for (std::size_t i = 0; i < count; ++i) {
    *pending[i].target = std::string_view(lenient_store_).substr(pending[i].offset, pending[i].length);
  }
  return true;
}

void CowrieJsonReader::parse(const ChunkInput& input, ChunkBuilder& builder) {
  const std::size_t max_line = builder.options().max_line_bytes;
  const bool time_filtered =
      builder.options().since != core::kNoTimestamp || builder.options().until != core::kNoTimestamp;
  const intel::IntelSelection& intel = builder.options().intel;
  // Per chunk, not per line: the selection does not change.
  const bool intel_any = intel.any();
  const bool wants_session_origin = intel.wants_session_origin();
  const bool wants_downloads = intel.indicators;
  const char* p = input.data.data();
  const char* const end = p + input.data.size();
  std::uint64_t number = 0;
  while (p < end) {
    // With the fast path, the line is split and marked for it in one pass over its bytes.
    std::string_view line;
    if (plain_fast_path_) {
      const PlainJsonObject::Line split = plain_.next_line(p, end, input.readable_end);
      line = split.text;
      p = split.next;
    } else {
      line = next_line(p, end);
    }
    ++number;
    std::size_t begin = 0;
    while (begin < line.size() && (line[begin] == ' ' || line[begin] == '\t')) ++begin;
    if (begin == line.size()) continue;  // blank line
    if (line.size() > max_line) {
      builder.skipped(number, SkipReason::TooLong);
      continue;
    }
    Fields fields;
    fields.intel = intel_any;
    if (!plain_fast_path_ || !parse_plain(fields)) {
      fields = Fields{};
      fields.intel = intel_any;
      std::string_view parse_view = line;
      if (line.data() + line.size() + kJsonPadding > input.readable_end) {
        padded_.assign(line);
        padded_.resize(line.size() + kJsonPadding, '\0');
        parse_view = std::string_view(padded_.data(), line.size());
      }
      if (!parse_fast(parse_view, fields)) {
        fields = Fields{};
        fields.intel = intel_any;
        if (!parse_lenient(line, fields)) {
          builder.skipped(number, line[begin] == '{' ? SkipReason::InvalidJson : SkipReason::NotAnObject);
          continue;
        }
      }
    }
    if (fields.eventid.empty()) {
      builder.skipped(number, SkipReason::MissingEventId);
      continue;
    }
    const Protocol protocol = protocol_from_field(fields.protocol, fields.system);
    const bool is_command = fields.eventid == "cowrie.command.input";
    const bool is_connect = fields.eventid == "cowrie.session.connect";
    // Not compared for command records (half the lines; "cowrie.command.input" is as long as
    // "cowrie.login.success", so the comparison would not stop at the length).
    const bool is_login = !is_command && fields.intel &&
                          (fields.eventid == "cowrie.login.success" || fields.eventid == "cowrie.login.failed");
    const bool is_download =
        !is_command && wants_downloads && fields.eventid.starts_with("cowrie.session.file_download");
    // Other events need their time only for the --since/--until filter (and intel's first/last seen).
    const std::int64_t timestamp = (is_command || time_filtered || is_download || (wants_session_origin && is_connect))
                                       ? core::parse_iso8601(fields.timestamp).value_or(core::kNoTimestamp)
                                       : core::kNoTimestamp;
    if (is_command) {
      builder.command(fields.session, timestamp, fields.input, fields.sensor, protocol);
    } else if (is_download) {
      builder.download(fields.session, timestamp, fields.sensor, fields.url, fields.shasum);
    } else if (is_login) {
      builder.login(fields.session, timestamp, protocol, fields.sensor, fields.username, fields.password,
                    fields.eventid == "cowrie.login.success");
    } else {
      const EventKind kind = is_connect ? EventKind::SessionStart
                             : fields.eventid == "cowrie.session.closed" ? EventKind::SessionEnd
                                                                         : EventKind::Other;
      builder.event(fields.session, timestamp, protocol, fields.sensor, kind, fields.src_ip);
    }
  }
  builder.count_lines(number);
}

}  // namespace busytrap::analyze
