#pragma once
// BatchQueue<T>: the bounded hand-off between the threads that produce events (the honeypot's
// network thread) and the one writer thread of a sink.
//
// - push() never waits under OverflowPolicy::kDrop: past the high-water mark (items or bytes)
//   the item is refused and counted (overflow_drops()). Under kBlock it waits for room.
// - The writer takes everything queued at once (pop_all), stores it as one batch, then calls
//   done(n) for the n items it finished, stored or failed. With a gather time, pop_all lets a
//   batch grow for up to that long after its first item (one wake-up and one write per batch
//   instead of per item), but returns at once when someone waits for the items to be stored
//   (wait_until_done, notify_when_done), on wake() or close(), or when the queue is half full.
//   Producers only wake the writer for the first item of a batch or at those moments.
// - wait_until_done() (a sink's flush()) returns once every item accepted before the call has
//   been finished by the writer.
// - notify_when_done(callback): calls `callback` once every item accepted before the call has
//   been finished — at once on the caller's thread if they all are, else on the writer's thread
//   from done() (keep it short: post to another thread). Items refused by close() never count.
// - close() refuses further pushes; the writer drains what is left, then pop_all returns false.
//
// All members are thread-safe. The queue does not own a thread; the sink that holds it does.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "sink/sink_policy.h"

namespace busytrap::sink {

template <class T>
class BatchQueue {
 public:
  BatchQueue(std::size_t max_items, std::size_t max_bytes, OverflowPolicy policy)
      : max_items_(max_items == 0 ? 1 : max_items), max_bytes_(max_bytes), policy_(policy) {}

  BatchQueue(const BatchQueue&) = delete;
  BatchQueue& operator=(const BatchQueue&) = delete;

  // Queues `item` (whose size for the byte limit is `bytes`). Returns false when it was refused
  // (queue full under kDrop, or closed).
  bool push(T item, std::size_t bytes) {
    std::unique_lock lock(mutex_);
    if (policy_ == OverflowPolicy::kBlock) {
      not_full_.wait(lock, [&] { return closed_ || has_room(bytes); });
    }
    if (closed_ || !has_room(bytes)) {
      ++overflow_drops_;
      return false;
    }
    items_.emplace_back(std::move(item), bytes);
    queued_bytes_ += bytes;
    ++accepted_;
    // A waiting writer needs a wake-up for the first item; while it gathers, only once the batch
    // should not grow any more. (notify without a waiter is cheap, but each wake-up is not.)
    const bool wake_writer = items_.size() == 1 || half_full();
    lock.unlock();
    if (wake_writer) not_empty_.notify_one();
    return true;
  }

  // Writer side: waits until something is queued, wake() or close() is called, or `deadline`
  // passes; then, if items are queued, lets the batch grow for up to `gather` (see the contract
  // above); then moves every queued item to the end of `out`. Returns false once closed and
  // empty (the writer should finish).
  bool pop_all(std::vector<T>& out, std::chrono::steady_clock::time_point deadline,
               std::chrono::steady_clock::duration gather = {}) {
    std::unique_lock lock(mutex_);
    not_empty_.wait_until(lock, deadline, [&] { return !items_.empty() || closed_ || woken_; });
    if (gather.count() > 0 && !items_.empty()) {
      not_empty_.wait_for(lock, gather, [&] { return closed_ || woken_ || storage_awaited() || half_full(); });
    }
    woken_ = false;
    const bool more = !(closed_ && items_.empty());
    for (auto& [item, bytes] : items_) out.push_back(std::move(item));
    items_.clear();
    queued_bytes_ = 0;
    lock.unlock();
    not_full_.notify_all();
    return more;
  }

  // Writer side: `count` popped items are finished (stored or counted as failed).
  void done(std::size_t count) {
    std::vector<std::function<void()>> ready;
    {
      std::lock_guard lock(mutex_);
      finished_ += count;
      while (!waiters_.empty() && waiters_.front().first <= finished_) {
        ready.push_back(std::move(waiters_.front().second));
        waiters_.pop_front();
      }
    }
    all_done_.notify_all();
    for (auto& callback : ready) callback();
  }

  // Calls `callback` once every item accepted so far is finished (see the contract above).
  void notify_when_done(std::function<void()> callback) {
    bool waiting = true;
    {
      std::lock_guard lock(mutex_);
      if (finished_ < accepted_) {
        waiters_.emplace_back(accepted_, std::move(callback));
      } else {
        waiting = false;
      }
    }
    if (!waiting) {
      callback();
      return;
    }
    not_empty_.notify_one();  // a gathering writer stores now
  }

  // Blocks until every item accepted before this call has been finished.
  void wait_until_done() {
    std::unique_lock lock(mutex_);
    const std::uint64_t target = accepted_;
    if (finished_ >= target) return;
    ++flush_waiting_;
    not_empty_.notify_one();  // a gathering writer stores now
    all_done_.wait(lock, [&] { return finished_ >= target; });
    --flush_waiting_;
  }

  // Makes a waiting pop_all() return now (e.g. to act on a reopen request).
  void wake() {
    {
      std::lock_guard lock(mutex_);
      woken_ = true;
    }
    not_empty_.notify_one();
  }

  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  std::uint64_t overflow_drops() const {
    std::lock_guard lock(mutex_);
    return overflow_drops_;
  }

  std::size_t max_items() const noexcept { return max_items_; }

 private:
  bool has_room(std::size_t bytes) const {
    // An item larger than the byte limit still goes into an empty queue, so that one huge
    // event is stored rather than refused forever.
    return items_.size() < max_items_ && (items_.empty() || queued_bytes_ + bytes <= max_bytes_);
  }

  // Past half the limits a batch is stored at once: producers must not reach the limits (and
  // drop or block) while the writer gathers.
  bool half_full() const { return items_.size() >= max_items_ / 2 || queued_bytes_ >= max_bytes_ / 2; }

  // Someone waits for items to be stored: a gathering writer must not keep them waiting.
  bool storage_awaited() const { return flush_waiting_ > 0 || !waiters_.empty(); }

  const std::size_t max_items_;
  const std::size_t max_bytes_;
  const OverflowPolicy policy_;
  mutable std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::condition_variable all_done_;
  std::deque<std::pair<T, std::size_t>> items_;
  std::size_t queued_bytes_ = 0;
  std::uint64_t accepted_ = 0;
  std::uint64_t finished_ = 0;
  std::uint64_t overflow_drops_ = 0;
  // (accepted_ at the call, callback), in call order: targets only grow.
  std::deque<std::pair<std::uint64_t, std::function<void()>>> waiters_;
  std::size_t flush_waiting_ = 0;  // threads in wait_until_done()
  bool closed_ = false;
  bool woken_ = false;
};

}  // namespace busytrap::sink
