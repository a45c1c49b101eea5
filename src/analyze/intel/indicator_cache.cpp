#include "analyze/intel/indicator_cache.h"

namespace busytrap::analyze::intel {

void IndicatorCache::indicator_key(const Indicator& indicator, std::string& key) {
  key.assign(1, static_cast<char>(indicator.type));
  key.append(indicator.value);
}

void IndicatorCache::forget_records() {
  entries_.clear();
  ids_.clear();
}

void IndicatorCache::extract(std::string_view record, KeyDictionary& keys) {
  // Most records have none for certain: cheaper to tell than to lex. Extracted on their own:
  // the extractor's per-record limit and de-duplication look at everything in the vector it
  // appends to.
  if (!IndicatorExtractor::may_have_indicators(record)) return;
  scratch_.clear();
  extractor_.extract(record, scratch_);
  for (const Indicator& indicator : scratch_) {
    indicator_key(indicator, key_scratch_);
    ids_.push_back(keys.intern(key_scratch_));
  }
}

std::span<const std::uint32_t> IndicatorCache::get(std::uint32_t record_id, std::string_view record,
                                                   KeyDictionary& keys) {
  if (ids_.size() >= kMaxIds || keys.generation() != generation_) {
    forget_records();
    generation_ = keys.generation();
  }
  if (record_id >= kMaxRecords) {
    // Not kept: the ids go at the end of ids_ and are dropped again at once.
    const std::size_t first = ids_.size();
    extract(record, keys);
    scratch_ids_.assign(ids_.begin() + static_cast<std::ptrdiff_t>(first), ids_.end());
    ids_.resize(first);
    return scratch_ids_;
  }
  if (entries_.size() <= record_id) entries_.resize(static_cast<std::size_t>(record_id) + 1, Entry{0, kUnknown});
  Entry& entry = entries_[record_id];
  if (entry.count == kUnknown) {
    const auto first = static_cast<std::uint32_t>(ids_.size());
    extract(record, keys);
    entry = Entry{first, static_cast<std::uint32_t>(ids_.size() - first)};
  }
  return std::span<const std::uint32_t>(ids_.data() + entry.first, entry.count);
}

}  // namespace busytrap::analyze::intel
