#include "honeypot/device_presentation.h"

namespace busytrap::honeypot {

Presentation presentation_from_profile(const config::HoneypotConfig& honeypot, const device::DeviceProfile& profile) {
  Presentation presentation = presentation_from_config(honeypot);
  presentation.banner = profile.login_banner;
  presentation.login_prompt = profile.login_prompt;
  presentation.password_prompt = profile.password_prompt;
  presentation.login_incorrect = profile.login_incorrect;
  presentation.arch = profile.arch;
  return presentation;
}

}  // namespace busytrap::honeypot
