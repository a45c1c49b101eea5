// File applets over the emulated file system: cat, cp, mv, rm, mkdir, rmdir, chmod, touch, ln,
// ls, dd, head, tail, wc. Error texts are BusyBox's ("cat: can't open 'x': No such file or
// directory"). Output bytes are the file's bytes, unaltered.
#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "shell/applet.h"

namespace busytrap::shell {
namespace {

using vfs::FsError;
using vfs::NodeType;

// Splits argv into option letters and operands ("--" ends options; "-" is an operand).
struct Parsed {
  std::string flags;
  std::vector<std::string> operands;
  bool has(char f) const { return flags.find(f) != std::string::npos; }
};

Parsed parse_options(const std::vector<std::string>& argv, std::string_view with_argument = {},
                     std::vector<std::pair<char, std::string>>* values = nullptr) {
  Parsed p;
  bool options = true;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (options && a == "--") {
      options = false;
      continue;
    }
    if (options && a.size() > 1 && a[0] == '-') {
      for (std::size_t k = 1; k < a.size(); ++k) {
        p.flags.push_back(a[k]);
        if (with_argument.find(a[k]) != std::string_view::npos) {
          std::string value = k + 1 < a.size() ? a.substr(k + 1) : (i + 1 < argv.size() ? argv[++i] : "");
          if (values) values->emplace_back(a[k], value);
          break;
        }
      }
      continue;
    }
    p.operands.push_back(a);
  }
  return p;
}

int cat(AppletCall& c) {
  Parsed p = parse_options(c.argv);
  if (p.operands.empty()) p.operands.push_back("-");
  int status = 0;
  for (const auto& f : p.operands) {
    if (f == "-") {
      c.out(c.io.in);
      continue;
    }
    auto [err, data] = c.sh.read_file(f);
    if (err == FsError::IsDirectory) {
      c.error("read error: Is a directory");
      status = 1;
    } else if (err != FsError::None) {
      c.error(fmt::format("can't open '{}': {}", f, vfs::error_text(err)));
      status = 1;
    } else {
      c.out(*data);
    }
  }
  return status;
}

int cp(AppletCall& c) {
  Parsed p = parse_options(c.argv);
  if (p.operands.size() < 2) return c.usage();
  const std::string dest = p.operands.back();
  const bool many = p.operands.size() > 2;
  int status = 0;
  for (std::size_t i = 0; i + 1 < p.operands.size(); ++i) {
    const std::string& src = p.operands[i];
    auto [err, node] = c.sh.fs().lookup(c.sh.absolute(src));
    if (err != FsError::None) {
      c.error(fmt::format("can't stat '{}': {}", src, vfs::error_text(err)));
      status = 1;
      continue;
    }
    if (node->type == NodeType::Directory && !(p.has('r') || p.has('R') || p.has('a'))) {
      c.error(fmt::format("omitting directory '{}'", src));
      status = 1;
      continue;
    }
    std::string target = c.sh.absolute(dest);
    if (many) {
      auto [derr, dnode] = c.sh.fs().lookup(target);
      if (derr != FsError::None || dnode->type != NodeType::Directory) {
        c.error(fmt::format("'{}' is not a directory", dest));
        return 1;
      }
    }
    FsError e = c.sh.fs().copy_file(c.sh.absolute(src), target);
    if (e != FsError::None) {
      c.error(fmt::format("can't create '{}': {}", dest, vfs::error_text(e)));
      status = 1;
    }
  }
  return status;
}

int mv(AppletCall& c) {
  Parsed p = parse_options(c.argv);
  if (p.operands.size() < 2) return c.usage();
  int status = 0;
  for (std::size_t i = 0; i + 1 < p.operands.size(); ++i) {
    FsError e = c.sh.fs().rename(c.sh.absolute(p.operands[i]), c.sh.absolute(p.operands.back()));
    if (e != FsError::None) {
      c.error(fmt::format("can't rename '{}': {}", p.operands[i], vfs::error_text(e)));
      status = 1;
    }
  }
  return status;
}

int rm(AppletCall& c) {
  Parsed p = parse_options(c.argv);
  const bool force = p.has('f');
  const bool recursive = p.has('r') || p.has('R');
  if (p.operands.empty()) return force ? 0 : c.usage();
  int status = 0;
  for (const auto& f : p.operands) {
    const std::string path = c.sh.absolute(f);
    auto [err, node] = c.sh.fs().lookup(path, false);
    if (err != FsError::None) {
      if (!force) {
        c.error(fmt::format("can't remove '{}': {}", f, vfs::error_text(err)));
        status = 1;
      }
      continue;
    }
    if (node->type == NodeType::Directory && !recursive) {
      c.error(fmt::format("'{}' is a directory", f));
      status = 1;
      continue;
    }
    FsError e = c.sh.fs().remove(path, recursive);
    if (e != FsError::None) {
      c.error(fmt::format("can't remove '{}': {}", f, vfs::error_text(e)));
      status = 1;
    }
  }
  return status;
}

bool parse_mode(const std::string& text, std::uint32_t old_mode, std::uint32_t& mode) {
  if (!text.empty() && text.find_first_not_of("01234567") == std::string::npos) {
    mode = static_cast<std::uint32_t>(std::stoul(text.substr(0, 6), nullptr, 8)) & 07777;
    return true;
  }
  // Symbolic: [ugoa]*[+-=][rwxXst]*, comma separated.
  mode = old_mode;
  std::size_t i = 0;
  while (i < text.size()) {
    std::uint32_t who = 0;
    while (i < text.size() && std::string_view("ugoa").find(text[i]) != std::string_view::npos) {
      who |= text[i] == 'u' ? 04700u : text[i] == 'g' ? 02070u : text[i] == 'o' ? 01007u : 07777u;
      ++i;
    }
    if (who == 0) who = 07777;
    if (i >= text.size() || std::string_view("+-=").find(text[i]) == std::string_view::npos) return false;
    const char op = text[i++];
    std::uint32_t bits = 0;
    while (i < text.size() && text[i] != ',') {
      switch (text[i]) {
        case 'r': bits |= 0444; break;
        case 'w': bits |= 0222; break;
        case 'x': case 'X': bits |= 0111; break;
        case 's': bits |= 06000; break;
        case 't': bits |= 01000; break;
        default: return false;
      }
      ++i;
    }
    bits &= who;
    if (op == '+') mode |= bits;
    else if (op == '-') mode &= ~bits;
    else mode = (mode & ~who) | bits;
    if (i < text.size()) ++i;
  }
  return true;
}

int chmod_applet(AppletCall& c) {
  std::vector<std::string> operands;
  std::string mode_text;
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    const std::string& a = c.argv[i];
    if (mode_text.empty() && operands.empty() && a.size() > 1 && a[0] == '-' &&
        a.find_first_not_of("Rcvf", 1) == std::string::npos) {
      continue;
    }
    if (mode_text.empty()) mode_text = a;
    else operands.push_back(a);
  }
  if (operands.empty()) return c.usage();
  int status = 0;
  for (const auto& f : operands) {
    const std::string path = c.sh.absolute(f);
    auto [err, node] = c.sh.fs().lookup(path);
    if (err != FsError::None) {
      c.error(fmt::format("{}: {}", f, vfs::error_text(err)));
      status = 1;
      continue;
    }
    std::uint32_t mode = 0;
    if (!parse_mode(mode_text, node->mode, mode)) {
      c.error(fmt::format("invalid mode '{}'", mode_text));
      return 1;
    }
    FsError e = c.sh.fs().change_mode(path, mode);
    if (e != FsError::None) {
      c.error(fmt::format("{}: {}", f, vfs::error_text(e)));
      status = 1;
    }
  }
  return status;
}

