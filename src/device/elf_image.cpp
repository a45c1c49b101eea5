#include "device/elf_image.h"

#include <algorithm>
#include <vector>

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
  const std::uint32_t word = wide ? 8 : 4;
  const bool dynamic = !e.interpreter.empty();
  const std::uint16_t phnum = dynamic ? 6 : 3;
  const std::uint32_t size = std::max<std::uint32_t>(e.busybox_size, 8192);
  const std::uint64_t base = (e.machine == 8) ? 0x400000 : 0x8000;  // MIPS vs ARM link address

  // Section names; the order of `names` is the order of the section header table after the
  // null entry.
  std::vector<std::string> names = dynamic
      ? std::vector<std::string>{".interp", ".dynstr", ".text", ".rodata", ".dynamic", ".data", ".bss", ".shstrtab"}
      : std::vector<std::string>{".text", ".rodata", ".data", ".bss", ".shstrtab"};
  std::string shstrtab(1, '\0');
  std::vector<std::uint32_t> name_offset;
  for (const auto& n : names) {
    name_offset.push_back(static_cast<std::uint32_t>(shstrtab.size()));
    shstrtab += n;
    shstrtab.push_back('\0');
  }
  const auto shnum = static_cast<std::uint16_t>(names.size() + 1);
  const std::uint32_t shoff = (size - shnum * shentsize) & ~3u;
  const std::uint32_t shstrtab_off = shoff - static_cast<std::uint32_t>(shstrtab.size());

  const std::uint32_t interp_off = ehsize + phnum * phentsize;
  const std::uint32_t interp_len = dynamic ? static_cast<std::uint32_t>(e.interpreter.size() + 1) : 0;
  const std::string dynstr = dynamic ? std::string("\0libc.so.0\0", 11) : std::string();
  const std::uint32_t dynstr_off = interp_off + interp_len;
  const std::uint32_t text_off = (dynstr_off + static_cast<std::uint32_t>(dynstr.size()) + 15) & ~15u;
  const std::uint32_t data_off = static_cast<std::uint32_t>(shstrtab_off * 0.93) & ~0xfffu;  // end of text segment
  const std::uint32_t rodata_off = (text_off + (data_off - text_off) * 3 / 4) & ~15u;
  const std::uint64_t data_vaddr = base + 0x10000 + data_off;
  const std::uint32_t dynamic_size = dynamic ? 4 * 2 * word : 0;
  const std::uint32_t data_size = shstrtab_off - data_off;
  const std::uint32_t bss_size = 0x2000;
  const std::uint64_t entry = base + text_off;

  std::string out;
  out.reserve(size);
  ElfWriter w(out, big);
  out.append("\x7f" "ELF", 4);
  w.u8(e.elf_class);
  w.u8(e.data);
  w.u8(1);  // EV_CURRENT
  w.u8(0);  // ELFOSABI_SYSV
  out.append(8, '\0');
  w.u16(2);  // ET_EXEC
  w.u16(e.machine);
  w.u32(1);
  w.addr(entry, wide);
  w.addr(ehsize, wide);  // e_phoff
  w.addr(shoff, wide);
  w.u32(e.flags);
  w.u16(static_cast<std::uint16_t>(ehsize));
  w.u16(static_cast<std::uint16_t>(phentsize));
  w.u16(phnum);
  w.u16(static_cast<std::uint16_t>(shentsize));
  w.u16(shnum);
  w.u16(static_cast<std::uint16_t>(shnum - 1));  // .shstrtab is last

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
  if (dynamic) {
    phdr(6, 4, ehsize, base + ehsize, phnum * phentsize, phnum * phentsize, 4);  // PT_PHDR
    phdr(3, 4, interp_off, base + interp_off, interp_len, interp_len, 1);       // PT_INTERP
  }
  phdr(1, 5, 0, base, data_off, data_off, 0x10000);                                        // text
  phdr(1, 6, data_off, data_vaddr, data_size, data_size + bss_size, 0x10000);              // data
  if (dynamic) phdr(2, 6, data_off, data_vaddr, dynamic_size, dynamic_size, word);         // PT_DYNAMIC
  phdr(0x6474e551, 6, 0, 0, 0, 0, word == 8 ? 16 : 4);                                      // PT_GNU_STACK
  if (dynamic) {
    out.append(e.interpreter).push_back('\0');
    out.append(dynstr);
  }
  out.resize(text_off, '\0');

  // .text: deterministic pseudo-random words (the entropy of machine code); .rodata: the
  // strings a real BusyBox carries, then more code-like bytes.
  std::uint64_t state = fnv1a(profile.name + profile.busybox_banner) | 1;
  auto fill_until = [&](std::size_t end) {
    while (out.size() < end) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      const std::size_t room = std::min<std::size_t>(8, end - out.size());
      for (std::size_t i = 0; i < room; ++i) out.push_back(static_cast<char>((state >> (i * 8)) & 0xff));
    }
  };
  fill_until(rodata_off);
  std::vector<std::string> strings = {profile.busybox_banner, "BusyBox is copyrighted by many authors between 1998-2012",
                                      "%s: applet not found", "Usage: %s", "/proc/self/exe", "can't open '%s'",
                                      "/bin/sh", "/etc/passwd", "/proc/mounts"};
  for (const auto& a : profile.applets) strings.push_back(a);
  for (const auto& str : strings) {
    if (out.size() + str.size() + 1 >= data_off) break;
    out.append(str).push_back('\0');
  }
  fill_until(data_off);
  // .dynamic: DT_NEEDED libc.so.0, DT_STRTAB, DT_STRSZ, DT_NULL.
  if (dynamic) {
    w.addr(1, wide);
    w.addr(1, wide);
    w.addr(5, wide);
    w.addr(base + dynstr_off, wide);
    w.addr(10, wide);
    w.addr(dynstr.size(), wide);
    w.addr(0, wide);
    w.addr(0, wide);
  }
  fill_until(shstrtab_off);
  out.append(shstrtab);
  out.resize(shoff, '\0');

  // Section header table.
  auto shdr = [&](std::uint32_t name, std::uint32_t type, std::uint64_t flags, std::uint64_t addr, std::uint64_t off,
                  std::uint64_t sz, std::uint32_t link, std::uint64_t align, std::uint64_t entsize) {
    w.u32(name);
    w.u32(type);
    wide ? w.u64(flags) : w.u32(static_cast<std::uint32_t>(flags));
    w.addr(addr, wide);
    w.addr(off, wide);
    w.addr(sz, wide);
    w.u32(link);
    w.u32(0);
    w.addr(align, wide);
    w.addr(entsize, wide);
  };
  constexpr std::uint32_t kProgbits = 1, kStrtab = 3, kDynamic = 6, kNobits = 8;
  constexpr std::uint64_t kWrite = 1, kAlloc = 2, kExec = 4;
  shdr(0, 0, 0, 0, 0, 0, 0, 0, 0);
  std::size_t k = 0;
  if (dynamic) {
    shdr(name_offset[k++], kProgbits, kAlloc, base + interp_off, interp_off, interp_len, 0, 1, 0);
    shdr(name_offset[k++], kStrtab, kAlloc, base + dynstr_off, dynstr_off, dynstr.size(), 0, 1, 0);
  }
  shdr(name_offset[k++], kProgbits, kAlloc | kExec, base + text_off, text_off, rodata_off - text_off, 0, 16, 0);
  shdr(name_offset[k++], kProgbits, kAlloc, base + rodata_off, rodata_off, data_off - rodata_off, 0, 16, 0);
  if (dynamic) {
    shdr(name_offset[k++], kDynamic, kWrite | kAlloc, data_vaddr, data_off, dynamic_size, 2, word, 2 * word);
  }
  shdr(name_offset[k++], kProgbits, kWrite | kAlloc, data_vaddr + dynamic_size, data_off + dynamic_size,
       data_size - dynamic_size, 0, 16, 0);
  shdr(name_offset[k++], kNobits, kWrite | kAlloc, data_vaddr + data_size, shstrtab_off, bss_size, 0, 16, 0);
  shdr(name_offset[k++], kStrtab, 0, 0, shstrtab_off, shstrtab.size(), 0, 1, 0);
  out.resize(size, '\0');
  return out;
}

}  // namespace busytrap::device
