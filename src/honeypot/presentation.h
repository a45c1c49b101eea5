#pragma once
// Presentation: what a listener's device shows a client before its shell — the opening
// negotiation bytes, banner, login and password prompts, the failure text and the
// architecture reported in cowrie.session.params. Each listener holds one for its profile;
// today every profile takes it from the [honeypot] configuration, later from the device
// profile of the same name. Immutable once built; shared read-only by that listener's sessions.
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
};

// From a validated [honeypot] section (negotiation given in hex there).
Presentation presentation_from_config(const config::HoneypotConfig& honeypot);

}  // namespace busytrap::honeypot
