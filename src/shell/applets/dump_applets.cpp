// od and hexdump (the forms scripts use to read binaries: `od -x`, `hexdump -C`, and the
// defaults), formatted as BusyBox formats them.
#include <fmt/format.h>

#include "shell/applet.h"

namespace busytrap::shell {
namespace {

std::string_view input_of(AppletCall& c, const std::string& file, std::shared_ptr<const std::string>& hold, bool& ok) {
  ok = true;
  if (file.empty() || file == "-") return c.io.in;
  auto [err, data] = c.sh.read_file(file);
  if (err != vfs::FsError::None) {
    c.error(fmt::format("{}: {}", file, vfs::error_text(err)));
    ok = false;
    return {};
  }
  hold = data;
  return *hold;
}

// Both dumpers take one flag and an optional file (else standard input), and dump at most
// 1 MiB. Returns false (the applet then exits 1) when the input cannot be read.
bool dump_input(AppletCall& c, std::string_view flag, bool& flag_set, std::shared_ptr<const std::string>& hold,
                std::string_view& data) {
  std::string file;
  flag_set = false;
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    if (c.argv[i] == flag) flag_set = true;
    else if (!c.argv[i].starts_with("-")) file = c.argv[i];
  }
  bool ok = true;
  data = input_of(c, file, hold, ok);
  if (!ok) return false;
  data = data.substr(0, 1u << 20);
  return true;
}

int od(AppletCall& c) {
  bool hex;
  std::shared_ptr<const std::string> hold;
  std::string_view d;
  if (!dump_input(c, "-x", hex, hold, d)) return 1;
  std::string out;
  for (std::size_t off = 0; off < d.size(); off += 16) {
    out += fmt::format("{:07o}", off);
    for (std::size_t k = off; k < std::min(off + 16, d.size()); k += 2) {
      const unsigned lo = static_cast<unsigned char>(d[k]);
      const unsigned hi = k + 1 < d.size() ? static_cast<unsigned char>(d[k + 1]) : 0;
      const unsigned word = lo | (hi << 8);
      out += hex ? fmt::format(" {:04x}", word) : fmt::format(" {:06o}", word);
    }
    out += "\n";
  }
  out += fmt::format("{:07o}\n", d.size());
  c.out(out);
  return 0;
}

int hexdump(AppletCall& c) {
  bool canonical;
  std::shared_ptr<const std::string> hold;
  std::string_view d;
  if (!dump_input(c, "-C", canonical, hold, d)) return 1;
  std::string out;
  for (std::size_t off = 0; off < d.size(); off += 16) {
    const std::size_t end = std::min(off + 16, d.size());
    if (canonical) {
      std::string hexpart, text;
      for (std::size_t k = off; k < off + 16; ++k) {
        if (k == off + 8) hexpart += " ";
        if (k < end) {
          const unsigned char ch = static_cast<unsigned char>(d[k]);
          hexpart += fmt::format(" {:02x}", ch);
          text.push_back(ch >= 0x20 && ch < 0x7f ? static_cast<char>(ch) : '.');
        } else {
          hexpart += "   ";
        }
      }
      out += fmt::format("{:08x} {}  |{}|\n", off, hexpart, text);
    } else {
      out += fmt::format("{:07x}", off);
      for (std::size_t k = off; k < end; k += 2) {
        const unsigned lo = static_cast<unsigned char>(d[k]);
        const unsigned hi = k + 1 < end ? static_cast<unsigned char>(d[k + 1]) : 0;
        out += fmt::format(" {:04x}", lo | (hi << 8));
      }
      out += "\n";
    }
  }
  out += canonical ? fmt::format("{:08x}\n", d.size()) : fmt::format("{:07x}\n", d.size());
  c.out(out);
  return 0;
}

}  // namespace

void register_dump_applets(AppletRegistry& r) {
  r.add("od", od);
  r.add("hexdump", hexdump);
}

}  // namespace busytrap::shell
