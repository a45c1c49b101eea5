#include "honeypot/minimal_shell.h"

#include <vector>

#include "shell/command_line_splitter.h"

namespace busytrap::honeypot {
namespace {

std::vector<std::string_view> words_of(std::string_view command) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < command.size()) {
    while (i < command.size() && shell::is_shell_blank(command[i])) ++i;
    const std::size_t start = i;
    while (i < command.size() && !shell::is_shell_blank(command[i])) ++i;
    if (i > start) words.push_back(command.substr(start, i - start));
  }
  return words;
}

core::Event command_event(const char* eventid, std::string_view command) {
  core::Event event;
  event.eventid = eventid;
  event.message = std::string(eventid == std::string_view("cowrie.command.failed")
                                  ? "Command not found: "
                                  : "Command found: ");
  event.message.append(command);
  event.with("input", std::string(command));
  return event;
}

}  // namespace

shell::ShellReply MinimalShell::run_line(std::string_view line) {
  shell::ShellReply reply;
  shell::for_each_command_line(line, shell::SplitMode::Semicolon, [&](std::string_view command) {
    if (!reply.close_session) run_command(command, reply);
  });
  return reply;
}

void MinimalShell::run_command(std::string_view command, shell::ShellReply& reply) {
  const auto words = words_of(command);
  if (words.empty()) return;
  std::string output;
  bool found = true;
  const std::string_view name = words[0];
  if (name == "exit") {
    reply.close_session = true;
  } else if (name == "sh" || name == "cd" || name == ":" || name == "true") {
    // nothing to print
  } else if (name == "echo") {
    for (std::size_t i = 1; i < words.size(); ++i) {
      if (i > 1) output.push_back(' ');
      output.append(words[i]);
    }
    output.push_back('\n');
  } else if ((name == "/bin/busybox" || name == "busybox") && words.size() > 1) {
    output.append(words[1]).append(": applet not found\n");
    found = false;
  } else {
    output.append("sh: ").append(name).append(": not found\n");
    found = false;
  }
  if (!output.empty()) reply.output.push_back({std::chrono::milliseconds(0), std::move(output)});
  reply.events.push_back(
      command_event(found ? "cowrie.command.success" : "cowrie.command.failed", command));
}

}  // namespace busytrap::honeypot
