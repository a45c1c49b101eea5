#include "analyze/plain_text_reader.h"

namespace busytrap::analyze {

void PlainTextReader::parse(const ChunkInput& input, ChunkBuilder& builder) {
  const std::size_t max_line = builder.options().max_line_bytes;
  builder.count_lines(for_each_line(input.data, [&](std::string_view line, std::uint64_t number) {
    if (shell::trim_shell_blanks(line).empty()) return;
    if (line.size() > max_line) {
      builder.skipped(number, SkipReason::TooLong);
      return;
    }
    builder.command({}, core::kNoTimestamp, line, {});
  }));
}

}  // namespace busytrap::analyze
