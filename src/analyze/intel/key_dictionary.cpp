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

KeyDictionary::ShortText KeyDictionary::short_text(std::string_view text) noexcept {
  const char* p = text.data();
  const std::size_t n = text.size();
  ShortText t;
  t.size = n;
  if (n >= 8) {
    t.head = core::detail::load8(p);
    t.tail = core::detail::load8(p + n - 8);
  } else if (n >= 4) {
    t.head = core::detail::load4(p);
    t.tail = core::detail::load4(p + n - 4);
  } else if (n > 0) {  // an empty view may have a null data()
    t.head = (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
             (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n >> 1])) << 8) |
             static_cast<unsigned char>(p[n - 1]);
  }
  return t;
}

KeyDictionary::LoginIds KeyDictionary::intern_login(std::string_view username, std::string_view password) {
  constexpr std::size_t kShort = 16;
  if (username.size() > kShort || password.size() > kShort) {
    const std::uint32_t user = intern(username);
    const std::uint32_t pass = intern(password);
    return LoginIds{user, pass, intern_pair(user, pass, username, password)};
  }
  const ShortText user_text = short_text(username);
  const ShortText password_text = short_text(password);
  const std::uint64_t mix = (user_text.head ^ (user_text.tail * 0x9e3779b97f4a7c15ULL) ^ (user_text.size << 56)) *
                                0xff51afd7ed558ccdULL ^
                            (password_text.head + password_text.tail * 0xc4ceb9fe1a85ec53ULL + password_text.size);
  LoginSlot& slot = logins_[(core::detail::fold_multiply(mix, 0x9e3779b97f4a7c15ULL)) & (kLoginSlots - 1)];
  if (slot.username == user_text && slot.password == password_text) return slot.ids;
  const std::uint32_t user = intern(username);
  const std::uint32_t pass = intern(password);
  slot = LoginSlot{user_text, password_text, LoginIds{user, pass, intern_pair(user, pass, username, password)}};
  return slot.ids;
}

}  // namespace busytrap::analyze::intel
