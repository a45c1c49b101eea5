#pragma once
// RankedTable: one ranked table of a report (rows by count descending, ties by key ascending),
// the unit every renderer prints. Plain values; copy freely.
#include <cstdint>
#include <string>
#include <vector>

namespace busytrap::analyze {

struct RankedRow {
  std::uint64_t rank = 0;
  std::string key;  // raw bytes
  std::uint64_t count = 0;
  double share = 0;  // count / the table's total
};

struct RankedTable {
  std::string id;     // stable machine name, e.g. "command_lines"
  std::string title;  // as the paper names it
  std::string key_name;
  std::uint64_t total = 0;     // what shares are relative to
  std::uint64_t distinct = 0;  // rows before the top-N cut
  std::vector<RankedRow> rows;
};

}  // namespace busytrap::analyze
