#include "analyze/report/sequence_transitions.h"

#include <algorithm>
#include <map>

#include "analyze/report/analyze_report.h"

namespace busytrap::analyze {

void add_sequence_transitions(IntelReport& report, const Analysis& analysis, std::size_t rows) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> transitions;
  std::uint64_t total = 0;
  for (const auto& [sequence, sessions] : analysis.sequences()) {
    for (std::size_t i = 1; i < sequence.size(); ++i) {
      transitions[{sequence[i - 1], sequence[i]}] += sessions;
      total += sessions;
    }
  }
  const core::StringInterner& programs = analysis.program_keys();
  struct Row {
    std::string key;
    std::uint64_t count;
  };
  std::vector<Row> all;
  all.reserve(transitions.size());
  for (const auto& [pair, count] : transitions) {
    std::string key(programs.key(pair.first));
    key.append(" ").append(kSequenceArrow).append(" ").append(programs.key(pair.second));
    all.push_back(Row{std::move(key), count});
  }
  std::sort(all.begin(), all.end(),
            [](const Row& a, const Row& b) { return a.count != b.count ? a.count > b.count : a.key < b.key; });
  RankedTable table{"sequence_transitions", "Transitions between consecutive program names", "from \u21d2 to", total,
                    all.size(), {}};
  const std::size_t n = rows == 0 ? all.size() : std::min(rows, all.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double share = total ? static_cast<double>(all[i].count) / static_cast<double>(total) : 0;
    table.rows.push_back(RankedRow{i + 1, std::move(all[i].key), all[i].count, share});
  }
  report.selection.sequences = true;
  report.figures.push_back({"distinct_transitions", "distinct program-name transitions", all.size()});
  report.tables.push_back(std::move(table));
}

}  // namespace busytrap::analyze
