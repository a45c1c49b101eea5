#pragma once
// The paper's own figures (Tables 1-3, 3.8 million records, 2017-09-01..07), so that
// `--paper` can print them beside ours for a side-by-side read. Transcribed from
// ../shared/paper/README.md (the original: ../shared/paper/seed-ja.txt).
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace busytrap::analyze {

struct PaperRow {
  std::string_view key;
  std::uint64_t count;
};

std::span<const PaperRow> paper_table(std::string_view table_id) noexcept;  // "command_lines", ...
// The paper's rank (1-based) and count of `key` in that table, if it lists it.
std::optional<std::pair<std::size_t, std::uint64_t>> paper_figure(std::string_view table_id,
                                                                  std::string_view key) noexcept;

}  // namespace busytrap::analyze
