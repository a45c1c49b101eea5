#pragma once
// DestinationRateLimiter: a token bucket per destination (host name or address as written in
// the URL), so one attacker cannot make the honeypot hammer a server. Each bucket holds up to
// `burst` tokens and regains `per_minute` tokens a minute; a fetch takes one. The table is
// bounded: beyond `max_destinations` the least recently used bucket is forgotten (a forgotten
// destination starts again with a full bucket, the price of bounded memory). Thread-safe.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace busytrap::fetch {

class DestinationRateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  DestinationRateLimiter(double burst, double per_minute, std::size_t max_destinations);

  // Takes a token for `destination` at `now`; false when its bucket is empty.
  bool try_acquire(const std::string& destination, Clock::time_point now = Clock::now());
  std::size_t size() const;

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void forget_least_recent();

  double burst_;
  double per_second_;
  std::size_t max_destinations_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace busytrap::fetch
