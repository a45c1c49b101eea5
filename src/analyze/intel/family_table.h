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

  // The same decision from per-line and per-applet features, so that a caller can compute each
  // distinct command line's and applet's features once (malware repeats its lines) instead of
  // searching every line of every session. Line features: bit i = the line contains one of
  // family i's `strings`, bit F + j = it contains the j-th `requires` string of the table
  // (F = families). Only when the table has at most 63 such bits (has_line_features(); bit 63
  // is left to callers as a marker).
  bool has_line_features() const noexcept { return feature_bits_ <= 63; }
  std::uint64_t line_features(std::string_view line) const;
  // Applet features: bit i = family i lists it among its `tokens`, bit kRandomAppletBit = it is
  // random-shaped (or the folded token). Only when has_applet_features() (at most
  // kRandomAppletBit families).
  static constexpr unsigned kRandomAppletBit = 62;
  bool has_applet_features() const noexcept { return has_line_features() && families_.size() <= kRandomAppletBit; }
  std::uint64_t applet_features(std::string_view applet) const;
  // `line_features` / `applet_features`: the OR of the session's lines' / applets' features.
  std::optional<std::size_t> classify_features(std::uint64_t line_features, std::uint64_t applet_features) const;

  const std::vector<FamilySignature>& families() const noexcept { return families_; }

 private:
  void index_features();

  std::vector<FamilySignature> families_;
  std::vector<std::size_t> first_required_bit_;  // per family
  std::size_t feature_bits_ = 0;
};

}  // namespace busytrap::analyze::intel
