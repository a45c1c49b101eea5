// What a listener shows before the shell: the device profile's texts, replaced key by key by
// the [honeypot] settings the operator gave.
#include "honeypot/device_presentation.h"

#include <gtest/gtest.h>

namespace busytrap::honeypot {
namespace {

device::DeviceProfile dvr_profile() {
  device::DeviceProfile profile;
  profile.name = "hisilicon-dvr";
  profile.arch = "linux-arm-lsb";
  profile.login_banner = "\r\nDVR\r\n";
  profile.login_prompt = "LocalHost login: ";
  profile.password_prompt = "Password: ";
  profile.login_incorrect = "Login incorrect";
  return profile;
}

TEST(DevicePresentation, TheProfileDecidesWhenTheConfigurationIsSilent) {
  const Presentation p = presentation_from_profile(config::HoneypotConfig{}, dvr_profile());
  EXPECT_EQ(p.banner, "\r\nDVR\r\n");
  EXPECT_EQ(p.login_prompt, "LocalHost login: ");
  EXPECT_EQ(p.password_prompt, "Password: ");
  EXPECT_EQ(p.login_incorrect, "Login incorrect");
  EXPECT_EQ(p.arch, "linux-arm-lsb");
  EXPECT_EQ(p.profile, "hisilicon-dvr");
  EXPECT_EQ(p.negotiation, std::string("\xFF\xFD\x01\xFF\xFD\x1F\xFF\xFB\x01\xFF\xFB\x03"));
}

TEST(DevicePresentation, EachConfiguredKeyOverridesOnlyItself) {
  config::HoneypotConfig honeypot;
  honeypot.login_prompt = "router login: ";
  honeypot.arch = "linux-mips-msb";
  const Presentation p = presentation_from_profile(honeypot, dvr_profile());
  EXPECT_EQ(p.login_prompt, "router login: ");
  EXPECT_EQ(p.arch, "linux-mips-msb");
  EXPECT_EQ(p.banner, "\r\nDVR\r\n");
  EXPECT_EQ(p.password_prompt, "Password: ");
  EXPECT_EQ(p.login_incorrect, "Login incorrect");
}

TEST(DevicePresentation, WithoutAProfileEmptyKeysFallBackToAGenericTelnetd) {
  const Presentation p = presentation_from_config(config::HoneypotConfig{});
  EXPECT_EQ(p.login_prompt, "(none) login: ");
  EXPECT_EQ(p.password_prompt, "Password: ");
  EXPECT_EQ(p.login_incorrect, "Login incorrect");
  EXPECT_EQ(p.arch, "linux-arm-lsb");
  EXPECT_EQ(p.profile, "");
}

}  // namespace
}  // namespace busytrap::honeypot
