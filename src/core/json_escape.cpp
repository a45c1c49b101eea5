#include "core/json_escape.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace busytrap::core {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// True for bytes copied verbatim: printable ASCII except `"` and `\`.
constexpr std::array<bool, 256> make_plain_table() {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x7f; ++c) table[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return table;
}
constexpr std::array<bool, 256> kPlain = make_plain_table();

// How many of the 8 bytes at `p` are plain before the first that is not (SWAR: a byte >= 0x80,
// < 0x20, == 0x7F, '"' or '\\'); 8 when all are. The "has a zero byte" tests below can flag
// false positives only above a true one (through the borrow), so the lowest flag is exact.
inline std::size_t plain_prefix8(const unsigned char* p) noexcept {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const std::uint64_t below_space = (x - kOnes * 0x20) & ~x & kHigh;
  const std::uint64_t flags = (x & kHigh) | below_space | has_zero(x ^ (kOnes * '"')) |
                              has_zero(x ^ (kOnes * '\\')) | has_zero(x ^ (kOnes * 0x7f));
  // Bytes are loaded little-endian (x86-64, arm64 Linux): the first byte is the lowest.
  return flags == 0 ? 8 : static_cast<std::size_t>(__builtin_ctzll(flags)) / 8;
}

// The escaped form of one ASCII byte that is not plain (at most 6 bytes).
std::string_view escape_ascii(unsigned char c, char (&buf)[6]) noexcept {
  switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\b': return "\\b";
    case '\f': return "\\f";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default:
      buf[0] = '\\';
      buf[1] = 'u';
      buf[2] = '0';
      buf[3] = '0';
      buf[4] = kHex[c >> 4];
      buf[5] = kHex[c & 0xf];
      return {buf, 6};
  }
}

// \udcXX for a byte that is not part of valid UTF-8.
std::string_view escape_invalid(unsigned char c, char (&buf)[6]) noexcept {
  buf[0] = '\\';
  buf[1] = 'u';
  buf[2] = 'd';
  buf[3] = 'c';
  buf[4] = kHex[c >> 4];
  buf[5] = kHex[c & 0xf];
  return {buf, 6};
}

bool is_continuation(unsigned char c) noexcept { return (c & 0xc0) == 0x80; }

// Appends UTF-8 for `cp` (caller guarantees cp <= 0x10FFFF).
void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads the 4 hex digits of a \uXXXX escape whose digits start at s[pos].
bool read_hex4(std::string_view s, std::size_t pos, std::uint32_t& value) noexcept {
  if (pos + 4 > s.size()) return false;
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const int h = hex_value(s[pos + i]);
    if (h < 0) return false;
    v = v << 4 | static_cast<std::uint32_t>(h);
  }
  value = v;
  return true;
}

