#pragma once
// Fetcher: the operator-enabled downloader behind the emulated wget/tftp/ftpget/curl (libcurl).
// Off unless [fetch] enabled = true; then only http, https, ftp and tftp URLs, each download
// capped in bytes and time, a token bucket per destination host, and every connection's
// RESOLVED address checked right before connect() (libcurl's open-socket hook, so redirects,
// FTP data connections and DNS rebinding are all checked too): private/link-local and loopback
// addresses only when allowed, multicast and reserved ones never.
//
// Transfers run on `workers` threads fed by a queue of at most `queue` requests, never on the
// caller's thread: submit() returns at once. The callback is called exactly once, on a worker
// thread (or on the caller's thread when the request is refused before queueing: disabled,
// unsupported scheme, refused literal address, rate limited, queue full). Requests still queued
// when the Fetcher is destroyed are dropped with their callbacks uncalled; running transfers are
// aborted and their callbacks still called (with Failed). Thread-safe.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "config/config.h"
#include "fetch/destination_rate_limiter.h"
#include "fetch/fetch_types.h"

namespace busytrap::fetch {

class Fetcher {
 public:
  using Callback = std::function<void(FetchResult)>;

  explicit Fetcher(config::FetchConfig config);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  void submit(FetchRequest request, Callback done);
  // One transfer on the calling thread (the workers' job; no rate limit, no queue).
  FetchResult fetch_now(const FetchRequest& request) const;
  // The checks submit() makes before queueing; nullopt-like Ok outcome when the request may go.
  FetchResult precheck(const FetchRequest& request);

  const config::FetchConfig& config() const noexcept { return config_; }

 private:
  struct Job {
    FetchRequest request;
    Callback done;
  };
  void work();

  config::FetchConfig config_;
  DestinationRateLimiter limiter_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::atomic<bool> abort_transfers_{false};  // set by the destructor: running transfers end now
  std::vector<std::thread> threads_;
};

}  // namespace busytrap::fetch
