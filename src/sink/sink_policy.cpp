#include "sink/sink_policy.h"

namespace busytrap::sink {

std::optional<OverflowPolicy> parse_overflow_policy(std::string_view text) noexcept {
  if (text == "drop") return OverflowPolicy::kDrop;
  if (text == "block") return OverflowPolicy::kBlock;
  return std::nullopt;
}

std::optional<FsyncPolicy> parse_fsync_policy(std::string_view text) noexcept {
  if (text == "never") return FsyncPolicy::kNever;
  if (text == "interval") return FsyncPolicy::kInterval;
  if (text == "always") return FsyncPolicy::kAlways;
  return std::nullopt;
}

std::string_view to_string(OverflowPolicy policy) noexcept {
  return policy == OverflowPolicy::kDrop ? "drop" : "block";
}

std::string_view to_string(FsyncPolicy policy) noexcept {
  switch (policy) {
    case FsyncPolicy::kNever: return "never";
    case FsyncPolicy::kInterval: return "interval";
    case FsyncPolicy::kAlways: return "always";
  }
  return "never";
}

}  // namespace busytrap::sink
