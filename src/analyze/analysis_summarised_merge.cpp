// Analysis::merge of a summarised chunk (see ChunkResult::summarised and SessionSummariser): the
// sessions that lie whole in the chunk are counted from the workers' tallies without being opened,
// so the merging thread touches one ChunkSession per such session instead of every record.
#include <cstring>

#include "analyze/analysis.h"

namespace busytrap::analyze {

void Analysis::uncount_record(std::uint32_t shape) {
  shapes_.uncount(shape);
  totals_.command_lines -= shapes_.pieces(shape).size();
  totals_.command_lines_with_program -= shapes_.programs(shape).size();
}

void Analysis::count_whole_session(const ChunkSession& local) {
  // What finalize() counts for a session, but its records and sequence are in the tallies.
  if (!protocol_passes(local.protocol, options_.protocol)) return;
  count_session_totals(local.protocol, local.has_event, local.record_count);
  if (local.sequence != core::StringInterner::kNone) ++totals_.sessions_with_programs;
}

void Analysis::merge_summarised(ChunkResult& chunk, KeySource& keys) {
  // The cache's new sequences -> global sequence ids (their program ids made global).
  for (std::uint32_t i = 0; i < chunk.sequence_keys.size(); ++i) {
    const std::string_view bytes = chunk.sequence_keys.key(i);
    sequence_scratch_.resize(bytes.size() / sizeof(std::uint32_t));
    std::memcpy(sequence_scratch_.data(), bytes.data(), bytes.size());
    for (std::uint32_t& program : sequence_scratch_) program = keys.programs[program];
    const std::uint32_t id = sequence_keys_.intern(std::string_view(
        reinterpret_cast<const char*>(sequence_scratch_.data()), sequence_scratch_.size() * sizeof(std::uint32_t)));
    if (id == sequence_counts_.size()) sequence_counts_.push_back(0);
    keys.sequences.push_back(id);
  }
  // The tallies first: a session found below to continue an earlier chunk's takes its share back.
  for (const ChunkTally& tally : chunk.record_tally) count_records(keys.records[tally.id].shape, tally.count);
  for (const ChunkTally& tally : chunk.sequence_tally) sequence_counts_[keys.sequences[tally.id]] += tally.count;
  totals_.records += chunk.unsessioned_counted;
  totals_.records_without_session += chunk.unsessioned_counted;

  std::vector<std::uint32_t> ending;
  for (const ChunkSession& local : chunk.sessions) {
    const std::string_view key = chunk.session_keys.key(local.key);
    std::uint64_t hash = 0;
    std::uint32_t found = OpenSessionTable::kNone;
    // A later instance of a key follows one that ended in this chunk: it starts a new session.
    if (local.first_instance) {
      hash = core::hash_bytes(key);
      found = open_.find(key, hash, session_key());
      if (found != OpenSessionTable::kNone && sessions_[found].ending) found = OpenSessionTable::kNone;
    }
    if (found == OpenSessionTable::kNone && local.ended) {
      count_whole_session(local);
      continue;
    }
    const auto first = chunk.records.begin() + local.first_record;
    const auto last = first + local.record_count;
    if (local.ended && protocol_passes(local.protocol, options_.protocol)) {
      // It continues a session of earlier chunks: its records go to that session, not the tallies.
      for (auto record = first; record != last; ++record) uncount_record(keys.records[record->record].shape);
      if (local.sequence != core::StringInterner::kNone) --sequence_counts_[keys.sequences[local.sequence]];
    }
    if (!local.first_instance) hash = core::hash_bytes(key);
    const std::uint32_t index = found != OpenSessionTable::kNone ? found : open_session(key, hash);
    Session& session = sessions_[index];
    if (local.protocol != Protocol::Unknown) session.protocol = local.protocol;
    session.has_event |= local.has_event;
    session.records += local.record_count;
    for (auto record = first; record != last; ++record) {
      session.items.push_back(Item{record->timestamp, keys.records[record->record].shape, intel::RecordIntelTable::kNone});
    }
    if (local.ended) {
      session.ending = true;
      ending.push_back(index);
    }
  }
  for (const std::uint32_t index : ending) finalize(index);
}

}  // namespace busytrap::analyze
