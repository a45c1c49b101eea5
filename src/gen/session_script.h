#pragma once
// SessionScript: one synthetic honeypot session being played out, event by event. start()
// draws a family (scenario_table.cpp) and everything the session needs (source address,
// credentials, token, architecture, writable directories, upload method…); next() yields the
// following event: connect, SSH client version/kex, failed logins, login, params, then the
// family's dialogue lines in order (with their command.failed / file_download.failed
// companions), and finally closed. Fixed size (no allocation), so a scheduler can keep
// thousands of them open; copyable. Not thread-safe.
#include <cstdint>
#include <string_view>

#include "gen/gen_event.h"
#include "gen/line_builder.h"
#include "gen/scenario.h"
#include "gen/scenario_sampler.h"
#include "gen/xoshiro256.h"

namespace busytrap::gen {

class SessionScript {
 public:
  // `serial` numbers the sessions of a run (0, 1, …): it becomes Cowrie's connection counter
  // and, mixed with `id_key`, the unique 12-hex session id.
  void start(const ScenarioSampler& sampler, Xoshiro256& rng, std::uint64_t serial,
             std::uint64_t id_key);

  // Fills `event` (all but its time) and returns true, or returns false once the session is
  // over. With `commands_allowed` false (the record budget is spent) the session closes at
  // once; a session that has not even connected yet just vanishes. Command text is composed in
  // `scratch`.
  bool next(const ScenarioSampler& sampler, Xoshiro256& rng, bool commands_allowed,
            LineBuilder& scratch, GenEvent& event);

  // True while the command just sent still has its command.failed / file_download.failed
  // companion to emit: Cowrie logs those right after the input, so the scheduler stays on
  // this session.
  bool has_companions() const noexcept { return pending_not_found_ || pending_download_; }
  // The scheduler stamps the connect event; closed reports the duration from it.
  void set_connect_time(std::int64_t time_us) noexcept { info_.connect_us = time_us; }
  const SessionInfo& info() const noexcept { return info_; }
  std::string_view family_name() const noexcept { return family_->name; }

 private:
  enum class Phase : std::uint8_t {
    kConnect, kClientVersion, kClientKex, kLogins, kParams, kCommands, kClosed, kDone
  };
  static constexpr std::size_t kMaxDirs = 16;

  bool enter_next_line(Xoshiro256& rng);
  // Dialogue line `index` of the family: its opening, then its own lines.
  const DialogueLine& line_at(std::int32_t index) const;
  std::int32_t line_count() const;
  void expand(std::string_view text, LineBuilder& out) const;

  const Family* family_ = nullptr;
  const SshClient* ssh_client_ = nullptr;
  SessionInfo info_{};
  Phase phase_ = Phase::kDone;
  std::uint8_t failed_logins_left_ = 0;
  bool nul_ = false;
  bool pending_not_found_ = false;
  bool pending_download_ = false;
  std::uint8_t choices_[4] = {};
  std::uint8_t architecture_ = 0;
  char token_[8] = {};
  std::uint8_t token_length_ = 0;
  char host_[15] = {};
  std::uint8_t host_length_ = 0;
  std::string_view script_;
  std::string_view kill_pid_;
  std::string_view cowrie_arch_;
  std::uint8_t dirs_[kMaxDirs] = {};  // indexes into writable_dirs(), /proc/mounts order
  std::uint8_t dir_count_ = 0;
  std::uint8_t work_dir_ = 0;
  const std::string* chunks_ = nullptr;
  std::uint32_t chunk_count_ = 0;
  std::int32_t line_ = -1;           // current dialogue line
  std::uint32_t repeat_ = 0;         // repetition of the current line (dir or chunk index)
  std::uint32_t repeat_count_ = 0;
  std::string_view credential_user_, credential_password_;
};

}  // namespace busytrap::gen
