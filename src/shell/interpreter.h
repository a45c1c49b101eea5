#pragma once
// Interpreter: runs parsed ash commands against the emulated device. Nothing is ever
// executed: simple commands resolve to shell builtins, emulated BusyBox applets, shell scripts
// read from the emulated file system (run by this interpreter) or "binaries" that are only
// captured. Owns the session's shell state (variables, working directory, $?, functions) and
// its terminal output; every input line runs under ShellLimits. Single-threaded, one per
// session; the SessionFs, SessionCapture and DeviceImage must outlive it.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "capture/session_capture.h"
#include "core/event.h"
#include "device/device_image.h"
#include "fetch/fetch_types.h"
#include "shell/ast.h"
#include "shell/output_stream.h"
#include "shell/shell_limits.h"
#include "vfs/session_fs.h"

namespace busytrap::shell {

struct Io {
  OutputStream* out = nullptr;
  OutputStream* err = nullptr;
  std::string_view in;
  std::uint64_t input_id = 0;  // identifies `in` for `read` (0: the terminal, always empty)
};

struct ShellState {
  std::map<std::string, std::string, std::less<>> variables;
  std::string cwd = "/";
  int last_status = 0;
  std::vector<std::string> positional;  // $1...
  std::string arg0 = "sh";              // name in error messages
  std::map<std::string, CommandPtr, std::less<>> functions;
};

struct SessionSettings {
  std::string session_id;
  std::string src_ip;
  std::uint64_t seed = 0;     // per source IP: same device state for the same attacker
  bool delays = true;         // device-like delays (off in tests)
  std::uint32_t shell_pid = 1000;
  std::int64_t boot_time = 0;  // seconds since the epoch
  // Operator-enabled real downloads: the download applets ask fetch() instead of answering
  // with the emulated failure.
  bool fetch_enabled = false;
};

enum class Flow : std::uint8_t { Normal, Break, Continue, Return, Exit, Abort };

struct AppletInfo;
struct AppletCall;

// Shell pattern matching (case, globbing): * ? [...] with backslash escapes.
bool glob_match(std::string_view pattern, std::string_view text);

class Interpreter {
 public:
  Interpreter(const device::DeviceImage& image, vfs::SessionFs& fs, capture::SessionCapture& capture,
              ShellLimits limits, SessionSettings settings);

  // Runs one complete source text (an input line) at the top level. Output goes to the
  // terminal; events are appended to `events`. Returns true when the session should end.
  bool run_source(std::string_view source, std::vector<core::Event>& events);

  TerminalOutput& terminal() noexcept { return terminal_; }
  ShellState& state() noexcept { return state_; }
  const device::DeviceProfile& profile() const noexcept { return image_.profile; }
  const device::DeviceImage& image() const noexcept { return image_; }
  vfs::SessionFs& fs() noexcept { return fs_; }
  capture::SessionCapture& capture() noexcept { return capture_; }
  const SessionSettings& settings() const noexcept { return settings_; }
  const ShellLimits& limits() const noexcept { return limits_; }
  std::mt19937_64& rng() noexcept { return rng_; }
  int interactive_level() const noexcept { return interactive_level_; }
  void enter_interactive_shell() { ++interactive_level_; }

  // ---- services for applets ----
  std::string absolute(std::string_view path) const;
  // Reads a file (following links). Errors as FsError.
  std::pair<vfs::FsError, std::shared_ptr<const std::string>> read_file(std::string_view path) const;
  void add_event(core::Event event);
  // A device-like pause before the next output (no-op when delays are off).
  void delay(std::chrono::milliseconds min, std::chrono::milliseconds max);
  // Runs `source` as a script (sh FILE, ./script, sh -c): a child shell with its own state.
  // `from_file`: errors carry "FILE: line N:" as ash prints them for scripts.
  int run_script(std::string_view source, std::vector<std::string> args, std::string arg0, Io io,
                 bool from_file);
  // Runs `source` in the current shell state (., eval).
  int run_inline(std::string_view source, Io io);
  // Offset of the next unread byte of an input, for `read`.
  std::size_t& read_cursor(std::uint64_t input_id) { return read_cursors_[input_id]; }
  std::uint64_t new_input_id() noexcept { return ++last_input_id_; }
  // Runs argv as a command (busybox X, command, exec ...), resolving applets by name.
  int run_argv(std::vector<std::string> argv, Io io, bool via_busybox);
  // Status to use after a limit stopped the line.
  bool aborted() const noexcept { return flow_ == Flow::Abort; }
  // exit / return: leave with `status`; break / continue: `loops` enclosing loops.
  void request_exit(int status) { flow_ = Flow::Exit; exit_status_ = status; }
  void request_return(int status) { flow_ = Flow::Return; exit_status_ = status; }
  void request_loop_jump(bool is_break, int loops) {
    flow_ = is_break ? Flow::Break : Flow::Continue;
    flow_count_ = loops;
  }
  Flow flow() const noexcept { return flow_; }
  std::size_t loop_depth() const noexcept { return loop_depth_; }
  std::size_t function_depth() const noexcept { return function_depth_; }
  // Whether the node is this device's BusyBox binary (or a copy of it).
  bool is_busybox(const vfs::Node& node) const noexcept;

