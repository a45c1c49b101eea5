#pragma once
// Shared by the shell fuzz targets: the three device profiles of data/profiles, loaded and
// built once per process, and a fresh DeviceShell on one of them per input. Each shell has
// its own state (no device remembered between inputs, so every run is reproducible) and a
// capture store that hashes but writes nothing. The per-line limits are lowered so a slow
// input costs milliseconds, not half a second; the code paths that enforce them are the same.
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/data_directory.h"
#include "device/device_image.h"
#include "shell/device_shell.h"

namespace busytrap::fuzz {

inline const std::vector<std::shared_ptr<const device::DeviceImage>>& device_images() {
  static const auto images = [] {
    std::vector<std::shared_ptr<const device::DeviceImage>> loaded;
    for (const char* name : {"hisilicon-dvr", "mips-be-router", "mips-le-router"}) {
      std::string error;
      auto profile = device::load_profile(core::data_directory() + "/profiles/" + name + ".toml", error);
      if (!profile) std::abort();
      loaded.push_back(device::build_device_image(std::move(*profile)));
    }
    return loaded;
  }();
  return images;
}

inline shell::ShellLimits fuzz_shell_limits() {
  shell::ShellLimits limits;
  limits.max_steps = 20000;
  limits.max_line_time = std::chrono::milliseconds(50);
  return limits;
}

inline std::unique_ptr<shell::DeviceShell> make_device_shell(std::shared_ptr<const device::DeviceImage> image) {
  static const auto store = std::make_shared<capture::CaptureStore>(
      capture::CaptureConfig{"/nonexistent/busytrap-fuzz-captures", 8u << 20, false});
  shell::SessionSettings settings;
  settings.session_id = "a1b2c3d4e5f6";
  settings.src_ip = "203.0.113.7";
  settings.seed = 42;
  settings.delays = false;
  settings.boot_time = 1700000000;
  return std::make_unique<shell::DeviceShell>(std::move(image), store, fuzz_shell_limits(), vfs::FsLimits{}, settings);
}

// Everything one reply prints; aborts if it is beyond the per-line output bound.
inline std::size_t reply_bytes(const shell::ShellReply& reply, const shell::ShellLimits& limits) {
  std::size_t bytes = 0;
  for (const auto& segment : reply.output) bytes += segment.bytes.size();
  // The bound is on terminal output per line; the prompt and an error line may follow it.
  if (bytes > limits.max_output_bytes + 4096) std::abort();
  return bytes;
}

}  // namespace busytrap::fuzz