// Escapes bytes[pos...] one unit at a time while it fits in `budget` output bytes.
// Returns the input position reached.
//
// Plain bytes are found 8 at a time (plain_prefix8) and everything goes through a stack buffer
// appended to `out` once per kStage bytes: one std::string::append per escape made a loader's
// `echo -ne '\x7f\x45...'` (an escape every 4 bytes) cost several ns per byte.
std::size_t escape_into(std::string& out, std::string_view bytes, std::size_t budget) {
  constexpr std::size_t kStage = 1024;
  constexpr std::ptrdiff_t kRoom = 8 + 6;  // one 8-byte copy and one escape (at most 6 bytes)
  char stage[kStage];
  char* p = stage;
  char* const stage_end = stage + kStage;
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  char buf[6];
  while (i < n) {
    if (stage_end - p < kRoom) {
      out.append(stage, static_cast<std::size_t>(p - stage));
      p = stage;
    }
    std::size_t plain = 0;
    if (i + 8 <= n) {
      plain = plain_prefix8(data + i);
      std::memcpy(p, data + i, 8);  // only `take` of them count
    } else {
      while (i + plain < n && kPlain[data[i + plain]]) ++plain;
      std::memcpy(p, data + i, plain);
    }
    const std::size_t take = std::min(plain, budget);
    p += take;
    i += take;
    budget -= take;
    if (take < plain) break;               // the budget is spent
    if (plain == 8 || i == n) continue;    // data[i] is not plain otherwise
    const unsigned char c = data[i];
    std::string_view piece;
    std::size_t consumed = 1;
    if (c < 0x80) {
      piece = escape_ascii(c, buf);
    } else if (const std::size_t len = utf8_sequence_length(bytes, i); len != 0) {
      piece = bytes.substr(i, len);
      consumed = len;
    } else {
      piece = escape_invalid(c, buf);
    }
    if (piece.size() > budget) break;
    std::memcpy(p, piece.data(), piece.size());
    p += piece.size();
    budget -= piece.size();
    i += consumed;
  }
  out.append(stage, static_cast<std::size_t>(p - stage));
  return i;
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view bytes, std::size_t pos) noexcept {
  const auto* d = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  if (pos >= n) return 0;
  const unsigned char c = d[pos];
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return pos + 1 < n && is_continuation(d[pos + 1]) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (pos + 2 >= n || !is_continuation(d[pos + 1]) || !is_continuation(d[pos + 2])) return 0;
    if (c == 0xe0 && d[pos + 1] < 0xa0) return 0;   // overlong
    if (c == 0xed && d[pos + 1] >= 0xa0) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (pos + 3 >= n || !is_continuation(d[pos + 1]) || !is_continuation(d[pos + 2]) ||
        !is_continuation(d[pos + 3])) {
      return 0;
    }
    if (c == 0xf0 && d[pos + 1] < 0x90) return 0;   // overlong
    if (c == 0xf4 && d[pos + 1] >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

bool is_valid_utf8(std::string_view bytes) noexcept {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t len = utf8_sequence_length(bytes, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

void append_json_escaped(std::string& out, std::string_view bytes) {
  escape_into(out, bytes, static_cast<std::size_t>(-1));
}

void append_json_string(std::string& out, std::string_view bytes) {
  out.push_back('"');
  escape_into(out, bytes, static_cast<std::size_t>(-1));
  out.push_back('"');
}

std::size_t append_json_escaped_prefix(std::string& out, std::string_view bytes, std::size_t max_out) {
  return escape_into(out, bytes, max_out);
}

bool append_json_unescaped(std::string& out, std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const std::size_t start = i;
    while (i < n && s[i] != '\\' && s[i] != '"' && static_cast<unsigned char>(s[i]) >= 0x20) ++i;
    out.append(s.data() + start, i - start);
    if (i == n) break;
    if (s[i] != '\\') return false;  // raw control byte or unescaped quote
    if (i + 1 >= n) return false;
    const char e = s[i + 1];
    i += 2;
    switch (e) {
      case '"': out.push_back('"'); continue;
      case '\\': out.push_back('\\'); continue;
      case '/': out.push_back('/'); continue;
      case 'b': out.push_back('\b'); continue;
      case 'f': out.push_back('\f'); continue;
      case 'n': out.push_back('\n'); continue;
      case 'r': out.push_back('\r'); continue;
      case 't': out.push_back('\t'); continue;
      case 'u': break;
      default: return false;
    }
    std::uint32_t cp;
    if (!read_hex4(s, i, cp)) return false;
    i += 4;
    if (cp >= 0xd800 && cp <= 0xdbff) {
      std::uint32_t low;
      if (i + 6 > n || s[i] != '\\' || s[i + 1] != 'u' || !read_hex4(s, i + 2, low) || low < 0xdc00 ||
          low > 0xdfff) {
        return false;
      }
      i += 6;
      append_utf8(out, 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00));
    } else if (cp >= 0xdc80 && cp <= 0xdcff) {
      out.push_back(static_cast<char>(cp - 0xdc00));  // surrogateescape: the original byte
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      return false;
    } else {
      append_utf8(out, cp);
    }
  }
  return true;
}

}  // namespace busytrap::core
