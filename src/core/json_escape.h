#pragma once
// JSON string escaping for byte strings that may be binary or invalid UTF-8, lossless both ways.
//
// Encoding (append_json_escaped): `"` and `\` are backslash-escaped; \b \f \n \r \t use their
// short forms; every other control byte (0x00-0x1F) and DEL (0x7F) becomes \u00XX; valid UTF-8
// sequences (shortest form, no surrogates, <= U+10FFFF) are copied as they are; each byte of
// anything else becomes \udcXX (XX = the byte, 80..FF): Python's "surrogateescape" convention,
// so `json.loads(line)[k].encode("utf-8", "surrogateescape")` gives back the original bytes.
// The output is always valid UTF-8 and valid JSON string content.
//
// Decoding (append_json_unescaped): the inverse, for JSON string content (without the quotes):
// \udc80-\udcff alone become the single byte 80-FF again; standard escapes and surrogate pairs
// are decoded to UTF-8. Needed because strict parsers (simdjson) reject lone surrogates: read
// such a string with simdjson's raw_json_token() and decode it here.
//
// Usage:
//   std::string out;
//   core::append_json_string(out, bytes);          // "..." with quotes
//   std::string back;
//   bool ok = core::append_json_unescaped(back, inner);  // inner = text between the quotes
//
// All functions are pure, allocation-free beyond growing `out`, and thread-safe.
#include <cstddef>
#include <string>
#include <string_view>

namespace busytrap::core {

// Appends the escaped form of `bytes` (no surrounding quotes) to `out`.
void append_json_escaped(std::string& out, std::string_view bytes);

// Appends `"` + escaped bytes + `"` to `out`.
void append_json_string(std::string& out, std::string_view bytes);

// Appends the escaped form of the longest prefix of `bytes` whose escaped form fits in
// `max_out` bytes, never splitting an escape or a UTF-8 sequence. Returns how many input bytes
// were consumed (bytes.size() when everything fit).
std::size_t append_json_escaped_prefix(std::string& out, std::string_view bytes, std::size_t max_out);

// Decodes JSON string content `escaped` (between the quotes) and appends the bytes to `out`.
// Returns false (leaving `out` with a partial result) on a malformed escape, a raw control
// byte, an unescaped quote, or a lone high surrogate / lone low surrogate outside DC80-DCFF.
bool append_json_unescaped(std::string& out, std::string_view escaped);

// Length of the valid UTF-8 sequence starting at bytes[pos] (1-4), or 0 if none starts there.
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t pos) noexcept;

// True when `bytes` is entirely valid UTF-8.
bool is_valid_utf8(std::string_view bytes) noexcept;

}  // namespace busytrap::core
