// RecordShapes: shape ids, their pieces and program lists, and the counts that flush() adds,
// against a plain model (std::map of piece lists, counts added per record) under random records.
#include "analyze/record_shapes.h"

#include <gtest/gtest.h>

#include <map>
#include <utility>
#include <vector>

namespace busytrap::analyze {
namespace {

// (line, program) pairs, comparable with ==.
std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs(std::span<const ChunkPiece> pieces) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (const ChunkPiece& piece : pieces) out.emplace_back(piece.line, piece.program);
  return out;
}

TEST(RecordShapes, EqualPieceListsShareAnIdAndKeepTheirPieces) {
  RecordShapes shapes;
  const std::vector<ChunkPiece> a{{0, 0}, {1, kNoProgram}, {2, 1}};
  const std::vector<ChunkPiece> b{{0, 0}, {1, kNoProgram}};
  const std::vector<ChunkPiece> empty;
  EXPECT_EQ(shapes.intern(a), 0u);
  EXPECT_EQ(shapes.intern(b), 1u);
  EXPECT_EQ(shapes.intern(empty), 2u);
  EXPECT_EQ(shapes.intern(a), 0u);
  EXPECT_EQ(shapes.intern(std::vector<ChunkPiece>(b)), 1u);
  EXPECT_EQ(shapes.size(), 3u);
  EXPECT_EQ(pairs(shapes.pieces(0)), pairs(a));
  EXPECT_EQ(pairs(shapes.pieces(1)), pairs(b));
  EXPECT_TRUE(shapes.pieces(2).empty());
  const auto programs = shapes.programs(0);
  EXPECT_EQ(std::vector<std::uint32_t>(programs.begin(), programs.end()), (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(shapes.programs(1).size(), 1u);
  EXPECT_TRUE(shapes.programs(2).empty());
}

TEST(RecordShapes, FlushAddsEachRecordsLinesAndProgramsOnce) {
  RecordShapes shapes;
  std::map<std::vector<std::uint32_t>, std::uint32_t> ids;  // model: flat (line, program) list -> id
  std::vector<std::uint64_t> lines(16, 0), programs(8, 0), expected_lines(16, 0), expected_programs(8, 0);
  std::uint64_t state = 11;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(state >> 33);
  };
  EXPECT_FALSE(shapes.has_pending());
  for (int step = 0; step < 20000; ++step) {
    std::vector<ChunkPiece> pieces(next() % 4);
    std::vector<std::uint32_t> flat;
    for (ChunkPiece& piece : pieces) {
      piece.line = next() % 16;
      piece.program = next() % 3 == 0 ? kNoProgram : next() % 8;
      flat.push_back(piece.line);
      flat.push_back(piece.program);
    }
    const std::size_t before = shapes.size();
    const std::uint32_t id = shapes.intern(pieces);
    const auto [known, added] = ids.emplace(flat, id);
    ASSERT_EQ(known->second, id);
    ASSERT_EQ(added, shapes.size() == before + 1);
    if (added) {
      ASSERT_EQ(id, before);
    }
    shapes.count(id);
    for (const ChunkPiece& piece : pieces) {
      ++expected_lines[piece.line];
      if (piece.program != kNoProgram) ++expected_programs[piece.program];
    }
    if (next() % 100 == 0) {  // flush now and then, as the report's reads do
      shapes.flush(lines, programs);
      ASSERT_FALSE(shapes.has_pending());
      ASSERT_EQ(lines, expected_lines);
      ASSERT_EQ(programs, expected_programs);
    }
  }
  shapes.flush(lines, programs);
  EXPECT_EQ(lines, expected_lines);
  EXPECT_EQ(programs, expected_programs);
  shapes.flush(lines, programs);  // nothing pending: no change
  EXPECT_EQ(lines, expected_lines);
}

}  // namespace
}  // namespace busytrap::analyze
