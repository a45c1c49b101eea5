#pragma once
// Synthesises the bytes of a device's /bin/busybox: a structurally valid ELF executable of the
// profile's architecture (real e_ident, e_machine, e_flags, program headers, PT_INTERP when
// dynamic, section headers where the file ends) of the size of a real build, filled with
// deterministic code-like bytes and the strings `strings` would find in BusyBox. What the
// Mirai loader reads (EI_DATA at byte 5, e_machine at 18-19) and what `file` or readelf would
// report agree with the profile's uname and /proc/cpuinfo. Pure function; no I/O.
#include <cstdint>
#include <string>

#include "device/device_profile.h"

namespace busytrap::device {

std::string build_busybox_binary(const DeviceProfile& profile);

}  // namespace busytrap::device
