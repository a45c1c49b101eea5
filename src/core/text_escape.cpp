#include "core/text_escape.h"

#include "core/json_escape.h"

namespace busytrap::core {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex_byte(std::string& out, const char* prefix, unsigned char byte) {
  out.append(prefix);
  out.push_back(kHex[byte >> 4]);
  out.push_back(kHex[byte & 15]);
}

}  // namespace

void append_display_escaped(std::string& out, std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    const std::size_t n = c >= 0x80 ? utf8_sequence_length(bytes, i) : 0;
    // C1 controls (U+0080..U+009F) are terminal controls too.
    if (n >= 2 && !(n == 2 && c == 0xC2 && static_cast<unsigned char>(bytes[i + 1]) < 0xA0)) {
      out.append(bytes.substr(i, n));
      i += n;
      continue;
    }
    append_hex_byte(out, "\\x", c);
    ++i;
  }
}

std::string display_escaped(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  append_display_escaped(out, bytes);
  return out;
}

std::size_t display_width(std::string_view escaped) noexcept {
  std::size_t width = 0;
  for (const char c : escaped) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
  }
  return width;
}

}  // namespace busytrap::core
