#pragma once
// DeviceShellFactory: loads every device profile of a directory (data/profiles/*.toml) once,
// builds their images, and creates one DeviceShell per logged-in session for the profile the
// listener chose (SessionContext::profile; an unknown name gets the first profile by name).
// The same source IP always meets the same device (uptime, MAC, PIDs are seeded by IP and
// profile). The server reads a profile's banner, prompts, hostname and arch through
// profile(). Thread-safe after construction: create() and profile() may be called from any
// thread.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "capture/capture_store.h"
#include "device/device_image.h"
#include "shell/session_shell.h"
#include "shell/shell_limits.h"
#include "vfs/device_state_cache.h"
#include "vfs/session_fs.h"

namespace busytrap::shell {

struct DeviceShellConfig {
  std::string profiles_dir;  // directory of *.toml device profiles
  capture::CaptureConfig capture;
  bool delays = true;        // device-like delays in replies (off for tests)
  bool fetch_enabled = false;  // download applets ask for real downloads (see fetch/fetcher.h)
  ShellLimits limits;
  vfs::FsLimits fs_limits;
  // Devices remembered between sessions of the same source IP (profiles with remember_state).
  std::size_t remembered_devices = 1024;
  std::uint64_t remembered_bytes = 64u << 20;
};

class DeviceShellFactory final : public SessionShellFactory {
 public:
  // Loads the profiles; nullopt-like null with `error` set when none loads or one is invalid.
  static std::unique_ptr<DeviceShellFactory> load(DeviceShellConfig config, std::string& error);

  std::unique_ptr<SessionShell> create(const SessionContext& context) override;

  // The profile named `name`, or the default profile (the first by name) when there is none of
  // that name.
  const device::DeviceProfile& profile(std::string_view name) const;
  // Whether a listener may ask for `name`: a loaded profile's name, or "default".
  bool has_profile(std::string_view name) const;
  std::vector<std::string> profile_names() const;

 private:
  DeviceShellFactory() = default;
  const device::DeviceImage& image(std::string_view name) const;

  DeviceShellConfig config_;
  std::map<std::string, std::shared_ptr<const device::DeviceImage>, std::less<>> images_;
  std::shared_ptr<capture::CaptureStore> store_;
  std::shared_ptr<vfs::DeviceStateCache> remembered_;
};

}  // namespace busytrap::shell
