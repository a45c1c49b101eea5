#pragma once
// InputSource: one input of `busytrap analyze` — a file, or standard input ("-") — read as a
// sequence of chunks of complete lines. Plain regular files not modified in the last 2 s are
// memory-mapped and sliced with no copy (a file truncated under the mapping anyway ends the
// program with a clear message, exit status 1, instead of SIGBUS); a file still being written is
// read with read(2) up to its end at that time, and its truncation is reported as a warning;
// gzip (recognised by its magic bytes, whatever the name; multi-member too) and non-seekable
// inputs are decompressed/read as a stream into reused buffers (ChunkBufferPool). Memory stays
// bounded by the chunk size plus the longest accepted line: a longer line is cut to
// max_line_bytes + 1 bytes so the reader skips it as too long. A corrupt or truncated gzip
// stream ends the input early with a warning (what was read is kept). Not thread-safe: one
// thread (the pipeline's producer) reads a source.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "analyze/analysis_options.h"

namespace busytrap::analyze {

// A chunk's bytes: a view into a mapping kept alive by `owner`, or into the pooled buffer
// `owner` keeps (given back to the pool with the last copy of `owner`).
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