  // ---- operator-enabled downloads ----
  // A line that downloads runs more than once: the first run stops at the download (fetch()
  // returns null, the line aborts, take_pending_fetch() names the request), the owner rolls the
  // device back to its checkpoint, fetches without blocking, hands the result in with
  // add_fetch_result() and runs the line again, which now finds the result. At most
  // kMaxFetchesPerLine downloads per line; further ones fail as if refused.
  static constexpr std::size_t kMaxFetchesPerLine = 4;
  bool fetch_enabled() const noexcept { return settings_.fetch_enabled; }
  const fetch::FetchResult* fetch(const fetch::FetchRequest& request);
  std::optional<fetch::FetchRequest> take_pending_fetch();
  void add_fetch_result(fetch::FetchRequest request, fetch::FetchResult result);
  void clear_fetch_results() { fetch_results_.clear(); }

  // The shell state a line may change (the file system and capture have their own).
  struct Checkpoint {
    ShellState state;
    std::mt19937_64 rng;
    int interactive_level;
    std::uint64_t last_input_id;
    std::vector<std::string> finished_jobs;
  };
  Checkpoint checkpoint() const { return {state_, rng_, interactive_level_, last_input_id_, finished_jobs_}; }
  void restore(Checkpoint checkpoint);

 private:
  int run_list(const CommandList& list, Io io);
  void note_background_job(const AndOr& item, int status);
  int run_and_or(const AndOr& item, Io io);
  int run_pipeline(const Pipeline& p, Io io);
  int run_command(const Command& c, Io io);
  int run_simple(const Command& c, Io io);
  int run_compound(const Command& c, Io io);
  int execute(std::vector<std::string>& argv, Io io, bool via_busybox);
  int execute_file(const std::string& shown_name, const std::string& canonical, const vfs::NodePtr& node,
                   std::vector<std::string>& argv, Io io);
  int run_applet(const AppletInfo& info, AppletCall& call);
  int run_unmodelled_applet(const std::vector<std::string>& argv, Io io);
  bool step();
  // After a loop's body: takes a `break`/`continue` aimed at this loop. True when the loop ends
  // (break, a break/continue for an outer loop, return, exit, abort); false for the next turn.
  bool loop_ends_after_body();
  void reset_line_budget();

  // Redirections: opens targets, returns false (after printing ash's error) when one fails.
  struct OpenRedirects;
  bool open_redirects(const std::vector<Redirect>& redirects, Io& io, OpenRedirects& open);
  void close_redirects(OpenRedirects& open);
  std::string here_document(const std::string& body, bool expand);

 public:
  // ---- word expansion (used by the expander and applets such as `read`) ----
  // split_fields=false: one field, no IFS splitting, no globbing (assignments, redirections).
  std::vector<std::string> expand_words(const std::vector<std::string>& raw, bool split_fields = true);
  std::string expand_single(std::string_view raw);  // no field splitting, no globbing
  std::string command_substitution(std::string_view body);
  long long arithmetic(std::string_view expression, bool& ok);
  std::vector<std::string> glob(const std::string& pattern);
  std::string variable(std::string_view name) const;
  bool set_variable(std::string_view name, std::string value);

 private:
  const device::DeviceImage& image_;
  vfs::SessionFs& fs_;
  capture::SessionCapture& capture_;
  ShellLimits limits_;
  SessionSettings settings_;
  ShellState state_;
  TerminalOutput terminal_;
  std::mt19937_64 rng_;
  std::vector<core::Event>* events_ = nullptr;
  std::size_t events_this_line_ = 0;
  std::set<std::string> logged_this_line_;
  Flow flow_ = Flow::Normal;
  int flow_count_ = 0;
  int exit_status_ = 0;
  std::uint64_t steps_ = 0;
  std::chrono::steady_clock::time_point deadline_;
  std::size_t depth_ = 0;
  std::size_t loop_depth_ = 0;
  std::size_t function_depth_ = 0;
  int interactive_level_ = 0;
  std::map<std::uint64_t, std::size_t> read_cursors_;
  std::uint64_t last_input_id_ = 0;  // nested interactive `sh` levels entered by the attacker
  std::vector<std::pair<fetch::FetchRequest, fetch::FetchResult>> fetch_results_;  // this line's
  std::optional<fetch::FetchRequest> pending_fetch_;
  // `cmd &` at the prompt: ash reports "[1]+  Done  cmd" before a later prompt. Jobs of one line
  // are reported at the end of the next one.
  std::vector<std::string> finished_jobs_;
  fetch::FetchResult too_many_fetches_;
};

}  // namespace busytrap::shell
