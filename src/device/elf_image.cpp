#include "device/elf_image.h"

#include <algorithm>

namespace busytrap::device {
namespace {

class ElfWriter {
 public:
  ElfWriter(std::string& out, bool big_endian) : out_(out), big_(big_endian) {}
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) { put(v, 2); }
  void u32(std::uint32_t v) { put(v, 4); }
  void u64(std::uint64_t v) { put(v, 8); }
  void addr(std::uint64_t v, bool wide) { wide ? u64(v) : u32(static_cast<std::uint32_t>(v)); }

 private:
  void put(std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) {
      const int shift = big_ ? (bytes - 1 - i) * 8 : i * 8;
      out_.push_back(static_cast<char>((v >> shift) & 0xff));
    }
  }
  std::string& out_;
  bool big_;
};

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

}  // namespace

std::string build_busybox_binary(const DeviceProfile& profile) {
  const ElfParameters& e = profile.elf;
  const bool wide = e.elf_class == 2;
  const bool big = e.data == 2;
  const std::uint32_t ehsize = wide ? 64 : 52;
  const std::uint32_t phentsize = wide ? 56 : 32;
  const std::uint32_t shentsize = wide ? 64 : 40;
  const bool dynamic = !e.interpreter.empty();
  const std::uint16_t phnum = dynamic ? 5 : 3;
  const std::uint32_t size = std::max<std::uint32_t>(e.busybox_size, 8192);
  const std::uint16_t shnum = 24;
  const std::uint32_t shoff = (size - shnum * shentsize) & ~3u;
  const std::uint64_t base = (e.machine == 8) ? 0x400000 : 0x8000;  // MIPS vs ARM link address
  const std::uint32_t interp_off = ehsize + phnum * phentsize;
  const std::uint32_t text_size = static_cast<std::uint32_t>(shoff * 0.93) & ~0xfffu;

  std::string out;
  out.reserve(size);
  ElfWriter w(out, big);
  // e_ident
  out.append("\x7f" "ELF", 4);
  w.u8(e.elf_class);
  w.u8(e.data);
  w.u8(1);  // EV_CURRENT
  w.u8(0);  // ELFOSABI_SYSV
  out.append(8, '\0');
  w.u16(2);  // ET_EXEC
  w.u16(e.machine);
  w.u32(1);
  w.addr(base + interp_off + 0x100, wide);  // e_entry
  w.addr(ehsize, wide);                      // e_phoff
  w.addr(shoff, wide);                       // e_shoff
  w.u32(e.flags);
  w.u16(static_cast<std::uint16_t>(ehsize));
  w.u16(static_cast<std::uint16_t>(phentsize));
  w.u16(phnum);
  w.u16(static_cast<std::uint16_t>(shentsize));
  w.u16(shnum);
  w.u16(shnum - 1);  // e_shstrndx

  auto phdr = [&](std::uint32_t type, std::uint32_t flags, std::uint64_t off, std::uint64_t vaddr,
                  std::uint64_t filesz, std::uint64_t memsz, std::uint64_t align) {
    w.u32(type);
    if (wide) w.u32(flags);
    w.addr(off, wide);
    w.addr(vaddr, wide);
    w.addr(vaddr, wide);
    w.addr(filesz, wide);
    w.addr(memsz, wide);
    if (!wide) w.u32(flags);
    w.addr(align, wide);
  };
  const std::uint64_t interp_len = e.interpreter.size() + 1;
  if (dynamic) {
    phdr(6, 4, ehsize, base + ehsize, phnum * phentsize, phnum * phentsize, 4);  // PT_PHDR
    phdr(3, 4, interp_off, base + interp_off, interp_len, interp_len, 1);       // PT_INTERP
  }
  phdr(1, 5, 0, base, text_size, text_size, 0x10000);                         // PT_LOAD text
  const std::uint64_t data_off = text_size;
  const std::uint64_t data_size = shoff - data_off;
  phdr(1, 6, data_off, base + 0x10000 + data_off, data_size, data_size + 0x2000, 0x10000);
  phdr(0x6474e551, 6, 0, 0, 0, 0, 4);  // PT_GNU_STACK
  if (dynamic) out.append(e.interpreter).push_back('\0');

  // Body: deterministic pseudo-random words (the entropy of machine code) with the strings a
  // real BusyBox carries spread through its rodata.
  std::uint64_t state = fnv1a(profile.name + profile.busybox_banner) | 1;
  std::vector<std::string> strings = {profile.busybox_banner, "BusyBox is copyrighted by many authors between 1998-2012.",
                                      "applet not found", "Usage: %s", "/proc/self/exe",
                                      "can't open '%s'", "/bin/sh", "%s: applet not found"};
  for (const auto& a : profile.applets) strings.push_back(a);
  std::size_t next_string = 0;
  const std::size_t rodata_start = text_size * 3 / 4;
  while (out.size() < shoff) {
    if (out.size() >= rodata_start && next_string < strings.size()) {
      const std::string& s = strings[next_string++];
      if (out.size() + s.size() + 1 <= shoff) {
        out.append(s).push_back('\0');
        continue;
      }
    }
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    const std::size_t room = std::min<std::size_t>(8, shoff - out.size());
    for (std::size_t i = 0; i < room; ++i) out.push_back(static_cast<char>((state >> (i * 8)) & 0xff));
  }
  // Section headers: the null entry, then plausible PROGBITS/NOBITS entries; the last is
  // .shstrtab.
  for (std::uint16_t i = 0; i < shnum; ++i) {
    const bool null_entry = i == 0;
    w.u32(null_entry ? 0 : i * 9);                          // sh_name
    w.u32(null_entry ? 0 : (i == shnum - 1 ? 3 : 1));       // sh_type
    if (wide) w.u64(null_entry ? 0 : 6); else w.u32(null_entry ? 0 : 6);  // sh_flags
    w.addr(null_entry ? 0 : base + i * 0x1000, wide);        // sh_addr
    w.addr(null_entry ? 0 : i * (shoff / shnum), wide);     // sh_offset
    w.addr(null_entry ? 0 : shoff / shnum, wide);           // sh_size
    w.u32(0);
    w.u32(0);
    w.addr(null_entry ? 0 : 4, wide);
    w.addr(0, wide);
  }
  out.resize(size, '\0');
  return out;
}

}  // namespace busytrap::device
