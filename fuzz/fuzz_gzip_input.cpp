// Fuzzes the analyzer's gzip input: the input is a file's bytes (the gzip magic is put in front
// when they do not start with it, so every input takes the gzip path), read through
// InputSource::open as `busytrap analyze` reads a file: prefix for format detection, then
// chunks of complete lines. The file lives in a memfd, so nothing touches the disk.
// Properties checked: every chunk is non-empty, contiguous, padded for simdjson, and (except
// the last) ends after a line end; and, differentially against zlib, whenever zlib decodes the
// whole file cleanly (one or more gzip members, nothing after them), the chunks put together
// are exactly zlib's output and no warning is raised.
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "analyze/chunk_input.h"
#include "analyze/input_source.h"

using namespace busytrap::analyze;

namespace {

constexpr std::size_t kMaxLine = 1u << 20;  // above anything the input can expand to per line here

// zlib's decoding of a whole multi-member gzip file, or nullopt if it is not clean.
std::optional<std::string> zlib_gunzip(const std::string& file) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) std::abort();
  std::string out;
  char buffer[16384];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(file.data()));
  z.avail_in = static_cast<uInt>(file.size());
  bool clean = true;
  while (true) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    const int rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
    if (out.size() > (64u << 20)) clean = false;
    if (!clean) break;
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0) break;
      inflateReset(&z);  // another member follows
      continue;
    }
    if (rc != Z_OK || (z.avail_in == 0 && z.avail_out != 0)) {
      clean = false;  // a data error, or the input ended inside a member
      break;
    }
  }
  inflateEnd(&z);
  if (!clean) return std::nullopt;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string file(reinterpret_cast<const char*>(data), size);
  if (size < 2 || data[0] != 0x1f || data[1] != 0x8b) file.insert(0, "\x1f\x8b", 2);

  static const int fd = memfd_create("fuzz_gzip_input", 0);
  if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, file.data(), file.size(), 0) != static_cast<ssize_t>(file.size())) {
    std::abort();
  }
  std::string error;
  auto source = InputSource::open("/proc/self/fd/" + std::to_string(fd), error);
  if (!source || !source->is_gzip()) std::abort();

  const InputFormat format = size % 2 ? InputFormat::CowrieText : InputFormat::CowrieJson;
  const std::size_t prefix = source->prefix().size();
  std::string content;
  std::uint64_t offset = 0;
  bool previous_ended_line = true;
  Chunk chunk;
  while (source->next_chunk(chunk, 4096, kMaxLine, format)) {
    if (chunk.data.empty() || chunk.offset != offset || !previous_ended_line) std::abort();
    if (chunk.readable_end < chunk.data.data() + chunk.data.size() + kJsonPadding) std::abort();
    previous_ended_line = chunk.data.back() == '\n';
    offset += chunk.data.size();
    content.append(chunk.data);
  }
  if (prefix > content.size()) std::abort();

  if (const auto expected = zlib_gunzip(file)) {
    if (content != *expected || !source->warning().empty()) std::abort();
  }
  return 0;
}
