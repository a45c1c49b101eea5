#include "analyze/input_paths.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace busytrap::analyze {
namespace fs = std::filesystem;

namespace {

void add_directory(const fs::path& dir, ExpandedInputs& out) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    out.errors.push_back(dir.string() + ": " + ec.message());
    return;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      out.errors.push_back(dir.string() + ": " + ec.message());
      return;
    }
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  out.paths.insert(out.paths.end(), files.begin(), files.end());
}

}  // namespace

ExpandedInputs expand_input_paths(const std::vector<std::string>& arguments) {
  ExpandedInputs out;
  for (const std::string& argument : arguments) {
    if (argument == "-") {
      out.paths.push_back(argument);
      continue;
    }
    std::error_code ec;
    const fs::file_status status = fs::status(argument, ec);
    if (!ec && fs::is_directory(status)) {
      add_directory(argument, out);
      continue;
    }
    if (!ec && fs::exists(status)) {
      out.paths.push_back(argument);
      continue;
    }
    if (argument.find_first_of("*?[") != std::string::npos) {
      glob_t matches{};
      if (glob(argument.c_str(), 0, nullptr, &matches) == 0) {
        for (std::size_t i = 0; i < matches.gl_pathc; ++i) {
          const std::string match = matches.gl_pathv[i];
          if (fs::is_directory(match, ec)) add_directory(match, out);
          else out.paths.push_back(match);
        }
        globfree(&matches);
        continue;
      }
      globfree(&matches);
      out.errors.push_back(argument + ": no file matches this pattern");
      continue;
    }
    out.errors.push_back(argument + ": no such file or directory");
  }
  return out;
}

}  // namespace busytrap::analyze
