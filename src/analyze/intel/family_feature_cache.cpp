#include "analyze/intel/family_feature_cache.h"

#include <string_view>

#include "analyze/chunk_key_cache.h"

namespace busytrap::analyze::intel {
namespace {
// Features never have bit 63 set (FamilyTable leaves it to callers).
constexpr std::uint64_t kUnknown = std::uint64_t{1} << 63;

template <typename Compute>
std::uint64_t cached(std::vector<std::uint64_t>& cache, std::uint32_t id, Compute compute) {
  if (cache.size() <= id) cache.resize(static_cast<std::size_t>(id) + 1, kUnknown);
  std::uint64_t& features = cache[id];
  if (features == kUnknown) features = compute() & ~kUnknown;
  return features;
}
}  // namespace

void FamilyFeatureCache::forget() {
  lines_.clear();
  programs_.clear();
}

FamilyFeatures FamilyFeatureCache::record_features(std::uint32_t record, const ChunkKeyCache& keys,
                                                   const FamilyTable& table) {
  FamilyFeatures features;
  const ChunkKeyCache::Record& pieces = keys.record_pieces[record];
  for (std::uint32_t p = pieces.first_piece; p < pieces.first_piece + pieces.piece_count; ++p) {
    const ChunkPiece& piece = keys.pieces[p];
    features.lines |= cached(lines_, piece.line, [&] { return table.line_features(keys.lines.key(piece.line)); });
    if (piece.program == kNoProgram) continue;
    features.applets |= cached(programs_, piece.program, [&] {
      // A program key is "argv0" or "argv0 applet": only busybox applets have features.
      const std::string_view program = keys.programs.key(piece.program);
      const std::size_t space = program.find(' ');
      return space == std::string_view::npos ? std::uint64_t{0} : table.applet_features(program.substr(space + 1));
    });
  }
  return features;
}

}  // namespace busytrap::analyze::intel
