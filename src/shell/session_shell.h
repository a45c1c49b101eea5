#pragma once
// SessionShell: what sits behind the honeypot's login. The honeypot's session (honeypot/)
// owns one per logged-in connection and feeds it complete input lines; the shell answers with
// the bytes a device would print (possibly after device-like delays) and the events it wants
// logged. The shell never touches sockets, files outside its emulated device, or the clock's
// side effects: it returns everything as values, so it can be driven by tests line by line.
// Output uses '\n' line ends as a program writes them; the session turns them into what a
// pty + telnetd would send (CR LF, IAC doubled).
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "fetch/fetch_types.h"

namespace busytrap::shell {

struct OutputSegment {
  std::chrono::milliseconds delay{0};  // wait this long after the previous segment, then send
  std::string bytes;
};

struct ShellReply {
  std::vector<OutputSegment> output;
  // Events to log (command.success / command.failed / session.file_download ...). The session
  // fills in timestamp, session id and src_ip; the shell sets eventid, message and fields.
  std::vector<core::Event> events;
  bool close_session = false;  // e.g. `exit` at the top level
  // Operator-enabled fetching: the line waits for this download. `output` and `events` are
  // empty; the session fetches it without blocking and hands the result to resume_fetch(),
  // whose reply is the line's (and may ask for the next download).
  std::optional<fetch::FetchRequest> fetch;
};

struct SessionContext {
  std::string session_id;  // Cowrie-style 12 hex characters
  std::string src_ip;
  std::string username;    // the login that succeeded
  std::string profile;     // device profile name chosen by the listener
};

class SessionShell {
 public:
  virtual ~SessionShell() = default;
  // The prompt to print before the next line (e.g. "~ # ").
  virtual std::string prompt() const = 0;
  // Runs one input line (without its line terminator).
  virtual ShellReply run_line(std::string_view line) = 0;
  // The download a reply asked for is done (a shell that never asks has nothing to resume).
  virtual ShellReply resume_fetch(fetch::FetchResult) { return {}; }
  // The connection is closing (any reason): last events, e.g. captured files.
  virtual ShellReply end_session() = 0;
};

class SessionShellFactory {
 public:
  virtual ~SessionShellFactory() = default;
  virtual std::unique_ptr<SessionShell> create(const SessionContext& context) = 0;
};

}  // namespace busytrap::shell
