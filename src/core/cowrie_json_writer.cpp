#include "core/cowrie_json_writer.h"

#include <charconv>
#include <cmath>
#include <utility>

#include "core/json_escape.h"
#include "core/timestamp.h"

namespace busytrap::core {
namespace {

// append_iso8601 formats with snprintf, which is half the cost of a line; consecutive events
// nearly always share their second, so each thread keeps the last "YYYY-MM-DDTHH:MM:SS" and
// only writes the microseconds itself.
void append_timestamp(std::string& out, std::int64_t micros) {
  struct SecondCache {
    std::int64_t second = kNoTimestamp;
    std::string prefix;
  };
  thread_local SecondCache cache;
  const std::int64_t second = micros >= 0 ? micros / 1'000'000 : (micros - 999'999) / 1'000'000;
  const std::int64_t fraction = micros - second * 1'000'000;
  if (second != cache.second) {
    std::string full;
    append_iso8601(full, second * 1'000'000);
    if (full.size() != 27) {  // a year outside 0000-9999: no fast path
      append_iso8601(out, micros);
      return;
    }
    cache.prefix.assign(full, 0, 20);  // "YYYY-MM-DDTHH:MM:SS."
    cache.second = second;
  }
  out.append(cache.prefix);
  char digits[7];
  std::int64_t f = fraction;
  for (int i = 5; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + f % 10);
    f /= 10;
  }
  digits[6] = 'Z';
  out.append(digits, 7);
}

void append_key(std::string& out, std::string_view name) {
  append_json_string(out, name);
  out.push_back(':');
}

}  // namespace

void append_json_value(std::string& out, const FieldValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) {
    append_json_string(out, *s);
  } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, *i);
    out.append(buf, result.ptr);
  } else if (const auto* d = std::get_if<double>(&value)) {
    if (!std::isfinite(*d)) {
      out.append("null");  // JSON has no NaN or infinity
      return;
    }
    char buf[32];
    const auto result = std::to_chars(buf, buf + sizeof buf, *d);
    const std::string_view text(buf, static_cast<std::size_t>(result.ptr - buf));
    out.append(text);
    // Keep a double recognisable as one ("1.0", not "1"), as Python's json module does.
    if (text.find_first_of(".e") == std::string_view::npos) out.append(".0");
  } else {
    out.append(std::get<bool>(value) ? "true" : "false");
  }
}

CowrieJsonWriter::CowrieJsonWriter(std::string sensor) : sensor_(std::move(sensor)) {}

void CowrieJsonWriter::append_line(std::string& out, const Event& event) const {
  out.append("{\"eventid\":");
  append_json_string(out, event.eventid);
  for (const auto& [name, value] : event.fields) {
    out.push_back(',');
    append_key(out, name);
    append_json_value(out, value);
  }
  out.append(",\"message\":");
  append_json_string(out, event.message);
  out.append(",\"sensor\":");
  append_json_string(out, sensor_);
  out.append(",\"timestamp\":\"");
  append_timestamp(out, event.timestamp_us);
  out.append("\",\"src_ip\":");
  append_json_string(out, event.src_ip);
  out.append(",\"session\":");
  append_json_string(out, event.session);
  out.append("}\n");
}

std::string CowrieJsonWriter::line(const Event& event) const {
  std::string out;
  append_line(out, event);
  return out;
}

}  // namespace busytrap::core
