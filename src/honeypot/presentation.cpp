#include "honeypot/presentation.h"

#include "config/listen_address.h"

namespace busytrap::honeypot {

namespace {

std::string or_default(const std::string& configured, const char* fallback) {
  return configured.empty() ? std::string(fallback) : configured;
}

}  // namespace

Presentation presentation_from_config(const config::HoneypotConfig& honeypot) {
  return Presentation{config::parse_hex_bytes(honeypot.negotiation).value_or(std::string()),
                      honeypot.banner,
                      or_default(honeypot.login_prompt, "(none) login: "),
                      or_default(honeypot.password_prompt, "Password: "),
                      or_default(honeypot.login_incorrect, "Login incorrect"),
                      or_default(honeypot.arch, "linux-arm-lsb"),
                      ""};
}

}  // namespace busytrap::honeypot
