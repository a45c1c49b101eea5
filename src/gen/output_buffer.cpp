#include "gen/output_buffer.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>

namespace busytrap::gen {
namespace {

// For every byte, what a JSON string needs instead of it: 0 = the byte itself, 'u' = \u00XX,
// anything else = backslash + that character.
constexpr std::array<char, 256> make_escape_table() {
  std::array<char, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[static_cast<std::size_t>(c)] = 'u';
  for (int c = 0x80; c < 0x100; ++c) table[static_cast<std::size_t>(c)] = 'u';
  table['"'] = '"';
  table['\\'] = '\\';
  table['\n'] = 'n';
  table['\r'] = 'r';
  table['\t'] = 't';
  table['\b'] = 'b';
  table['\f'] = 'f';
  return table;
}
constexpr std::array<char, 256> kEscape = make_escape_table();
constexpr char kHex[] = "0123456789abcdef";

}  // namespace

OutputBuffer::OutputBuffer(int fd, std::size_t capacity)
    : fd_(fd), capacity_(std::max(capacity, kMaxReserve)), data_(new char[capacity_]) {}

void OutputBuffer::append_uint(std::uint64_t value) {
  char digits[20];
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  reserve(n);
  while (n > 0) data_[used_++] = digits[--n];
}

void OutputBuffer::append_json_escaped(std::string_view text) {
  // A byte becomes at most 6 (\u00XX): reserve for the worst case, piece by piece, and write
  // straight into the buffer.
  constexpr std::size_t kPiece = kMaxReserve / 6;
  while (!text.empty()) {
    const std::size_t piece = std::min(text.size(), kPiece);
    reserve(piece * 6);
    char* out = data_.get() + used_;
    for (const char c : text.substr(0, piece)) {
      const auto byte = static_cast<unsigned char>(c);
      const char kind = kEscape[byte];
      if (kind == 0) {
        *out++ = c;
      } else if (kind == 'u') {
        out[0] = '\\';
        out[1] = 'u';
        out[2] = '0';
        out[3] = '0';
        out[4] = kHex[byte >> 4];
        out[5] = kHex[byte & 0xF];
        out += 6;
      } else {
        out[0] = '\\';
        out[1] = kind;
        out += 2;
      }
    }
    used_ = static_cast<std::size_t>(out - data_.get());
    text.remove_prefix(piece);
  }
}

void OutputBuffer::append_long(std::string_view text) {
  while (!text.empty()) {
    const std::size_t piece = std::min(text.size(), kMaxReserve);
    append(text.substr(0, piece));
    text.remove_prefix(piece);
  }
}

void OutputBuffer::flush() {
  std::size_t done = 0;
  while (done < used_) {
    const ssize_t n = ::write(fd_, data_.get() + done, used_ - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      // Drop what could not be written so that a second flush does not repeat it.
      flushed_ += done;
      used_ = 0;
      throw std::system_error(error, std::generic_category(), "write");
    }
    done += static_cast<std::size_t>(n);
  }
  flushed_ += used_;
  used_ = 0;
}

std::string json_escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const char kind = kEscape[byte];
    if (kind == 0) {
      out += c;
    } else if (kind == 'u') {
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += '\\';
      out += kind;
    }
  }
  return out;
}

}  // namespace busytrap::gen
