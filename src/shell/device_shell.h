#pragma once
// DeviceShell: the SessionShell of an emulated BusyBox device — what the honeypot's session
// talks to after a login. It owns the session's copy-on-write file system, its capture and its
// interpreter; lines that end inside an open construct (quote, if, while, $( …) wait for the
// next line under PS2 ("> "), as ash does. Output is returned, never written anywhere; delays
// are data (OutputSegment::delay). A line that downloads (operator-enabled fetching) is rolled
// back and returned as a request; resume_fetch() runs it again with the result. Single-threaded; the DeviceImage and CaptureStore it was
// created with must outlive it (the factory keeps them).
#include <memory>
#include <optional>
#include <string>

#include "capture/session_capture.h"
#include "device/device_image.h"
#include "shell/interpreter.h"
#include "shell/session_shell.h"
#include "vfs/device_state_cache.h"
#include "vfs/session_fs.h"

namespace busytrap::shell {

class DeviceShell final : public SessionShell {
 public:
  // `remembered` (may be null): where the device's state is kept between sessions of one
  // source, under `state_key`.
  DeviceShell(std::shared_ptr<const device::DeviceImage> image, std::shared_ptr<capture::CaptureStore> store,
              ShellLimits limits, vfs::FsLimits fs_limits, SessionSettings settings,
              std::shared_ptr<vfs::DeviceStateCache> remembered = nullptr, std::string state_key = {});

  std::string prompt() const override;
  ShellReply run_line(std::string_view line) override;
  ShellReply resume_fetch(fetch::FetchResult result) override;
  ShellReply end_session() override;

 private:
  // Runs a complete source text; when it stops at a download, rolls the device back to where
  // the line began and returns the request instead (the line runs again with the result).
  ShellReply run_complete(std::string source);

  std::shared_ptr<const device::DeviceImage> image_;
  std::shared_ptr<vfs::DeviceStateCache> remembered_;
  std::string state_key_;
  std::optional<vfs::RememberedDevice> earlier_;  // the state this session started from
  vfs::SessionFs fs_;
  capture::SessionCapture capture_;
  Interpreter interpreter_;
  ShellLimits limits_;
  std::string pending_;  // an incomplete command, continued by the next line
  std::optional<std::string> suspended_;              // the line waiting for a download
  std::optional<fetch::FetchRequest> awaited_fetch_;  // ... and that download
  bool ended_ = false;
};

}  // namespace busytrap::shell
