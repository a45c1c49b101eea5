#include "shell/interpreter.h"

#include <fmt/format.h>

#include <algorithm>

#include "shell/applet.h"
#include "shell/parser.h"

namespace busytrap::shell {
namespace {

std::string join_argv(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out.push_back(' ');
    out.append(a);
  }
  return out;
}

std::string base_name(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace

Interpreter::Interpreter(const device::DeviceImage& image, vfs::SessionFs& fs,
                         capture::SessionCapture& capture, ShellLimits limits, SessionSettings settings)
    : image_(image),
      fs_(fs),
      capture_(capture),
      limits_(limits),
      settings_(std::move(settings)),
      terminal_(limits.max_output_bytes),
      rng_(settings_.seed ^ std::hash<std::string>{}(settings_.session_id)) {
  const auto& p = image_.profile;
  state_.variables["HOME"] = p.home;
  state_.variables["PATH"] = p.path;
  state_.variables["SHELL"] = "/bin/sh";
  state_.variables["USER"] = "root";
  state_.variables["LOGNAME"] = "root";
  state_.variables["TERM"] = "vt102";
  state_.variables["PWD"] = p.home;
  state_.variables["HOSTNAME"] = p.hostname;
  state_.variables["PS1"] = p.prompt;
  state_.variables["IFS"] = " \t\n";
  state_.cwd = p.home;
  state_.arg0 = p.shell_name;
  if (auto [err, node] = fs_.lookup(p.home); err != vfs::FsError::None) state_.cwd = "/";
}

std::string Interpreter::absolute(std::string_view path) const {
  return vfs::SessionFs::absolute(path, state_.cwd);
}

std::pair<vfs::FsError, std::shared_ptr<const std::string>> Interpreter::read_file(std::string_view path) const {
  auto [err, node] = fs_.lookup(absolute(path));
  if (err != vfs::FsError::None) return {err, nullptr};
  if (node->type == vfs::NodeType::Directory) return {vfs::FsError::IsDirectory, nullptr};
  if (node->type == vfs::NodeType::CharDevice || !node->data) return {vfs::FsError::None, std::make_shared<const std::string>()};
  return {vfs::FsError::None, node->data};
}

bool Interpreter::is_busybox(const vfs::Node& node) const noexcept {
  return node.type == vfs::NodeType::File && node.data && node.data == image_.busybox;
}

void Interpreter::add_event(core::Event event) {
  if (!events_) return;
  if (event.eventid == "cowrie.command.success" || event.eventid == "cowrie.command.failed") {
    // Once per distinct command and outcome in a line: a loop does not flood the log.
    if (events_this_line_ >= limits_.max_events_per_line) return;
    const std::string key = event.eventid + '\n' + event.message;
    if (!logged_this_line_.insert(key).second) return;
    ++events_this_line_;
  }
  events_->push_back(std::move(event));
}

const fetch::FetchResult* Interpreter::fetch(const fetch::FetchRequest& request) {
  for (const auto& [asked, result] : fetch_results_) {
    if (asked == request) return &result;
  }
  if (fetch_results_.size() >= kMaxFetchesPerLine) {
    too_many_fetches_.outcome = fetch::FetchOutcome::Busy;
    too_many_fetches_.reason = fmt::format("more than {} downloads in one line", kMaxFetchesPerLine);
    return &too_many_fetches_;
  }
  pending_fetch_ = request;
  flow_ = Flow::Abort;
  return nullptr;
}

std::optional<fetch::FetchRequest> Interpreter::take_pending_fetch() {
  std::optional<fetch::FetchRequest> request = std::move(pending_fetch_);
  pending_fetch_.reset();
  return request;
}

void Interpreter::add_fetch_result(fetch::FetchRequest request, fetch::FetchResult result) {
  fetch_results_.emplace_back(std::move(request), std::move(result));
}

void Interpreter::restore(Checkpoint checkpoint) {
  state_ = std::move(checkpoint.state);
  rng_ = checkpoint.rng;
  interactive_level_ = checkpoint.interactive_level;
  last_input_id_ = checkpoint.last_input_id;
  finished_jobs_ = std::move(checkpoint.finished_jobs);
}

void Interpreter::delay(std::chrono::milliseconds min, std::chrono::milliseconds max) {
  if (!settings_.delays) return;
  std::uniform_int_distribution<long> d(min.count(), std::max(min.count(), max.count()));
  terminal_.delay(std::chrono::milliseconds(d(rng_)));
}

void Interpreter::reset_line_budget() {
  steps_ = 0;
  deadline_ = std::chrono::steady_clock::now() + limits_.max_line_time;
  events_this_line_ = 0;
  logged_this_line_.clear();
  read_cursors_.clear();
  flow_ = Flow::Normal;
  depth_ = 0;
  loop_depth_ = 0;
  function_depth_ = 0;
}

bool Interpreter::step() {
  if (flow_ == Flow::Abort) return false;
  ++steps_;
  if (steps_ > limits_.max_steps || terminal_.overflowed() ||
      ((steps_ & 63) == 0 && std::chrono::steady_clock::now() > deadline_)) {
    flow_ = Flow::Abort;
    return false;
  }
  return true;
}

bool Interpreter::loop_ends_after_body() {
  if (flow_ == Flow::Break || flow_ == Flow::Continue) {
    const bool is_break = flow_ == Flow::Break;
    if (--flow_count_ > 0) return true;  // `break N` / `continue N`: an outer loop's too
    flow_ = Flow::Normal;
    return is_break;
  }
  return flow_ != Flow::Normal;
}

bool Interpreter::run_source(std::string_view source, std::vector<core::Event>& events) {
  events_ = &events;
  reset_line_budget();
  ParseResult parsed = parse_shell(source, ParserLimits{.max_depth = 64, .max_tokens = 100000});
  if (!parsed.ok()) {
    terminal_.write(fmt::format("{}: {}\n", state_.arg0, parsed.error));
    state_.last_status = 2;
    events_ = nullptr;
    return false;
  }
  Io io{&terminal_, &terminal_, {}};
  std::vector<std::string> to_report = std::move(finished_jobs_);
  finished_jobs_.clear();
  const int status = run_list(*parsed.program, io);
  // Newest first; each is the current job ('+') once the ones after it are gone, as ash prints.
  for (std::size_t i = to_report.size(); i > 0; --i) terminal_.write(fmt::format("[{}]+  {}\n", i, to_report[i - 1]));
  bool close = false;
  if (flow_ == Flow::Exit) {
    state_.last_status = exit_status_;
    if (interactive_level_ > 0) {
      --interactive_level_;
    } else {
      close = true;
    }
  } else {
    state_.last_status = status;
  }
  flow_ = Flow::Normal;
  events_ = nullptr;
  return close;
}

int Interpreter::run_list(const CommandList& list, Io io) {
  int status = state_.last_status;
  for (const AndOr& item : list.items) {
    if (!step()) return status;
    status = run_and_or(item, io);
    if (item.background) {
      // Nothing runs in parallel here: the job runs now, but as in ash `$?` is 0 after `&`.
      if (depth_ == 0) note_background_job(item, status);
      status = 0;
    }
    state_.last_status = status;
    if (flow_ != Flow::Normal) return status;
  }
  return status;
}

// The job's text as ash shows it in "[1]+  Done  TEXT": only for a simple command (ash rebuilds
// the text of any command from its tree; the simple form is what is seen in practice).
void Interpreter::note_background_job(const AndOr& item, int status) {
  if (flow_ != Flow::Normal || item.pipelines.size() != 1 || item.pipelines.front().commands.size() != 1) return;
  const Command& c = *item.pipelines.front().commands.front();
  if (c.kind != Command::Kind::Simple || finished_jobs_.size() >= 32) return;
  std::string text;
  for (const auto& w : c.assignments) text += (text.empty() ? "" : " ") + w;
  for (const auto& w : c.words) text += (text.empty() ? "" : " ") + w;
  const std::string state = status == 0 ? std::string("Done") : fmt::format("Done({})", status);
  finished_jobs_.push_back(fmt::format("{:<26} {}", state, text));
}

int Interpreter::run_and_or(const AndOr& item, Io io) {
  int status = run_pipeline(item.pipelines.front(), io);
  for (std::size_t i = 1; i < item.pipelines.size(); ++i) {
    if (flow_ != Flow::Normal) return status;
    const bool and_then = item.and_then[i - 1];
    if ((status == 0) != and_then) continue;
    state_.last_status = status;
    status = run_pipeline(item.pipelines[i], io);
  }
  return status;
}

int Interpreter::run_pipeline(const Pipeline& p, Io io) {
  int status = 0;
  if (p.commands.size() == 1) {
    status = run_command(*p.commands.front(), io);
  } else {
    std::string carried(io.in);
    for (std::size_t i = 0; i < p.commands.size(); ++i) {
      if (!step()) return 1;
      const bool last = i + 1 == p.commands.size();
      BufferOutput pipe(limits_.max_buffer_bytes);
      Io stage{last ? io.out : &pipe, io.err, carried, i == 0 ? io.input_id : new_input_id()};
      // Every stage of a pipeline runs in a subshell.
      ShellState saved = state_;
      status = run_command(*p.commands[i], stage);
      state_ = std::move(saved);
      if (flow_ == Flow::Abort) return status;
      flow_ = Flow::Normal;
      if (!last) carried = pipe.take();
    }
  }
  return p.negated ? (status == 0 ? 1 : 0) : status;
}

struct Interpreter::OpenRedirects {
  struct FileTarget {
    std::string path;
    std::unique_ptr<BufferOutput> buffer;
    vfs::Provenance provenance;
  };
  std::vector<FileTarget> files;
  std::string input;  // stdin contents from '<'
  NullOutput null;
};

// A here-document's body is expanded as inside double quotes, except that a double quote is
// an ordinary character: each " is escaped (and a backslash before one kept) before expanding.
std::string Interpreter::here_document(const std::string& body, bool expand) {
  if (!expand) return body;
  std::string raw = "\"";
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '"') {
      raw += "\\\"";
    } else if (body[i] == '\\' && i + 1 < body.size() && body[i + 1] == '"') {
      raw += "\\\\";
    } else {
      raw.push_back(body[i]);
    }
  }
  raw.push_back('"');
  return expand_single(raw);
}

