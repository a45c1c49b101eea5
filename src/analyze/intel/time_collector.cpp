#include "analyze/intel/time_collector.h"

#include "analyze/analysis.h"

namespace busytrap::analyze::intel {
namespace {
constexpr std::size_t kNoFamily = static_cast<std::size_t>(-1);

void keep_earliest(std::vector<std::int64_t>& first_seen, std::size_t index, std::int64_t timestamp) {
  if (first_seen.size() <= index) first_seen.resize(index + 1, core::kNoTimestamp);
  if (first_seen[index] == core::kNoTimestamp || timestamp < first_seen[index]) first_seen[index] = timestamp;
}
}  // namespace

TimeCollector::TimeCollector(std::vector<TimelineSpec> timelines, TimeBucket bucket, const FamilyTable* families)
    : bucket_(bucket) {
  if (timelines.size() > kMaxTimelines) timelines.resize(kMaxTimelines);
  for (TimelineSpec& spec : timelines) {
    std::size_t family = kNoFamily;
    if (spec.kind == TimelineKind::Family && families != nullptr) {
      for (std::size_t i = 0; i < families->families().size(); ++i) {
        if (families->families()[i].name == spec.value) {
          family = i;
          break;
        }
      }
    }
    family_index_.push_back(family);
    timelines_.push_back(Timeline{std::move(spec), {}, 0, 0, 0});
  }
  for (const Timeline& timeline : timelines_) {
    const TimelineKind kind = timeline.spec.kind;
    reads_items_ |= kind != TimelineKind::Sessions && kind != TimelineKind::Family;
  }
  program_match_.resize(timelines_.size());
  line_id_.assign(timelines_.size(), core::StringInterner::kNone);
}

std::vector<std::int64_t> TimeCollector::line_first_seen(const Analysis& analysis) const {
  // A line's first time is the earliest of the first times of the record shapes holding it.
  std::vector<std::int64_t> first_seen;
  const std::vector<std::int64_t>& shape_first_seen = analysis.shape_first_seen();
  for (std::uint32_t shape = 0; shape < shape_first_seen.size(); ++shape) {
    const std::int64_t timestamp = shape_first_seen[shape];
    if (timestamp == core::kNoTimestamp) continue;
    for (const ChunkPiece& piece : analysis.record_lines(shape)) keep_earliest(first_seen, piece.line, timestamp);
  }
  return first_seen;
}

void TimeCollector::add(Timeline& timeline, std::int64_t timestamp) {
  if (timestamp == core::kNoTimestamp) {
    ++timeline.undated;
    return;
  }
  const std::int64_t start = bucket_start(timestamp, bucket_);
  const auto found = timeline.buckets.find(start);
  if (found != timeline.buckets.end()) {
    ++found->second;
  } else if (timeline.buckets.size() >= kMaxTimelineBuckets) {
    ++timeline.dropped;
    return;
  } else {
    timeline.buckets.emplace(start, 1);
  }
  ++timeline.total;
}

bool TimeCollector::matches(const Analysis& analysis, std::size_t index, const SessionItem& item) {
  const Timeline& timeline = timelines_[index];
  switch (timeline.spec.kind) {
    case TimelineKind::Commands: return true;
    case TimelineKind::CommandLine: return item.line == line_id_[index];
    case TimelineKind::Token:
    case TimelineKind::Program: {
      if (item.program == kNoProgram) return false;
      std::vector<Match>& cache = program_match_[index];
      if (cache.size() <= item.program) cache.resize(static_cast<std::size_t>(item.program) + 1, Match::Unknown);
      if (cache[item.program] == Match::Unknown) {
        const std::string_view program = analysis.program_keys().key(item.program);
        bool yes = program == timeline.spec.value;
        if (timeline.spec.kind == TimelineKind::Token) {
          // A busybox row is "argv0 applet"; the applet is everything after the first space.
          const std::size_t space = program.find(' ');
          yes = analysis.program_is_busybox(item.program) && space != std::string_view::npos &&
                program.substr(space + 1) == timeline.spec.value;
        }
        cache[item.program] = yes ? Match::Yes : Match::No;
      }
      return cache[item.program] == Match::Yes;
    }
    case TimelineKind::Sessions:
    case TimelineKind::Family: return false;
  }
  return false;
}

void TimeCollector::session_finished(const Analysis& analysis, const FinishedSession& session) {
  const std::int64_t start = session_start(session);
  if (session.family && start != core::kNoTimestamp) keep_earliest(family_first_seen_, *session.family, start);
  for (std::size_t t = 0; t < timelines_.size(); ++t) {
    Timeline& timeline = timelines_[t];
    switch (timeline.spec.kind) {
      case TimelineKind::Sessions:
        if (session.has_event) add(timeline, start);
        break;
      case TimelineKind::Family:
        if (session.family && *session.family == family_index_[t]) add(timeline, start);
        break;
      default:
        if (timeline.spec.kind == TimelineKind::CommandLine && line_id_[t] == core::StringInterner::kNone) {
          // Ids are stable once interned; until the line exists no item can match.
          line_id_[t] = analysis.line_keys().find(timeline.spec.value);
          if (line_id_[t] == core::StringInterner::kNone) break;
        }
        for (const SessionItem& item : session.items) {
          if (matches(analysis, t, item)) add(timeline, item.timestamp);
        }
    }
  }
}

}  // namespace busytrap::analyze::intel
