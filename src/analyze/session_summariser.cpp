#include "analyze/session_summariser.h"

#include <algorithm>
#include <string_view>

namespace busytrap::analyze {

void SessionSummariser::grow(std::vector<std::uint32_t>& counts, std::uint32_t id) {
  counts.resize(std::max<std::size_t>(std::size_t{id} + 1, counts.size() * 2), 0);
}

void SessionSummariser::emit(std::vector<std::uint32_t>& counts, std::vector<std::uint32_t>& counted,
                             std::vector<ChunkTally>& out) {
  out.clear();
  for (const std::uint32_t id : counted) {
    out.push_back(ChunkTally{id, counts[id]});
    counts[id] = 0;
  }
  counted.clear();
}

void SessionSummariser::summarise(ChunkResult& result, ChunkKeyCache& keys, ProtocolFilter filter) {
  result.summarised = true;
  std::vector<ChunkSession>& sessions = result.sessions;
  const std::size_t none = sessions.size();  // the group of the records without a session
  const auto group_of = [none](const ChunkRecord& record) {
    return record.session == kNoSession ? none : static_cast<std::size_t>(record.session);
  };

  // Group the records by session (a counting sort: stable, so input order within a session).
  starts_.assign(none + 2, 0);
  for (const ChunkRecord& record : result.records) ++starts_[group_of(record) + 1];
  for (std::size_t i = 1; i < starts_.size(); ++i) starts_[i] += starts_[i - 1];
  for (std::size_t i = 0; i < none; ++i) {
    sessions[i].first_record = starts_[i];
    sessions[i].record_count = starts_[i + 1] - starts_[i];
  }
  const std::size_t unsessioned_first = starts_[none];
  grouped_.resize(result.records.size());
  for (const ChunkRecord& record : result.records) grouped_[starts_[group_of(record)]++] = record;
  result.records.swap(grouped_);

  const auto count_record = [&](std::uint32_t record) { tally(record_counts_, records_counted_, record); };
  for (ChunkSession& session : sessions) {
    if (!session.ended || session.record_count == 0 || !protocol_passes(session.protocol, filter)) continue;
    const auto first = result.records.begin() + session.first_record;
    const auto last = first + session.record_count;
    const auto earlier = [](const ChunkRecord& a, const ChunkRecord& b) { return a.timestamp < b.timestamp; };
    if (!std::is_sorted(first, last, earlier)) std::stable_sort(first, last, earlier);
    sequence_.clear();
    for (auto record = first; record != last; ++record) {
      count_record(record->record);
      const ChunkKeyCache::Record& pieces = keys.record_pieces[record->record];
      for (std::uint32_t p = pieces.first_piece; p < pieces.first_piece + pieces.piece_count; ++p) {
        if (keys.pieces[p].program != kNoProgram) sequence_.push_back(keys.pieces[p].program);
      }
    }
    if (sequence_.empty()) continue;
    const std::string_view bytes(reinterpret_cast<const char*>(sequence_.data()),
                                 sequence_.size() * sizeof(std::uint32_t));
    const std::size_t known = keys.sequences.size();
    session.sequence = keys.sequences.intern(bytes);
    if (keys.sequences.size() > known) result.sequence_keys.intern(bytes);  // new to the cache: into the delta
    tally(sequence_counts_, sequences_counted_, session.sequence);
  }
  result.unsessioned_counted = 0;
  if (protocol_passes(Protocol::Unknown, filter)) {
    for (std::size_t r = unsessioned_first; r < result.records.size(); ++r) count_record(result.records[r].record);
    result.unsessioned_counted = result.records.size() - unsessioned_first;
  }
  emit(record_counts_, records_counted_, result.record_tally);
  emit(sequence_counts_, sequences_counted_, result.sequence_tally);
}

}  // namespace busytrap::analyze
