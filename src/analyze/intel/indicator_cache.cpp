#include "analyze/intel/indicator_cache.h"

#include <utility>

namespace busytrap::analyze::intel {

std::span<const Indicator> IndicatorCache::get(std::string_view record) {
  if (records_.size() >= kMaxRecords || bytes_ >= kMaxBytes) {
    records_ = core::StringInterner{};
    entries_.clear();
    indicators_.clear();
    bytes_ = 0;
  }
  const std::uint32_t id = records_.intern(record);
  if (id == entries_.size()) {
    // Extracted on their own: the extractor's per-record limit and de-duplication look at
    // everything in the vector it appends to.
    scratch_.clear();
    extractor_.extract(record, scratch_);
    const auto first = static_cast<std::uint32_t>(indicators_.size());
    bytes_ += record.size();
    for (Indicator& indicator : scratch_) {
      bytes_ += indicator.value.size();
      indicators_.push_back(std::move(indicator));
    }
    entries_.push_back(Entry{first, static_cast<std::uint32_t>(scratch_.size())});
  }
  const Entry& entry = entries_[id];
  return std::span<const Indicator>(indicators_.data() + entry.first, entry.count);
}

}  // namespace busytrap::analyze::intel
