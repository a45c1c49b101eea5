#include "honeypot/presentation.h"

#include "config/listen_address.h"

namespace busytrap::honeypot {

Presentation presentation_from_config(const config::HoneypotConfig& honeypot) {
  return Presentation{config::parse_hex_bytes(honeypot.negotiation).value_or(std::string()),
                      honeypot.banner,
                      honeypot.login_prompt,
                      honeypot.password_prompt,
                      honeypot.login_incorrect,
                      honeypot.arch};
}

}  // namespace busytrap::honeypot