bool Interpreter::open_redirects(const std::vector<Redirect>& redirects, Io& io, OpenRedirects& open) {
  open.files.reserve(redirects.size());
  for (const Redirect& r : redirects) {
    const std::string target = expand_single(r.word);
    auto bind = [&](int fd, OutputStream* stream) {
      if (fd == 1) io.out = stream;
      if (fd == 2) io.err = stream;
    };
    switch (r.op) {
      case RedirectOp::DupOutput:
      case RedirectOp::DupInput: {
        if (target == "1") bind(r.fd, io.out);
        else if (target == "2") bind(r.fd, io.err);
        else if (target == "-") bind(r.fd, &open.null);
        else if (target != "0" && !std::all_of(target.begin(), target.end(), ::isdigit)) {
          // ">&file" is "&>file" in ash
          if (r.op == RedirectOp::DupOutput) {
            Redirect both{1, RedirectOp::WriteBoth, r.word, nullptr, true};
            if (!open_redirects({both}, io, open)) return false;
          }
        }
        break;
      }
      case RedirectOp::Read:
      case RedirectOp::ReadWrite:
      case RedirectOp::HereDoc: {
        if (r.op == RedirectOp::HereDoc) {
          open.input = r.here_body ? here_document(*r.here_body, r.here_expand) : std::string();
          if (r.fd == 0) {
            io.in = open.input;
            io.input_id = new_input_id();
          }
          break;
        }
        auto [err, data] = read_file(target);
        if (err == vfs::FsError::IsDirectory) {
          open.input.clear();
        } else if (err != vfs::FsError::None) {
          io.err->write(fmt::format("{}: can't open {}: {}\n", state_.arg0, target,
                                    err == vfs::FsError::NotFound ? "no such file" : vfs::error_text(err)));
          return false;
        } else {
          open.input = *data;
        }
        if (r.fd == 0) {
          io.in = open.input;
          io.input_id = new_input_id();
        }
        break;
      }
      case RedirectOp::Write:
      case RedirectOp::Append:
      case RedirectOp::WriteBoth:
      case RedirectOp::AppendBoth: {
        const bool append = r.op == RedirectOp::Append || r.op == RedirectOp::AppendBoth;
        const std::string path = absolute(target);
        vfs::FsError err = target.empty() ? vfs::FsError::NotFound
                                          : fs_.write_file(path, "", append, append ? vfs::Provenance::Append : vfs::Provenance::Redirect);
        if (err != vfs::FsError::None) {
          std::string_view why = vfs::error_text(err);
          if (err == vfs::FsError::NotFound) why = "nonexistent directory";
          io.err->write(fmt::format("{}: can't create {}: {}\n", state_.arg0, target, why));
          return false;
        }
        auto [lerr, node] = fs_.lookup(path);
        OutputStream* stream = &open.null;
        if (lerr == vfs::FsError::None && node->type == vfs::NodeType::File) {
          open.files.push_back({path, std::make_unique<BufferOutput>(limits_.max_buffer_bytes),
                                append ? vfs::Provenance::Append : vfs::Provenance::Redirect});
          stream = open.files.back().buffer.get();
        }
        if (r.op == RedirectOp::WriteBoth || r.op == RedirectOp::AppendBoth) {
          io.out = stream;
          io.err = stream;
        } else {
          bind(r.fd, stream);
        }
        break;
      }
    }
  }
  return true;
}

