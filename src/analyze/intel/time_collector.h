#pragma once
// TimeCollector: the time analyses (`--with time`, `--timeline`, `--new-since`). line_first_seen()
// expands the Analysis' first time of each record shape (Analysis::shape_first_seen()) into each
// command line's first time; as sessions are finalised it keeps, per family, the first session
// classified as it, and per `--timeline KEY` counts per UTC hour or day. A SessionObserver: called on the merging thread only (not thread-safe).
// Bounded: at most kMaxTimelineBuckets buckets per timeline (events in further buckets are
// counted as dropped), kMaxTimelines timelines; the first-seen vectors grow with the distinct
// command lines and families the Analysis already keeps.
#include <cstdint>
#include <map>
#include <vector>

#include "analyze/finished_session.h"
#include "analyze/intel/family_table.h"
#include "analyze/intel/timeline_spec.h"

namespace busytrap::analyze::intel {

inline constexpr std::size_t kMaxTimelineBuckets = 100'000;  // hourly: 11 years
inline constexpr std::size_t kMaxTimelines = 16;

struct Timeline {
  TimelineSpec spec;
  std::map<std::int64_t, std::uint64_t> buckets;  // bucket start -> count (absent = 0)
  std::uint64_t total = 0;    // counted in some bucket
  std::uint64_t undated = 0;  // matched but without a timestamp
  std::uint64_t dropped = 0;  // matched, but its bucket would exceed kMaxTimelineBuckets
};

class TimeCollector final : public SessionObserver {
 public:
  // `families` (may be null) resolves family:NAME timelines; a name it lacks never matches.
  TimeCollector(std::vector<TimelineSpec> timelines, TimeBucket bucket, const FamilyTable* families);

  void session_finished(const Analysis& analysis, const FinishedSession& session) override;
  bool reads_logins() const noexcept override { return false; }
  bool reads_indicators() const noexcept override { return false; }
  bool reads_records() const noexcept override { return false; }
  // Only the timelines of command lines, programs and tokens look at each line.
  bool reads_items() const noexcept override { return reads_items_; }

  TimeBucket bucket() const noexcept { return bucket_; }
  const std::vector<Timeline>& timelines() const noexcept { return timelines_; }
  // By analysis.line_keys() id (`analysis`: the one observed; shorter than the interner when
  // the last lines never had a timestamp); core::kNoTimestamp = never seen with a timestamp.
  // Worked out from the shapes' first times on each call.
  std::vector<std::int64_t> line_first_seen(const Analysis& analysis) const;
  // By FamilyTable index: the start of the first session of that family.
  const std::vector<std::int64_t>& family_first_seen() const noexcept { return family_first_seen_; }

  // The first timestamp of a finished session: its earliest event with an address, else its
  // first dated command line; kNoTimestamp when it has none.
  static std::int64_t session_start(const FinishedSession& session) noexcept {
    if (session.facts != nullptr && session.facts->start != core::kNoTimestamp) return session.facts->start;
    return session.first_line_time;
  }

 private:
  enum class Match : std::uint8_t { Unknown, No, Yes };
  bool matches(const Analysis& analysis, std::size_t timeline, const SessionItem& item);
  void add(Timeline& timeline, std::int64_t timestamp);

  TimeBucket bucket_;
  std::vector<Timeline> timelines_;
  std::vector<std::size_t> family_index_;                 // per timeline (family: only)
  std::vector<std::vector<Match>> program_match_;         // per timeline, by program id
  std::vector<std::uint32_t> line_id_;                    // per timeline (command: only), once interned
  bool reads_items_ = false;
  std::vector<std::int64_t> family_first_seen_;
};

}  // namespace busytrap::analyze::intel
