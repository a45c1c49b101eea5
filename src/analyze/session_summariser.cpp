#include "analyze/session_summariser.h"

#include <algorithm>
#include <span>
#include <string_view>

#include "analyze/intel/session_facts.h"

namespace busytrap::analyze {

void SessionSummariser::grow(std::vector<std::uint32_t>& counts, std::uint32_t id) {
  counts.resize(std::max<std::size_t>(std::size_t{id} + 1, counts.size() * 2), 0);
}

template <typename Item>
void SessionSummariser::group_by_session(std::vector<Item>& items, std::vector<Item>& scratch, std::size_t sessions,
                                         std::vector<std::uint32_t>& first) {
  const auto group_of = [sessions](const Item& item) {
    return item.session == kNoSession ? sessions : static_cast<std::size_t>(item.session);
  };
  // A counting sort: stable, so input order within a session.
  first.assign(sessions + 2, 0);
  for (const Item& item : items) ++first[group_of(item) + 1];
  for (std::size_t i = 1; i < first.size(); ++i) first[i] += first[i - 1];
  next_.assign(first.begin(), first.end());
  scratch.resize(items.size());
  for (const Item& item : items) scratch[next_[group_of(item)]++] = item;
  items.swap(scratch);
}

void SessionSummariser::group_downloads(ChunkResult& result) {
  const std::vector<ChunkRecord>& records = result.records;  // still in input order
  session_records_.assign(result.sessions.size(), 0);
  std::size_t next_record = 0;
  for (ChunkIndicator& download : result.indicators) {  // in input order: records_before never falls
    for (; next_record < download.records_before && next_record < records.size(); ++next_record) {
      if (records[next_record].session != kNoSession) ++session_records_[records[next_record].session];
    }
    if (download.session != kNoSession) download.records_before = session_records_[download.session];
  }
  group_by_session(result.indicators, grouped_downloads_, result.sessions.size(), starts_);
  for (std::size_t i = 0; i < result.sessions.size(); ++i) {
    result.session_intel[i].first_download = starts_[i];
    result.session_intel[i].download_count = starts_[i + 1] - starts_[i];
  }
}

bool SessionSummariser::over_indicator_limit(const ChunkResult& result, std::size_t index,
                                             const ChunkKeyCache& keys) const {
  std::size_t occurrences = result.session_intel[index].download_count;
  const ChunkSession& session = result.sessions[index];
  // Nearly always within the limit at any rate: no need to look at each record.
  if (occurrences + std::size_t{session.record_count} * keys.max_record_indicators <= intel::kMaxPendingIndicators) {
    return false;
  }
  for (std::uint32_t r = session.first_record; r < session.first_record + session.record_count; ++r) {
    const std::uint32_t record = result.records[r].record;
    if (record < keys.record_intel.size()) occurrences += keys.record_intel[record].indicators;
  }
  return occurrences > intel::kMaxPendingIndicators;
}

void SessionSummariser::summarise_intel(ChunkResult& result, std::size_t index, std::span<const ChunkRecord> ordered,
                                        const ChunkKeyCache& keys, bool first_seen) {
  ChunkSessionIntel& facts = result.session_intel[index];
  facts.first_indicator_record = static_cast<std::uint32_t>(result.indicator_records.size());
  for (const ChunkRecord& record : ordered) {
    if (facts.first_line_time == core::kNoTimestamp && keys.record_pieces[record.record].piece_count > 0) {
      facts.first_line_time = record.timestamp;
    }
    if (record.record < keys.record_intel.size()) {
      const ChunkRecordIntel& intel = keys.record_intel[record.record];
      facts.family_lines |= intel.family_lines;
      facts.family_applets |= intel.family_applets;
      if (intel.indicators > 0) result.indicator_records.push_back(record);
    }
    if (!first_seen || record.timestamp == core::kNoTimestamp) continue;
    if (record.record >= first_seen_.size()) {
      first_seen_.resize(std::max<std::size_t>(std::size_t{record.record} + 1, first_seen_.size() * 2),
                         core::kNoTimestamp);
    }
    std::int64_t& first = first_seen_[record.record];
    if (first == core::kNoTimestamp) first_seen_set_.push_back(record.record);
    if (first == core::kNoTimestamp || record.timestamp < first) first = record.timestamp;
  }
  facts.indicator_record_count =
      static_cast<std::uint32_t>(result.indicator_records.size()) - facts.first_indicator_record;
}

void SessionSummariser::summarise(ChunkResult& result, ChunkKeyCache& keys, const AnalysisOptions& options) {
  result.summarised = true;
  const bool intel = options.intel.any();
  std::vector<ChunkSession>& sessions = result.sessions;
  const std::size_t none = sessions.size();  // the group of the items without a session
  if (intel) {
    result.session_intel.assign(none, ChunkSessionIntel{});
    group_downloads(result);  // before the records are grouped: it reads their input order
    group_by_session(result.logins, grouped_logins_, none, starts_);
    for (std::size_t i = 0; i < none; ++i) {
      result.session_intel[i].first_login = starts_[i];
      result.session_intel[i].login_count = starts_[i + 1] - starts_[i];
    }
  }
  group_by_session(result.records, grouped_records_, none, starts_);
  for (std::size_t i = 0; i < none; ++i) {
    sessions[i].first_record = starts_[i];
    sessions[i].record_count = starts_[i + 1] - starts_[i];
  }
  const std::size_t unsessioned_first = starts_[none];

  const auto count_record = [&](std::uint32_t record) { tally(record_counts_, records_counted_, record); };
  for (std::size_t i = 0; i < none; ++i) {
    ChunkSession& session = sessions[i];
    if (!session.ended || !protocol_passes(session.protocol, options.protocol)) continue;
    if (intel && over_indicator_limit(result, i, keys)) continue;
    session.tallied = true;
    // In time order; `records` itself stays in input order, for a session that turns out to
    // continue one of earlier chunks (the merge then takes its records as they came).
    std::span<const ChunkRecord> ordered(result.records.data() + session.first_record, session.record_count);
    const auto earlier = [](const ChunkRecord& a, const ChunkRecord& b) { return a.timestamp < b.timestamp; };
    if (!std::is_sorted(ordered.begin(), ordered.end(), earlier)) {
      sorted_.assign(ordered.begin(), ordered.end());
      std::stable_sort(sorted_.begin(), sorted_.end(), earlier);
      ordered = sorted_;
    }
    sequence_.clear();
    for (const ChunkRecord* record = ordered.data(); record != ordered.data() + ordered.size(); ++record) {
      count_record(record->record);
      const ChunkKeyCache::Record& pieces = keys.record_pieces[record->record];
      for (std::uint32_t p = pieces.first_piece; p < pieces.first_piece + pieces.piece_count; ++p) {
        if (keys.pieces[p].program != kNoProgram) sequence_.push_back(keys.pieces[p].program);
      }
    }
    if (intel) summarise_intel(result, i, ordered, keys, options.intel.time);
    if (sequence_.empty()) continue;
    const std::string_view bytes(reinterpret_cast<const char*>(sequence_.data()),
                                 sequence_.size() * sizeof(std::uint32_t));
    const std::size_t known = keys.sequences.size();
    session.sequence = keys.sequences.intern(bytes);
    if (keys.sequences.size() > known) result.sequence_keys.intern(bytes);  // new to the cache: into the delta
  }
  result.unsessioned_counted = 0;
  if (protocol_passes(Protocol::Unknown, options.protocol)) {
    for (std::size_t r = unsessioned_first; r < result.records.size(); ++r) count_record(result.records[r].record);
    result.unsessioned_counted = result.records.size() - unsessioned_first;
  }
  result.record_tally.clear();
  for (const std::uint32_t id : records_counted_) {
    result.record_tally.push_back(ChunkTally{id, record_counts_[id]});
    record_counts_[id] = 0;
  }
  records_counted_.clear();
  result.record_first_seen.clear();
  for (const std::uint32_t id : first_seen_set_) {
    result.record_first_seen.push_back(ChunkFirstSeen{id, first_seen_[id]});
    first_seen_[id] = core::kNoTimestamp;
  }
  first_seen_set_.clear();
}

}  // namespace busytrap::analyze
