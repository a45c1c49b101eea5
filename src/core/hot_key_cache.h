#pragma once
// HotKeyCache: a small two-way set-associative cache in front of one StringInterner, for
// streams where few keys make up most lookups (a log's open sessions, the commands malware
// repeats). An entry is found by a fingerprint of the key (its length and four 8-byte words:
// first, middle and last two), which costs a fraction of hash_bytes on long keys, and is checked
// against the interner's own copy of the key, so every answer is exact: a fingerprint collision
// only costs a full lookup. A new key replaces the less recently found entry of its set, so keys
// seen once (a command with a random address) do not push out the hot ones.
// intern(key, interner) returns what interner.intern(key) returns; the cache must always be
// given the same interner, and be clear()ed whenever that interner is cleared or replaced.
// 8 KiB (512 sets of 2 entries); not thread-safe (one per interner's owner).
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

#include "core/string_interner.h"

namespace busytrap::core {

class HotKeyCache {
 public:
  HotKeyCache() { clear(); }

  std::uint32_t intern(std::string_view key, StringInterner& interner) {
    const std::uint64_t print = fingerprint(key);
    const auto tag = static_cast<std::uint32_t>(print);
    Entry* const set = &entries_[(print >> (64 - kSetBits)) * 2];
    if (matches(set[0], tag, key, interner)) return set[0].id;
    if (matches(set[1], tag, key, interner)) {
      std::swap(set[0], set[1]);  // the last key found comes first
      return set[0].id;
    }
    // A new key takes the second place: a key seen once does not push out the set's hot one.
    const std::uint32_t id = interner.intern(key);
    set[1] = Entry{tag, id};
    return id;
  }

  void clear() noexcept { entries_.fill(Entry{0, StringInterner::kNone}); }

 private:
  static constexpr unsigned kSetBits = 9;  // 512 sets of two entries
  struct Entry {
    std::uint32_t tag;  // the fingerprint's low bits (its high bits pick the set)
    std::uint32_t id;
  };

  static bool matches(const Entry& entry, std::uint32_t tag, std::string_view key, const StringInterner& interner) {
    return entry.tag == tag && entry.id != StringInterner::kNone && same_bytes(interner.key(entry.id), key);
  }

  static std::uint64_t fingerprint(std::string_view key) noexcept {
    const char* p = key.data();
    const std::size_t n = key.size();
    std::uint64_t a = 0, b = 0, c = 0, d = 0;
    if (n >= 8) {
      a = detail::load8(p);
      b = detail::load8(p + n - 8);
      if (n >= 16) {
        c = detail::load8(p + n - 16);
        d = detail::load8(p + n / 2 - 4);
      }
    } else if (n >= 4) {
      a = detail::load4(p) | detail::load4(p + n - 4) << 32;
    } else if (n > 0) {  // an empty view may have a null data()
      a = static_cast<unsigned char>(p[0]) | static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 8;
    }
    constexpr std::uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL, k2 = 0x8ebc6af09c88c6e3ULL;
    return detail::fold_multiply(a ^ k0 ^ n, b ^ k1) ^ detail::fold_multiply(c ^ k2, d ^ k0);
  }

  // a == b, in 8-byte words (the last one overlapping) rather than a call to memcmp: most keys
  // here are 10 to 200 bytes long.
  static bool same_bytes(std::string_view a, std::string_view b) noexcept {
    const std::size_t n = a.size();
    if (n != b.size()) return false;
    if (n < 8) return n == 0 || std::memcmp(a.data(), b.data(), n) == 0;
    for (std::size_t i = 0; i + 8 < n; i += 8) {
      if (detail::load8(a.data() + i) != detail::load8(b.data() + i)) return false;
    }
    return detail::load8(a.data() + n - 8) == detail::load8(b.data() + n - 8);
  }

  std::array<Entry, std::size_t{2} << kSetBits> entries_;
};

}  // namespace busytrap::core
