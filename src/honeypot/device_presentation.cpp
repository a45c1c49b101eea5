#include "honeypot/device_presentation.h"

namespace busytrap::honeypot {

namespace {

void override_if_set(std::string& field, const std::string& configured) {
  if (!configured.empty()) field = configured;
}

}  // namespace

Presentation presentation_from_profile(const config::HoneypotConfig& honeypot, const device::DeviceProfile& profile) {
  Presentation presentation = presentation_from_config(honeypot);
  presentation.banner = profile.login_banner;
  presentation.login_prompt = profile.login_prompt;
  presentation.password_prompt = profile.password_prompt;
  presentation.login_incorrect = profile.login_incorrect;
  presentation.arch = profile.arch;
  presentation.profile = profile.name;
  override_if_set(presentation.banner, honeypot.banner);
  override_if_set(presentation.login_prompt, honeypot.login_prompt);
  override_if_set(presentation.password_prompt, honeypot.password_prompt);
  override_if_set(presentation.login_incorrect, honeypot.login_incorrect);
  override_if_set(presentation.arch, honeypot.arch);
  return presentation;
}

}  // namespace busytrap::honeypot
