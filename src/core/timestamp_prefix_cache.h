#pragma once
// TimestampPrefixCache: parse_iso8601_prefix for logs whose lines start with a timestamp and a
// space ("2017-10-07T14:53:57+0000 [..."), where sorted logs repeat the same stamp on run after
// run of lines. It remembers the bytes of the last date-time that a space followed, and its
// value: a text starting with the same bytes, that space included, gets the same answer without
// a parse. That is exact because the parser never looks past the byte that ends the timestamp,
// and a space ends every form (no fraction digit, zone sign, 'Z' or ':' can follow). The cache
// holds a copy of the bytes, so texts may come from buffers freed in between. A text that differs
// from the cached bytes only in the seconds' two digits (the next second of a sorted log) is
// answered from the cached value too: the parser's value is linear in the seconds, and every
// other byte it reads is the same. Not thread-safe: one per thread or reader.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace busytrap::core {

class TimestampPrefixCache {
 public:
  // As parse_iso8601_prefix(text, length), with the value in `value` and false for none. The
  // common case (the stamp of the previous line) is inline, and the value does not come back as
  // a std::optional: GCC returned that through memory, written as a word and a flag byte and
  // read back as one 16-byte load, which stalled for longer than the comparison took.
  bool parse_prefix(std::string_view text, std::size_t& length, std::int64_t& value) noexcept {
    if (key_length_ != 0 && text.size() >= key_length_ && same_bytes(text.data(), key_, key_length_)) {
      length = key_length_ - 1;
      value = value_;
      return true;
    }
    return parse_other(text, length, value);
  }

  // a[0, n) == b[0, n) for 8 <= n <= 40, in at most five 8-byte comparisons (the last one
  // overlapping) instead of a call to memcmp.
  static bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
    std::uint64_t x, y;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) return false;
    }
    if (i == n) return true;
    std::memcpy(&x, a + n - 8, 8);
    std::memcpy(&y, b + n - 8, 8);
    return x == y;
  }

 private:
  // parse_prefix when `text` does not start with the cached key.
  bool parse_other(std::string_view text, std::size_t& length, std::int64_t& value) noexcept;

  // A date-time with fraction and "+HH:MM" zone plus the space: 33 bytes at most.
  static constexpr std::size_t kMaxKey = 40;
  // Keys shorter than a whole date-time ("YYYY-MM-DD ") are not cached: a bare date's parse
  // looks at the byte after the space to see whether a time follows.
  static constexpr std::size_t kMinKey = 20;
  static constexpr std::size_t kSeconds = 17;  // "YYYY-MM-DDTHH:MM:" comes first

  // The value of `text` (at least key_length_ bytes) when it differs from the cached key only
  // in the seconds; the cache then holds `text`'s key.
  std::optional<std::int64_t> same_minute(std::string_view text) noexcept;

  char key_[kMaxKey] = {};
  std::size_t key_length_ = 0;  // 0: nothing cached
  std::int64_t value_ = 0;
};

}  // namespace busytrap::core
