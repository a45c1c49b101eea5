#include "fetch/destination_rate_limiter.h"

#include <algorithm>

namespace busytrap::fetch {

DestinationRateLimiter::DestinationRateLimiter(double burst, double per_minute, std::size_t max_destinations)
    : burst_(std::max(burst, 0.0)),
      per_second_(std::max(per_minute, 0.0) / 60.0),
      max_destinations_(std::max<std::size_t>(max_destinations, 1)) {}

bool DestinationRateLimiter::try_acquire(const std::string& destination, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(destination);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_destinations_) forget_least_recent();
    it = buckets_.emplace(destination, Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  if (now > b.updated) {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
  }
  b.updated = std::max(b.updated, now);
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

std::size_t DestinationRateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

// Linear in the table size, which is bounded and small; only paid when the table is full.
void DestinationRateLimiter::forget_least_recent() {
  auto oldest = buckets_.begin();
  for (auto it = buckets_.begin(); it != buckets_.end(); ++it) {
    if (it->second.updated < oldest->second.updated) oldest = it;
  }
  if (oldest != buckets_.end()) buckets_.erase(oldest);
}

}  // namespace busytrap::fetch
