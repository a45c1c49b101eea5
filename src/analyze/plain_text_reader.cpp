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
    const std::uint64_t position = input.base_position + static_cast<std::uint64_t>(line.data() - input.data.data());
    builder.command({}, core::kNoTimestamp, position, line, {});
  }));
}

}  // namespace busytrap::analyze
