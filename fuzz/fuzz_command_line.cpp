// Fuzzes the paper's word rules: every split mode, then the program name of every piece.
// Properties checked: pieces are inside the record and never empty; argv0/argv1 are bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "analyze/program_name.h"
#include "shell/command_line_splitter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view record(reinterpret_cast<const char*>(data), size);
  busytrap::analyze::ProgramNameExtractor extractor;
  for (auto mode : {busytrap::shell::SplitMode::Semicolon, busytrap::shell::SplitMode::Shell,
                    busytrap::shell::SplitMode::Line}) {
    busytrap::shell::for_each_command_line(record, mode, [&](std::string_view piece) {
      if (piece.empty() || piece.data() < record.data() || piece.data() + piece.size() > record.data() + size) {
        std::abort();
      }
      busytrap::analyze::ProgramName name;
      if (extractor.extract(piece, name) && name.argv0.size() > piece.size()) std::abort();
    });
  }
  return 0;
}