int mkdir_applet(AppletCall& c) {
  std::vector<std::pair<char, std::string>> values;
  Parsed p = parse_options(c.argv, "m", &values);
  if (p.operands.empty()) return c.usage();
  std::uint32_t mode = 0755;
  for (auto& [k, v] : values) {
    if (k == 'm' && !parse_mode(v, 0777, mode)) {
      c.error(fmt::format("invalid mode '{}'", v));
      return 1;
    }
  }
  int status = 0;
  for (const auto& d : p.operands) {
    FsError e = c.sh.fs().make_directory(c.sh.absolute(d), mode, p.has('p'));
    if (e != FsError::None) {
      c.error(fmt::format("can't create directory '{}': {}", d, vfs::error_text(e)));
      status = 1;
    }
  }
  return status;
}

int rmdir_applet(AppletCall& c) {
  Parsed p = parse_options(c.argv);
  if (p.operands.empty()) return c.usage();
  int status = 0;
  for (const auto& d : p.operands) {
    const std::string path = c.sh.absolute(d);
    auto [err, node] = c.sh.fs().lookup(path, false);
    FsError e = err;
    if (e == FsError::None && node->type != NodeType::Directory) e = FsError::NotDirectory;
    if (e == FsError::None && !node->children.empty()) e = FsError::NotEmpty;
    if (e == FsError::None) e = c.sh.fs().remove(path, true);
    if (e != FsError::None) {
      c.error(fmt::format("'{}': {}", d, vfs::error_text(e)));
      status = 1;
    }
  }
  return status;
}

