#include "analyze/busybox_token.h"

#include <algorithm>
#include <array>

namespace busytrap::analyze {
namespace {

// Fixed tokens that identify a family; they are never folded.
constexpr std::array<std::string_view, 18> kFamilyTokens = {
    "BAT",    "DMSNA",  "DNXFCK", "ECCHI", "ECHODONE", "HGYQA",  "IHCCE", "JOSHO", "MASUTA",
    "MIRAI",  "OKIRU",  "OWARI",  "SATORI", "SORA",    "VDOSS",  "WICKED", "YESHELLO", "DADDYL33T"};

}  // namespace

bool is_random_busybox_token(std::string_view applet) noexcept {
  if (applet.size() < 4 || applet.size() > 16) return false;
  bool has_capital = false;
  for (const char c : applet) {
    if (c >= 'A' && c <= 'Z') {
      has_capital = true;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  if (!has_capital) return false;
  return std::find(kFamilyTokens.begin(), kFamilyTokens.end(), applet) == kFamilyTokens.end();
}

}  // namespace busytrap::analyze
