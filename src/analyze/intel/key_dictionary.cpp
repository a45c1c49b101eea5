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
  login_parts_.clear();
  ++generation_;
  return true;
}

KeyDictionary::LoginIds KeyDictionary::intern_login(std::string_view username, std::string_view password) {
  pair_scratch_.assign(username);
  pair_scratch_.push_back('\0');
  pair_scratch_.append(password);
  const std::uint32_t pair = intern(pair_scratch_);
  if (login_parts_.size() <= pair) login_parts_.resize(static_cast<std::size_t>(pair) + 1, kNotALogin);
  LoginParts& parts = login_parts_[pair];
  // The first time of this pair (or of this key as a pair: it may have been learnt as something
  // else before).
  if (parts.username == core::StringInterner::kNone) {
    parts.username = intern(username);
    parts.password = intern(password);
  }
  return LoginIds{parts.username, parts.password, pair};
}

}  // namespace busytrap::analyze::intel
