#include "analyze/chunk_buffer_pool.h"

#include <algorithm>
#include <cstring>

namespace busytrap::analyze {

ChunkBuffer::ChunkBuffer(std::size_t capacity)
    : bytes_(std::make_unique_for_overwrite<char[]>(capacity)), capacity_(capacity) {}

void ChunkBuffer::grow(std::size_t capacity, std::size_t keep) {
  if (capacity <= capacity_) return;
  auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
  std::memcpy(bigger.get(), bytes_.get(), std::min(keep, capacity_));
  bytes_ = std::move(bigger);
  capacity_ = capacity;
}

std::shared_ptr<ChunkBuffer> ChunkBufferPool::take(std::size_t capacity) {
  std::unique_ptr<ChunkBuffer> buffer;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      buffer = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (buffer) {
    buffer->grow(capacity, 0);
  } else {
    buffer = std::make_unique<ChunkBuffer>(capacity);
  }
  auto self = shared_from_this();
  return std::shared_ptr<ChunkBuffer>(buffer.release(), [self](ChunkBuffer* b) { self->give_back(b); });
}

std::size_t ChunkBufferPool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

void ChunkBufferPool::give_back(ChunkBuffer* buffer) noexcept {
  std::unique_ptr<ChunkBuffer> owned(buffer);
  std::lock_guard lock(mutex_);
  try {
    idle_.push_back(std::move(owned));
  } catch (...) {
    // Out of memory for the list: the buffer is freed instead of kept.
  }
}

}  // namespace busytrap::analyze