void Interpreter::close_redirects(OpenRedirects& open) {
  for (auto& f : open.files) {
    if (!f.buffer->data().empty()) fs_.write_file(f.path, f.buffer->data(), true, f.provenance);
  }
  open.files.clear();
}

int Interpreter::run_command(const Command& c, Io io) {
  if (!step()) return 1;
  if (c.kind == Command::Kind::Simple) return run_simple(c, io);
  if (c.kind == Command::Kind::FunctionDef) {
    state_.functions[c.name] = c.function_body;
    return 0;
  }
  OpenRedirects open;
  if (!open_redirects(c.redirects, io, open)) return 1;
  const int status = run_compound(c, io);
  close_redirects(open);
  return status;
}

int Interpreter::run_compound(const Command& c, Io io) {
  using K = Command::Kind;
  switch (c.kind) {
    case K::Subshell: {
      ShellState saved = state_;
      int status = run_list(c.lists[0], io);
      state_ = std::move(saved);
      if (flow_ == Flow::Exit) status = exit_status_;
      if (flow_ != Flow::Abort) flow_ = Flow::Normal;
      return status;
    }
    case K::Group:
      return run_list(c.lists[0], io);
    case K::If: {
      const std::size_t pairs = (c.lists.size() - (c.has_else ? 1 : 0)) / 2;
      for (std::size_t i = 0; i < pairs; ++i) {
        const int cond = run_list(c.lists[2 * i], io);
        if (flow_ != Flow::Normal) return cond;
        if (cond == 0) return run_list(c.lists[2 * i + 1], io);
      }
      return c.has_else ? run_list(c.lists.back(), io) : 0;
    }
    case K::While:
    case K::Until: {
      int status = 0;
      ++loop_depth_;
      while (step()) {
        const int cond = run_list(c.lists[0], io);
        if (flow_ != Flow::Normal && flow_ != Flow::Break && flow_ != Flow::Continue) break;
        if ((cond == 0) != (c.kind == K::While)) break;
        status = run_list(c.lists[1], io);
        if (loop_ends_after_body()) break;
      }
      --loop_depth_;
      return status;
    }
    case K::For: {
      std::vector<std::string> items = c.for_has_in ? expand_words(c.words) : state_.positional;
      int status = 0;
      ++loop_depth_;
      for (auto& item : items) {
        if (!step()) break;
        set_variable(c.name, std::move(item));
        status = run_list(c.lists[0], io);
        if (loop_ends_after_body()) break;
      }
      --loop_depth_;
      return status;
    }
    case K::Case: {
      const std::string subject = expand_single(c.words.front());
      for (const CaseItem& item : c.cases) {
        for (const std::string& raw : item.patterns) {
          if (!step()) return 1;
          const std::string pattern = expand_single(raw);
          if (glob_match(pattern, subject)) return run_list(item.body, io);
        }
      }
      return 0;
    }
    default:
      return 0;
  }
}

