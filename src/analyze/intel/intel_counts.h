#pragma once
// IntelCounts: the global counts of the intel analyses (credentials, sources, indicators), filled by the
// Analysis as sessions are finalised, in input order, on the merging thread (not thread-safe).
// Memory grows with distinct usernames, passwords, pairs, addresses and indicators, never with
// the input.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/intel/intel_selection.h"
#include "analyze/intel/session_facts.h"
#include "analyze/intel/source_table.h"
#include "core/string_interner.h"

namespace busytrap::analyze::intel {

struct SourceStats {
  std::uint64_t sessions = 0;
  std::uint64_t days = 0;  // distinct UTC days with a session (sessions arrive in time order)
  std::int64_t last_day = core::kNoTimestamp;
};

struct CredentialTotals {
  std::uint64_t attempts = 0;
  std::uint64_t successes = 0;
  std::uint64_t dropped = 0;  // attempts beyond kMaxPendingLogins in one session
};

inline constexpr std::size_t kMaxSourcesPerIndicator = 16;

// Two cache lines: what every occurrence updates in the first, with the start of the source list
// kept inline (no allocation and no further miss per indicator; finalisation counts over a
// million of them on the week's log).
struct alignas(64) IndicatorStats {
  std::int64_t first_seen = core::kNoTimestamp;
  std::int64_t last_seen = core::kNoTimestamp;
  std::uint64_t occurrences = 0;              // commands and download events naming it
  std::uint64_t sessions = 0;                 // distinct sessions naming it
  std::uint64_t last_session = 0;             // IntelCounts' serial of the last session counted here
  std::uint8_t source_count = 0;              // entries of source_list in use
  bool more_sources = false;                  // there were more than kMaxSourcesPerIndicator
  std::array<std::uint32_t, kMaxSourcesPerIndicator> source_list{};

  // source_keys() ids of its sessions' addresses: the first kMaxSourcesPerIndicator distinct.
  std::span<const std::uint32_t> source_ips() const noexcept { return {source_list.data(), source_count}; }
};

class IntelCounts {
 public:
  explicit IntelCounts(IntelSelection selection) : selection_(selection) {}

  const IntelSelection& selection() const noexcept { return selection_; }
  // Mirrors worker dictionary `dictionary` (intel::KeyDictionary) after one of its chunks:
  // `reset` when its ids restarted, `learnt` its new keys from id `first_new` on. Returns its
  // ids' global ids (keys()), valid until the next call. Chunks of one dictionary must come in
  // the order they were parsed.
  const std::vector<std::uint32_t>& learn_keys(std::uint32_t dictionary, bool reset, std::uint32_t first_new,
                                               const std::vector<std::string>& learnt);
  // The global id (source_keys()) of a session's source address.
  std::uint32_t intern_source_ipv4(std::uint32_t address) { return source_keys_.intern_ipv4(address); }
  void prefetch_source_ipv4(std::uint32_t address) const noexcept { source_keys_.prefetch_ipv4(address); }
  std::uint32_t intern_source(std::string_view address) { return source_keys_.intern(address); }

  // A finalised session that passed the filters (`counted`: it had an event in range).
  void count_session(const SessionFacts& facts, bool counted);
  // One more indicator occurrence of the session last given to count_session() (the Analysis
  // keeps a command record's indicators with the session's record, not in its facts), whose
  // source address is `src_ip` (its facts.src_ip).
  void count_session_indicator(const SeenIndicator& seen, std::uint32_t src_ip);
  // Starts fetching the stats of indicator `key` (no effect on the counts).
  void prefetch_indicator(std::uint32_t key) const noexcept {
    if (key < indicators_.size()) __builtin_prefetch(&indicators_[key]);
  }
  // A login attempt outside any session (Cowrie text lines without a transport), or one of a
  // session counted when merged (the Analysis does when nothing waits for the session's end).
  void count_login(const LoginAttempt& attempt);
  // A session with commands, classified: `family` indexes the FamilyTable, or nullopt with
  // `opening` (its first program names) to rank the unknown ones.
  void count_family(std::optional<std::size_t> family, std::string_view opening);
  // An indicator outside any session (plain-text input).
  void count_indicator(const SeenIndicator& seen);

  // Usernames, passwords, pairs and indicator keys.
  const core::StringInterner& keys() const noexcept { return keys_; }
  // Pair keys are "username\0password" (in keys(): pair_attempts() is indexed by keys() id).
  const core::StringInterner& pairs() const noexcept { return keys_; }
  // Session source addresses (SessionFacts::src_ip, sources(), IndicatorStats::source_ips).
  const SourceTable& source_keys() const noexcept { return source_keys_; }
  const std::vector<std::uint64_t>& username_attempts() const noexcept { return username_attempts_; }
  const std::vector<std::uint64_t>& password_attempts() const noexcept { return password_attempts_; }
  const std::vector<std::uint64_t>& pair_attempts() const noexcept { return pair_attempts_; }
  const std::vector<std::uint64_t>& pair_successes() const noexcept { return pair_successes_; }
  const CredentialTotals& credentials() const noexcept { return credentials_; }
  // Indexed by source_keys() id (may be shorter: sources without a counted session).
  const std::vector<SourceStats>& sources() const noexcept { return sources_; }
  std::uint64_t sessions_with_source() const noexcept { return sessions_with_source_; }
  std::uint64_t sessions_without_source() const noexcept { return sessions_without_source_; }
  // Indexed by key id; occurrences == 0 for keys that are not indicators.
  const std::vector<IndicatorStats>& indicators() const noexcept { return indicators_; }
  std::uint64_t indicators_dropped() const noexcept { return indicators_dropped_; }
  const std::vector<std::uint64_t>& family_sessions() const noexcept { return family_sessions_; }
  const core::StringInterner& unknown_openings() const noexcept { return unknown_openings_; }
  const std::vector<std::uint64_t>& unknown_opening_sessions() const noexcept { return unknown_opening_sessions_; }

 private:
  IndicatorStats& indicator(std::uint32_t key);
  void count_indicators(const SessionFacts& facts);
  static void bump(std::vector<std::uint64_t>& counts, std::uint32_t id, std::uint64_t by = 1);

  IntelSelection selection_;
  core::StringInterner keys_;
  std::vector<std::vector<std::uint32_t>> dictionaries_;  // per worker dictionary: its id -> keys_ id
  SourceTable source_keys_;
  std::vector<std::uint64_t> username_attempts_, password_attempts_, pair_attempts_, pair_successes_;
  CredentialTotals credentials_;
  std::vector<SourceStats> sources_;
  std::uint64_t sessions_with_source_ = 0;
  std::uint64_t sessions_without_source_ = 0;
  std::vector<IndicatorStats> indicators_;
  std::uint64_t indicators_dropped_ = 0;
  std::uint64_t indicator_sessions_ = 0;  // serial of count_indicators' calls (IndicatorStats::last_session)
  std::vector<std::uint64_t> family_sessions_;
  core::StringInterner unknown_openings_;
  std::vector<std::uint64_t> unknown_opening_sessions_;
};

}  // namespace busytrap::analyze::intel
