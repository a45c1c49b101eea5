#pragma once
// get_lossless_string: reads a JSON string value with simdjson On-Demand and returns its bytes,
// decoding the \udcXX escapes that carry invalid UTF-8 (core/json_escape.h) back into raw bytes.
// simdjson's own get_string() rejects such lone surrogates, so busytrap's logs and transcripts,
// which use them for binary data, must be read through this function (or raw_json_token() and
// core::append_json_unescaped()).
//
// Usage:
//   std::string scratch;
//   std::string_view input;
//   if (core::get_lossless_string(doc["input"], scratch, input)) use(input);
//
// `out` points into the parser's buffer when the string has no escapes (no copy), otherwise into
// `scratch`; it stays valid until the next call with the same scratch or the next document.
// Returns false when the value is not a string or is a malformed one. Thread-safe as simdjson is
// (one parser per thread).
#include <simdjson.h>

#include <string>
#include <utility>
#include <string_view>

#include "core/json_escape.h"

namespace busytrap::core {

inline bool get_lossless_string(simdjson::ondemand::value value, std::string& scratch, std::string_view& out) {
  simdjson::ondemand::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS || type != simdjson::ondemand::json_type::string) return false;
  std::string_view raw = value.raw_json_token();
  // raw_json_token() includes the quotes and any whitespace up to the next token.
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' || raw.back() == '\n')) {
    raw.remove_suffix(1);
  }
  if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') return false;
  raw = raw.substr(1, raw.size() - 2);
  if (raw.find('\\') == std::string_view::npos) {
    for (const char c : raw) {
      if (static_cast<unsigned char>(c) < 0x20 || c == '"') return false;
    }
    out = raw;
    return true;
  }
  scratch.clear();
  if (!append_json_unescaped(scratch, raw)) return false;
  out = scratch;
  return true;
}

// The same for a lookup result such as doc["input"]; false when the lookup failed.
inline bool get_lossless_string(simdjson::simdjson_result<simdjson::ondemand::value> result, std::string& scratch,
                                std::string_view& out) {
  simdjson::ondemand::value value;
  if (std::move(result).get(value) != simdjson::SUCCESS) return false;
  return get_lossless_string(std::move(value), scratch, out);
}

}  // namespace busytrap::core
