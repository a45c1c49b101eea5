#include "analyze/lenient_json.h"

namespace busytrap::analyze {
namespace {

void skip_space(std::string_view s, std::size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool read_hex4(std::string_view s, std::size_t i, unsigned& out) {
  if (i + 4 > s.size()) return false;
  out = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const int h = hex_value(s[i + k]);
    if (h < 0) return false;
    out = out * 16 + static_cast<unsigned>(h);
  }
  return true;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Skips one JSON value that is not a string (number, literal, array, object). Strings inside
// nested values are skipped with their escapes.
bool skip_value(std::string_view s, std::size_t& i) {
  int depth = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '"') {
      ++i;
      while (i < s.size() && s[i] != '"') i += (s[i] == '\\') ? 2 : 1;
      if (i >= s.size()) return false;
      ++i;
      if (depth == 0) return true;
      continue;
    }
    if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (depth == 0) return true;  // end of the enclosing object
      --depth;
      if (depth == 0) {
        ++i;
        return true;
      }
    } else if (depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
      return true;
    }
    ++i;
  }
  return depth == 0;
}

}  // namespace

bool LenientJsonObject::read_string(std::string_view s, std::size_t& i, std::string& out) {
  out.clear();
  if (i >= s.size() || s[i] != '"') return false;
  ++i;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '"') {
      ++i;
      return true;
    }
    if (c != '\\') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) return false;
    const char e = s[i + 1];
    i += 2;
    switch (e) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        unsigned cp;
        if (!read_hex4(s, i, cp)) return false;
        i += 4;
        if (cp >= 0xDC80 && cp <= 0xDCFF) {
          out.push_back(static_cast<char>(cp - 0xDC00));  // surrogateescape: the raw byte
        } else if (cp >= 0xD800 && cp <= 0xDBFF) {
          unsigned low;
          if (i + 6 <= s.size() && s[i] == '\\' && s[i + 1] == 'u' && read_hex4(s, i + 2, low) && low >= 0xDC00 &&
              low <= 0xDFFF) {
            i += 6;
            append_utf8(out, 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00));
          } else {
            append_utf8(out, 0xFFFD);
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          append_utf8(out, 0xFFFD);
        } else {
          append_utf8(out, cp);
        }
        break;
      }
      default: return false;
    }
  }
  return false;
}

bool LenientJsonObject::parse(std::string_view s,
                              const std::function<void(std::string_view, std::string_view)>& field) {
  std::size_t i = 0;
  skip_space(s, i);
  if (i >= s.size() || s[i] != '{') return false;
  ++i;
  skip_space(s, i);
  if (i < s.size() && s[i] == '}') return true;
  while (i < s.size()) {
    skip_space(s, i);
    if (!read_string(s, i, key_)) return false;
    skip_space(s, i);
    if (i >= s.size() || s[i] != ':') return false;
    ++i;
    skip_space(s, i);
    if (i >= s.size()) return false;
    if (s[i] == '"') {
      if (!read_string(s, i, value_)) return false;
      field(key_, value_);
    } else {
      const std::size_t start = i;
      if (!skip_value(s, i)) return false;
      const char first = s[start];
      if (first != '[' && first != '{') field(key_, s.substr(start, i - start));
    }
    skip_space(s, i);
    if (i >= s.size()) return false;
    if (s[i] == '}') return true;
    if (s[i] != ',') return false;
    ++i;
  }
  return false;
}

}  // namespace busytrap::analyze
