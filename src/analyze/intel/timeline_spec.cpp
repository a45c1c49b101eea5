#include "analyze/intel/timeline_spec.h"

namespace busytrap::analyze::intel {
namespace {
constexpr std::int64_t kMicrosPerHour = 3'600'000'000LL;
constexpr std::int64_t kMicrosPerDay = 24 * kMicrosPerHour;
constexpr std::size_t kMaxTimelineValueBytes = 4096;
}  // namespace

std::optional<TimelineSpec> parse_timeline_spec(std::string_view text, std::string& error) {
  TimelineSpec spec;
  spec.text.assign(text);
  if (text == "sessions") return spec;
  if (text == "commands") {
    spec.kind = TimelineKind::Commands;
    return spec;
  }
  const std::size_t colon = text.find(':');
  const std::string_view kind = text.substr(0, colon);
  const std::string_view value = colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
  if (kind == "family") spec.kind = TimelineKind::Family;
  else if (kind == "token") spec.kind = TimelineKind::Token;
  else if (kind == "program") spec.kind = TimelineKind::Program;
  else if (kind == "command") spec.kind = TimelineKind::CommandLine;
  else {
    error = "--timeline takes sessions, commands, family:NAME, token:APPLET, program:NAME or command:LINE, not '" +
            std::string(text) + "'";
    return std::nullopt;
  }
  if (value.empty() || value.size() > kMaxTimelineValueBytes) {
    error = "--timeline " + std::string(kind) + ": needs a value (1 to 4096 bytes), e.g. family:mirai-scanner";
    return std::nullopt;
  }
  spec.value.assign(value);
  return spec;
}

std::optional<TimeBucket> parse_time_bucket(std::string_view name) noexcept {
  if (name == "hour") return TimeBucket::Hour;
  if (name == "day") return TimeBucket::Day;
  return std::nullopt;
}

std::string_view time_bucket_name(TimeBucket bucket) noexcept {
  return bucket == TimeBucket::Hour ? "hour" : "day";
}

std::int64_t bucket_start(std::int64_t micros, TimeBucket bucket) noexcept {
  const std::int64_t width = bucket == TimeBucket::Hour ? kMicrosPerHour : kMicrosPerDay;
  if (micros < -(std::int64_t{1} << 62)) return micros;  // no real log is that old; avoid overflow
  std::int64_t index = micros / width;
  if (micros % width < 0) --index;  // floor for times before 1970
  return index * width;
}

}  // namespace busytrap::analyze::intel
