#pragma once
// SessionFacts: what the intel analyses keep about one open session until it is finalised
// (then IntelCounts counts them, if the session passed the protocol filter). Ids are those of
// IntelCounts::keys(), and src_ip one of IntelCounts::source_keys(). Bounded: at most
// kMaxPendingLogins login attempts are kept per session; further ones are counted as dropped
// (Cowrie itself ends a session after a few attempts).
#include <cstdint>
#include <vector>

#include "analyze/intel/family_feature_cache.h"
#include "core/string_interner.h"
#include "core/timestamp.h"

namespace busytrap::analyze::intel {

inline constexpr std::size_t kMaxPendingLogins = 1024;
inline constexpr std::size_t kMaxPendingIndicators = 1024;

struct LoginAttempt {
  std::uint32_t username;
  std::uint32_t password;
  std::uint32_t pair;  // "username\0password"
  bool success;
};

struct SeenIndicator {
  std::uint32_t key;  // type byte + value
  std::int64_t timestamp;
};

struct SessionFacts {
  std::uint32_t src_ip = core::StringInterner::kNone;  // IntelCounts::source_keys() id
  std::int64_t start = core::kNoTimestamp;  // earliest timestamp seen (for the day of the visit)
  std::uint64_t dropped_logins = 0;
  std::uint64_t counted_logins = 0;  // attempts counted when merged (then not in `logins`)
  std::vector<LoginAttempt> logins;
  std::uint64_t dropped_indicators = 0;
  // Occurrences kept, in `indicators` and (when no observer reads them) with the session's
  // command records: at most kMaxPendingIndicators, in input order.
  std::uint64_t kept_indicators = 0;
  std::vector<SeenIndicator> indicators;
  FamilyFeatures families;  // of its command records (when the family table has features; set when finalised)

  // Empties the facts for the next session of a recycled slot, keeping the buffers' capacity
  // (one allocation per slot instead of per session) unless one session made them large.
  void reset() {
    constexpr std::size_t kKept = 64;
    src_ip = core::StringInterner::kNone;
    start = core::kNoTimestamp;
    dropped_logins = 0;
    counted_logins = 0;
    dropped_indicators = 0;
    kept_indicators = 0;
    families = {};
    if (logins.capacity() > kKept) logins = {};
    else logins.clear();
    if (indicators.capacity() > kKept) indicators = {};
    else indicators.clear();
  }
};

}  // namespace busytrap::analyze::intel
