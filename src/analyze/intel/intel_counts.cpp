#include "analyze/intel/intel_counts.h"

#include <algorithm>

namespace busytrap::analyze::intel {
namespace {
constexpr std::int64_t kMicrosPerDay = 86'400'000'000LL;

std::int64_t day_of(std::int64_t micros) {
  return micros >= 0 ? micros / kMicrosPerDay : -((-micros + kMicrosPerDay - 1) / kMicrosPerDay);
}
}  // namespace

void IntelCounts::bump(std::vector<std::uint64_t>& counts, std::uint32_t id, std::uint64_t by) {
  if (counts.size() <= id) counts.resize(static_cast<std::size_t>(id) + 1, 0);
  counts[id] += by;
}

void IntelCounts::count_login(const LoginAttempt& attempt) {
  ++credentials_.attempts;
  if (attempt.success) ++credentials_.successes;
  bump(username_attempts_, attempt.username);
  bump(password_attempts_, attempt.password);
  bump(pair_attempts_, attempt.pair);
  bump(pair_successes_, attempt.pair, attempt.success ? 1 : 0);
}

const std::vector<std::uint32_t>& IntelCounts::learn_keys(std::uint32_t dictionary, bool reset, std::uint32_t first_new,
                                                          const std::vector<std::string>& learnt) {
  if (dictionaries_.size() <= dictionary) dictionaries_.resize(static_cast<std::size_t>(dictionary) + 1);
  std::vector<std::uint32_t>& ids = dictionaries_[dictionary];
  if (reset) ids.clear();
  // Equal when chunks come in order (the contract); ids stay in bounds whatever happens.
  if (ids.size() != first_new) ids.resize(first_new, keys_.intern({}));
  for (const std::string& key : learnt) ids.push_back(keys_.intern(key));
  return ids;
}

IndicatorStats& IntelCounts::indicator(std::uint32_t key) {
  if (indicators_.size() <= key) indicators_.resize(static_cast<std::size_t>(key) + 1);
  return indicators_[key];
}

void IntelCounts::count_indicator(const SeenIndicator& seen) {
  IndicatorStats& stats = indicator(seen.key);
  ++stats.occurrences;
  if (seen.timestamp != core::kNoTimestamp) {
    if (stats.first_seen == core::kNoTimestamp || seen.timestamp < stats.first_seen) stats.first_seen = seen.timestamp;
    if (stats.last_seen == core::kNoTimestamp || seen.timestamp > stats.last_seen) stats.last_seen = seen.timestamp;
  }
}

void IntelCounts::count_indicators(const SessionFacts& facts) {
  indicators_dropped_ += facts.dropped_indicators;
  // A session counts once per indicator: each one's stats remember the last session that
  // counted there (no copy and sort of the session's indicators).
  ++indicator_sessions_;
  for (const SeenIndicator& seen : facts.indicators) count_session_indicator(seen, facts.src_ip);
}

void IntelCounts::count_session_indicator(const SeenIndicator& seen, std::uint32_t src_ip) {
  count_indicator(seen);
  IndicatorStats& stats = indicators_[seen.key];
  if (stats.last_session == indicator_sessions_) return;
  stats.last_session = indicator_sessions_;
  ++stats.sessions;
  // A full list marked as incomplete stays as it is whatever the address.
  if (src_ip == core::StringInterner::kNone || stats.more_sources) return;
  const std::span<const std::uint32_t> known = stats.source_ips();
  if (std::find(known.begin(), known.end(), src_ip) != known.end()) return;
  if (stats.source_count < kMaxSourcesPerIndicator) stats.source_list[stats.source_count++] = src_ip;
  else stats.more_sources = true;
}

void IntelCounts::count_family(std::optional<std::size_t> family, std::string_view opening) {
  if (family) {
    if (family_sessions_.size() <= *family) family_sessions_.resize(*family + 1, 0);
    ++family_sessions_[*family];
    return;
  }
  bump(unknown_opening_sessions_, unknown_openings_.intern(opening));
}

void IntelCounts::count_session(const SessionFacts& facts, bool counted) {
  if (selection_.indicators) count_indicators(facts);
  if (selection_.credentials) {
    for (const LoginAttempt& attempt : facts.logins) count_login(attempt);
    credentials_.dropped += facts.dropped_logins;
  }
  if (!selection_.sources || !counted) return;
  if (facts.src_ip == core::StringInterner::kNone) {
    ++sessions_without_source_;
    return;
  }
  ++sessions_with_source_;
  if (sources_.size() <= facts.src_ip) sources_.resize(static_cast<std::size_t>(facts.src_ip) + 1);
  SourceStats& source = sources_[facts.src_ip];
  ++source.sessions;
  if (facts.start != core::kNoTimestamp) {
    const std::int64_t day = day_of(facts.start);
    if (day != source.last_day) {
      ++source.days;
      source.last_day = day;
    }
  }
}

}  // namespace busytrap::analyze::intel
