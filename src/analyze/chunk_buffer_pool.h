#pragma once
// ChunkBufferPool: reusable byte buffers for the chunks an InputSource hands out. A buffer that
// was used before is already backed by memory, so reading the next chunk into it costs no page
// faults (a fresh multi-megabyte allocation faults on every page, then is unmapped again).
// take() returns a buffer owned by a shared_ptr whose deleter gives it back to the pool; each
// live buffer holds a reference to the pool, so the pool outlives every buffer it gave out.
// The pool keeps what is given back and never holds more buffers than were alive at once, which
// its user bounds (the analyze pipeline bounds the chunks in flight). Thread-safe: one thread
// takes, any thread may release.
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace busytrap::analyze {

// A fixed block of bytes (contents uninitialised until written) that can be enlarged.
class ChunkBuffer {
 public:
  explicit ChunkBuffer(std::size_t capacity);
  char* data() noexcept { return bytes_.get(); }
  const char* data() const noexcept { return bytes_.get(); }
  std::size_t capacity() const noexcept { return capacity_; }
  // Makes the capacity at least `capacity`, keeping the first `keep` bytes (keep <= capacity()).
  void grow(std::size_t capacity, std::size_t keep);

 private:
  std::unique_ptr<char[]> bytes_;
  std::size_t capacity_;
};

class ChunkBufferPool : public std::enable_shared_from_this<ChunkBufferPool> {
 public:
  static std::shared_ptr<ChunkBufferPool> create() { return std::shared_ptr<ChunkBufferPool>(new ChunkBufferPool); }

  // A buffer of at least `capacity` bytes with unspecified contents: a given-back one if any
  // (enlarged if needed), else a new one.
  std::shared_ptr<ChunkBuffer> take(std::size_t capacity);
  // Buffers given back and not yet taken again.
  std::size_t idle() const;

 private:
  ChunkBufferPool() = default;
  void give_back(ChunkBuffer* buffer) noexcept;

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<ChunkBuffer>> idle_;
};

}  // namespace busytrap::analyze
