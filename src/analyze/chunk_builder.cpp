#include "analyze/chunk_builder.h"

#include <algorithm>

#include "analyze/busybox_token.h"
#include "analyze/intel/source_table.h"

namespace busytrap::analyze {

std::string_view skip_reason_text(SkipReason reason) noexcept {
  switch (reason) {
    case SkipReason::InvalidJson: return "invalid JSON";
    case SkipReason::NotAnObject: return "JSON value is not an object";
    case SkipReason::MissingEventId: return "no eventid";
    case SkipReason::TooLong: return "line too long";
    case SkipReason::Malformed: return "not a log line";
  }
  return "skipped";
}

ChunkBuilder::ChunkBuilder(const AnalysisOptions& options, ChunkResult& result, intel::WorkerIntel* worker,
                           ChunkKeyCache* keys)
    : options_(options),
      result_(result),
      keys_(keys != nullptr ? keys : &own_keys_),
      intel_(worker != nullptr ? worker : &own_intel_) {
  result_.key_source = keys_->source();
  result_.key_history_reset = keys_->start_chunk();
  result_.key_dictionary = intel_->id;
  result_.key_dictionary_reset = intel_->keys.begin_chunk(result_.new_intel_keys);
  result_.first_new_key = static_cast<std::uint32_t>(intel_->keys.size());
  // The feature cache is keyed by the key cache's line and program ids.
  if (result_.key_history_reset || intel_->feature_keys != keys_) {
    intel_->families.forget();
    intel_->feature_keys = keys_;
  }
  // The merge classifies a session from its records' features when the table has them.
  if (options_.intel.families && options_.families != nullptr && options_.families->has_applet_features()) {
    family_table_ = options_.families.get();
  }
  record_intel_ = family_table_ != nullptr || options_.intel.indicators;
}

bool ChunkBuilder::passes(std::int64_t timestamp, std::string_view sensor) const noexcept {
  if (options_.sensor && sensor != *options_.sensor) return false;
  return options_.in_time_range(timestamp);
}

std::uint32_t ChunkBuilder::session_index(std::string_view session_key) {
  const std::uint32_t key = hot_sessions_.intern(session_key, result_.session_keys);
  if (key == current_instance_.size()) {
    current_instance_.push_back(static_cast<std::uint32_t>(result_.sessions.size()));
    result_.sessions.push_back(ChunkSession{key, Protocol::Unknown, false, false});
    result_.sessions.back().first_instance = true;
  } else if (result_.sessions[current_instance_[key]].ended) {
    // The same key after its end: a new session (Cowrie reuses text-log transport numbers).
    current_instance_[key] = static_cast<std::uint32_t>(result_.sessions.size());
    result_.sessions.push_back(ChunkSession{key, Protocol::Unknown, false, false});
  }
  return current_instance_[key];
}

void ChunkBuilder::event(std::string_view session_key, std::int64_t timestamp, Protocol protocol,
                         std::string_view sensor, EventKind kind, std::string_view src_ip) {
  ++result_.events;
  if (session_key.empty()) return;
  ChunkSession& session = result_.sessions[session_index(session_key)];
  if (protocol != Protocol::Unknown) session.protocol = protocol;
  if (passes(timestamp, sensor)) session.has_event = true;
  if (kind == EventKind::SessionEnd) session.ended = true;
  if (options_.intel.wants_session_origin() && !src_ip.empty()) {
    if (session.src_ip == core::StringInterner::kNone) session.src_ip = add_source(src_ip);
    if (timestamp != core::kNoTimestamp && (session.start == core::kNoTimestamp || timestamp < session.start)) {
      session.start = timestamp;
    }
  }
}

bool ChunkBuilder::accept(std::string_view session_key, std::int64_t timestamp, Protocol protocol,
                          std::string_view sensor, std::uint32_t& session) {
  ++result_.events;
  session = kNoSession;
  if (!session_key.empty()) {
    session = session_index(session_key);
    if (protocol != Protocol::Unknown) result_.sessions[session].protocol = protocol;
  }
  if (!passes(timestamp, sensor)) return false;
  if (session != kNoSession) result_.sessions[session].has_event = true;
  return true;
}

void ChunkBuilder::login(std::string_view session_key, std::int64_t timestamp, Protocol protocol,
                         std::string_view sensor, std::string_view username, std::string_view password,
                         bool success) {
  std::uint32_t session;
  if (!accept(session_key, timestamp, protocol, sensor, session)) return;
  if (!options_.intel.credentials) return;
  const intel::KeyDictionary::LoginIds ids = intel_->keys.intern_login(username, password);
  result_.logins.push_back(ChunkLogin{session, ids.username, ids.password, ids.pair, success});
}

std::uint32_t ChunkBuilder::add_source(std::string_view src_ip) {
  const auto index = static_cast<std::uint32_t>(result_.sources.size());
  std::uint32_t ipv4 = 0;
  if (intel::SourceTable::parse_ipv4(src_ip, ipv4)) {
    result_.sources.push_back(ChunkSource{ipv4, core::StringInterner::kNone});
  } else {
    result_.sources.push_back(ChunkSource{0, result_.source_texts.intern(src_ip)});
  }
  return index;
}

void ChunkBuilder::command(std::string_view session_key, std::int64_t timestamp, std::string_view input,
                           std::string_view sensor, Protocol protocol) {
  std::uint32_t session;
  if (!accept(session_key, timestamp, protocol, sensor, session)) return;
  result_.records.push_back(ChunkRecord{timestamp, session, record_id(input)});
}

void ChunkBuilder::add_record_intel(std::uint32_t record, std::string_view input) {
  ChunkRecordIntel intel;
  if (family_table_ != nullptr) {
    const intel::FamilyFeatures features = intel_->families.record_features(record, *keys_, *family_table_);
    intel.family_lines = features.lines;
    intel.family_applets = features.applets;
  }
  if (options_.intel.indicators) {
    intel_->found.clear();
    intel_->extractor.extract(input, intel_->found);
    for (const intel::Indicator& indicator : intel_->found) {
      intel::indicator_key(indicator, key_scratch_);
      result_.new_record_indicators.push_back(intel_->keys.intern(key_scratch_));
    }
    intel.indicators = static_cast<std::uint32_t>(intel_->found.size());
  }
  result_.new_record_intel.push_back(intel);
  keys_->record_intel.push_back(intel);
  keys_->max_record_indicators = std::max(keys_->max_record_indicators, intel.indicators);
}

std::uint32_t ChunkBuilder::record_id(std::string_view input) {
  ChunkKeyCache& keys = *keys_;
  const std::uint32_t record = keys.hot_records.intern(input, keys.records);
  if (record < keys.record_pieces.size()) return record;
  const auto first = static_cast<std::uint32_t>(keys.pieces.size());
  shell::for_each_command_line(input, options_.split, [&](std::string_view line) { add_command_line(line); });
  const auto count = static_cast<std::uint32_t>(keys.pieces.size() - first);
  keys.record_pieces.push_back(ChunkKeyCache::Record{first, count});
  result_.new_record_pieces.push_back(count);
  result_.pieces.insert(result_.pieces.end(), keys.pieces.begin() + first, keys.pieces.end());
  // What the intel analyses need of the record, worked out once per cache like its pieces.
  if (record_intel_) add_record_intel(record, input);
  return record;
}

void ChunkBuilder::download(std::string_view session_key, std::int64_t timestamp, std::string_view sensor,
                            std::string_view url, std::string_view shasum) {
  std::uint32_t session;
  if (!accept(session_key, timestamp, Protocol::Unknown, sensor, session)) return;
  if (!options_.intel.indicators) return;
  indicator_scratch_.clear();
  intel::add_url_indicators(url, indicator_scratch_);
  if (shasum.size() == 64) indicator_scratch_.push_back(intel::Indicator{intel::IndicatorType::Sha256, std::string(shasum)});
  const auto records_before = static_cast<std::uint32_t>(result_.records.size());
  for (const intel::Indicator& indicator : indicator_scratch_) {
    intel::indicator_key(indicator, key_scratch_);
    result_.indicators.push_back(ChunkIndicator{timestamp, session, intel_->keys.intern(key_scratch_), records_before});
  }
}

std::uint32_t ChunkBuilder::line_id(std::string_view line) {
  const std::size_t known = keys_->lines.size();
  const std::uint32_t id = keys_->lines.intern(line);
  if (keys_->lines.size() > known) result_.line_keys.intern(line);  // new to the cache: into the delta
  return id;
}

void ChunkBuilder::add_command_line(std::string_view line) {
  ProgramName name;
  if (!programs_.extract(line, name)) {
    keys_->pieces.push_back(ChunkPiece{line_id(line), kNoProgram});
    return;
  }
  std::uint32_t id;
  key_scratch_.assign(name.argv0);
  if (name.is_busybox) {
    key_scratch_.push_back(' ');
    if (options_.fold_tokens && is_random_busybox_token(name.argv1)) {
      key_scratch_.append(kFoldedToken);
      // The command line keeps its text, with the token itself folded where it was typed.
      const auto at = static_cast<std::size_t>(name.argv1_raw.data() - line.data());
      std::string folded;
      folded.reserve(line.size());
      folded.append(line.substr(0, at)).append(kFoldedToken).append(line.substr(at + name.argv1_raw.size()));
      id = line_id(folded);
    } else {
      key_scratch_.append(name.argv1);
      id = line_id(line);
    }
  } else {
    id = line_id(line);
  }
  const std::size_t known_programs = keys_->programs.size();
  const std::uint32_t program = keys_->programs.intern(key_scratch_);
  if (keys_->programs.size() > known_programs) {
    keys_->program_is_busybox.push_back(name.is_busybox);
    result_.program_keys.intern(key_scratch_);
    result_.program_is_busybox.push_back(name.is_busybox);
  }
  keys_->pieces.push_back(ChunkPiece{id, program});
}

void ChunkBuilder::skipped(std::uint64_t line, SkipReason reason) {
  ++result_.skipped;
  if (result_.skipped_examples.size() < 8) result_.skipped_examples.push_back(SkippedLine{line, reason});
}

}  // namespace busytrap::analyze
