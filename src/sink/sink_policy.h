#pragma once
// The policies every queued sink shares, and their spelling in busytrap.toml:
//   overflow = "drop" | "block"            what write() does when the queue is at its high-water mark
//   fsync    = "never" | "interval" | "always"   when written data is forced to disk
// parse_*() accept exactly those words and return nullopt for anything else.
#include <optional>
#include <string_view>

namespace busytrap::sink {

enum class OverflowPolicy {
  kDrop,   // drop the event, count it (dropped()) and warn on stderr: the caller never waits
  kBlock,  // the caller waits until the writer thread has made room
};

enum class FsyncPolicy {
  kNever,     // leave it to the kernel
  kInterval,  // fsync at most once per interval, when something was written since the last one
  kAlways,    // fsync after every batch, before its events count as written
};

std::optional<OverflowPolicy> parse_overflow_policy(std::string_view text) noexcept;
std::optional<FsyncPolicy> parse_fsync_policy(std::string_view text) noexcept;
std::string_view to_string(OverflowPolicy policy) noexcept;
std::string_view to_string(FsyncPolicy policy) noexcept;

}  // namespace busytrap::sink
