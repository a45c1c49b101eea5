#include "analyze/intel/key_dictionary.h"

namespace busytrap::analyze::intel {

bool KeyDictionary::begin_chunk(std::vector<std::string>& learnt) {
  learnt_ = &learnt;
  if (!started_) {
    started_ = true;
    return true;
  }
  if (keys_.size() < kMaxKeys && keys_.memory_bytes() < kMaxBytes) return false;
  keys_ = core::StringInterner{};
  pairs_.clear();
  ++generation_;
  return true;
}

std::uint32_t KeyDictionary::intern_pair(std::uint32_t first_id, std::uint32_t second_id, std::string_view first,
                                         std::string_view second) {
  const auto [found, fresh] = pairs_.try_emplace((std::uint64_t{first_id} << 32) | second_id, 0);
  if (fresh) {
    pair_scratch_.assign(first);
    pair_scratch_.push_back('\0');
    pair_scratch_.append(second);
    found->second = intern(pair_scratch_);
  }
  return found->second;
}

}  // namespace busytrap::analyze::intel