int touch(AppletCall& c) {
  Parsed p = parse_options(c.argv);
  if (p.operands.empty()) return c.usage();
  int status = 0;
  for (const auto& f : p.operands) {
    const std::string path = c.sh.absolute(f);
    if (c.sh.fs().lookup(path).first == FsError::None) continue;
    FsError e = c.sh.fs().write_file(path, "", true, vfs::Provenance::Redirect);
    if (e != FsError::None) {
      c.error(fmt::format("{}: {}", f, vfs::error_text(e)));
      status = 1;
    }
  }
  return status;
}

int ln(AppletCall& c) {
  Parsed p = parse_options(c.argv);
  if (p.operands.size() < 2) return c.usage();
  const std::string& target = p.operands[0];
  std::string link = c.sh.absolute(p.operands[1]);
  if (p.has('f')) c.sh.fs().remove(link, false);
  FsError e = p.has('s') ? c.sh.fs().make_symlink(target, link) : c.sh.fs().copy_file(c.sh.absolute(target), link);
  if (e != FsError::None) {
    c.error(fmt::format("{}: {}", p.operands[1], vfs::error_text(e)));
    return 1;
  }
  return 0;
}

std::string mode_string(const vfs::Node& n) {
  std::string s = n.type == NodeType::Directory ? "d" : n.type == NodeType::Symlink ? "l" : n.type == NodeType::CharDevice ? "c" : "-";
  const char* rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; ++i) s.push_back((n.mode >> (8 - i)) & 1 ? rwx[i] : '-');
  return s;
}

std::string ls_long(const std::string& name, const vfs::Node& n, std::int64_t now) {
  char date[32];
  const std::time_t t = static_cast<std::time_t>(n.mtime);
  std::tm tm{};
  gmtime_r(&t, &tm);
  if (now - n.mtime > 182 * 86400 || n.mtime > now + 3600) {
    std::strftime(date, sizeof date, "%b %e  %Y", &tm);
  } else {
    std::strftime(date, sizeof date, "%b %e %H:%M", &tm);
  }
  const std::size_t links = n.type == NodeType::Directory ? 2 + std::count_if(n.children.begin(), n.children.end(), [](auto& kv) { return kv.second->type == NodeType::Directory; }) : 1;
  std::string line = fmt::format("{} {:>4} {:<8} {:<8} {:>9} {} {}", mode_string(n), links, n.uid == 0 ? "root" : std::to_string(n.uid),
                                 n.gid == 0 ? "root" : std::to_string(n.gid), n.type == NodeType::Directory ? 0 : n.size(), date, name);
  if (n.type == NodeType::Symlink) line += " -> " + n.link_target;
  return line + "\n";
}

int ls(AppletCall& c) {
  Parsed p = parse_options(c.argv);
  const bool all = p.has('a') || p.has('A');
  const bool longf = p.has('l');
  if (p.operands.empty()) p.operands.push_back(".");
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  int status = 0;
  std::string out;
  for (const auto& f : p.operands) {
    auto [err, node] = c.sh.fs().lookup(c.sh.absolute(f), !longf);
    if (err != FsError::None) {
      c.error(fmt::format("{}: {}", f, vfs::error_text(err)));
      status = 1;
      continue;
    }
    if (node->type != NodeType::Directory || p.has('d')) {
      out += longf ? ls_long(f, *node, now) : f + "\n";
      continue;
    }
    if (p.operands.size() > 1) out += f + ":\n";
    std::vector<std::pair<std::string, const vfs::Node*>> entries;
    if (p.has('a')) {
      entries.emplace_back(".", node.get());
      entries.emplace_back("..", node.get());
    }
    for (const auto& [name, child] : node->children) {
      if (!all && name.starts_with(".")) continue;
      entries.emplace_back(name, child.get());
    }
    if (longf) {
      std::uint64_t blocks = 0;
      for (auto& [name, n] : entries) blocks += (n->size() + 1023) / 1024;
      out += fmt::format("total {}\n", blocks);
      for (auto& [name, n] : entries) out += ls_long(name, *n, now);
    } else {
      std::size_t width = 0;
      for (auto& e : entries) width = std::max(width, e.first.size());
      width += 2;
      const std::size_t cols = std::max<std::size_t>(1, 80 / width);
      const std::size_t rows = (entries.size() + cols - 1) / cols;
      for (std::size_t r = 0; r < rows; ++r) {
        std::string line;
        for (std::size_t col = 0; col < cols; ++col) {
          const std::size_t k = col * rows + r;
          if (k >= entries.size()) break;
          const bool last = (col + 1) * rows + r >= entries.size();
          line += last ? entries[k].first : fmt::format("{:<{}}", entries[k].first, width);
        }
        out += line + "\n";
      }
    }
  }
  c.out(out);
  return status;
}

