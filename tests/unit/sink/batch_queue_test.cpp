#include "sink/batch_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace busytrap::sink {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(BatchQueue, WithoutGatherPopReturnsWhatIsQueued) {
  BatchQueue<int> queue(100, 1 << 20, OverflowPolicy::kDrop);
  ASSERT_TRUE(queue.push(1, 1));
  std::vector<int> batch;
  const auto start = Clock::now();
  EXPECT_TRUE(queue.pop_all(batch, Clock::now() + 10s));
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_EQ(batch, std::vector<int>{1});
}

// Items pushed while the writer gathers join the same batch.
TEST(BatchQueue, GatherCollectsItemsPushedMeanwhile) {
  BatchQueue<int> queue(100, 1 << 20, OverflowPolicy::kDrop);
  std::thread producer([&] {
    for (int i = 0; i < 5; ++i) {
      queue.push(i, 1);
      std::this_thread::sleep_for(5ms);
    }
  });
  std::vector<int> batch;
  EXPECT_TRUE(queue.pop_all(batch, Clock::now() + 10s, 500ms));
  producer.join();
  EXPECT_EQ(batch, (std::vector<int>{0, 1, 2, 3, 4}));  // half full (100 / 2) would end it sooner
}

// Gathering stops as soon as the queue is half full, so producers never reach the limit.
TEST(BatchQueue, GatherEndsAtHalfTheLimit) {
  BatchQueue<int> queue(10, 1 << 20, OverflowPolicy::kDrop);
  std::thread producer([&] {
    for (int i = 0; i < 5; ++i) queue.push(i, 1);
  });
  std::vector<int> batch;
  const auto start = Clock::now();
  EXPECT_TRUE(queue.pop_all(batch, Clock::now() + 10s, 10s));
  producer.join();
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_GE(batch.size(), 1u);
}

// Someone waiting for storage (flush, when_stored) cuts the gathering short.
TEST(BatchQueue, WaitingForStorageEndsTheGathering) {
  BatchQueue<int> queue(100, 1 << 20, OverflowPolicy::kDrop);
  ASSERT_TRUE(queue.push(1, 1));
  std::atomic<bool> stored{false};
  std::thread writer([&] {
    std::vector<int> batch;
    queue.pop_all(batch, Clock::now() + 10s, 30s);
    queue.done(batch.size());
  });
  std::this_thread::sleep_for(20ms);  // the writer is gathering now
  const auto start = Clock::now();
  queue.notify_when_done([&] { stored = true; });
  queue.wait_until_done();
  EXPECT_LT(Clock::now() - start, 5s);
  writer.join();  // done() runs the callback after waking wait_until_done(): join before looking
  EXPECT_TRUE(stored);
}

TEST(BatchQueue, CloseEndsTheGathering) {
  BatchQueue<int> queue(100, 1 << 20, OverflowPolicy::kDrop);
  ASSERT_TRUE(queue.push(1, 1));
  std::thread closer([&] {
    std::this_thread::sleep_for(20ms);
    queue.close();
  });
  std::vector<int> batch;
  const auto start = Clock::now();
  EXPECT_TRUE(queue.pop_all(batch, Clock::now() + 10s, 30s));  // items left: not finished yet
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_EQ(batch, std::vector<int>{1});
  closer.join();
  EXPECT_FALSE(queue.pop_all(batch, Clock::now() + 10s, 30s));
}

}  // namespace
}  // namespace busytrap::sink
