#pragma once
// InputSource: one input of `busytrap analyze` — a file, or standard input ("-") — read as a
// sequence of chunks of complete lines. Every input is read as a stream with read(2): plain bytes
// go straight into pooled chunk buffers (ChunkBufferPool), gzip (recognised by its magic bytes,
// whatever the name; multi-member too) is inflated into them. A file that grows while it is read
// is read up to the end met; one truncated or rewritten under the reader is reported as a
// warning (the lines read before count). Memory stays bounded by the chunks in flight, each
// about the chunk size plus the longest accepted line: a longer line is cut to
// max_line_bytes + 1 bytes so the reader skips it as too long. A corrupt or truncated gzip
// stream ends the input early with a warning (what was read is kept). Not thread-safe: one
// thread (the pipeline's producer) reads a source; chunks may be released on any thread.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "analyze/analysis_options.h"

namespace busytrap::analyze {

// A chunk's bytes: a view into the pooled buffer `owner` keeps alive (released to the pool
// with the last copy of `owner`); bytes up to readable_end may be read (kJsonPadding past data).
struct Chunk {
  std::shared_ptr<const void> owner;
  std::string_view data;
  const char* readable_end = nullptr;
  std::uint64_t offset = 0;  // of data[0] in the (decompressed) input
};

class InputSource {
 public:
  virtual ~InputSource() = default;

  // Opens `path` ("-" is standard input). Returns nullptr and sets `error` when it cannot.
  static std::unique_ptr<InputSource> open(const std::string& path, std::string& error);

  virtual const std::string& name() const noexcept = 0;
  virtual bool is_gzip() const noexcept = 0;
  // Up to 64 KiB of the input's (decompressed) content, without consuming it.
  virtual std::string_view prefix() = 0;
  // The next chunk of about `target_bytes`, cut after a line end (and, for the Cowrie text
  // log, never before a TAB continuation line). False at the end of the input.
  virtual bool next_chunk(Chunk& chunk, std::size_t target_bytes, std::size_t max_line_bytes,
                          InputFormat format) = 0;
  // A problem met while reading (e.g. truncated gzip), empty if none.
  virtual const std::string& warning() const noexcept = 0;
};

// Where to cut `data` (of which bytes [0, size) are known; `at_end` if nothing follows) so
// the first part ends after a line end at or before `target`, respecting TAB continuations in
// the text format. Returns 0 if there is no such place before `target`, then a later one if any.
std::size_t find_chunk_cut(std::string_view data, std::size_t target, bool at_end, InputFormat format) noexcept;

}  // namespace busytrap::analyze
