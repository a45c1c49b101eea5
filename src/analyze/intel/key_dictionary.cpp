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
  logins_.assign(kLoginSlots, LoginSlot{});
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

namespace {
// Byte equality inlined for the short texts logins are (no library call per compare).
bool same_text(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}
}  // namespace

KeyDictionary::LoginIds KeyDictionary::intern_login(std::string_view username, std::string_view password) {
  const std::uint64_t user_hash = core::hash_bytes(username);
  const std::uint64_t password_hash = core::hash_bytes(password);
  const std::uint64_t hash = (user_hash * 0x9e3779b97f4a7c15ULL) ^ password_hash;
  LoginSlot& slot = logins_[(hash >> 32) & (kLoginSlots - 1)];
  if (slot.used && slot.hash == hash && same_text(keys_.key(slot.ids.username), username) &&
      same_text(keys_.key(slot.ids.password), password)) {
    return slot.ids;
  }
  const std::uint32_t user = intern(username, user_hash);
  const std::uint32_t pass = intern(password, password_hash);
  slot = LoginSlot{hash, LoginIds{user, pass, intern_pair(user, pass, username, password)}, true};
  return slot.ids;
}

}  // namespace busytrap::analyze::intel
