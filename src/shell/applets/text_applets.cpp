// Text applets: printf (%s %b %c %d %i %u %x %X %o %%, widths, flags, precision; the format is
// reused while arguments remain) and grep (basic or extended regular expressions, -i -v -c -q -l
// -n -h -H -E -F -e -o, over files or stdin).
#include <fmt/format.h>
#include <regex.h>

#include <cstdlib>

#include "shell/applet.h"

namespace busytrap::shell {
namespace {

// Backslash escapes of printf's format and of %b (same set as echo -e).
std::size_t escape(std::string_view s, std::size_t i, std::string& out) {
  const char e = s[i + 1];
  switch (e) {
    case 'n': out.push_back('\n'); return i + 2;
    case 't': out.push_back('\t'); return i + 2;
    case 'r': out.push_back('\r'); return i + 2;
    case 'a': out.push_back('\a'); return i + 2;
    case 'b': out.push_back('\b'); return i + 2;
    case 'f': out.push_back('\f'); return i + 2;
    case 'v': out.push_back('\v'); return i + 2;
    case '\\': out.push_back('\\'); return i + 2;
    case 'x': {
      std::size_t j = i + 2;
      int v = 0, n = 0;
      while (j < s.size() && n < 2 && std::isxdigit(static_cast<unsigned char>(s[j]))) {
        v = v * 16 + (std::isdigit(static_cast<unsigned char>(s[j])) ? s[j] - '0' : (std::tolower(s[j]) - 'a' + 10));
        ++j;
        ++n;
      }
      if (n == 0) {
        out.append("\\x");
        return i + 2;
      }
      out.push_back(static_cast<char>(v));
      return j;
    }
    default:
      if (e >= '0' && e <= '7') {
        std::size_t j = i + 1;
        if (e == '0') ++j;
        int v = 0, n = 0;
        while (j < s.size() && n < 3 && s[j] >= '0' && s[j] <= '7') {
          v = v * 8 + (s[j] - '0');
          ++j;
          ++n;
        }
        out.push_back(static_cast<char>(v & 0xff));
        return j;
      }
      out.push_back('\\');
      out.push_back(e);
      return i + 2;
  }
}

int printf_applet(AppletCall& c) {
  if (c.argv.size() < 2) return c.usage();
  const std::string& format = c.argv[1];
  std::size_t arg = 2;
  std::string out;
  int status = 0;
  auto next_arg = [&]() -> std::string { return arg < c.argv.size() ? c.argv[arg++] : std::string(); };
  for (int pass = 0; pass < 10000; ++pass) {
    const std::size_t arg_before = arg;
    for (std::size_t i = 0; i < format.size();) {
      const char ch = format[i];
      if (ch == '\\' && i + 1 < format.size()) {
        i = escape(format, i, out);
        continue;
      }
      if (ch != '%' || i + 1 >= format.size()) {
        out.push_back(ch);
        ++i;
        continue;
      }
      std::size_t j = i + 1;
      while (j < format.size() && std::string_view("-+ #0").find(format[j]) != std::string_view::npos) ++j;
      while (j < format.size() && (std::isdigit(static_cast<unsigned char>(format[j])) || format[j] == '.')) ++j;
      if (j >= format.size()) {
        out.append(format.substr(i));
        break;
      }
      const std::string spec = format.substr(i, j - i);  // "%-5" etc, without the conversion
      const char conv = format[j];
      i = j + 1;
      auto c_format = [&](const std::string& f, auto value) {
        char buf[512];
        std::snprintf(buf, sizeof buf, f.c_str(), value);
        out.append(buf);
      };
      switch (conv) {
        case '%': out.push_back('%'); break;
        case 's': c_format(spec + "s", next_arg().c_str()); break;
        case 'c': {
          const std::string a = next_arg();
          if (!a.empty()) out.push_back(a[0]);
          break;
        }
        case 'b': {
          const std::string a = next_arg();
          for (std::size_t k = 0; k < a.size();) {
            if (a[k] == '\\' && k + 1 < a.size()) k = escape(a, k, out);
            else out.push_back(a[k++]);
          }
          break;
        }
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
          const std::string a = next_arg();
          char* end = nullptr;
          long long v = a.empty() ? 0 : std::strtoll(a.c_str(), &end, 0);
          if (!a.empty() && a.size() > 1 && (a[0] == '\'' || a[0] == '"')) {
            v = static_cast<unsigned char>(a[1]);
          } else if (!a.empty() && *end != '\0') {
            c.error(fmt::format("invalid number '{}'", a));
            status = 1;
          }
          c_format(spec + "ll" + std::string(1, conv == 'i' ? 'd' : conv), v);
          break;
        }
        default:
          out.append(spec).push_back(conv);
      }
    }
    if (arg >= c.argv.size() || arg == arg_before) break;
  }
  c.out(out);
  return status;
}

int grep(AppletCall& c) {
  bool invert = false, count = false, quiet = false, list = false, number = false, icase = false, extended = false,
       fixed = false, only = false, with_name = false, no_name = false;
  std::vector<std::string> patterns, files;
  extended = c.argv[0] == "egrep";
  fixed = c.argv[0] == "fgrep";
  bool options = true;
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    const std::string& a = c.argv[i];
    if (options && a == "--") {
      options = false;
    } else if (options && a.size() > 1 && a[0] == '-') {
      for (std::size_t k = 1; k < a.size(); ++k) {
        switch (a[k]) {
          case 'v': invert = true; break;
          case 'c': count = true; break;
          case 'q': case 's': quiet = a[k] == 'q' || quiet; break;
          case 'l': list = true; break;
          case 'n': number = true; break;
          case 'i': icase = true; break;
          case 'E': extended = true; break;
          case 'F': fixed = true; break;
          case 'o': only = true; break;
          case 'H': with_name = true; break;
          case 'h': no_name = true; break;
          case 'e':
            patterns.push_back(k + 1 < a.size() ? a.substr(k + 1) : (i + 1 < c.argv.size() ? c.argv[++i] : ""));
            k = a.size();
            break;
          default:
            c.error(fmt::format("invalid option -- '{}'", a[k]));
            return c.usage() + 1;
        }
      }
    } else if (patterns.empty() && files.empty() && !(c.argv[i - 1] == "-e")) {
      patterns.push_back(a);
    } else {
      files.push_back(a);
    }
  }
  if (patterns.empty()) return c.usage() + 1;
  std::vector<regex_t> compiled;
  for (std::string p : patterns) {
    if (fixed) {
      std::string escaped;
      for (char ch : p) {
        if (std::string_view(".[]()*+?{}|^$\\").find(ch) != std::string_view::npos) escaped.push_back('\\');
        escaped.push_back(ch);
      }
      p = escaped;
    }
    regex_t re;
    if (regcomp(&re, p.c_str(), (extended || fixed ? REG_EXTENDED : 0) | (icase ? REG_ICASE : 0)) != 0) {
      c.error(fmt::format("bad regex '{}'", p));
      for (auto& r : compiled) regfree(&r);
      return 2;
    }
    compiled.push_back(re);
  }
  if (files.empty()) files.push_back("-");
  const bool names = (files.size() > 1 || with_name) && !no_name;
  bool any = false;
  int status = 1;
  for (const auto& f : files) {
    std::shared_ptr<const std::string> hold;
    std::string_view data = c.io.in;
    if (f != "-") {
      auto [err, d] = c.sh.read_file(f);
      if (err != vfs::FsError::None) {
        if (!quiet) c.error(fmt::format("{}: {}", f, vfs::error_text(err)));
        status = 2;
        continue;
      }
      hold = d;
      data = *hold;
    }
    std::size_t matches = 0, line_no = 0, pos = 0;
    std::string out;
    while (pos < data.size()) {
      std::size_t nl = data.find('\n', pos);
      if (nl == std::string_view::npos) nl = data.size();
      const std::string line(data.substr(pos, nl - pos));
      pos = nl + 1;
      ++line_no;
      regmatch_t m;
      const regex_t* matched = nullptr;
      for (auto& re : compiled) {
        if (regexec(&re, line.c_str(), 1, &m, 0) == 0) {
          matched = &re;
          break;
        }
      }
      if ((matched != nullptr) == invert) continue;
      ++matches;
      if (quiet || list || count) continue;
      const std::string prefix = (names ? f + ":" : std::string()) + (number ? std::to_string(line_no) + ":" : std::string());
      if (!only || invert) {
        out += prefix + line + "\n";
        continue;
      }
      // -o: every non-empty match of the line, left to right.
      std::size_t offset = 0;
      for (int guard = 0; guard < 10000 && offset <= line.size(); ++guard) {
        if (regexec(matched, line.c_str() + offset, 1, &m, offset > 0 ? REG_NOTBOL : 0) != 0) break;
        const auto so = static_cast<std::size_t>(m.rm_so), eo = static_cast<std::size_t>(m.rm_eo);
        if (eo > so) out += prefix + line.substr(offset + so, eo - so) + "\n";
        offset += eo > so ? eo : so + 1;
      }
    }
    if (matches > 0) any = true;
    if (count) out += (names ? f + ":" : std::string()) + std::to_string(matches) + "\n";
    if (list && matches > 0) out += f + "\n";
    if (!quiet) c.out(out);
  }
  for (auto& r : compiled) regfree(&r);
  if (any) return 0;
  return status;
}

}  // namespace

void register_text_applets(AppletRegistry& r) {
  r.add("printf", printf_applet, true);
  r.add("grep", grep);
  r.add("egrep", grep);
  r.add("fgrep", grep);
}

}  // namespace busytrap::shell