int Interpreter::run_simple(const Command& c, Io io) {
  std::vector<std::string> argv = expand_words(c.words);
  if (flow_ == Flow::Abort) return 1;
  if (argv.empty()) {
    // Assignments and/or redirections only: ">dvrHelper" creates or truncates the file.
    int status = 0;
    for (const auto& a : c.assignments) {
      const std::size_t eq = a.find('=');
      set_variable(a.substr(0, eq), expand_single(std::string_view(a).substr(eq + 1)));
    }
    if (!c.redirects.empty()) {
      OpenRedirects open;
      status = open_redirects(c.redirects, io, open) ? 0 : 1;
      close_redirects(open);
    }
    return status;
  }
  // Prefix assignments: kept for the command (our applets read the shell's variables).
  std::vector<std::pair<std::string, std::string>> restore;
  for (const auto& a : c.assignments) {
    const std::size_t eq = a.find('=');
    const std::string name = a.substr(0, eq);
    restore.emplace_back(name, variable(name));
    set_variable(name, expand_single(std::string_view(a).substr(eq + 1)));
  }
  OpenRedirects open;
  int status = 1;
  if (open_redirects(c.redirects, io, open)) {
    status = execute(argv, io, false);
    close_redirects(open);
  }
  for (auto& [name, value] : restore) set_variable(name, std::move(value));
  return status;
}

