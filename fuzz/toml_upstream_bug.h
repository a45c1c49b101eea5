#pragma once
// toml++ 3.3.0 (Debian 12's) reaches __builtin_unreachable() in
// is_non_ascii_horizontal_whitespace() for code points U+00A1..U+0499 where it looks for
// whitespace (outside strings): marzer/tomlplusplus issue #295, fixed upstream by PR #305, not
// in any Debian package yet. Only operator-written files (config, profiles) reach the parser,
// never attacker input. The TOML fuzz targets skip inputs holding such a code point, so that
// every other finding still shows; drop this when toml++ is upgraded.
#include <cstddef>
#include <string_view>

namespace busytrap::fuzz {

inline bool hits_tomlplusplus_issue_295(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const auto next = static_cast<unsigned char>(text[i + 1]);
    if ((lead & 0xE0) != 0xC0 || (next & 0xC0) != 0x80) continue;
    const unsigned code_point = ((lead & 0x1Fu) << 6) | (next & 0x3Fu);
    if (code_point >= 0xA1 && code_point <= 0x499) return true;
  }
  return false;
}

}  // namespace busytrap::fuzz
