#pragma once
// SourceTable: dense ids (0, 1, 2, ... in order of first insertion) for the source addresses
// of sessions, and their text back. Nearly every session of a honeypot log comes from an
// address never seen before, so this table holds hundreds of thousands of entries: a canonical
// dotted-quad IPv4 address (what Cowrie writes) is kept as its 32-bit value in a table of
// 8-byte slots (no string hashing, no byte compare); any other text (IPv6, hostile bytes) goes
// to a StringInterner. Either way the text is written once, at insertion, into one arena, so
// key() is a view. key() views stay valid until the next insertion. Not thread-safe.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/string_interner.h"

namespace busytrap::analyze::intel {

class SourceTable {
 public:
  static constexpr std::uint32_t kNone = core::StringInterner::kNone;

  SourceTable() { slots_.assign(64, Slot{0, kNone}); }

  // Whether `text` is a canonical dotted-quad IPv4 address (four decimal numbers 0-255 without
  // leading zeros): exactly the texts that format_ipv4 gives back byte for byte.
  static bool parse_ipv4(std::string_view text, std::uint32_t& address) noexcept;
  // Appends the dotted-quad text of `address` to `out`.
  static void format_ipv4(std::uint32_t address, std::string& out);

  // The id of the address with this IPv4 value (as parse_ipv4 reads it), inserting it if new.
  std::uint32_t intern_ipv4(std::uint32_t address);
  // Starts loading the slot intern_ipv4(address) will look at, so that a caller going through
  // many addresses overlaps their cache misses.
  void prefetch_ipv4(std::uint32_t address) const noexcept {
    __builtin_prefetch(&slots_[slot_of(address, slots_.size() - 1)]);
  }
  // The id of `text`, inserting it if new; a canonical IPv4 text gets the same id as its value.
  std::uint32_t intern(std::string_view text);

  std::string_view key(std::uint32_t id) const noexcept {
    const std::size_t begin = id == 0 ? 0 : ends_[id - 1];
    return std::string_view(arena_).substr(begin, ends_[id] - begin);
  }
  std::size_t size() const noexcept { return ends_.size(); }
  // Whether `id` is an IPv4 address (its text canonical), and then its value: what the reports
  // group by network without reading the text again.
  bool ipv4(std::uint32_t id, std::uint32_t& address) const noexcept {
    if (!is_ipv4_[id]) return false;
    address = values_[id];
    return true;
  }

 private:
  struct Slot {
    std::uint32_t address;
    std::uint32_t id;
  };
  static std::size_t slot_of(std::uint32_t address, std::size_t mask) noexcept {
    // Multiplicative hashing: addresses of one network differ in their low bits only.
    return static_cast<std::size_t>((std::uint64_t{address} * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
  }
  std::uint32_t add_text_end();
  void grow();

  std::vector<Slot> slots_;                  // IPv4 value -> id, open addressing
  std::size_t ipv4_count_ = 0;
  core::StringInterner others_;              // non-IPv4 texts
  std::vector<std::uint32_t> other_ids_;     // by others_ id
  std::string arena_;                        // every key's text, back to back
  std::vector<std::size_t> ends_;            // by id: end of its text in arena_
  std::vector<std::uint32_t> values_;        // by id: the IPv4 value (0 for other texts)
  std::vector<bool> is_ipv4_;                // by id
};

}  // namespace busytrap::analyze::intel
