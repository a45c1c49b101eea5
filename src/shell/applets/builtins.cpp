// ash's builtins: cd, pwd, exit, return, break, continue, :, true, false, export, unset, set,
// read, ., source, eval, exec, command, shift, wait, trap, ulimit, umask, type, hash, kill,
// test/[ (the subset scripts use). Messages in ash's words ("sh: cd: can't cd to X: ...").
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <functional>

#include "shell/applet.h"

namespace busytrap::shell {
namespace {

int colon(AppletCall&) { return 0; }
int false_builtin(AppletCall&) { return 1; }

std::string shell_error_prefix(AppletCall& c) { return fmt::format("{}: {}: ", c.sh.state().arg0, c.argv[0]); }

bool parse_number(const std::string& s, long long& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtoll(s.c_str(), &end, 10);
  return *end == '\0';
}

int cd(AppletCall& c) {
  std::string target = c.argv.size() > 1 ? c.argv[1] : c.sh.variable("HOME");
  if (target == "-") target = c.sh.variable("OLDPWD");
  if (target.empty()) return 0;
  const std::string path = c.sh.absolute(target);
  auto [err, node] = c.sh.fs().lookup(path);
  if (err == vfs::FsError::None && node->type != vfs::NodeType::Directory) err = vfs::FsError::NotDirectory;
  if (err != vfs::FsError::None) {
    c.err(fmt::format("{}can't cd to {}: {}\n", shell_error_prefix(c), target, vfs::error_text(err)));
    return 2;
  }
  c.sh.set_variable("OLDPWD", c.sh.state().cwd);
  c.sh.state().cwd = path;
  c.sh.set_variable("PWD", path);
  return 0;
}

int pwd(AppletCall& c) {
  c.out(c.sh.state().cwd + "\n");
  return 0;
}

int exit_builtin(AppletCall& c) {
  long long status = c.sh.state().last_status;
  if (c.argv.size() > 1 && !parse_number(c.argv[1], status)) {
    c.err(fmt::format("{}Illegal number: {}\n", shell_error_prefix(c), c.argv[1]));
    c.sh.request_exit(2);
    return 2;
  }
  c.sh.request_exit(static_cast<int>(status & 0xff));
  return static_cast<int>(status & 0xff);
}

int return_builtin(AppletCall& c) {
  long long status = c.sh.state().last_status;
  if (c.argv.size() > 1) parse_number(c.argv[1], status);
  c.sh.request_return(static_cast<int>(status & 0xff));
  return static_cast<int>(status & 0xff);
}

int loop_jump(AppletCall& c) {
  long long n = 1;
  if (c.argv.size() > 1 && (!parse_number(c.argv[1], n) || n < 1)) {
    c.err(fmt::format("{}Illegal number: {}\n", shell_error_prefix(c), c.argv[1]));
    return 2;
  }
  if (c.sh.loop_depth() == 0) return 0;
  c.sh.request_loop_jump(c.argv[0] == "break", static_cast<int>(std::min<long long>(n, 1000)));
  return 0;
}

int export_builtin(AppletCall& c) {
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    const std::string& a = c.argv[i];
    const std::size_t eq = a.find('=');
    if (eq != std::string::npos) c.sh.set_variable(a.substr(0, eq), a.substr(eq + 1));
  }
  if (c.argv.size() == 1) {
    std::string out;
    for (const auto& [k, v] : c.sh.state().variables) out += fmt::format("export {}='{}'\n", k, v);
    c.out(out);
  }
  return 0;
}

int unset(AppletCall& c) {
  for (std::size_t i = 1; i < c.argv.size(); ++i) c.sh.state().variables.erase(c.argv[i]);
  return 0;
}

int set_builtin(AppletCall& c) {
  if (c.argv.size() == 1) {
    std::string out;
    for (const auto& [k, v] : c.sh.state().variables) out += fmt::format("{}='{}'\n", k, v);
    c.out(out);
  } else if (c.argv[1] == "--") {
    c.sh.state().positional.assign(c.argv.begin() + 2, c.argv.end());
  }
  return 0;
}

int shift(AppletCall& c) {
  auto& pos = c.sh.state().positional;
  long long n = 1;
  if (c.argv.size() > 1) parse_number(c.argv[1], n);
  if (n < 0 || static_cast<std::size_t>(n) > pos.size()) return 1;
  pos.erase(pos.begin(), pos.begin() + n);
  return 0;
}

// read [-r] NAME...: one line of stdin; consumes it from the command's input. The interpreter
// gives every command of a loop the same input view, so `while read` advances through it via
// the shell variable holding the remaining offset of that input.
int read_builtin(AppletCall& c) {
  bool raw = false;
  std::size_t i = 1;
  while (i < c.argv.size() && c.argv[i].starts_with("-")) {
    if (c.argv[i] == "-r") raw = true;
    ++i;
  }
  std::vector<std::string> names(c.argv.begin() + static_cast<long>(i), c.argv.end());
  if (names.empty()) names.push_back("REPLY");
  std::string_view in = c.io.in;
  // Position within this input, kept per input buffer.
  if (c.io.input_id == 0) return 1;
  auto& cursor = c.sh.read_cursor(c.io.input_id);
  if (cursor >= in.size()) {
    for (const auto& n : names) c.sh.set_variable(n, "");
    return 1;
  }
  std::size_t end = in.find('\n', cursor);
  const bool complete = end != std::string_view::npos;
  if (!complete) end = in.size();
  std::string line(in.substr(cursor, end - cursor));
  cursor = complete ? end + 1 : in.size();
  if (!raw) {
    std::string unescaped;
    for (std::size_t k = 0; k < line.size(); ++k) {
      if (line[k] == '\\' && k + 1 < line.size()) ++k;
      unescaped.push_back(line[k]);
    }
    line = std::move(unescaped);
  }
  // Split on IFS white space; the last name takes the rest.
  std::size_t pos = 0;
  auto skip = [&] {
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
  };
  for (std::size_t n = 0; n < names.size(); ++n) {
    skip();
    if (n + 1 == names.size()) {
      std::string rest = line.substr(std::min(pos, line.size()));
      while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.pop_back();
      c.sh.set_variable(names[n], rest);
      break;
    }
    std::size_t e = pos;
    while (e < line.size() && line[e] != ' ' && line[e] != '\t') ++e;
    c.sh.set_variable(names[n], line.substr(pos, e - pos));
    pos = e;
  }
  return complete ? 0 : 1;
}

int dot(AppletCall& c) {
  if (c.argv.size() < 2) return 0;
  auto [err, data] = c.sh.read_file(c.argv[1]);
  if (err != vfs::FsError::None) {
    c.err(fmt::format("{}: {}: can't open '{}'\n", c.sh.state().arg0, c.argv[0], c.argv[1]));
    return 2;
  }
  return c.sh.run_inline(*data, c.io);
}

int eval(AppletCall& c) {
  std::string source;
  for (std::size_t i = 1; i < c.argv.size(); ++i) source += (i > 1 ? " " : "") + c.argv[i];
  return c.sh.run_inline(source, c.io);
}

int exec_builtin(AppletCall& c) {
  if (c.argv.size() < 2) return 0;
  std::vector<std::string> rest(c.argv.begin() + 1, c.argv.end());
  return c.sh.run_argv(std::move(rest), c.io, false);
}

int command_builtin(AppletCall& c) {
  std::size_t i = 1;
  bool describe = false;
  while (i < c.argv.size() && c.argv[i].starts_with("-")) {
    if (c.argv[i] == "-v" || c.argv[i] == "-V") describe = true;
    ++i;
  }
  if (i >= c.argv.size()) return 0;
  if (describe) {
    std::vector<std::string> which = {"which", c.argv[i]};
    return c.sh.run_argv(which, c.io, false);
  }
  std::vector<std::string> rest(c.argv.begin() + static_cast<long>(i), c.argv.end());
  return c.sh.run_argv(std::move(rest), c.io, false);
}

int type_builtin(AppletCall& c) {
  int status = 0;
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    const std::string& name = c.argv[i];
    const AppletInfo* info = AppletRegistry::instance().find(name);
    if (info && info->builtin) {
      c.out(fmt::format("{} is a shell builtin\n", name));
      continue;
    }
    const auto& applets = c.profile().applets;
    if (std::binary_search(applets.begin(), applets.end(), name)) {
      c.out(fmt::format("{} is {}/{}\n", name, device::applet_directory(name), name));
      continue;
    }
    c.out(fmt::format("{}: not found\n", name));
    status = 127;
  }
  return status;
}

