#pragma once
// IntelSelection: which analyses beyond the paper's tables `busytrap analyze` runs
// (`--intel` = all of them, `--with credentials,sources`). Each one off costs nothing on the hot
// path: the readers look at the extra fields only when an analysis needs them.
#include <optional>
#include <string>
#include <string_view>

namespace busytrap::analyze::intel {

struct IntelSelection {
  bool credentials = false;  // usernames, passwords, pairs, success rate, Mirai-table matches
  bool sources = false;      // source IPs and /24s by sessions, repeat visitors
  bool indicators = false;   // download URLs, hosts, file names, hashes, IP:port pairs
  bool sequences = false;    // transitions between consecutive program names (no per-event cost)
  bool families = false;     // sessions classified by data/families.toml (cost per session, not event)
  bool time = false;         // first appearance of command lines, indicators, families; timelines

  bool any() const noexcept { return credentials || sources || indicators || sequences || families || time; }
  // Whether the readers keep each session's source address and first timestamp.
  bool wants_session_origin() const noexcept { return sources || indicators || sequences || time; }
  static IntelSelection all() noexcept { return IntelSelection{true, true, true, true, true, true}; }
};

// Parses a comma-separated list of analysis names ("credentials,sources"; "all" for every one).
// Returns nullopt for an unknown name; `unknown` then holds it.
std::optional<IntelSelection> parse_intel_selection(std::string_view list, std::string& unknown);

// The selection as the list parse_intel_selection reads ("" when none).
std::string intel_selection_names(const IntelSelection& selection);

}  // namespace busytrap::analyze::intel
