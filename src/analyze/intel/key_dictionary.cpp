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
  ++generation_;
  return true;
}

}  // namespace busytrap::analyze::intel
