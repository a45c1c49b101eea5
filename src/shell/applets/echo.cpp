// echo (ash builtin and BusyBox applet): -n, -e, -E in any combination ("-ne"), escapes
// \a \b \c \e \f \n \r \t \v \\ \0NNN \NNN (octal, busybox accepts both) \xHH. Bytes are
// written unaltered (NUL and 0xFF included): the Mirai echo loader depends on it.
#include "shell/applet.h"

namespace busytrap::shell {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends the decoded form of `s` to `out`; returns false when \c stops all output.
bool decode_escapes(std::string_view s, std::string& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out.push_back(c);
      continue;
    }
    const char e = s[++i];
    switch (e) {
      case 'a': out.push_back('\a'); break;
      case 'b': out.push_back('\b'); break;
      case 'c': return false;
      case 'e': out.push_back('\x1b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'v': out.push_back('\v'); break;
      case '\\': out.push_back('\\'); break;
      case 'x': {
        int v = 0, n = 0;
        while (n < 2 && i + 1 < s.size() && hex_value(s[i + 1]) >= 0) {
          v = v * 16 + hex_value(s[++i]);
          ++n;
        }
        if (n == 0) {
          out.append("\\x");
        } else {
          out.push_back(static_cast<char>(v));
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          // \0NNN: up to three digits after the 0; \NNN: up to three digits.
          int v = 0, n = 0;
          std::size_t j = i;
          if (e == '0') ++j;
          while (n < 3 && j < s.size() && s[j] >= '0' && s[j] <= '7') {
            v = v * 8 + (s[j] - '0');
            ++j;
            ++n;
          }
          i = j - 1;
          out.push_back(static_cast<char>(v & 0xff));
        } else {
          out.push_back('\\');
          out.push_back(e);
        }
    }
  }
  return true;
}

int echo(AppletCall& c) {
  bool newline = true, escapes = false;
  std::size_t i = 1;
  for (; i < c.argv.size(); ++i) {
    const std::string& a = c.argv[i];
    if (a.size() < 2 || a[0] != '-' || a.find_first_not_of("neE", 1) != std::string::npos) break;
    for (char f : std::string_view(a).substr(1)) {
      if (f == 'n') newline = false;
      if (f == 'e') escapes = true;
      if (f == 'E') escapes = false;
    }
  }
  std::string out;
  for (std::size_t k = i; k < c.argv.size(); ++k) {
    if (k > i) out.push_back(' ');
    if (escapes) {
      if (!decode_escapes(c.argv[k], out)) {
        c.out(out);
        return 0;
      }
    } else {
      out.append(c.argv[k]);
    }
  }
  if (newline) out.push_back('\n');
  c.out(out);
  return 0;
}

}  // namespace

void register_echo_applets(AppletRegistry& registry) { registry.add("echo", echo, true); }

}  // namespace busytrap::shell
