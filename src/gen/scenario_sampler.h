#pragma once
// ScenarioSampler: the scenario tables (scenario.h) made ready for drawing — a weighted picker
// per table and, per architecture, the echo-loader dropper already cut into ≤128-byte chunks
// written as `\xNN` escapes. Built once per run (a few tens of KB), then read-only and shared
// by all sessions. The dropper bytes depend only on the architecture, not on the seed, so the
// same architecture always delivers the same sample, as with a real loader.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gen/scenario.h"
#include "gen/weighted_picker.h"
#include "gen/xoshiro256.h"

namespace busytrap::gen {

class ScenarioSampler {
 public:
  static constexpr std::size_t kChunkBytes = 128;

  ScenarioSampler();

  const Family& family(Xoshiro256& rng) const { return families()[family_.pick(rng)]; }
  const Credential& credential(Xoshiro256& rng) const { return credentials()[credential_.pick(rng)]; }
  std::size_t architecture(Xoshiro256& rng) const { return architecture_.pick(rng); }
  std::string_view cowrie_architecture(Xoshiro256& rng) const {
    return cowrie_architectures()[cowrie_architecture_.pick(rng)].text;
  }
  std::string_view gafgyt_script(Xoshiro256& rng) const {
    return gafgyt_scripts()[gafgyt_script_.pick(rng)].text;
  }
  std::string_view kill_pid(Xoshiro256& rng) const { return kill_pids()[kill_pid_.pick(rng)].text; }
  const SshClient& ssh_client(Xoshiro256& rng) const { return ssh_clients()[ssh_client_.pick(rng)]; }

  // The dropper of architecture `arch` (index into architectures()), chunk by chunk.
  std::span<const std::string> dropper_chunks(std::size_t arch) const { return droppers_[arch]; }

 private:
  WeightedPicker family_, credential_, architecture_, cowrie_architecture_, gafgyt_script_,
      kill_pid_, ssh_client_;
  std::vector<std::vector<std::string>> droppers_;
};

}  // namespace busytrap::gen
