#include "core/timestamp_prefix_cache.h"

#include "core/timestamp.h"

namespace busytrap::core {

bool TimestampPrefixCache::parse_other(std::string_view text, std::size_t& length, std::int64_t& value) noexcept {
  if (key_length_ != 0 && text.size() >= key_length_) {
    if (const auto next = same_minute(text)) {
      length = key_length_ - 1;
      value = *next;
      return true;
    }
  }
  const auto parsed = parse_iso8601_prefix(text, length);
  if (parsed && length + 1 >= kMinKey && length + 1 <= kMaxKey && length < text.size() && text[length] == ' ') {
    key_length_ = length + 1;
    std::memcpy(key_, text.data(), key_length_);
    value_ = *parsed;
  }
  if (parsed) value = *parsed;
  return parsed.has_value();
}

std::optional<std::int64_t> TimestampPrefixCache::same_minute(std::string_view text) noexcept {
  // Every cached key has a whole time: its seconds are the two digits at kSeconds.
  const char* const t = text.data();
  if (!same_bytes(t, key_, kSeconds)) return std::nullopt;
  for (std::size_t i = kSeconds + 2; i < key_length_; ++i) {
    if (t[i] != key_[i]) return std::nullopt;
  }
  const auto digit = [](char c) { return static_cast<unsigned>(c - '0'); };
  if (digit(t[kSeconds]) > 9 || digit(t[kSeconds + 1]) > 9) return std::nullopt;
  const unsigned seconds = digit(t[kSeconds]) * 10 + digit(t[kSeconds + 1]);
  if (seconds > 60) return std::nullopt;  // the parser's limit (a leap second)
  const unsigned cached = digit(key_[kSeconds]) * 10 + digit(key_[kSeconds + 1]);
  value_ += (static_cast<std::int64_t>(seconds) - static_cast<std::int64_t>(cached)) * 1'000'000;
  key_[kSeconds] = t[kSeconds];
  key_[kSeconds + 1] = t[kSeconds + 1];
  return value_;
}

}  // namespace busytrap::core
