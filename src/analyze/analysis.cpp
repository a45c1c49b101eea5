#include "analyze/analysis.h"

#include <algorithm>
#include <cstring>

namespace busytrap::analyze {
namespace {
constexpr std::size_t kMaxSkippedExamples = 10;
}  // namespace

std::uint32_t Analysis::open_session(std::string_view key, std::uint64_t hash) {
  std::uint32_t index;
  if (!free_sessions_.empty()) {
    // A recycled slot keeps its buffers' capacity (finalize emptied them): no allocation per
    // session once the run has warmed up.
    index = free_sessions_.back();
    free_sessions_.pop_back();
    Session& session = sessions_[index];
    session.protocol = Protocol::Unknown;
    session.has_event = false;
    session.ending = false;
    session.records = 0;
  } else {
    index = static_cast<std::uint32_t>(sessions_.size());
    sessions_.emplace_back();
  }
  sessions_[index].key.assign(key);
  sessions_[index].hash = hash;
  open_.assign(key, hash, index, session_key());
  return index;
}

void Analysis::count_records(std::uint32_t shape, std::uint64_t n) {
  shapes_.count(shape, n);
  totals_.command_lines += n * shapes_.pieces(shape).size();
  totals_.command_lines_with_program += n * shapes_.programs(shape).size();
}

void Analysis::flush_counts() const {
  if (shapes_.has_pending()) shapes_.flush(line_counts_, program_counts_);
}

void Analysis::merge(ChunkResult& chunk) {
  totals_.bytes += chunk.bytes;
  totals_.lines += chunk.lines;
  totals_.events += chunk.events;
  totals_.skipped_lines += chunk.skipped;
  if (lines_before_chunk_.size() <= chunk.input_index) lines_before_chunk_.resize(chunk.input_index + 1, 0);
  for (const SkippedLine& skipped : chunk.skipped_examples) {
    if (skipped_examples_.size() >= kMaxSkippedExamples) break;
    skipped_examples_.push_back(
        SkippedExample{chunk.input_index, lines_before_chunk_[chunk.input_index] + skipped.line, skipped.reason});
  }
  lines_before_chunk_[chunk.input_index] += chunk.lines;

  // The worker dictionary's new keys first: the chunk's new records name them.
  const std::vector<std::uint32_t>* key_map = nullptr;
  if (options_.intel.any()) {
    key_map = &intel_.learn_keys(chunk.key_dictionary, chunk.key_dictionary_reset, chunk.first_new_key,
                                 chunk.new_intel_keys);
  }
  const KeySource& keys = merge_keys(chunk, key_map);
  if (chunk.summarised) {
    merge_summarised(chunk, key_sources_[chunk.key_source], key_map);
    return;
  }
  if (options_.intel.any()) intern_sources(chunk);

  // Chunk session instances -> global sessions, in order of first appearance.
  std::vector<std::uint32_t> session_map(chunk.sessions.size());
  std::vector<std::uint32_t> ending;
  for (std::size_t i = 0; i < chunk.sessions.size(); ++i) {
    const ChunkSession& local = chunk.sessions[i];
    const std::string_view key = chunk.session_keys.key(local.key);
    const std::uint64_t hash = core::hash_bytes(key);
    const std::uint32_t found = open_.find(key, hash, session_key());
    const std::uint32_t index =
        (found != OpenSessionTable::kNone && !sessions_[found].ending) ? found : open_session(key, hash);
    Session& session = sessions_[index];
    if (local.protocol != Protocol::Unknown) session.protocol = local.protocol;
    session.has_event |= local.has_event;
    if (local.ended) {
      session.ending = true;
      ending.push_back(index);
    }
    // Here, while the session is in cache, rather than in a pass of its own.
    if (key_map != nullptr) take_origin(session.facts, local);
    session_map[i] = index;
  }

  if (key_map != nullptr) merge_records<true>(chunk, keys, session_map, key_map);
  else merge_records<false>(chunk, keys, session_map, nullptr);

  if (options_.intel.any()) merge_logins(chunk, session_map, *key_map);
  for (std::uint32_t index : ending) finalize(index);
}

template <bool kIntel>
void Analysis::merge_records(const ChunkResult& chunk, const KeySource& keys, const std::vector<std::uint32_t>& session_map,
                             const std::vector<std::uint32_t>* key_map) {
  // Download events' indicators go in between the records as they came (the per-session limit
  // keeps the first ones in input order).
  std::size_t next_download = 0;
  const auto downloads_before = [&](std::size_t records) {
    for (; next_download < chunk.indicators.size() && chunk.indicators[next_download].records_before <= records;
         ++next_download) {
      const ChunkIndicator& download = chunk.indicators[next_download];
      add_download(download.session == kNoSession ? nullptr : &sessions_[session_map[download.session]].facts,
                   download, *key_map);
    }
  };
  for (std::size_t r = 0; r < chunk.records.size(); ++r) {
    const ChunkRecord& record = chunk.records[r];
    if constexpr (kIntel) {
      if (next_download < chunk.indicators.size()) downloads_before(r);
    }
    if (record.session == kNoSession) count_unsessioned_record(record, keys, kIntel);
    else add_record<kIntel>(sessions_[session_map[record.session]], record, keys);
  }
  if constexpr (kIntel) downloads_before(chunk.records.size());
}

void Analysis::count_unsessioned_record(const ChunkRecord& record, const KeySource& keys, bool with_intel) {
  if (!protocol_passes(Protocol::Unknown, options_.protocol)) return;
  const RecordKey key = keys.records[record.record];
  ++totals_.records;
  ++totals_.records_without_session;
  count_records(key.shape, 1);
  if (with_intel) count_unsessioned_indicators(key, record.timestamp);
}

void Analysis::count_unsessioned_indicators(const RecordKey& key, std::int64_t timestamp) {
  if (key.indicators == 0) return;
  for (const std::uint32_t indicator : record_intel_.indicators(key.intel)) {
    intel_.count_indicator(intel::SeenIndicator{indicator, timestamp});
  }
}

void Analysis::add_download(intel::SessionFacts* facts, const ChunkIndicator& download,
                            const std::vector<std::uint32_t>& key_map) {
  const intel::SeenIndicator seen{key_map[download.key], download.timestamp};
  if (facts != nullptr) keep_indicator(*facts, seen);
  else if (protocol_passes(Protocol::Unknown, options_.protocol)) intel_.count_indicator(seen);
}

void Analysis::take_origin(intel::SessionFacts& facts, const ChunkSession& local) const {
  if (local.src_ip != core::StringInterner::kNone && facts.src_ip == core::StringInterner::kNone) {
    facts.src_ip = source_map_[local.src_ip];
  }
  if (local.start != core::kNoTimestamp && (facts.start == core::kNoTimestamp || local.start < facts.start)) {
    facts.start = local.start;
  }
}

std::uint32_t Analysis::keep_record_intel(intel::SessionFacts& facts, std::uint32_t intel, std::uint32_t indicators,
                                          std::int64_t timestamp) {
  if (!observers_read_indicators_ && facts.kept_indicators + indicators <= intel::kMaxPendingIndicators) {
    facts.kept_indicators += indicators;
    return intel;
  }
  for (const std::uint32_t indicator : record_intel_.indicators(intel)) {
    keep_indicator(facts, intel::SeenIndicator{indicator, timestamp});
  }
  return record_intel_.without_indicators(intel);
}

void Analysis::keep_indicator(intel::SessionFacts& facts, const intel::SeenIndicator& seen) {
  if (facts.kept_indicators < intel::kMaxPendingIndicators) {
    ++facts.kept_indicators;
    facts.indicators.push_back(seen);
  } else {
    ++facts.dropped_indicators;
  }
}

const Analysis::KeySource& Analysis::merge_keys(const ChunkResult& chunk,
                                                const std::vector<std::uint32_t>* intel_keys) {
  if (key_sources_.size() <= chunk.key_source) key_sources_.resize(chunk.key_source + 1);
  KeySource& keys = key_sources_[chunk.key_source];
  if (chunk.key_history_reset) keys = KeySource{};
  // The cache's new ids -> global ids, appended to the maps of its earlier ones.
  line_keys_.intern_all(chunk.line_keys, id_scratch_);
  keys.lines.insert(keys.lines.end(), id_scratch_.begin(), id_scratch_.end());
  line_counts_.resize(line_keys_.size(), 0);
  program_keys_.intern_all(chunk.program_keys, id_scratch_);
  // New program ids come in chunk order, so they line up with the chunk's flags.
  for (std::uint32_t i = 0; i < id_scratch_.size(); ++i) {
    if (id_scratch_[i] == program_is_busybox_.size()) program_is_busybox_.push_back(chunk.program_is_busybox[i]);
  }
  keys.programs.insert(keys.programs.end(), id_scratch_.begin(), id_scratch_.end());
  program_counts_.resize(program_keys_.size(), 0);
  // The new records' shapes: their pieces in global ids.
  // With their intel facts, when the chunk has them (an intel analysis that needs them is on).
  const bool has_intel = intel_keys != nullptr && chunk.new_record_intel.size() == chunk.new_record_pieces.size();
  std::size_t next_piece = 0;
  std::size_t next_indicator = 0;
  for (std::size_t r = 0; r < chunk.new_record_pieces.size(); ++r) {
    const std::uint32_t count = chunk.new_record_pieces[r];
    piece_scratch_.clear();
    for (std::uint32_t p = 0; p < count; ++p) {
      const ChunkPiece& piece = chunk.pieces[next_piece++];
      piece_scratch_.push_back(
          ChunkPiece{keys.lines[piece.line], piece.program == kNoProgram ? kNoProgram : keys.programs[piece.program]});
    }
    std::uint32_t intel = intel::RecordIntelTable::kNone;
    indicator_scratch_.clear();
    if (has_intel) {
      const ChunkRecordIntel& facts = chunk.new_record_intel[r];
      for (std::uint32_t i = 0; i < facts.indicators && next_indicator < chunk.new_record_indicators.size(); ++i) {
        indicator_scratch_.push_back((*intel_keys)[chunk.new_record_indicators[next_indicator++]]);
      }
      intel = record_intel_.intern(intel::FamilyFeatures{facts.family_lines, facts.family_applets}, indicator_scratch_);
    }
    keys.records.push_back(
        RecordKey{shapes_.intern(piece_scratch_), intel, static_cast<std::uint32_t>(indicator_scratch_.size())});
  }
  if (options_.intel.time) shape_first_seen_.resize(shapes_.size(), core::kNoTimestamp);
  return keys;
}

void Analysis::intern_sources(const ChunkResult& chunk) {
  // Sources in the chunk's order of first appearance, so global ids keep that order.
  // Nearly every address is new: each lookup is a cache miss, so later ones are prefetched.
  constexpr std::size_t kAhead = 8;
  source_map_.clear();
  for (std::size_t i = 0; i < chunk.sources.size(); ++i) {
    if (i + kAhead < chunk.sources.size()) intel_.prefetch_source_ipv4(chunk.sources[i + kAhead].ipv4);
    const ChunkSource& source = chunk.sources[i];
    source_map_.push_back(source.text == core::StringInterner::kNone
                              ? intel_.intern_source_ipv4(source.ipv4)
                              : intel_.intern_source(chunk.source_texts.key(source.text)));
  }
}

void Analysis::merge_logins(ChunkResult& chunk, const std::vector<std::uint32_t>& session_map,
                            const std::vector<std::uint32_t>& key_map) {
  for (const ChunkLogin& login : chunk.logins) {
    add_login(login.session == kNoSession ? nullptr : &sessions_[session_map[login.session]].facts, login, key_map);
  }
}

void Analysis::add_login(intel::SessionFacts* facts, const ChunkLogin& login, const std::vector<std::uint32_t>& key_map) {
  const intel::LoginAttempt attempt{key_map[login.username], key_map[login.password], key_map[login.pair],
                                    login.success};
  if (facts == nullptr) {
    if (protocol_passes(Protocol::Unknown, options_.protocol)) intel_.count_login(attempt);
    return;
  }
  if (facts->logins.size() + facts->counted_logins >= intel::kMaxPendingLogins) {
    ++facts->dropped_logins;
  } else if (options_.protocol == ProtocolFilter::All && !observers_read_logins_) {
    // Nothing waits for the session's end: count now, no list to write and read back.
    ++facts->counted_logins;
    intel_.count_login(attempt);
  } else {
    facts->logins.push_back(attempt);
  }
}

void Analysis::count_session_totals(Protocol protocol, bool has_event, std::uint64_t records) {
  if (has_event) {
    ++totals_.sessions;
    switch (protocol) {
      case Protocol::Telnet: ++totals_.sessions_telnet; break;
      case Protocol::Ssh: ++totals_.sessions_ssh; break;
      case Protocol::Unknown: ++totals_.sessions_unknown; break;
    }
  }
  totals_.records += records;
  if (records > 0) ++totals_.sessions_with_commands;
}

void Analysis::finalize(std::uint32_t index) {
  Session& session = sessions_[index];
  if (protocol_passes(session.protocol, options_.protocol)) {
    count_session_totals(session.protocol, session.has_event, session.records);
    // Items arrive in input order (chunks are merged in input order, records in a chunk are in
    // input order), so a stable sort by time alone breaks ties by input position.
    const auto earlier = [](const Item& a, const Item& b) { return a.timestamp < b.timestamp; };
    // Items nearly always arrive in order; stable_sort would still allocate a buffer.
    if (!std::is_sorted(session.items.begin(), session.items.end(), earlier)) {
      std::stable_sort(session.items.begin(), session.items.end(), earlier);
    }
    // Observers look at the command lines themselves, and so does the families analysis when its
    // signatures are not all features the workers could OR together.
    const bool wants_families = classifies_families(session.records);
    const bool has_features = wants_families && options_.families->has_applet_features();
    const bool wants_lines = (wants_families && !has_features) || observers_read_items_;
    // The session's indicators: those listed in its facts, then those kept with its records.
    if (options_.intel.any()) intel_.count_session(session.facts, session.has_event);
    const bool count_indicators = options_.intel.indicators;
    const bool first_seen = options_.intel.time;
    seen_scratch_.clear();
    sequence_scratch_.clear();
    line_items_.clear();
    std::int64_t first_line_time = core::kNoTimestamp;
    for (const Item& item : session.items) {
      count_records(item.shape, 1);
      if (first_seen) note_first_seen(item.shape, item.timestamp);
      if (first_line_time == core::kNoTimestamp && !shapes_.pieces(item.shape).empty()) first_line_time = item.timestamp;
      if (item.intel != intel::RecordIntelTable::kNone) {
        if (has_features) {
          const intel::FamilyFeatures& features = record_intel_.features(item.intel);
          session.facts.families.lines |= features.lines;
          session.facts.families.applets |= features.applets;
        }
        if (count_indicators) {
          // Counted after the loop: each one's stats are a cache miss, fetched meanwhile.
          for (const std::uint32_t indicator : record_intel_.indicators(item.intel)) {
            intel_.prefetch_indicator(indicator);
            seen_scratch_.push_back(intel::SeenIndicator{indicator, item.timestamp});
          }
        }
      }
      // A loop, not insert(): most records have one or two programs, too few for memmove.
      for (const std::uint32_t program : shapes_.programs(item.shape)) sequence_scratch_.push_back(program);
      if (!wants_lines) continue;
      for (const ChunkPiece& piece : shapes_.pieces(item.shape)) {
        line_items_.push_back(SessionItem{item.timestamp, piece.line, piece.program});
      }
    }
    std::uint32_t sequence_id = core::StringInterner::kNone;
    if (!sequence_scratch_.empty()) {
      sequence_id = sequence_keys_.intern(std::string_view(reinterpret_cast<const char*>(sequence_scratch_.data()),
                                                           sequence_scratch_.size() * sizeof(std::uint32_t)));
      if (sequence_id == sequence_counts_.size()) sequence_counts_.push_back(0);
    }
    conclude_session(Concluding{session.key, session.protocol, session.has_event, session.records, session.items,
                                first_line_time, &session.facts, sequence_id});
  }
  open_.erase(session.hash, index);
  // Keep a slot's buffers for the next session unless one huge session made them large.
  constexpr std::size_t kKeptItems = 1024;
  if (session.items.capacity() > kKeptItems) session.items = {};
  else session.items.clear();
  session.key.clear();
  session.facts.reset();
  free_sessions_.push_back(index);
}

void Analysis::conclude_session(const Concluding& session) {
  for (const intel::SeenIndicator& seen : seen_scratch_) intel_.count_session_indicator(seen, session.facts->src_ip);
  bool new_sequence = false;
  if (session.sequence_id != core::StringInterner::kNone) {
    ++totals_.sessions_with_programs;
    new_sequence = ++sequence_counts_[session.sequence_id] == 1;
  }
  std::optional<std::size_t> family;
  if (classifies_families(session.records)) family = classify_family(session.facts->families, line_items_);
  if (observers_.empty()) return;
  FinishedSession finished;
  finished.key = session.key;
  finished.protocol = session.protocol;
  finished.has_event = session.has_event;
  finished.records = session.records;
  finished.items = line_items_;
  finished.shapes = session.shapes;
  finished.first_line_time = session.first_line_time;
  finished.sequence = sequence_scratch_;
  finished.facts = session.facts;
  finished.family = family;
  finished.new_sequence = new_sequence;
  finished.sequence_id = session.sequence_id;
  for (SessionObserver* observer : observers_) observer->session_finished(*this, finished);
}

bool Analysis::takes_summaries() const noexcept {
  const bool families_need_lines =
      options_.intel.families && options_.families && !options_.families->has_applet_features();
  // What a summarised session does not carry to the observers.
  const bool observers_read_sessions =
      observers_read_items_ || observers_read_records_ || observers_read_logins_ || observers_read_indicators_;
  return !observers_read_sessions && !families_need_lines;
}

std::optional<std::size_t> Analysis::classify_family(const intel::FamilyFeatures& features,
                                                     std::span<const SessionItem> items) {
  // Called from conclude_session, after sequence_scratch_ holds the session's program names.
  const intel::FamilyTable& table = *options_.families;
  std::optional<std::size_t> family;
  if (table.has_applet_features()) {
    // The workers ORed the features of the session's records (each distinct line and program
    // searched once per worker: intel::FamilyFeatureCache).
    family = table.classify_features(features.lines, features.applets);
  } else {
    family_scratch_.lines.clear();
    family_scratch_.busybox_applets.clear();
    for (const SessionItem& item : items) {
      family_scratch_.lines.push_back(line_keys_.key(item.line));
      if (item.program == kNoProgram) continue;
      const std::string_view program = program_keys_.key(item.program);
      const std::size_t space = program.find(' ');
      if (space != std::string_view::npos) family_scratch_.busybox_applets.push_back(program.substr(space + 1));
    }
    family = table.classify(family_scratch_);
  }
  opening_scratch_.clear();
  if (!family) {
    // Unknown sessions are ranked by their opening: the first three program names.
    for (std::size_t i = 0; i < sequence_scratch_.size() && i < 3; ++i) {
      if (i) opening_scratch_.append(" ").append("\u21d2").append(" ");
      opening_scratch_.append(program_keys_.key(sequence_scratch_[i]));
    }
    if (opening_scratch_.empty()) opening_scratch_ = "(no program name)";
  }
  intel_.count_family(family, opening_scratch_);
  return family;
}

void Analysis::finish() {
  std::vector<std::uint32_t> remaining;
  remaining.reserve(open_.size());
  open_.for_each_slot([&](std::uint32_t index) { remaining.push_back(index); });
  // Finalisation order does not change any count; sort for determinism anyway.
  std::sort(remaining.begin(), remaining.end());
  for (std::uint32_t index : remaining) finalize(index);
}

}  // namespace busytrap::analyze
