#pragma once
// Xoshiro256: the xoshiro256** pseudo-random generator (Blackman & Vigna), seeded through
// splitmix64 so that any 64-bit seed, 0 included, gives a well-mixed state. Fast, small and
// fully deterministic on every platform: the same seed yields the same sequence, which is what
// makes `busytrap gen` output byte-identical for a given seed. Not cryptographic.
// A plain value type; not thread-safe (one generator per thread).
#include <cstdint>

namespace busytrap::gen {

class Xoshiro256 {
 public:
  explicit Xoshiro256(std::uint64_t seed) noexcept {
    for (auto& word : state_) word = splitmix64(seed);
  }

  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, bound) (Lemire's multiply-shift; the bias is below 2^-32 for the small
  // bounds used here, which is irrelevant for synthetic logs). bound 0 returns 0.
  std::uint32_t below(std::uint32_t bound) noexcept {
    return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(bound)) >> 32);
  }

  // Uniform in [low, high] (inclusive); high < low returns low.
  std::uint32_t between(std::uint32_t low, std::uint32_t high) noexcept {
    return high <= low ? low : low + below(high - low + 1);
  }

  // True with probability percent/100.
  bool percent(unsigned percent) noexcept { return below(100) < percent; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix64(std::uint64_t& x) noexcept {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  std::uint64_t state_[4];
};

}  // namespace busytrap::gen
