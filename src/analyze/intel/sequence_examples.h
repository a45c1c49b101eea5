#pragma once
// SequenceExamples: for each distinct whole program-name sequence, one real session that had it
// (the representative: the first session with that sequence to be finalised, i.e. the earliest
// to end in time-ordered input), so an analyst can open one concrete example of a group.
// A SessionObserver: merging thread only (not thread-safe). Bounded: representatives are kept
// for at most kMaxSequenceExamples distinct sequences (later new sequences get none; counted in
// examples_dropped()); a session id is kept up to kMaxExampleKeyBytes bytes.
#include <cstdint>
#include <string>
#include <vector>

#include "analyze/analysis.h"
#include "analyze/finished_session.h"

namespace busytrap::analyze::intel {

inline constexpr std::size_t kMaxSequenceExamples = 1'000'000;
inline constexpr std::size_t kMaxExampleKeyBytes = 64;

struct SessionExample {
  std::string session;                                  // the log's session id
  std::uint32_t src_ip = core::StringInterner::kNone;   // IntelCounts::keys() id
  std::int64_t start = core::kNoTimestamp;              // its first timestamp
};

class SequenceExamples final : public SessionObserver {
 public:
  void session_finished(const Analysis& analysis, const FinishedSession& session) override;
  bool reads_logins() const noexcept override { return false; }
  bool reads_indicators() const noexcept override { return false; }
  bool reads_items() const noexcept override { return false; }
  bool reads_records() const noexcept override { return false; }

  // The representative of the sequence with Analysis::sequence_id() `sequence_id`, or null.
  const SessionExample* example(std::uint32_t sequence_id) const noexcept {
    return sequence_id < has_example_.size() && has_example_[sequence_id] ? &examples_[sequence_id] : nullptr;
  }
  std::uint64_t examples_dropped() const noexcept { return dropped_; }

 private:
  // By sequence id (the Analysis interns each distinct sequence once: no hashing here).
  std::vector<SessionExample> examples_;
  std::vector<bool> has_example_;
  std::size_t kept_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace busytrap::analyze::intel
