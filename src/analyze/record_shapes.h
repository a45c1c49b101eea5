#pragma once
// RecordShapes: the merge's table of distinct command-record shapes. A shape is what a record
// contributes to the tables: its command lines and program names, as global ids in order (its
// ChunkPieces). Different record texts may share a shape. The merge keeps one item per record
// (shape id and timestamp) in each open session instead of one per command line, and counts a
// finalised session's records per shape; flush() turns those counts into line and program
// counts. Ids are dense (0, 1, ...) in order of first interning and never change. Memory grows
// with the distinct shapes (at most the distinct records), never with the records counted.
// Not thread-safe (the merging thread's).
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "analyze/chunk_result.h"
#include "core/string_interner.h"

namespace busytrap::analyze {

class RecordShapes {
  // A shape's key is its pieces' bytes: they must have no padding.
  static_assert(sizeof(ChunkPiece) == 2 * sizeof(std::uint32_t));

 public:
  // The id of the shape made of `pieces` (global line and program ids, or kNoProgram), adding
  // it when new.
  std::uint32_t intern(std::span<const ChunkPiece> pieces) {
    const std::string_view bytes(reinterpret_cast<const char*>(pieces.data()), pieces.size_bytes());
    const std::uint32_t id = keys_.intern(bytes);
    if (id < shapes_.size()) return id;
    Shape shape{static_cast<std::uint32_t>(pieces_.size()), static_cast<std::uint32_t>(pieces.size()),
                static_cast<std::uint32_t>(programs_.size()), 0};
    pieces_.insert(pieces_.end(), pieces.begin(), pieces.end());
    for (const ChunkPiece& piece : pieces) {
      if (piece.program != kNoProgram) programs_.push_back(piece.program);
    }
    shape.program_count = static_cast<std::uint32_t>(programs_.size()) - shape.first_program;
    shapes_.push_back(shape);
    pending_.push_back(0);
    return id;
  }

  // The shape's command lines with their program names, in order.
  std::span<const ChunkPiece> pieces(std::uint32_t shape) const noexcept {
    const Shape& s = shapes_[shape];
    return {pieces_.data() + s.first_piece, s.piece_count};
  }
  // Its program names alone (the pieces that have one), in order.
  std::span<const std::uint32_t> programs(std::uint32_t shape) const noexcept {
    const Shape& s = shapes_[shape];
    return {programs_.data() + s.first_program, s.program_count};
  }

  // Counts `n` more records of `shape`; the count reaches the line and program counts at flush().
  void count(std::uint32_t shape, std::uint64_t n = 1) {
    if (pending_[shape] == 0) dirty_.push_back(shape);
    pending_[shape] += n;
  }
  // Takes back one record of `shape` counted since the last flush() (a summarised chunk's tally
  // of a session that turned out to continue an earlier chunk's).
  void uncount(std::uint32_t shape) noexcept { --pending_[shape]; }
  bool has_pending() const noexcept { return !dirty_.empty(); }
  // Adds each shape's pending record count to the counts of its lines and program names
  // (indexed by global id; large enough for every id interned) and clears it.
  void flush(std::vector<std::uint64_t>& line_counts, std::vector<std::uint64_t>& program_counts) {
    for (const std::uint32_t shape : dirty_) {
      const std::uint64_t n = pending_[shape];
      pending_[shape] = 0;
      for (const ChunkPiece& piece : pieces(shape)) {
        line_counts[piece.line] += n;
        if (piece.program != kNoProgram) program_counts[piece.program] += n;
      }
    }
    dirty_.clear();
  }

  std::size_t size() const noexcept { return shapes_.size(); }

 private:
  struct Shape {
    std::uint32_t first_piece;
    std::uint32_t piece_count;
    std::uint32_t first_program;
    std::uint32_t program_count;
  };

  core::StringInterner keys_;          // each shape's pieces, as bytes
  std::vector<Shape> shapes_;          // by id
  std::vector<ChunkPiece> pieces_;     // every shape's, one after the other
  std::vector<std::uint32_t> programs_;  // every shape's program names, one after the other
  std::vector<std::uint64_t> pending_;   // by id: records counted since the last flush()
  std::vector<std::uint32_t> dirty_;     // the ids whose pending count is not 0
};

}  // namespace busytrap::analyze
