#pragma once
// SessionFacts: what the intel analyses keep about one open session until it is finalised
// (then IntelCounts counts them, if the session passed the protocol filter). Ids are those of
// IntelCounts::keys(). Bounded: at most kMaxPendingLogins login attempts are kept per session;
// further ones are counted as dropped (Cowrie itself ends a session after a few attempts).
#include <cstdint>
#include <vector>

#include "core/string_interner.h"
#include "core/timestamp.h"

namespace busytrap::analyze::intel {

inline constexpr std::size_t kMaxPendingLogins = 1024;
inline constexpr std::size_t kMaxPendingIndicators = 1024;

struct LoginAttempt {
  std::uint32_t username;
  std::uint32_t password;
  bool success;
};

struct SeenIndicator {
  std::uint32_t key;  // type byte + value
  std::int64_t timestamp;
};

struct SessionFacts {
  std::uint32_t src_ip = core::StringInterner::kNone;
  std::int64_t start = core::kNoTimestamp;  // earliest timestamp seen (for the day of the visit)
  std::uint64_t dropped_logins = 0;
  std::vector<LoginAttempt> logins;
  std::uint64_t dropped_indicators = 0;
  std::vector<SeenIndicator> indicators;
};

}  // namespace busytrap::analyze::intel