int Interpreter::run_applet(const AppletInfo& info, AppletCall& call) {
  // Every BusyBox applet answers --help with its usage text (status 0).
  if (call.argv.size() == 2 && call.argv[1] == "--help" && !applet_usage(call.argv[0]).empty()) {
    call.err(fmt::format("{}\n{}", profile().busybox_banner, applet_usage(call.argv[0])));
    return 0;
  }
  return info.run(call);
}

// An applet of this BusyBox that is not emulated. Bare, it answers as BusyBox does (its usage
// text or its own complaint, status 1; silence would be a tell); with --help, its usage; with
// operands it "ran" and printed nothing.
int Interpreter::run_unmodelled_applet(const std::vector<std::string>& argv, Io io) {
  static const std::map<std::string_view, std::string_view> kComplaints = {
      {"cut", "expected a list of bytes, characters, or fields"},
      {"killall", "you need to specify whom to kill"},
  };
  static const std::set<std::string_view> kUsageWhenBare = {"awk", "basename", "chown", "dirname",
                                                            "sed", "tar",      "tr"};
  const std::string& name = argv[0];
  const std::string_view usage = applet_usage(name);
  if (argv.size() == 2 && argv[1] == "--help" && !usage.empty()) {
    io.err->write(fmt::format("{}\n{}", profile().busybox_banner, usage));
    return 0;
  }
  if (argv.size() != 1) return 0;
  if (auto complaint = kComplaints.find(name); complaint != kComplaints.end()) {
    io.err->write(fmt::format("{}: {}\n", name, complaint->second));
    return 1;
  }
  if (kUsageWhenBare.contains(name) && !usage.empty()) {
    io.err->write(fmt::format("{}\n{}", profile().busybox_banner, usage));
    return 1;
  }
  return 0;
}

