#include "core/text_escape.h"

namespace busytrap::core {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex_byte(std::string& out, const char* prefix, unsigned char byte) {
  out.append(prefix);
  out.push_back(kHex[byte >> 4]);
  out.push_back(kHex[byte & 15]);
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  std::size_t n;
  unsigned min;
  unsigned cp;
  if ((b0 & 0xE0) == 0xC0) n = 2, min = 0x80, cp = b0 & 0x1F;
  else if ((b0 & 0xF0) == 0xE0) n = 3, min = 0x800, cp = b0 & 0x0F;
  else if ((b0 & 0xF8) == 0xF0) n = 4, min = 0x10000, cp = b0 & 0x07;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

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

void append_json_string(std::string& out, std::string_view bytes) {
  out.push_back('"');
  for (std::size_t i = 0; i < bytes.size();) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence_length(bytes, i);
      if (n) {
        out.append(bytes.substr(i, n));
        i += n;
      } else {
        append_hex_byte(out, "\\udc", c);
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        if (c < 0x20 || c == 0x7f) append_hex_byte(out, "\\u00", c);
        else out.push_back(static_cast<char>(c));
    }
    ++i;
  }
  out.push_back('"');
}

std::size_t display_width(std::string_view escaped) noexcept {
  std::size_t width = 0;
  for (const char c : escaped) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
  }
  return width;
}

}  // namespace busytrap::core
