#pragma once
// MinimalShell: a deliberately small stand-in for the emulated BusyBox shell (branch `device`
// replaces it through SessionShellFactory). It answers what the Mirai scanner and the common
// fingerprinting probes check first, as BusyBox ash on a device does: `/bin/busybox X` →
// "X: applet not found", unknown commands (enable, system, shell...) → "sh: X: not found",
// `sh` → nothing, `echo ...` → its words, `exit` → end of session. Commands are split at ';'
// outside quotes; words at blanks (no quoting, expansion or redirection).
// One shell per session; not thread-safe; run_line never throws.
#include <memory>
#include <string>
#include <string_view>

#include "shell/session_shell.h"

namespace busytrap::honeypot {

class MinimalShell final : public shell::SessionShell {
 public:
  std::string prompt() const override { return "~ # "; }
  shell::ShellReply run_line(std::string_view line) override;
  shell::ShellReply end_session() override { return {}; }

 private:
  void run_command(std::string_view command, shell::ShellReply& reply);
};

class MinimalShellFactory final : public shell::SessionShellFactory {
 public:
  std::unique_ptr<shell::SessionShell> create(const shell::SessionContext&) override {
    return std::make_unique<MinimalShell>();
  }
};

}  // namespace busytrap::honeypot
