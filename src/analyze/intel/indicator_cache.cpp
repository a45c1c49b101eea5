#include "analyze/intel/indicator_cache.h"

namespace busytrap::analyze::intel {

void IndicatorCache::indicator_key(const Indicator& indicator, std::string& key) {
  key.assign(1, static_cast<char>(indicator.type));
  key.append(indicator.value);
}

std::span<const std::uint32_t> IndicatorCache::get(std::string_view record, std::uint64_t hash, KeyDictionary& keys) {
  // Most records have none for certain: cheaper to tell than to look the record up.
  if (!IndicatorExtractor::may_have_indicators(record)) return {};
  if (records_.size() >= kMaxRecords || records_.memory_bytes() >= kMaxBytes || keys.generation() != generation_) {
    records_ = core::StringInterner{};
    entries_.clear();
    ids_.clear();
    generation_ = keys.generation();
  }
  const std::uint32_t id = records_.intern(record, hash);
  if (id == entries_.size()) {
    // Extracted on their own: the extractor's per-record limit and de-duplication look at
    // everything in the vector it appends to.
    scratch_.clear();
    extractor_.extract(record, scratch_);
    const auto first = static_cast<std::uint32_t>(ids_.size());
    for (const Indicator& indicator : scratch_) {
      indicator_key(indicator, key_scratch_);
      ids_.push_back(keys.intern(key_scratch_));
    }
    entries_.push_back(Entry{first, static_cast<std::uint32_t>(scratch_.size())});
  }
  const Entry& entry = entries_[id];
  return std::span<const std::uint32_t>(ids_.data() + entry.first, entry.count);
}

}  // namespace busytrap::analyze::intel
