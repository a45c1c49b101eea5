#pragma once
// StringInterner: maps byte strings to dense ids 0, 1, 2, ... in order of first insertion and
// back. Keys are copied into the interner's own arena, so callers may pass views into buffers
// they free later. Open addressing with linear probing and cached hashes: one probe sequence
// and, on a hit, one memcmp per lookup. Views returned by key() stay valid until the next
// insertion. Not thread-safe; give each thread its own.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace busytrap::core {

namespace detail {

__extension__ typedef unsigned __int128 HashWide;  // __extension__: -Wpedantic accepts it

// The 128-bit product of a and b folded to 64 bits: one multiply mixes all 128 input bits.
inline std::uint64_t fold_multiply(std::uint64_t a, std::uint64_t b) noexcept {
  const HashWide product = static_cast<HashWide>(a) * b;
  return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
}

inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline std::uint64_t load4(const char* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

}  // namespace detail

// A fast, well-mixed 64-bit hash of a byte string: 16 bytes per folded multiply (the scheme of
// wyhash), so the analyzer's keys of 20 to 200 bytes cost a few multiplies each. Short tails are
// read with overlapping loads instead of a byte loop.
inline std::uint64_t hash_bytes(std::string_view s) noexcept {
  constexpr std::uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL, k2 = 0x8ebc6af09c88c6e3ULL;
  const char* p = s.data();
  std::size_t n = s.size();
  std::uint64_t seed = k0 ^ detail::fold_multiply(n ^ k1, k2);
  std::uint64_t a = 0, b = 0;
  if (n <= 16) {
    if (n >= 8) {
      a = detail::load8(p);
      b = detail::load8(p + n - 8);
    } else if (n >= 4) {
      a = detail::load4(p);
      b = detail::load4(p + n - 4);
    } else if (n > 0) {  // an empty view may have a null data()
      a = (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
          (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n >> 1])) << 8) |
          static_cast<unsigned char>(p[n - 1]);
    }
  } else {
    while (n > 16) {
      seed = detail::fold_multiply(detail::load8(p) ^ k1, detail::load8(p + 8) ^ seed);
      p += 16;
      n -= 16;
    }
    a = detail::load8(p + n - 16);  // the last 16 bytes, overlapping the previous block
    b = detail::load8(p + n - 8);
  }
  return detail::fold_multiply(k1 ^ s.size(), detail::fold_multiply(a ^ k1, b ^ seed));
}

class StringInterner {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  StringInterner() { slots_.assign(64, Slot{0, kNone}); }

  // The id of `key`, inserting it if new.
  std::uint32_t intern(std::string_view key) { return intern(key, hash_bytes(key)); }

  std::uint32_t intern(std::string_view key, std::uint64_t hash) {
    std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    while (true) {
      Slot& slot = slots_[i];
      if (slot.id == kNone) break;
      if (slot.hash == hash && this->key(slot.id) == key) return slot.id;
      i = (i + 1) & mask;
    }
    const auto id = static_cast<std::uint32_t>(spans_.size());
    spans_.push_back(Span{arena_.size(), key.size()});
    arena_.append(key);
    slots_[i] = Slot{hash, id};
    if (spans_.size() * 2 > slots_.size()) grow();
    return id;
  }

  // ids[i] = the id of other.key(i), for every key of `other`, inserting the new ones in
  // `other`'s id order: the same result as interning each key in turn. Faster on large tables
  // (the analyzer's merge maps each chunk's keys this way): each key's slot is prefetched a few
  // keys ahead, so the cache misses of successive lookups overlap.
  void intern_all(const StringInterner& other, std::vector<std::uint32_t>& ids) {
    constexpr std::size_t kAhead = 8;  // a power of two: the ring of hashes below
    std::uint64_t ahead[kAhead];
    const std::size_t n = other.size();
    ids.resize(n);
    const auto look_ahead = [&](std::size_t j) {
      const std::uint64_t hash = hash_bytes(other.key(static_cast<std::uint32_t>(j)));
      ahead[j % kAhead] = hash;
      __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
    };
    for (std::size_t j = 0; j < n && j < kAhead; ++j) look_ahead(j);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t hash = ahead[i % kAhead];
      if (i + kAhead < n) look_ahead(i + kAhead);
      ids[i] = intern(other.key(static_cast<std::uint32_t>(i)), hash);
    }
  }

  // Forgets every key but keeps the buffers' capacity, for reuse.
  void clear() noexcept {
    arena_.clear();
    spans_.clear();
    std::fill(slots_.begin(), slots_.end(), Slot{0, kNone});
  }

  // The id of `key`, or kNone.
  std::uint32_t find(std::string_view key) const noexcept {
    const std::uint64_t hash = hash_bytes(key);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.id == kNone) return kNone;
      if (slot.hash == hash && this->key(slot.id) == key) return slot.id;
    }
  }

  std::string_view key(std::uint32_t id) const noexcept {
    const Span& span = spans_[id];
    return std::string_view(arena_).substr(span.offset, span.length);
  }

  std::size_t size() const noexcept { return spans_.size(); }
  std::size_t memory_bytes() const noexcept {
    return arena_.capacity() + spans_.capacity() * sizeof(Span) + slots_.capacity() * sizeof(Slot);
  }

 private:
  struct Slot {
    std::uint64_t hash;
    std::uint32_t id;
  };
  struct Span {
    std::size_t offset;
    std::size_t length;
  };

  void grow() {
    std::vector<Slot> bigger(slots_.size() * 2, Slot{0, kNone});
    const std::size_t mask = bigger.size() - 1;
    for (const Slot& slot : slots_) {
      if (slot.id == kNone) continue;
      std::size_t i = slot.hash & mask;
      while (bigger[i].id != kNone) i = (i + 1) & mask;
      bigger[i] = slot;
    }
    slots_.swap(bigger);
  }

  std::string arena_;
  std::vector<Span> spans_;
  std::vector<Slot> slots_;
};

}  // namespace busytrap::core
