#pragma once
// Where a command's output goes: the session's terminal (segments with device-like delays,
// capped per input line), a bounded buffer (pipes, $(…), file redirections) or nowhere
// (/dev/null). Writes past a cap are dropped and remembered (`overflowed`). Single-threaded.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "shell/session_shell.h"

namespace busytrap::shell {

class OutputStream {
 public:
  virtual ~OutputStream() = default;
  virtual void write(std::string_view bytes) = 0;
};

class NullOutput final : public OutputStream {
 public:
  void write(std::string_view) override {}
};

class BufferOutput final : public OutputStream {
 public:
  explicit BufferOutput(std::size_t cap) : cap_(cap) {}
  void write(std::string_view bytes) override {
    const std::size_t room = cap_ - std::min(cap_, data_.size());
    if (bytes.size() > room) overflowed_ = true;
    data_.append(bytes.substr(0, std::min(room, bytes.size())));
  }
  const std::string& data() const noexcept { return data_; }
  std::string take() { return std::move(data_); }
  bool overflowed() const noexcept { return overflowed_; }

 private:
  std::size_t cap_;
  std::string data_;
  bool overflowed_ = false;
};

class TerminalOutput final : public OutputStream {
 public:
  explicit TerminalOutput(std::size_t cap) : cap_(cap) {}
  void write(std::string_view bytes) override {
    if (bytes.empty()) return;
    const std::size_t room = cap_ - std::min(cap_, written_);
    if (bytes.size() > room) overflowed_ = true;
    bytes = bytes.substr(0, std::min(room, bytes.size()));
    if (bytes.empty()) return;
    if (segments_.empty() || pending_delay_.count() > 0) {
      segments_.push_back(OutputSegment{pending_delay_, {}});
      pending_delay_ = {};
    }
    segments_.back().bytes.append(bytes);
    written_ += bytes.size();
  }
  // The next bytes are sent `delay` after what was written before.
  void delay(std::chrono::milliseconds delay) { pending_delay_ += delay; }
  // Hands over the segments (a trailing delay with no bytes still counts: it becomes an
  // empty segment, so the prompt comes late as on a device).
  std::vector<OutputSegment> take() {
    if (pending_delay_.count() > 0) segments_.push_back(OutputSegment{pending_delay_, {}});
    pending_delay_ = {};
    written_ = 0;
    overflowed_ = false;
    return std::move(segments_);
  }
  bool overflowed() const noexcept { return overflowed_; }

 private:
  std::size_t cap_;
  std::size_t written_ = 0;
  bool overflowed_ = false;
  std::chrono::milliseconds pending_delay_{0};
  std::vector<OutputSegment> segments_;
};

}  // namespace busytrap::shell
