#include "fetch/destination_rate_limiter.h"

#include <gtest/gtest.h>

namespace busytrap::fetch {
namespace {

using namespace std::chrono_literals;

TEST(DestinationRateLimiter, BurstThenRefillPerDestination) {
  DestinationRateLimiter limiter(2, 60, 16);  // 2 at once, one a second
  const auto t0 = DestinationRateLimiter::Clock::time_point{} + 1000s;
  EXPECT_TRUE(limiter.try_acquire("a", t0));
  EXPECT_TRUE(limiter.try_acquire("a", t0));
  EXPECT_FALSE(limiter.try_acquire("a", t0));
  EXPECT_TRUE(limiter.try_acquire("b", t0));  // another destination has its own bucket
  EXPECT_FALSE(limiter.try_acquire("a", t0 + 500ms));
  EXPECT_TRUE(limiter.try_acquire("a", t0 + 1s));
  EXPECT_FALSE(limiter.try_acquire("a", t0 + 1s));
  // Refill never exceeds the burst.
  EXPECT_TRUE(limiter.try_acquire("a", t0 + 1h));
  EXPECT_TRUE(limiter.try_acquire("a", t0 + 1h));
  EXPECT_FALSE(limiter.try_acquire("a", t0 + 1h));
}

TEST(DestinationRateLimiter, ZeroRateNeverRefillsAndClockGoingBackIsHarmless) {
  DestinationRateLimiter limiter(1, 0, 4);
  const auto t0 = DestinationRateLimiter::Clock::time_point{} + 1000s;
  EXPECT_TRUE(limiter.try_acquire("a", t0));
  EXPECT_FALSE(limiter.try_acquire("a", t0 + 24h));
  EXPECT_FALSE(limiter.try_acquire("a", t0 - 1h));
}

TEST(DestinationRateLimiter, TableIsBoundedAndForgetsTheLeastRecent) {
  DestinationRateLimiter limiter(1, 0, 3);
  const auto t0 = DestinationRateLimiter::Clock::time_point{} + 1000s;
  EXPECT_TRUE(limiter.try_acquire("a", t0));
  EXPECT_TRUE(limiter.try_acquire("b", t0 + 1s));
  EXPECT_TRUE(limiter.try_acquire("c", t0 + 2s));
  for (int i = 0; i < 1000; ++i) limiter.try_acquire("x" + std::to_string(i), t0 + 3s + std::chrono::seconds(i));
  EXPECT_EQ(limiter.size(), 3u);
  // "a" was forgotten long ago: it starts with a full bucket again.
  EXPECT_TRUE(limiter.try_acquire("a", t0 + 2000s));
  // The most recent one is still remembered (empty).
  EXPECT_FALSE(limiter.try_acquire("x999", t0 + 2000s));
}

}  // namespace
}  // namespace busytrap::fetch
