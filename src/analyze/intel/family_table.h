#pragma once
// FamilyTable: malware family signatures kept as data (data/families.toml; format in its
// header comment and docs/INTEL.md), and the classifier of one session's command lines.
// Loaded once, immutable afterwards: safe to share between threads.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace busytrap::analyze::intel {

struct FamilySignature {
  std::string name;
  std::vector<std::string> tokens;    // `busybox TOKEN` applets
  std::vector<std::string> strings;   // substrings of a command line
  std::vector<std::string> requires_all;  // all must be substrings of some command line
  bool random_token = false;          // a random-shaped busybox token (with `strings`: and one of them)
};

// What the classifier looks at in one session: its command lines and busybox applets, in order.
struct SessionCommands {
  std::vector<std::string_view> lines;
  std::vector<std::string_view> busybox_applets;
};

class FamilyTable {
 public:
  // Reads a TOML file. On failure returns false and sets `error` (file, line, reason).
  bool load(const std::string& path, std::string& error);
  // Parses TOML text (for tests); same contract as load.
  bool parse(std::string_view toml_text, std::string& error);

  // The index of the first matching family, or nullopt.
  std::optional<std::size_t> classify(const SessionCommands& session) const;

  // The same decision from per-line features, so that a caller can compute each distinct
  // command line's features once (malware repeats its lines) instead of searching every line of
  // every session: bit i = the line contains one of family i's `strings`, bit F + j = it
  // contains the j-th `requires` string of the table (F = families). Only when the table has
  // at most 63 such bits (has_line_features(); bit 63 is left to callers as a marker).
  bool has_line_features() const noexcept { return feature_bits_ <= 63; }
  std::uint64_t line_features(std::string_view line) const;
  // `features`: the OR of the session's lines' features.
  std::optional<std::size_t> classify(std::uint64_t features, const std::vector<std::string_view>& busybox_applets) const;

  const std::vector<FamilySignature>& families() const noexcept { return families_; }

 private:
  void index_features();

  std::vector<FamilySignature> families_;
  std::vector<std::size_t> first_required_bit_;  // per family
  std::size_t feature_bits_ = 0;
};

}  // namespace busytrap::analyze::intel