std::uint64_t parse_size(const std::string& s, bool& ok) {
  ok = false;
  if (s.empty()) return 0;
  std::size_t end = 0;
  unsigned long long v = 0;
  try {
    v = std::stoull(s, &end, 10);
  } catch (...) {
    return 0;
  }
  std::string suffix = s.substr(end);
  std::uint64_t mult = 1;
  if (suffix == "k" || suffix == "K") mult = 1024;
  else if (suffix == "M") mult = 1024 * 1024;
  else if (suffix == "b") mult = 512;
  else if (suffix == "w") mult = 2;
  else if (!suffix.empty()) return 0;
  ok = true;
  return std::min<std::uint64_t>(v * mult, 1ull << 40);
}

int dd(AppletCall& c) {
  std::string in_file, out_file;
  std::uint64_t bs = 512, count = UINT64_MAX, skip = 0, seek = 0;
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    const std::string& a = c.argv[i];
    const std::size_t eq = a.find('=');
    if (eq == std::string::npos) return c.usage();
    const std::string key = a.substr(0, eq), value = a.substr(eq + 1);
    bool ok = true;
    if (key == "if") in_file = value;
    else if (key == "of") out_file = value;
    else if (key == "bs" || key == "ibs" || key == "obs") bs = parse_size(value, ok);
    else if (key == "count") count = parse_size(value, ok);
    else if (key == "skip") skip = parse_size(value, ok);
    else if (key == "seek") seek = parse_size(value, ok);
    else if (key != "conv" && key != "status" && key != "iflag" && key != "oflag") return c.usage();
    if (!ok || bs == 0) {
      c.error(fmt::format("invalid number '{}'", value));
      return 1;
    }
  }
  std::shared_ptr<const std::string> source;
  std::string generated;
  std::string_view data = c.io.in;
  if (!in_file.empty()) {
    if (in_file == "/dev/zero" || in_file == "/dev/urandom" || in_file == "/dev/random") {
      const std::uint64_t want = std::min<std::uint64_t>(count == UINT64_MAX ? 1u << 20 : count * bs,
                                                        c.sh.limits().max_buffer_bytes);
      generated.resize((skip * bs < want ? want : 0), '\0');
      if (in_file != "/dev/zero") {
        for (auto& ch : generated) ch = static_cast<char>(c.sh.rng()() & 0xff);
      }
      data = generated;
      skip = 0;
    } else {
      auto [err, d] = c.sh.read_file(in_file);
      if (err != FsError::None) {
        c.error(fmt::format("can't open '{}': {}", in_file, vfs::error_text(err)));
        return 1;
      }
      source = d;
      data = *source;
    }
  }
  const std::uint64_t start = std::min<std::uint64_t>(skip * bs, data.size());
  const std::uint64_t len = count == UINT64_MAX ? data.size() - start : std::min<std::uint64_t>(count * bs, data.size() - start);
  std::string_view chunk = data.substr(start, len);
  const std::uint64_t full = chunk.size() / bs, partial = chunk.size() % bs ? 1 : 0;
  if (out_file.empty()) {
    c.out(chunk);
  } else {
    const std::string path = c.sh.absolute(out_file);
    std::string contents;
    if (seek > 0) {
      if (auto [err, old] = c.sh.read_file(out_file); err == FsError::None) contents = old->substr(0, seek * bs);
      contents.resize(std::min<std::uint64_t>(seek * bs, c.sh.limits().max_buffer_bytes), '\0');
    }
    contents.append(chunk);
    FsError e = c.sh.fs().write_file(path, contents, false, vfs::Provenance::Dd);
    if (e != FsError::None) {
      c.error(fmt::format("can't open '{}': {}", out_file, vfs::error_text(e)));
      return 1;
    }
  }
  c.err(fmt::format("{}+{} records in\n{}+{} records out\n", full, partial, full, partial));
  return 0;
}

