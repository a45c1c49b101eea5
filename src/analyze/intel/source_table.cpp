#include "analyze/intel/source_table.h"

#include <cstring>

namespace busytrap::analyze::intel {
bool SourceTable::parse_ipv4(std::string_view text, std::uint32_t& address) noexcept {
  if (text.size() < 7 || text.size() > 15) return false;
  std::uint32_t value = 0;
  std::size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
    const std::size_t begin = i;
    std::uint32_t number = 0;
    while (i < text.size() && i - begin < 3 && text[i] >= '0' && text[i] <= '9') {
      number = number * 10 + static_cast<std::uint32_t>(text[i] - '0');
      ++i;
    }
    const std::size_t digits = i - begin;
    if (digits == 0 || number > 255 || (digits > 1 && text[begin] == '0')) return false;
    value = (value << 8) | number;
  }
  if (i != text.size()) return false;
  address = value;
  return true;
}

namespace {
// The decimal text of each byte value followed by a '.', and its length without the dot.
struct ByteTexts {
  char text[256][4];
  std::uint8_t length[256];
  constexpr ByteTexts() : text{}, length{} {
    for (unsigned n = 0; n < 256; ++n) {
      unsigned size = 0;
      if (n >= 100) text[n][size++] = static_cast<char>('0' + n / 100);
      if (n >= 10) text[n][size++] = static_cast<char>('0' + n / 10 % 10);
      text[n][size++] = static_cast<char>('0' + n % 10);
      text[n][size] = '.';
      length[n] = static_cast<std::uint8_t>(size);
    }
  }
};
constexpr ByteTexts kByteTexts;
}  // namespace

void SourceTable::format_ipv4(std::uint32_t address, std::string& out) {
  // Four table copies into a local buffer, appended once: hundreds of thousands of addresses.
  char text[16];
  std::size_t size = 0;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const unsigned number = (address >> shift) & 0xff;
    std::memcpy(text + size, kByteTexts.text[number], 4);
    size += kByteTexts.length[number] + 1u;
  }
  out.append(text, size - 1);  // without the last dot
}

std::uint32_t SourceTable::add_text_end() {
  const auto id = static_cast<std::uint32_t>(ends_.size());
  ends_.push_back(arena_.size());
  return id;
}

std::uint32_t SourceTable::intern_ipv4(std::uint32_t address) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = slot_of(address, mask);
  while (slots_[i].id != kNone) {
    if (slots_[i].address == address) return slots_[i].id;
    i = (i + 1) & mask;
  }
  format_ipv4(address, arena_);
  const std::uint32_t id = add_text_end();
  values_.push_back(address);
  is_ipv4_.push_back(true);
  slots_[i] = Slot{address, id};
  // Grown past 70 % full: linear probing stays within a cache line or two, and the table (one
  // slot per distinct address, hundreds of thousands) is half the memory it is at 50 %.
  if (++ipv4_count_ * 10 > slots_.size() * 7) grow();
  return id;
}

std::uint32_t SourceTable::intern(std::string_view text) {
  std::uint32_t address = 0;
  if (parse_ipv4(text, address)) return intern_ipv4(address);
  const std::uint32_t other = others_.intern(text);
  if (other < other_ids_.size()) return other_ids_[other];
  arena_.append(text);
  const std::uint32_t id = add_text_end();
  values_.push_back(0);
  is_ipv4_.push_back(false);
  other_ids_.push_back(id);
  return id;
}

void SourceTable::grow() {
  std::vector<Slot> bigger(slots_.size() * 2, Slot{0, kNone});
  const std::size_t mask = bigger.size() - 1;
  for (const Slot& slot : slots_) {
    if (slot.id == kNone) continue;
    std::size_t i = slot_of(slot.address, mask);
    while (bigger[i].id != kNone) i = (i + 1) & mask;
    bigger[i] = slot;
  }
  slots_.swap(bigger);
}

}  // namespace busytrap::analyze::intel
