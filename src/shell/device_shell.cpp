#include "shell/device_shell.h"

#include <fmt/format.h>

#include "shell/parser.h"

namespace busytrap::shell {

DeviceShell::DeviceShell(std::shared_ptr<const device::DeviceImage> image, std::shared_ptr<capture::CaptureStore> store,
                         ShellLimits limits, vfs::FsLimits fs_limits, SessionSettings settings,
                         std::shared_ptr<vfs::DeviceStateCache> remembered, std::string state_key)
    : image_(std::move(image)),
      remembered_(std::move(remembered)),
      state_key_(std::move(state_key)),
      earlier_(remembered_ ? remembered_->find(state_key_) : std::nullopt),
      fs_(earlier_ ? earlier_->root : image_->root, image_->mounts, fs_limits, earlier_ ? earlier_->bytes_written : 0,
          earlier_ ? earlier_->nodes_created : 0),
      capture_(std::move(store)),
      interpreter_(*image_, fs_, capture_, limits, settings),
      limits_(limits) {
  fs_.set_discard_observer([this](const std::string& path, const vfs::Node& node) { capture_.keep(path, node); });
  if (earlier_) capture_.set_announced(std::move(earlier_->announced));
  earlier_.reset();
  // Per-session /proc entries: this shell's process, and the uptime of this device.
  const std::string pid_dir = fmt::format("/proc/{}", settings.shell_pid);
  fs_.install(pid_dir, vfs::make_directory(0555));
  fs_.install(pid_dir + "/exe", vfs::make_symlink("/bin/busybox"));
  fs_.install(pid_dir + "/cmdline", vfs::make_file(std::string("-sh\0", 4), 0444));
  fs_.install("/proc/self", vfs::make_symlink(std::to_string(settings.shell_pid)));
  const auto up = std::max<std::int64_t>(60, std::time(nullptr) - settings.boot_time);
  fs_.install("/proc/uptime", vfs::make_file(fmt::format("{}.{:02} {}.{:02}\n", up, up % 97, up * 9 / 10, up % 89), 0444));
}

std::string DeviceShell::prompt() const {
  if (!pending_.empty()) return "> ";
  const auto& state = const_cast<Interpreter&>(interpreter_).state();
  std::string ps1 = image_->profile.prompt;
  std::string cwd = state.cwd;
  const std::string& home = image_->profile.home;
  if (cwd == home) {
    cwd.assign(1, '~');
  } else if (cwd.size() > home.size() && cwd.starts_with(home) && cwd[home.size()] == '/') {
    cwd = std::string(1, '~') + cwd.substr(home.size());
  }
  std::string out;
  for (std::size_t i = 0; i < ps1.size(); ++i) {
    if (ps1[i] == '\\' && i + 1 < ps1.size()) {
      const char e = ps1[++i];
      if (e == 'w') out += cwd;
      else if (e == 'W') out += cwd == "/" ? "/" : cwd.substr(cwd.rfind('/') + 1);
      else if (e == 'h') out += image_->profile.hostname;
      else if (e == 'u') out += "root";
      else if (e == '$') out += "#";
      else out.push_back(e);
    } else {
      out.push_back(ps1[i]);
    }
  }
  return out;
}

ShellReply DeviceShell::run_line(std::string_view line) {
  ShellReply reply;
  if (ended_) return reply;
  // Input is a C string to a device's shell: a NUL ends the line (the Mirai bot's "enable\0").
  if (auto nul = line.find('\0'); nul != std::string_view::npos) line = line.substr(0, nul);
  if (line.size() > limits_.max_line_bytes) line = line.substr(0, limits_.max_line_bytes);
  std::string source = pending_.empty() ? std::string(line) : pending_ + "\n" + std::string(line);
  pending_.clear();
  const ParseResult probe = parse_shell(source);
  if (!probe.ok() && probe.incomplete && source.size() < limits_.max_pending_bytes) {
    pending_ = std::move(source);
    return reply;
  }
  interpreter_.clear_fetch_results();
  return run_complete(std::move(source));
}

ShellReply DeviceShell::resume_fetch(fetch::FetchResult result) {
  if (ended_ || !suspended_ || !awaited_fetch_) return {};
  interpreter_.add_fetch_result(std::move(*awaited_fetch_), std::move(result));
  std::string source = std::move(*suspended_);
  suspended_.reset();
  awaited_fetch_.reset();
  return run_complete(std::move(source));
}

ShellReply DeviceShell::run_complete(std::string source) {
  ShellReply reply;
  // Only lines that may download pay for a checkpoint (it shares every node: cheap).
  std::optional<vfs::SessionFs::Checkpoint> fs_before;
  std::optional<capture::SessionCapture> capture_before;
  std::optional<Interpreter::Checkpoint> shell_before;
  if (interpreter_.fetch_enabled()) {
    fs_before = fs_.checkpoint();
    capture_before = capture_;
    shell_before = interpreter_.checkpoint();
  }
  reply.close_session = interpreter_.run_source(source, reply.events);
  if (auto request = interpreter_.take_pending_fetch(); request && shell_before) {
    fs_.restore(std::move(*fs_before));
    capture_ = std::move(*capture_before);
    interpreter_.restore(std::move(*shell_before));
    interpreter_.terminal().take();
    ShellReply waiting;
    waiting.fetch = *request;
    awaited_fetch_ = std::move(*request);
    suspended_ = std::move(source);
    return waiting;
  }
  reply.output = interpreter_.terminal().take();
  if (interpreter_.settings().delays) {
    // A device never answers in exactly the same time twice.
    std::uniform_int_distribution<int> jitter(2, 18);
    const std::chrono::milliseconds d(jitter(interpreter_.rng()));
    if (reply.output.empty()) reply.output.push_back(OutputSegment{d, {}});
    else reply.output.front().delay += d;
  }
  return reply;
}

ShellReply DeviceShell::end_session() {
  ShellReply reply;
  if (ended_) return reply;
  ended_ = true;
  reply.events = capture_.finish(fs_);
  if (remembered_) remembered_->remember(state_key_, {fs_.root(), fs_.bytes_written(), fs_.nodes_created(), capture_.announced()});
  return reply;
}

}  // namespace busytrap::shell