int umask_builtin(AppletCall& c) {
  if (c.argv.size() == 1) c.out("0022\n");
  return 0;
}

int ulimit_builtin(AppletCall& c) {
  if (c.argv.size() == 1 || c.argv[1] == "-f") c.out("unlimited\n");
  else if (c.argv[1] == "-n") c.out("1024\n");
  else if (c.argv[1] == "-a")
    c.out("-f: file size (blocks)             unlimited\n-t: cpu time (seconds)             unlimited\n"
          "-d: data seg size (kb)             unlimited\n-s: stack size (kb)                8192\n"
          "-c: core file size (blocks)        0\n-m: resident set size (kb)         unlimited\n"
          "-l: locked memory (kb)             64\n-p: processes                      unlimited\n"
          "-n: file descriptors               1024\n-v: address space (kb)             unlimited\n");
  return 0;
}

// test / [: string, integer and file tests, ! and -a/-o (left to right).
int test_builtin(AppletCall& c) {
  std::vector<std::string> args(c.argv.begin() + 1, c.argv.end());
  if (c.argv[0] == "[") {
    if (args.empty() || args.back() != "]") {
      c.error("missing ]");
      return 2;
    }
    args.pop_back();
  }
  auto file_test = [&](const std::string& op, const std::string& path) {
    auto [err, node] = c.sh.fs().lookup(c.sh.absolute(path));
    if (err != vfs::FsError::None) return false;
    if (op == "-e" || op == "-r" || op == "-w") return true;
    if (op == "-f") return node->type == vfs::NodeType::File;
    if (op == "-d") return node->type == vfs::NodeType::Directory;
    if (op == "-x") return (node->mode & 0111) != 0;
    if (op == "-s") return node->size() > 0;
    if (op == "-c") return node->type == vfs::NodeType::CharDevice;
    return false;
  };
  std::function<bool(std::size_t, std::size_t, bool&)> eval_range = [&](std::size_t b, std::size_t e, bool& ok) -> bool {
    for (std::size_t k = b; k < e; ++k) {
      if (args[k] == "-o" && k > b) return eval_range(b, k, ok) || eval_range(k + 1, e, ok);
    }
    for (std::size_t k = b; k < e; ++k) {
      if (args[k] == "-a" && k > b) return eval_range(b, k, ok) && eval_range(k + 1, e, ok);
    }
    const std::size_t n = e - b;
    if (n == 0) return false;
    if (args[b] == "!") return !eval_range(b + 1, e, ok);
    if (n == 1) return !args[b].empty();
    if (n == 2) {
      const std::string& op = args[b];
      if (op == "-n") return !args[b + 1].empty();
      if (op == "-z") return args[b + 1].empty();
      if (op == "-h" || op == "-L") return c.sh.fs().lookup(c.sh.absolute(args[b + 1]), false).second &&
                                        c.sh.fs().lookup(c.sh.absolute(args[b + 1]), false).second->type == vfs::NodeType::Symlink;
      return file_test(op, args[b + 1]);
    }
    const std::string& l = args[b];
    const std::string& op = args[b + 1];
    const std::string& r = args[b + 2];
    if (op == "=" || op == "==") return l == r;
    if (op == "!=") return l != r;
    long long a = 0, z = 0;
    if (!parse_number(l, a) || !parse_number(r, z)) {
      ok = false;
      c.error(fmt::format("{}: bad number", parse_number(l, a) ? r : l));
      return false;
    }
    if (op == "-eq") return a == z;
    if (op == "-ne") return a != z;
    if (op == "-lt") return a < z;
    if (op == "-le") return a <= z;
    if (op == "-gt") return a > z;
    if (op == "-ge") return a >= z;
    return false;
  };
  bool ok = true;
  const bool result = eval_range(0, args.size(), ok);
  if (!ok) return 2;
  return result ? 0 : 1;
}

}  // namespace

