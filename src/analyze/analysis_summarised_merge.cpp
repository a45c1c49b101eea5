// Analysis::merge of a summarised chunk (see ChunkResult::summarised and SessionSummariser): the
// sessions that lie whole in the chunk are counted from the workers' tallies and summaries
// without being opened, so the merging thread touches one ChunkSession per such session instead
// of every record. Sessions are concluded in the chunk's order, as merge() finalises them.
#include <cstring>

#include "analyze/analysis.h"

namespace busytrap::analyze {

void Analysis::uncount_record(std::uint32_t shape) {
  shapes_.uncount(shape);
  totals_.command_lines -= shapes_.pieces(shape).size();
  totals_.command_lines_with_program -= shapes_.programs(shape).size();
}

void Analysis::count_whole_session(const ChunkResult& chunk, std::size_t index, const KeySource& keys,
                                   const std::vector<std::uint32_t>* key_map) {
  // What finalize() counts for a session, but its records are in the tallies.
  const ChunkSession& local = chunk.sessions[index];
  if (!protocol_passes(local.protocol, options_.protocol)) return;
  count_session_totals(local.protocol, local.has_event, local.record_count);
  std::uint32_t sequence_id = core::StringInterner::kNone;
  sequence_scratch_.clear();
  if (local.sequence != core::StringInterner::kNone) {
    sequence_id = keys.sequences[local.sequence];
    if (!observers_.empty() || options_.intel.families) {
      // Its program names, for the observers and the opening of an unknown family.
      const std::string_view bytes = sequence_keys_.key(sequence_id);
      sequence_scratch_.resize(bytes.size() / sizeof(std::uint32_t));
      std::memcpy(sequence_scratch_.data(), bytes.data(), bytes.size());
    }
  }
  intel::SessionFacts& facts = whole_facts_;  // stays empty without intel analyses
  seen_scratch_.clear();
  line_items_.clear();
  std::int64_t first_line_time = core::kNoTimestamp;
  if (key_map != nullptr) {
    const ChunkSessionIntel& summary = chunk.session_intel[index];
    facts.reset();
    take_origin(facts, local);
    for (std::uint32_t i = summary.first_login; i < summary.first_login + summary.login_count; ++i) {
      add_login(&facts, chunk.logins[i], *key_map);
    }
    for (std::uint32_t i = summary.first_download; i < summary.first_download + summary.download_count; ++i) {
      add_download(&facts, chunk.indicators[i], *key_map);
    }
    intel_.count_session(facts, local.has_event);
    if (options_.intel.indicators) {
      // Counted in conclude_session: each one's stats are a cache miss, fetched meanwhile.
      const auto first = chunk.indicator_records.begin() + summary.first_indicator_record;
      for (auto record = first; record != first + summary.indicator_record_count; ++record) {
        for (const std::uint32_t indicator : record_intel_.indicators(keys.records[record->record].intel)) {
          intel_.prefetch_indicator(indicator);
          seen_scratch_.push_back(intel::SeenIndicator{indicator, record->timestamp});
        }
      }
    }
    facts.families = intel::FamilyFeatures{summary.family_lines, summary.family_applets};
    first_line_time = summary.first_line_time;
  }
  conclude_session(Concluding{chunk.session_keys.key(local.key), local.protocol, local.has_event, local.record_count,
                              {}, first_line_time, &facts, sequence_id});
}

void Analysis::merge_unsessioned_intel(const ChunkResult& chunk, const KeySource& keys,
                                       const std::vector<std::uint32_t>& key_map) {
  // Their records are in the tallies already; only their indicators are left to count.
  if (protocol_passes(Protocol::Unknown, options_.protocol)) {
    for (std::size_t r = chunk.records.size() - chunk.unsessioned_counted; r < chunk.records.size(); ++r) {
      count_unsessioned_indicators(keys.records[chunk.records[r].record], chunk.records[r].timestamp);
    }
  }
  for (const ChunkIndicator& download : chunk.indicators) {
    if (download.session == kNoSession) add_download(nullptr, download, key_map);
  }
  for (const ChunkLogin& login : chunk.logins) {
    if (login.session == kNoSession) add_login(nullptr, login, key_map);
  }
}

void Analysis::merge_summarised(ChunkResult& chunk, KeySource& keys, const std::vector<std::uint32_t>* key_map) {
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
  totals_.records += chunk.unsessioned_counted;
  totals_.records_without_session += chunk.unsessioned_counted;
  if (key_map != nullptr) {
    intern_sources(chunk);
    merge_unsessioned_intel(chunk, keys, *key_map);
    if (options_.intel.time) {
      for (const ChunkFirstSeen& seen : chunk.record_first_seen) {
        note_first_seen(keys.records[seen.record].shape, seen.timestamp);
      }
    }
  }

  for (std::size_t i = 0; i < chunk.sessions.size(); ++i) {
    const ChunkSession& local = chunk.sessions[i];
    const std::string_view key = chunk.session_keys.key(local.key);
    std::uint64_t hash = 0;
    std::uint32_t found = OpenSessionTable::kNone;
    // A later instance of a key follows one that ended in this chunk: it starts a new session.
    if (local.first_instance) {
      hash = core::hash_bytes(key);
      found = open_.find(key, hash, session_key());
    }
    // A session filtered out by its protocol counts nothing, whether tallied or not.
    if (found == OpenSessionTable::kNone && local.ended &&
        (local.tallied || !protocol_passes(local.protocol, options_.protocol))) {
      count_whole_session(chunk, i, keys, key_map);
      continue;
    }
    const auto first = chunk.records.begin() + local.first_record;
    const auto last = first + local.record_count;
    // It continues a session of earlier chunks: its records go to that session, not the tallies.
    if (local.tallied) {
      for (auto record = first; record != last; ++record) uncount_record(keys.records[record->record].shape);
    }
    if (!local.first_instance) hash = core::hash_bytes(key);
    const std::uint32_t index = found != OpenSessionTable::kNone ? found : open_session(key, hash);
    Session& session = sessions_[index];
    if (local.protocol != Protocol::Unknown) session.protocol = local.protocol;
    session.has_event |= local.has_event;
    if (key_map == nullptr) {
      for (auto record = first; record != last; ++record) add_record<false>(session, *record, keys);
    } else {
      // Its records as they came, with its download events' indicators in between (the
      // session's limit keeps the first ones in input order), then its logins.
      const ChunkSessionIntel& summary = chunk.session_intel[i];
      take_origin(session.facts, local);
      std::uint32_t download = summary.first_download;
      const std::uint32_t downloads_end = summary.first_download + summary.download_count;
      for (std::uint32_t r = 0; r < local.record_count; ++r) {
        for (; download < downloads_end && chunk.indicators[download].records_before <= r; ++download) {
          add_download(&session.facts, chunk.indicators[download], *key_map);
        }
        add_record<true>(session, first[r], keys);
      }
      for (; download < downloads_end; ++download) add_download(&session.facts, chunk.indicators[download], *key_map);
      for (std::uint32_t l = summary.first_login; l < summary.first_login + summary.login_count; ++l) {
        add_login(&session.facts, chunk.logins[l], *key_map);
      }
    }
    if (local.ended) finalize(index);
  }
}

}  // namespace busytrap::analyze
