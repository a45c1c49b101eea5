#pragma once
// LineBuilder: a fixed-capacity byte buffer for composing one command line from a template
// without allocating. Appends beyond the capacity are cut off (the scenario templates stay far
// below it; a cut line is still a valid record). Reused for every line; view() is valid until
// the next clear() or append. Not thread-safe.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>

namespace busytrap::gen {

class LineBuilder {
 public:
  static constexpr std::size_t kCapacity = 4096;

  void clear() noexcept { size_ = 0; }
  void append(std::string_view text) noexcept {
    const std::size_t n = std::min(text.size(), kCapacity - size_);
    std::memcpy(data_ + size_, text.data(), n);
    size_ += n;
  }
  void append(char c) noexcept {
    if (size_ < kCapacity) data_[size_++] = c;
  }
  std::string_view view() const noexcept { return {data_, size_}; }

 private:
  char data_[kCapacity];
  std::size_t size_ = 0;
};

}  // namespace busytrap::gen