void register_builtin_applets(AppletRegistry& r) {
  r.add(":", colon, true);
  r.add("true", colon, true);
  r.add("false", false_builtin, true);
  r.add("cd", cd, true);
  r.add("chdir", cd, true);
  r.add("pwd", pwd, true);
  r.add("exit", exit_builtin, true);
  r.add("return", return_builtin, true);
  r.add("break", loop_jump, true);
  r.add("continue", loop_jump, true);
  r.add("export", export_builtin, true);
  r.add("readonly", export_builtin, true);
  r.add("local", export_builtin, true);
  r.add("unset", unset, true);
  r.add("set", set_builtin, true);
  r.add("shift", shift, true);
  r.add("read", read_builtin, true);
  r.add(".", dot, true);
  r.add("source", dot, true);
  r.add("eval", eval, true);
  r.add("exec", exec_builtin, true);
  r.add("command", command_builtin, true);
  r.add("type", type_builtin, true);
  r.add("wait", colon, true);
  r.add("trap", colon, true);
  r.add("hash", colon, true);
  r.add("alias", colon, true);
  r.add("umask", umask_builtin, true);
  r.add("ulimit", ulimit_builtin, true);
  r.add("test", test_builtin, true);
  r.add("[", test_builtin, true);
}

}  // namespace busytrap::shell
