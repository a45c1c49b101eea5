#include "honeypot/connection_limiter.h"

namespace busytrap::honeypot {

const char* ConnectionLimiter::admit(const std::string& src_ip) {
  std::lock_guard lock(mutex_);
  if (open_ >= max_sessions_) return "max_sessions";
  auto& per_ip = per_ip_[src_ip];
  if (per_ip >= max_sessions_per_ip_) return "max_sessions_per_ip";
  ++per_ip;
  ++open_;
  return nullptr;
}

void ConnectionLimiter::release(const std::string& src_ip) {
  std::lock_guard lock(mutex_);
  const auto it = per_ip_.find(src_ip);
  if (it == per_ip_.end()) return;
  --open_;
  if (--it->second <= 0) per_ip_.erase(it);
}

std::int64_t ConnectionLimiter::open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

}  // namespace busytrap::honeypot
