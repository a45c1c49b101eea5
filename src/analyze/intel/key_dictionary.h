#pragma once
// KeyDictionary: one worker thread's ids for intel keys (usernames, passwords, "user\0pass"
// pairs, indicator keys), kept across the chunks the worker parses. These keys repeat all the
// time and are few, so a chunk carries only the dictionary's ids plus the keys the dictionary
// learnt while parsing it (ChunkResult::new_intel_keys); the merging thread mirrors each
// worker's dictionary (id -> global id, a vector lookup) instead of re-interning every key of
// every chunk. A worker's chunks are merged in the order it parsed them, so its deltas arrive
// in order. Bounded: once kMaxKeys keys or kMaxBytes of memory are reached, the dictionary
// empties itself at the start of the next chunk (ids restart at 0; generation() changes and
// begin_chunk tells the chunk). Not thread-safe: one per worker thread.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/string_interner.h"

namespace busytrap::analyze::intel {

class KeyDictionary {
 public:
  static constexpr std::size_t kMaxKeys = 1 << 16;
  static constexpr std::size_t kMaxBytes = 8 << 20;

  // Starts a chunk: keys learnt from now on are appended to `learnt` (not owned; must stay valid
  // until the next begin_chunk). Returns true when ids restart at 0 for this chunk (the first
  // chunk, or the dictionary emptied itself at a limit).
  bool begin_chunk(std::vector<std::string>& learnt);

  // The id of `key`, learning it (and appending it to the current chunk's list) if new.
  std::uint32_t intern(std::string_view key) { return intern(key, core::hash_bytes(key)); }
  std::uint32_t intern(std::string_view key, std::uint64_t hash) {
    const std::size_t before = keys_.size();
    const std::uint32_t id = keys_.intern(key, hash);
    if (keys_.size() != before && learnt_ != nullptr) learnt_->emplace_back(key);
    return id;
  }

  // The id of the pair key "first\0second", where `first_id` and `second_id` are the ids of
  // `first` and `second`: after the pair's first time, one integer lookup and no text.
  std::uint32_t intern_pair(std::uint32_t first_id, std::uint32_t second_id, std::string_view first,
                            std::string_view second);

  // A login attempt's keys: the ids of `username`, `password` and their pair (as intern() and
  // intern_pair() give them). Logins repeat a few pairs millions of times, so a direct-mapped
  // cache answers a repeated pair with one slot: texts of up to 16 bytes are held there as
  // their length and two 8-byte words (which determine them), compared without hashing the
  // texts or reading them back from the interner; longer ones are interned each time.
  struct LoginIds {
    std::uint32_t username, password, pair;
  };
  LoginIds intern_login(std::string_view username, std::string_view password);

  std::size_t size() const noexcept { return keys_.size(); }
  // Changes each time the dictionary empties itself (callers caching ids compare it).
  std::uint64_t generation() const noexcept { return generation_; }

 private:
  core::StringInterner keys_;
  std::unordered_map<std::uint64_t, std::uint32_t> pairs_;  // first_id << 32 | second_id -> id
  static constexpr std::size_t kLoginSlots = 1024;
  // A text of up to 16 bytes as its first and last 8 bytes (or 4, or 3 picked bytes when
  // shorter), with its length: the same words and length are the same text.
  struct ShortText {
    std::uint64_t head = 0, tail = 0;
    std::uint64_t size = ~std::uint64_t{0};  // no text has it: an unused slot matches nothing
    bool operator==(const ShortText&) const = default;
  };
  static ShortText short_text(std::string_view text) noexcept;
  struct LoginSlot {
    ShortText username, password;
    LoginIds ids{0, 0, 0};
  };
  std::vector<LoginSlot> logins_ = std::vector<LoginSlot>(kLoginSlots);  // emptied with the keys
  std::string pair_scratch_;
  std::vector<std::string>* learnt_ = nullptr;
  std::uint64_t generation_ = 0;
  bool started_ = false;
};

}  // namespace busytrap::analyze::intel
