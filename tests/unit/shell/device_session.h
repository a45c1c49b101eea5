#pragma once
// Test helper: a DeviceShell for one profile of data/profiles, driven line by line as the
// honeypot's session drives it, with delays off and captures into a temporary directory.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/data_directory.h"
#include "shell/device_shell_factory.h"

namespace busytrap::shell::testing {

inline std::string profiles_dir() { return core::data_directory() + "/profiles"; }

inline const std::vector<std::string>& all_profiles() {
  static const std::vector<std::string> names = {"hisilicon-dvr", "mips-be-router", "mips-le-router"};
  return names;
}

class DeviceSession {
 public:
  explicit DeviceSession(const std::string& profile, std::string src_ip = "203.0.113.7",
                         std::filesystem::path capture_dir = {}) {
    if (capture_dir.empty()) {
      capture_dir = std::filesystem::temp_directory_path() /
                    ("busytrap-capture-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    }
    capture_dir_ = capture_dir;
    DeviceShellConfig config;
    config.profiles_dir = profiles_dir();
    config.capture.directory = capture_dir;
    config.delays = false;
    std::string error;
    factory_ = DeviceShellFactory::load(config, error);
    if (!factory_) ADD_FAILURE() << error;
    SessionContext ctx{"a1b2c3d4e5f6", std::move(src_ip), "root", profile};
    shell_ = factory_->create(ctx);
  }
  ~DeviceSession() {
    std::error_code ec;
    std::filesystem::remove_all(capture_dir_, ec);
  }

  // Runs one line; returns everything printed, and keeps the events.
  std::string run(std::string_view line) {
    ShellReply reply = shell_->run_line(line);
    last_close_ = reply.close_session;
    std::string out;
    for (auto& seg : reply.output) out += seg.bytes;
    for (auto& e : reply.events) events_.push_back(std::move(e));
    return out;
  }
  std::vector<core::Event> end() {
    ShellReply reply = shell_->end_session();
    for (auto& e : reply.events) events_.push_back(e);
    return reply.events;
  }
  std::string prompt() const { return shell_->prompt(); }
  bool closed() const { return last_close_; }
  const std::vector<core::Event>& events() const { return events_; }
  const DeviceShellFactory& factory() const { return *factory_; }
  const std::filesystem::path& capture_dir() const { return capture_dir_; }

 private:
  static int& counter() {
    static int c = 0;
    return c;
  }
  std::unique_ptr<DeviceShellFactory> factory_;
  std::unique_ptr<SessionShell> shell_;
  std::vector<core::Event> events_;
  std::filesystem::path capture_dir_;
  bool last_close_ = false;
};

inline std::string field(const core::Event& e, std::string_view name) {
  for (const auto& [k, v] : e.fields) {
    if (k == name) {
      if (auto s = std::get_if<std::string>(&v)) return *s;
      if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
      if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    }
  }
  return {};
}

}  // namespace busytrap::shell::testing