int Interpreter::run_argv(std::vector<std::string> argv, Io io, bool via_busybox) {
  if (argv.empty()) return 0;
  return execute(argv, io, via_busybox);
}

int Interpreter::execute(std::vector<std::string>& argv, Io io, bool via_busybox) {
  if (!step()) return 1;
  const std::string& name = argv[0];
  const AppletRegistry& registry = AppletRegistry::instance();
  auto log = [&](bool ok) {
    core::Event e;
    e.eventid = ok ? "cowrie.command.success" : "cowrie.command.failed";
    const std::string input = join_argv(argv);
    e.message = ok ? fmt::format("Command found: {}", input) : fmt::format("Command not found: {}", input);
    e.with("input", input);
    add_event(std::move(e));
  };
  if (via_busybox) {
    // `busybox NAME`: the applet table of this BusyBox build, nothing else.
    const AppletInfo* info = registry.find(name);
    const bool listed = std::binary_search(profile().applets.begin(), profile().applets.end(), name);
    if (!listed || !info) {
      if (listed) return run_unmodelled_applet(argv, io);
      io.err->write(fmt::format("{}: applet not found\n", name));
      return 127;
    }
    AppletCall call{*this, argv, io};
    return run_applet(*info, call);
  }
  if (name.find('/') != std::string::npos) {
    const std::string path = absolute(name);
    auto [err, resolved] = fs_.resolve(path);
    if (err != vfs::FsError::None || !resolved.node) {
      io.err->write(fmt::format("{}: {}: not found\n", state_.arg0, name));
      log(false);
      return 127;
    }
    log(true);
    return execute_file(name, resolved.path, resolved.node, argv, io);
  }
  if (auto fn = state_.functions.find(name); fn != state_.functions.end()) {
    if (depth_ >= limits_.max_depth) return 2;
    ++depth_;
    ++function_depth_;
    CommandPtr body = fn->second;
    std::vector<std::string> saved = std::move(state_.positional);
    state_.positional.assign(argv.begin() + 1, argv.end());
    int status = run_command(*body, io);
    state_.positional = std::move(saved);
    --function_depth_;
    --depth_;
    if (flow_ == Flow::Return) {
      flow_ = Flow::Normal;
      status = exit_status_;
    }
    return status;
  }
  const AppletInfo* info = registry.find(name);
  if (info && info->builtin) {
    log(true);
    AppletCall call{*this, argv, io, true};
    return info->run(call);
  }
  // PATH search in the emulated file system.
  const std::string path_var = variable("PATH");
  std::size_t start = 0;
  while (start <= path_var.size()) {
    std::size_t end = path_var.find(':', start);
    if (end == std::string::npos) end = path_var.size();
    std::string dir = path_var.substr(start, end - start);
    start = end + 1;
    if (dir.empty()) dir = ".";
    auto [err, resolved] = fs_.resolve(absolute(dir + "/" + name));
    if (err != vfs::FsError::None || !resolved.node || resolved.node->type == vfs::NodeType::Directory) continue;
    log(true);
    return execute_file(name, resolved.path, resolved.node, argv, io);
  }
  if (auto cli = profile().cli_words.find(name); cli != profile().cli_words.end() && !cli->second.empty()) {
    log(true);
    io.out->write(cli->second);
    return 0;
  }
  io.err->write(fmt::format("{}: {}: not found\n", state_.arg0, name));
  log(false);
  return 127;
}

