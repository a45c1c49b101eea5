#include "analyze/chunk_builder.h"

#include "analyze/busybox_token.h"

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

ChunkBuilder::ChunkBuilder(const AnalysisOptions& options, ChunkResult& result, intel::IndicatorCache* indicators,
                           ChunkKeyCache* keys)
    : options_(options),
      result_(result),
      keys_(keys != nullptr ? keys : &own_keys_),
      indicators_(indicators != nullptr ? indicators : &own_indicators_) {
  result_.key_source = keys_->source();
  result_.key_history_reset = keys_->start_chunk();
}

bool ChunkBuilder::passes(std::int64_t timestamp, std::string_view sensor) const noexcept {
  if (options_.sensor && sensor != *options_.sensor) return false;
  return options_.in_time_range(timestamp);
}

std::uint32_t ChunkBuilder::session_index(std::string_view session_key) {
  const std::uint32_t key = result_.session_keys.intern(session_key);
  if (key == current_instance_.size()) {
    current_instance_.push_back(static_cast<std::uint32_t>(result_.sessions.size()));
    result_.sessions.push_back(ChunkSession{key, Protocol::Unknown, false, false});
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
    if (session.src_ip == core::StringInterner::kNone) session.src_ip = result_.intel_keys.intern(src_ip);
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
  result_.logins.push_back(
      ChunkLogin{session, result_.intel_keys.intern(username), result_.intel_keys.intern(password), success});
}

void ChunkBuilder::command(std::string_view session_key, std::int64_t timestamp, std::uint64_t position,
                           std::string_view input, std::string_view sensor, Protocol protocol) {
  std::uint32_t session;
  if (!accept(session_key, timestamp, protocol, sensor, session)) return;
  const std::uint32_t record = record_id(input);
  result_.records.push_back(ChunkRecord{session, timestamp, position, record});
  if (!options_.intel.indicators) return;
  // A repeated record reuses the indicators found the first time in this chunk: no second
  // lexing, no copies.
  if (record >= record_indicators_.size()) record_indicators_.resize(record + 1, kNotLexed);
  if (record_indicators_[record].count == kNotLexed.count) {
    const auto first = static_cast<std::uint32_t>(cached_indicators_.size());
    cache_indicators(indicators_->get(input));
    record_indicators_[record] = IndicatorSpan{first, static_cast<std::uint32_t>(cached_indicators_.size() - first)};
  }
  const IndicatorSpan span = record_indicators_[record];
  for (std::uint32_t i = 0; i < span.count; ++i) {
    result_.indicators.push_back(ChunkIndicator{session, timestamp, cached_indicators_[span.first + i]});
  }
}

std::uint32_t ChunkBuilder::record_id(std::string_view input) {
  ChunkKeyCache& keys = *keys_;
  const std::uint32_t record = keys.records.intern(input);
  if (record < keys.record_pieces.size()) return record;
  const auto first = static_cast<std::uint32_t>(keys.pieces.size());
  shell::for_each_command_line(input, options_.split, [&](std::string_view line) { add_command_line(line); });
  const auto count = static_cast<std::uint32_t>(keys.pieces.size() - first);
  keys.record_pieces.push_back(ChunkKeyCache::Record{first, count});
  result_.new_record_pieces.push_back(count);
  result_.pieces.insert(result_.pieces.end(), keys.pieces.begin() + first, keys.pieces.end());
  return record;
}

void ChunkBuilder::cache_indicators(std::span<const intel::Indicator> indicators) {
  for (const intel::Indicator& indicator : indicators) {
    key_scratch_.assign(1, static_cast<char>(indicator.type));
    key_scratch_.append(indicator.value);
    cached_indicators_.push_back(result_.intel_keys.intern(key_scratch_));
  }
}

void ChunkBuilder::add_indicators(std::uint32_t session, std::int64_t timestamp) {
  for (const intel::Indicator& indicator : indicator_scratch_) {
    key_scratch_.assign(1, static_cast<char>(indicator.type));
    key_scratch_.append(indicator.value);
    result_.indicators.push_back(ChunkIndicator{session, timestamp, result_.intel_keys.intern(key_scratch_)});
  }
}

void ChunkBuilder::download(std::string_view session_key, std::int64_t timestamp, std::string_view sensor,
                            std::string_view url, std::string_view shasum) {
  std::uint32_t session;
  if (!accept(session_key, timestamp, Protocol::Unknown, sensor, session)) return;
  if (!options_.intel.indicators) return;
  indicator_scratch_.clear();
  intel::add_url_indicators(url, indicator_scratch_);
  if (shasum.size() == 64) indicator_scratch_.push_back(intel::Indicator{intel::IndicatorType::Sha256, std::string(shasum)});
  add_indicators(session, timestamp);
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
