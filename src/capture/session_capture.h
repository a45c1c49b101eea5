#pragma once
// SessionCapture: what one session's attacker wrote into the emulated device, kept until it is
// stored. The file system reports files that lose their contents (rm, truncation, overwrite);
// the shell reports files it is asked to execute or source; at the end of the session every
// attacker-written file still present is collected too. Each distinct content is stored once
// (CaptureStore) and announced once as `cowrie.session.file_download` (no url: the file was
// built on the device), with how it was built; files fetched for real (operator-enabled) are
// announced with their URL. Copyable (a line that downloads is rolled back to a copy). Not
// thread-safe: one per session.
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "capture/capture_store.h"
#include "core/event.h"
#include "vfs/node.h"
#include "vfs/session_fs.h"

namespace busytrap::capture {

class SessionCapture {
 public:
  // `store` may be null: nothing is captured.
  explicit SessionCapture(std::shared_ptr<CaptureStore> store) : store_(std::move(store)) {}

  // A file about to lose its contents: its bytes are kept (shared, not copied) for later.
  void keep(const std::string& device_path, const vfs::Node& node);
  // Stores the file now (it is being executed) and returns the event, if new.
  std::vector<core::Event> capture_now(const std::string& device_path, const vfs::Node& node,
                                       std::string_view reason);
  // A file downloaded from `url` into `device_path` (operator-enabled fetching): stored now and
  // announced as Cowrie announces a wget download (url, outfile, shasum, destfile), every time.
  std::vector<core::Event> record_download(const std::string& url, const std::string& device_path,
                                           std::string_view bytes);
  // Stores everything kept plus every attacker-written file left in `fs`.
  std::vector<core::Event> finish(const vfs::SessionFs& fs);

  // Contents already announced (carried between sessions of one remembered device).
  const std::set<std::string>& announced() const noexcept { return announced_; }
  void set_announced(std::set<std::string> announced) { announced_ = std::move(announced); }

 private:
  struct Pending {
    std::string path;
    std::shared_ptr<std::string> data;
    vfs::Provenance provenance;
    std::uint32_t chunks;
  };
  std::vector<core::Event> store(const Pending& pending, std::string_view reason);
  void collect(const vfs::NodePtr& root, std::vector<Pending>& out);

  std::shared_ptr<CaptureStore> store_;
  std::vector<Pending> kept_;
  std::set<std::string> announced_;  // sha256 values logged in this session
  std::uint64_t kept_bytes_ = 0;
};

// "redirect", "echo-append (N writes)", "cp", "dd", ... for the event's built_by field.
std::string describe_provenance(vfs::Provenance provenance, std::uint32_t writes);

}  // namespace busytrap::capture