int Interpreter::execute_file(const std::string& shown_name, const std::string& canonical,
                              const vfs::NodePtr& node, std::vector<std::string>& argv, Io io) {
  if (node->type == vfs::NodeType::Directory) {
    io.err->write(fmt::format("{}: {}: Permission denied\n", state_.arg0, shown_name));
    return 126;
  }
  if ((node->mode & 0111) == 0) {
    io.err->write(fmt::format("{}: {}: Permission denied\n", state_.arg0, shown_name));
    return 126;
  }
  if (is_busybox(*node)) {
    // A BusyBox binary runs the applet named by its argv[0] ("busybox" itself: the dispatcher).
    std::string applet = base_name(argv[0]);
    argv[0] = applet;
    const AppletInfo* info = AppletRegistry::instance().find(applet);
    const bool listed = std::binary_search(profile().applets.begin(), profile().applets.end(), applet);
    if (applet == "busybox" || (info && listed)) {
      AppletCall call{*this, argv, io};
      return run_applet(*AppletRegistry::instance().find(applet), call);
    }
    if (listed) return run_unmodelled_applet(argv, io);
    io.err->write(fmt::format("{}: applet not found\n", applet));
    return 127;
  }
  const std::string& data = node->data ? *node->data : std::string();
  if (node->attacker_written) {
    for (auto& e : capture_.capture_now(canonical, *node, "executed")) add_event(std::move(e));
  }
  if (data.starts_with("\x7f" "ELF")) {
    // A binary we will never run: it "starts" and goes quiet, as a daemonizing bot does.
    return 0;
  }
  std::vector<std::string> args(argv.begin() + 1, argv.end());
  return run_script(data, std::move(args), shown_name, io, true);
}

int Interpreter::run_script(std::string_view source, std::vector<std::string> args, std::string arg0, Io io,
                            bool from_file) {
  if (depth_ >= limits_.max_depth) return 2;
  ParseResult parsed = parse_shell(source);
  if (!parsed.ok()) {
    if (from_file) {
      io.err->write(fmt::format("{}: line {}: {}\n", arg0, parsed.line, parsed.error));
    } else {
      io.err->write(fmt::format("{}: {}\n", arg0, parsed.error));
    }
    return 2;
  }
  ++depth_;
  ShellState saved = state_;
  state_.positional = std::move(args);
  state_.arg0 = std::move(arg0);
  int status = run_list(*parsed.program, io);
  if (flow_ == Flow::Exit || flow_ == Flow::Return) {
    status = exit_status_;
    flow_ = Flow::Normal;
  }
  if (flow_ != Flow::Abort) flow_ = Flow::Normal;
  state_ = std::move(saved);
  --depth_;
  return status;
}

int Interpreter::run_inline(std::string_view source, Io io) {
  if (depth_ >= limits_.max_depth) return 2;
  ParseResult parsed = parse_shell(source);
  if (!parsed.ok()) {
    io.err->write(fmt::format("{}: {}\n", state_.arg0, parsed.error));
    return 2;
  }
  ++depth_;
  const int status = run_list(*parsed.program, io);
  --depth_;
  return status;
}

std::string Interpreter::variable(std::string_view name) const {
  auto it = state_.variables.find(name);
  return it == state_.variables.end() ? std::string() : it->second;
}

bool Interpreter::set_variable(std::string_view name, std::string value) {
  if (value.size() > limits_.max_word_bytes) value.resize(limits_.max_word_bytes);
  std::size_t total = 0;
  for (const auto& [k, v] : state_.variables) total += k.size() + v.size();
  auto it = state_.variables.find(name);
  const std::size_t old = it == state_.variables.end() ? 0 : it->second.size();
  if (total - old + value.size() > limits_.max_variable_bytes) return false;
  if (it != state_.variables.end()) {
    it->second = std::move(value);
    return true;
  }
  if (state_.variables.size() >= limits_.max_variables) return false;
  state_.variables.emplace(std::string(name), std::move(value));
  return true;
}

}  // namespace busytrap::shell
