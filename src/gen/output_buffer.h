#pragma once
// OutputBuffer: a large fixed buffer in front of a file descriptor, with the hand-rolled
// appends the log writers need (raw bytes, decimal integers, JSON-escaped strings). It is what
// lets `busytrap gen` write hundreds of MB/s: no iostreams, no allocation after construction,
// one write(2) per few MB. Memory use is the buffer capacity, whatever the output size.
//
// Ownership: the buffer owns its memory, not the descriptor (the caller closes it). flush()
// writes everything buffered; the destructor does NOT flush (a failed write must be reported,
// which a destructor cannot do), so call flush() at the end. Write errors throw
// std::system_error. Not thread-safe.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace busytrap::gen {

class OutputBuffer {
 public:
  static constexpr std::size_t kDefaultCapacity = 4u << 20;
  // Appends longer than this are written in pieces; also the smallest capacity.
  static constexpr std::size_t kMaxReserve = 64u << 10;

  explicit OutputBuffer(int fd, std::size_t capacity = kDefaultCapacity);
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;

  void append(std::string_view text) {
    if (text.size() > kMaxReserve) return append_long(text);
    reserve(text.size());
    std::memcpy(data_.get() + used_, text.data(), text.size());
    used_ += text.size();
  }
  void append(char c) {
    reserve(1);
    data_[used_++] = c;
  }
  void append_uint(std::uint64_t value);
  // Appends `text` as the inside of a JSON string (no quotes), escaping as Python's json
  // module does: \" \\ \n \r \t \b \f, other control bytes and bytes >= 0x80 as \u00XX.
  void append_json_escaped(std::string_view text);

  // The bytes written to the descriptor so far plus those still buffered.
  std::uint64_t total_bytes() const noexcept { return flushed_ + used_; }
  void flush();

 private:
  // Makes room for `bytes` (<= kMaxReserve) contiguous bytes, flushing if needed.
  void reserve(std::size_t bytes) {
    if (capacity_ - used_ < bytes) flush();
  }
  void append_long(std::string_view text);

  int fd_;
  std::size_t capacity_;
  std::unique_ptr<char[]> data_;
  std::size_t used_ = 0;
  std::uint64_t flushed_ = 0;
};

// The same escaping as OutputBuffer::append_json_escaped, into a string (for values rendered
// once, up front).
std::string json_escaped(std::string_view text);

}  // namespace busytrap::gen
