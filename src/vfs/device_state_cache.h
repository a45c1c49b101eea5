#pragma once
// DeviceStateCache: what each attacker left on "their" device, so that the same source IP meets
// the same device state in its next session (a real device keeps /tmp until it reboots). It
// remembers, per key (profile + source IP), the root of the session's copy-on-write tree — which
// shares every unchanged node with the image — plus the bytes and entries that device's sessions
// created and the captures already announced. Bounded: least recently used entries are forgotten
// beyond max_entries or max_bytes (an entry costs its bytes plus kBytesPerNode per created entry,
// so a tree of empty directories is not free). Thread-safe (sessions end and start on any thread).
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "vfs/node.h"

namespace busytrap::vfs {

struct RememberedDevice {
  NodePtr root;
  std::uint64_t bytes_written = 0;
  std::uint32_t nodes_created = 0;
  std::set<std::string> announced;  // SHA-256 of captures already logged
};

class DeviceStateCache {
 public:
  static constexpr std::uint64_t kBytesPerNode = 256;  // a Node, its map entry and name, roughly

  DeviceStateCache(std::size_t max_entries, std::uint64_t max_bytes) : max_entries_(max_entries), max_bytes_(max_bytes) {}

  // The remembered state for `key`, if any (it stays remembered).
  std::optional<RememberedDevice> find(const std::string& key);
  // Remembers `state` for `key`, replacing what was there; evicts the oldest entries beyond the
  // bounds (an entry larger than max_bytes alone is not kept).
  void remember(const std::string& key, RememberedDevice state);
  std::size_t size() const;

 private:
  void evict_locked();
  static std::uint64_t cost(const RememberedDevice& state) noexcept {
    return state.bytes_written + state.nodes_created * kBytesPerNode;
  }

  struct Entry {
    RememberedDevice state;
    std::list<std::string>::iterator age;
  };
  std::size_t max_entries_;
  std::uint64_t max_bytes_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> ages_;  // front: most recently used
  std::uint64_t bytes_ = 0;
};

}  // namespace busytrap::vfs
