#pragma once
// Random per-session busybox tokens. Loaders check that they talk to a real BusyBox by running
// `/bin/busybox TOKEN` and waiting for `TOKEN: applet not found`; Hajime-lineage loaders draw
// a fresh TOKEN per session, which makes `/bin/busybox XXXXX` rows explode in Table 2. With
// --fold-tokens such tokens are replaced by kFoldedToken. A token is "random" when it has the
// shape of one (4 to 16 bytes of capitals and digits, at least one capital; BusyBox applet names
// are lowercase) and is not a fixed token that names a family (ECCHI, MIRAI, BAT, ... — see
// ../shared/research/iot-malware.md §4), which stay visible.
#include <string_view>

namespace busytrap::analyze {

inline constexpr std::string_view kFoldedToken = "<RANDOM>";

bool is_random_busybox_token(std::string_view applet) noexcept;

}  // namespace busytrap::analyze
