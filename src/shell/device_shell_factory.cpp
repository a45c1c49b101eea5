#include "shell/device_shell_factory.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "shell/device_shell.h"

namespace busytrap::shell {
namespace {

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

}  // namespace

std::unique_ptr<DeviceShellFactory> DeviceShellFactory::load(DeviceShellConfig config, std::string& error) {
  std::unique_ptr<DeviceShellFactory> f(new DeviceShellFactory());
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(config.profiles_dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  if (ec) {
    error = fmt::format("{}: {}", config.profiles_dir, ec.message());
    return nullptr;
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    auto profile = device::load_profile(path.string(), error);
    if (!profile) return nullptr;
    const std::string name = profile->name;
    f->images_.emplace(name, device::build_device_image(std::move(*profile)));
  }
  if (f->images_.empty()) {
    error = fmt::format("{}: no device profiles (*.toml)", config.profiles_dir);
    return nullptr;
  }
  f->store_ = std::make_shared<capture::CaptureStore>(config.capture);
  f->remembered_ = std::make_shared<vfs::DeviceStateCache>(config.remembered_devices, config.remembered_bytes);
  f->config_ = std::move(config);
  return f;
}

const device::DeviceImage& DeviceShellFactory::image(std::string_view name) const {
  auto it = images_.find(name);
  return it == images_.end() ? *images_.begin()->second : *it->second;
}

const device::DeviceProfile& DeviceShellFactory::profile(std::string_view name) const { return image(name).profile; }

bool DeviceShellFactory::has_profile(std::string_view name) const {
  return name == "default" || images_.find(name) != images_.end();
}

std::vector<std::string> DeviceShellFactory::profile_names() const {
  std::vector<std::string> names;
  for (const auto& [name, _] : images_) names.push_back(name);
  return names;
}

std::unique_ptr<SessionShell> DeviceShellFactory::create(const SessionContext& context) {
  auto it = images_.find(context.profile);
  const auto& image = it == images_.end() ? images_.begin()->second : it->second;
  SessionSettings s;
  s.session_id = context.session_id;
  s.src_ip = context.src_ip;
  s.seed = fnv1a(context.src_ip + "\n" + image->profile.name);
  s.delays = config_.delays;
  s.fetch_enabled = config_.fetch_enabled;
  const std::uint32_t last_pid = image->profile.processes.empty() ? 100 : image->profile.processes.back().pid;
  s.shell_pid = last_pid + 20 + static_cast<std::uint32_t>(s.seed % 400);
  // Up for 3 to 60 days, stable for an IP: the boot time does not move between its sessions.
  const std::int64_t uptime = 3 * 86400 + static_cast<std::int64_t>((s.seed >> 16) % (57 * 86400));
  const std::int64_t epoch_day = static_cast<std::int64_t>(std::time(nullptr)) / 86400 * 86400;
  s.boot_time = epoch_day - uptime;
  const bool remember = image->profile.remember_state;
  std::string key = image->profile.name + "\n" + context.src_ip;
  return std::make_unique<DeviceShell>(image, store_, config_.limits, config_.fs_limits, std::move(s),
                                       remember ? remembered_ : nullptr, std::move(key));
}

}  // namespace busytrap::shell
