#include "core/timestamp_prefix_cache.h"

#include <cstring>

#include "core/timestamp.h"

namespace busytrap::core {
namespace {

// a[0, n) == b[0, n) for kMinKey <= n <= 40, in at most five 8-byte comparisons (the last one
// overlapping) instead of a call to memcmp.
bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
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

}  // namespace

std::optional<std::int64_t> TimestampPrefixCache::parse_prefix(std::string_view text, std::size_t& length) noexcept {
  if (key_length_ != 0 && text.size() >= key_length_ && same_bytes(text.data(), key_, key_length_)) {
    length = key_length_ - 1;
    return value_;
  }
  const auto parsed = parse_iso8601_prefix(text, length);
  if (parsed && length + 1 >= kMinKey && length + 1 <= kMaxKey && length < text.size() && text[length] == ' ') {
    key_length_ = length + 1;
    std::memcpy(key_, text.data(), key_length_);
    value_ = *parsed;
  }
  return parsed;
}

}  // namespace busytrap::core
