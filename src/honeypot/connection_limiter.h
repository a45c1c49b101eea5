#pragma once
// ConnectionLimiter: the server-wide session limits (limits.max_sessions and
// limits.max_sessions_per_ip), shared by every network thread's Server so that the limits stay
// global when `server.threads` > 1. admit() counts a new session or names the limit it would
// exceed; release() uncounts it when the session ends. Thread-safe (one mutex; two map
// operations per connection).
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace busytrap::honeypot {

class ConnectionLimiter {
 public:
  ConnectionLimiter(std::int64_t max_sessions, std::int64_t max_sessions_per_ip)
      : max_sessions_(max_sessions), max_sessions_per_ip_(max_sessions_per_ip) {}
  ConnectionLimiter(const ConnectionLimiter&) = delete;
  ConnectionLimiter& operator=(const ConnectionLimiter&) = delete;

  // nullptr when the session is admitted (and counted); otherwise "max_sessions" or
  // "max_sessions_per_ip", and nothing is counted.
  const char* admit(const std::string& src_ip);
  // A session admitted for `src_ip` has ended.
  void release(const std::string& src_ip);
  // Sessions open now.
  std::int64_t open() const;

 private:
  const std::int64_t max_sessions_;
  const std::int64_t max_sessions_per_ip_;
  mutable std::mutex mutex_;
  std::int64_t open_ = 0;
  std::unordered_map<std::string, std::int64_t> per_ip_;
};

}  // namespace busytrap::honeypot
