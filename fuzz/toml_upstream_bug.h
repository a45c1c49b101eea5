#pragma once
// toml++ 3.3.0 (Debian 12's) reaches __builtin_unreachable() in
// is_non_ascii_horizontal_whitespace() for some non-ASCII code points where it looks for
// whitespace (U+00A1..U+0499 outside strings, and after a byte-order mark): marzer/tomlplusplus
// issue #295, fixed upstream by PR #305, not in any Debian package yet. Only operator-written
// files (config, profiles) reach the parser, never attacker input. The TOML fuzz targets skip
// TOML text that is not pure ASCII, so that every other finding still shows; drop this when
// toml++ is upgraded.
#include <string_view>

namespace busytrap::fuzz {

inline bool hits_tomlplusplus_issue_295(std::string_view toml_text) {
  for (const char c : toml_text) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

}  // namespace busytrap::fuzz
