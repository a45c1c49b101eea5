#include "analyze/intel/record_intel_table.h"

#include <string_view>

namespace busytrap::analyze::intel {

std::uint32_t RecordIntelTable::intern(const FamilyFeatures& features, std::span<const std::uint32_t> indicators) {
  if (features.lines == 0 && features.applets == 0 && indicators.empty()) return kNone;
  // The key: the two feature words as four 32-bit halves, then the indicator ids.
  key_scratch_.clear();
  for (const std::uint64_t word : {features.lines, features.applets}) {
    key_scratch_.push_back(static_cast<std::uint32_t>(word));
    key_scratch_.push_back(static_cast<std::uint32_t>(word >> 32));
  }
  key_scratch_.insert(key_scratch_.end(), indicators.begin(), indicators.end());
  const std::string_view bytes(reinterpret_cast<const char*>(key_scratch_.data()),
                               key_scratch_.size() * sizeof(std::uint32_t));
  const std::uint32_t id = keys_.intern(bytes);
  if (id < entries_.size()) return id;
  entries_.push_back(Entry{features, static_cast<std::uint32_t>(indicators_.size()),
                           static_cast<std::uint32_t>(indicators.size()), kNone});
  indicators_.insert(indicators_.end(), indicators.begin(), indicators.end());
  if (indicators.empty()) {
    entries_[id].without_indicators = id;
  } else {
    // Interned after this entry (ids stay in order of interning: the keys' ids are the entries').
    const std::uint32_t plain = intern(features, {});
    entries_[id].without_indicators = plain;
  }
  return id;
}

}  // namespace busytrap::analyze::intel
