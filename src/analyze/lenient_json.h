#pragma once
// LenientJsonObject: a small, forgiving reader for one flat JSON object per line, used only
// when simdjson rejects a line for its bytes rather than its structure: raw bytes that are not
// UTF-8, or \uDCxx escapes (Python's surrogateescape, how a Cowrie-like writer keeps non-UTF-8
// bytes). Keys are byte strings, so such input is preserved, not skipped: \uDC80..\uDCFF decode
// back to the byte 0x80..0xFF, other lone surrogates to U+FFFD. Nested arrays and objects are
// skipped (no field the analyzer reads is nested). Structural errors (truncation) fail.
#include <functional>
#include <string>
#include <string_view>

namespace busytrap::analyze {

class LenientJsonObject {
 public:
  // Calls `field(key, value)` for each member whose value is a string (decoded) or a number,
  // true, false or null (as their raw text). Returns false if `line` is not a complete object.
  bool parse(std::string_view line, const std::function<void(std::string_view, std::string_view)>& field);

 private:
  bool read_string(std::string_view s, std::size_t& i, std::string& out);
  std::string key_;
  std::string value_;
};

}  // namespace busytrap::analyze
