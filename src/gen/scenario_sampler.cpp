#include "gen/scenario_sampler.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace busytrap::gen {
namespace {

// A small static ELF executable's first bytes for `arch`, then pseudo-random "code"; the
// loader only needs the header to be right (e_ident, e_type, e_machine).
std::vector<std::uint8_t> make_dropper(const Architecture& arch, std::size_t index) {
  Xoshiro256 rng(0xd20bbe5ULL + index);
  std::vector<std::uint8_t> bytes(700 + 70 * index);
  for (auto& b : bytes) b = static_cast<std::uint8_t>(rng.next() >> 56);
  const bool big = arch.elf_data == 2;
  const std::uint8_t header[] = {0x7f, 'E', 'L', 'F', 1, arch.elf_data, 1, 0};
  std::copy(std::begin(header), std::end(header), bytes.begin());
  std::fill(bytes.begin() + 8, bytes.begin() + 16, 0);
  const auto put16 = [&](std::size_t at, std::uint16_t v) {
    bytes[at + (big ? 1 : 0)] = static_cast<std::uint8_t>(v & 0xFF);
    bytes[at + (big ? 0 : 1)] = static_cast<std::uint8_t>(v >> 8);
  };
  put16(16, 2);  // ET_EXEC
  put16(18, arch.elf_machine);
  return bytes;
}

std::vector<std::string> escape_chunks(const std::vector<std::uint8_t>& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::vector<std::string> chunks;
  for (std::size_t at = 0; at < bytes.size(); at += ScenarioSampler::kChunkBytes) {
    std::string chunk;
    for (std::size_t i = at; i < bytes.size() && i < at + ScenarioSampler::kChunkBytes; ++i) {
      chunk += "\\x";
      chunk += kHex[bytes[i] >> 4];
      chunk += kHex[bytes[i] & 0xF];
    }
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

}  // namespace

ScenarioSampler::ScenarioSampler()
    : family_(WeightedPicker::of(families(), [](const Family& f) { return f.weight; })),
      credential_(WeightedPicker::of(credentials(), [](const Credential& c) { return c.weight; })),
      architecture_(WeightedPicker::of(architectures(), [](const Architecture& a) { return a.weight; })),
      cowrie_architecture_(WeightedPicker::of(cowrie_architectures(), [](const Weighted& w) { return w.weight; })),
      gafgyt_script_(WeightedPicker::of(gafgyt_scripts(), [](const Weighted& w) { return w.weight; })),
      kill_pid_(WeightedPicker::of(kill_pids(), [](const Weighted& w) { return w.weight; })),
      ssh_client_(WeightedPicker::of(ssh_clients(), [](const SshClient& c) { return c.weight; })) {
  const auto arches = architectures();
  for (std::size_t i = 0; i < arches.size(); ++i) droppers_.push_back(escape_chunks(make_dropper(arches[i], i)));
}

}  // namespace busytrap::gen