int head_tail(AppletCall& c) {
  const bool head = c.argv[0] == "head";
  std::vector<std::pair<char, std::string>> values;
  // "-n N", "-c N", and the old "-N" form.
  std::vector<std::string> args = c.argv;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i].size() > 1 && args[i][0] == '-' && std::isdigit(static_cast<unsigned char>(args[i][1]))) args[i] = "-n" + args[i].substr(1);
  }
  Parsed p = parse_options(args, "nc", &values);
  long long lines = 10, bytes = -1;
  for (auto& [k, v] : values) {
    const long long n = std::strtoll(v.c_str(), nullptr, 10);
    if (k == 'n') lines = n;
    if (k == 'c') bytes = n;
  }
  if (p.operands.empty()) p.operands.push_back("-");
  int status = 0;
  for (const auto& f : p.operands) {
    std::shared_ptr<const std::string> d;
    std::string_view data = c.io.in;
    if (f != "-") {
      auto [err, content] = c.sh.read_file(f);
      if (err != FsError::None) {
        c.error(fmt::format("{}: {}", f, vfs::error_text(err)));
        status = 1;
        continue;
      }
      d = content;
      data = *d;
    }
    if (p.operands.size() > 1) c.out(fmt::format("==> {} <==\n", f));
    if (bytes >= 0) {
      const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(bytes), data.size());
      c.out(head ? data.substr(0, n) : data.substr(data.size() - n));
      continue;
    }
    if (head) {
      std::size_t pos = 0;
      for (long long k = 0; k < lines && pos < data.size(); ++k) {
        const std::size_t nl = data.find('\n', pos);
        pos = nl == std::string_view::npos ? data.size() : nl + 1;
      }
      c.out(data.substr(0, pos));
    } else {
      std::size_t pos = data.size();
      if (pos > 0 && data[pos - 1] == '\n') --pos;
      for (long long k = 0; k < lines && pos > 0; ++k) {
        const std::size_t nl = data.rfind('\n', pos - 1);
        pos = nl == std::string_view::npos ? 0 : (k + 1 < lines ? nl : nl + 1);
        if (k + 1 < lines && nl == std::string_view::npos) break;
      }
      c.out(data.substr(pos));
    }
  }
  return status;
}

int wc(AppletCall& c) {
  Parsed p = parse_options(c.argv);
  const bool any = p.has('l') || p.has('w') || p.has('c');
  auto count = [&](std::string_view d, const std::string& name) {
    std::size_t l = 0, w = 0;
    bool in_word = false;
    for (char ch : d) {
      if (ch == '\n') ++l;
      const bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
      if (!space && !in_word) ++w;
      in_word = !space;
    }
    std::vector<std::size_t> columns;
    if (!any || p.has('l')) columns.push_back(l);
    if (!any || p.has('w')) columns.push_back(w);
    if (!any || p.has('c')) columns.push_back(d.size());
    // BusyBox pads to 9 columns only when it prints more than one count.
    std::string line;
    for (std::size_t v : columns) {
      if (!line.empty()) line.push_back(' ');
      line += columns.size() == 1 ? std::to_string(v) : fmt::format("{:>9}", v);
    }
    if (!name.empty()) line += " " + name;
    c.out(line + "\n");
  };
  if (p.operands.empty()) {
    count(c.io.in, "");
    return 0;
  }
  int status = 0;
  for (const auto& f : p.operands) {
    auto [err, d] = c.sh.read_file(f);
    if (err != FsError::None) {
      c.error(fmt::format("{}: {}", f, vfs::error_text(err)));
      status = 1;
      continue;
    }
    count(*d, f);
  }
  return status;
}

}  // namespace

void register_file_applets(AppletRegistry& r) {
  r.add("cat", cat);
  r.add("cp", cp);
  r.add("mv", mv);
  r.add("rm", rm);
  r.add("chmod", chmod_applet);
  r.add("mkdir", mkdir_applet);
  r.add("rmdir", rmdir_applet);
  r.add("touch", touch);
  r.add("ln", ln);
  r.add("ls", ls);
  r.add("dd", dd);
  r.add("head", head_tail);
  r.add("tail", head_tail);
  r.add("wc", wc);
}

}  // namespace busytrap::shell
