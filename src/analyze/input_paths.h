#pragma once
// Expands the inputs named on the command line: files as they are, directories recursively
// (every regular file, sorted by path), glob patterns (for shells that passed them quoted) and
// "-" for standard input. Names that match nothing are errors, reported all at once.
#include <string>
#include <vector>

namespace busytrap::analyze {

struct ExpandedInputs {
  std::vector<std::string> paths;
  std::vector<std::string> errors;  // "PATH: reason"
};

ExpandedInputs expand_input_paths(const std::vector<std::string>& arguments);

}  // namespace busytrap::analyze
