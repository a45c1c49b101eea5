#pragma once
// ProgramNameExtractor: the paper's "program name" of one command line (Table 2): the first
// word (argv0, unquoted, path kept) of the first simple command that has a word; when argv0's
// basename is "busybox" and that simple command has a second word, argv1 (the applet) too.
// Redirections with their targets and leading NAME=value assignments are not words.
// The extractor keeps scratch buffers between calls, so the views it returns are valid until
// the next call on the same object. Not thread-safe; use one per thread.
#include <string>
#include <string_view>

namespace busytrap::analyze {

struct ProgramName {
  std::string_view argv0;      // unquoted
  std::string_view argv1;      // unquoted applet, only when is_busybox and present
  std::string_view argv1_raw;  // argv1 as typed (a view into the command line)
  bool is_busybox = false;     // basename(argv0) == "busybox" and an argv1 exists
};

class ProgramNameExtractor {
 public:
  // Returns false when the command line has no word at all (e.g. ">dvrHelper").
  bool extract(std::string_view command_line, ProgramName& out);

 private:
  std::string argv0_scratch_;
  std::string argv1_scratch_;
};

// Basename of a path as typed ("/bin/busybox" -> "busybox", "busybox" -> "busybox").
std::string_view path_basename(std::string_view path) noexcept;

}  // namespace busytrap::analyze
