#pragma once
// What a listener shows before the shell when it presents an emulated device: the device
// profile's banner, login and password prompts, failure text and architecture — each replaced
// by the [honeypot] key of the same name when the operator set it — with the negotiation bytes
// of the [honeypot] configuration (all BusyBox telnetds open alike).
#include "device/device_profile.h"
#include "honeypot/presentation.h"

namespace busytrap::honeypot {

Presentation presentation_from_profile(const config::HoneypotConfig& honeypot, const device::DeviceProfile& profile);

}  // namespace busytrap::honeypot
