#pragma once
// OpenSessionTable: the merge's index of the sessions still open, session key -> session slot
// (an index into Analysis' sessions). Open addressing with linear probing over (hash, slot)
// pairs; the keys themselves stay in the sessions and are compared through the caller's
// key_of(slot), so a lookup reads one array slot and one key instead of chasing a node-based
// map's bucket and node. At most one entry per key; erasing uses backward shifts (no
// tombstones), so probes stay short however many sessions come and go. Not thread-safe.
#include <cstdint>
#include <string_view>
#include <vector>

namespace busytrap::analyze {

class OpenSessionTable {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  OpenSessionTable() : entries_(64, Entry{0, kNone}) {}

  // The slot of `key` (whose hash is `hash`), or kNone.
  template <typename KeyOf>
  std::uint32_t find(std::string_view key, std::uint64_t hash, const KeyOf& key_of) const {
    const std::size_t mask = entries_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Entry& e = entries_[i];
      if (e.slot == kNone) return kNone;
      if (e.hash == hash && key_of(e.slot) == key) return e.slot;
    }
  }

  // Maps `key` to `slot`, replacing the slot it mapped to, if any.
  template <typename KeyOf>
  void assign(std::string_view key, std::uint64_t hash, std::uint32_t slot, const KeyOf& key_of) {
    const std::size_t mask = entries_.size() - 1;
    std::size_t i = hash & mask;
    for (;; i = (i + 1) & mask) {
      Entry& e = entries_[i];
      if (e.slot == kNone) break;
      if (e.hash == hash && key_of(e.slot) == key) {
        e.slot = slot;
        return;
      }
    }
    entries_[i] = Entry{hash, slot};
    if (++size_ * 2 > entries_.size()) grow();
  }

  // Removes the entry of `slot` (whose key hashes to `hash`), if the table maps a key to it.
  void erase(std::uint64_t hash, std::uint32_t slot) {
    const std::size_t mask = entries_.size() - 1;
    std::size_t i = hash & mask;
    for (;; i = (i + 1) & mask) {
      if (entries_[i].slot == kNone) return;
      if (entries_[i].slot == slot) break;
    }
    // Backward shift: move later entries of the probe run into the hole when their home
    // position does not lie cyclically in (hole, their position].
    for (std::size_t j = i;;) {
      j = (j + 1) & mask;
      if (entries_[j].slot == kNone) break;
      const std::size_t home = entries_[j].hash & mask;
      const bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (stays) continue;
      entries_[i] = entries_[j];
      i = j;
    }
    entries_[i] = Entry{0, kNone};
    --size_;
  }

  std::size_t size() const noexcept { return size_; }

  template <typename Fn>
  void for_each_slot(Fn&& fn) const {
    for (const Entry& e : entries_) {
      if (e.slot != kNone) fn(e.slot);
    }
  }

 private:
  struct Entry {
    std::uint64_t hash;
    std::uint32_t slot;
  };

  void grow() {
    std::vector<Entry> bigger(entries_.size() * 2, Entry{0, kNone});
    const std::size_t mask = bigger.size() - 1;
    for (const Entry& e : entries_) {
      if (e.slot == kNone) continue;
      std::size_t i = e.hash & mask;
      while (bigger[i].slot != kNone) i = (i + 1) & mask;
      bigger[i] = e;
    }
    entries_.swap(bigger);
  }

  std::vector<Entry> entries_;
  std::size_t size_ = 0;
};

}  // namespace busytrap::analyze
