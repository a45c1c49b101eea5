#pragma once
// Presentation: what a listener's device shows a client before its shell — the opening
// negotiation bytes, banner, login and password prompts, the failure text and the
// architecture reported in cowrie.session.params, and the name of the device profile it
// belongs to. Each listener holds one for its profile (device_presentation.h builds it from the
// profile, with the [honeypot] overrides). Immutable once built; shared read-only by that
// listener's sessions.
#include <string>

#include "config/config.h"

namespace busytrap::honeypot {

struct Presentation {
  std::string negotiation;  // raw bytes, IAC first
  std::string banner;
  std::string login_prompt;
  std::string password_prompt;
  std::string login_incorrect;
  std::string arch;
  std::string profile;  // the device profile's name ("" when none is loaded)
};

// From a validated [honeypot] section alone (negotiation given in hex there), for a listener
// without a device profile: keys left empty fall back to a generic BusyBox telnetd.
Presentation presentation_from_config(const config::HoneypotConfig& honeypot);

}  // namespace busytrap::honeypot
