#include "analyze/report/sequence_transitions.h"

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "analyze/report/analyze_report.h"
#include "analyze/report/shown_threshold.h"

namespace busytrap::analyze {

void add_sequence_transitions(IntelReport& report, const Analysis& analysis, std::size_t rows) {
  // Transitions as (from << 32 | to, sessions), summed in an open-addressing table (the
  // sequences hold about a million consecutive pairs and a tenth as many distinct ones: cheaper
  // than sorting them all, or than a tree map). No program id is kNone, so ~0 marks a free slot.
  // The table grows when 3/4 full: growing at half full took the week log's 130 thousand
  // transitions to 8 MiB of slots, and the growing was 40 % of the time.
  using Transition = std::pair<std::uint64_t, std::uint64_t>;
  constexpr std::uint64_t kFree = ~std::uint64_t{0};
  std::vector<Transition> slots(1024, Transition{kFree, 0});
  std::size_t distinct = 0;
  const auto slot_of = [](std::uint64_t key, std::size_t mask) {
    return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
  };
  const auto add = [&](std::uint64_t key, std::uint64_t sessions) {
    std::size_t mask = slots.size() - 1;
    std::size_t i = slot_of(key, mask);
    while (slots[i].first != kFree && slots[i].first != key) i = (i + 1) & mask;
    if (slots[i].first == key) {
      slots[i].second += sessions;
      return;
    }
    slots[i] = Transition{key, sessions};
    if (++distinct * 4 <= slots.size() * 3) return;
    std::vector<Transition> bigger(slots.size() * 2, Transition{kFree, 0});
    mask = bigger.size() - 1;
    for (const Transition& slot : slots) {
      if (slot.first == kFree) continue;
      std::size_t j = slot_of(slot.first, mask);
      while (bigger[j].first != kFree) j = (j + 1) & mask;
      bigger[j] = slot;
    }
    slots.swap(bigger);
  };
  std::uint64_t total = 0;
  analysis.for_each_sequence([&](std::uint32_t, std::span<const std::uint32_t> sequence, std::uint64_t sessions) {
    for (std::size_t i = 1; i < sequence.size(); ++i) {
      add((std::uint64_t{sequence[i - 1]} << 32) | sequence[i], sessions);
      total += sessions;
    }
  });
  std::vector<Transition> transitions;
  transitions.reserve(distinct);
  for (const Transition& slot : slots) {
    if (slot.first != kFree) transitions.push_back(slot);
  }
  const std::size_t n = rows == 0 ? distinct : std::min(rows, distinct);
  // Only the transitions that can be shown need their text (ties are ranked by it).
  std::vector<std::uint64_t> counts;
  counts.reserve(distinct);
  for (const auto& transition : transitions) counts.push_back(transition.second);
  const std::uint64_t threshold = shown_threshold(std::move(counts), rows);
  const core::StringInterner& programs = analysis.program_keys();
  struct Row {
    std::string key;
    std::uint64_t count;
  };
  std::vector<Row> shown;
  for (const auto& [pair, count] : transitions) {
    if (count < threshold) continue;
    std::string key(programs.key(static_cast<std::uint32_t>(pair >> 32)));
    key.append(" ").append(kSequenceArrow).append(" ").append(programs.key(static_cast<std::uint32_t>(pair)));
    shown.push_back(Row{std::move(key), count});
  }
  std::sort(shown.begin(), shown.end(),
            [](const Row& a, const Row& b) { return a.count != b.count ? a.count > b.count : a.key < b.key; });
  RankedTable table{"sequence_transitions", "Transitions between consecutive program names", "from \u21d2 to", total,
                    distinct, {}};
  for (std::size_t i = 0; i < n; ++i) {
    const double share = total ? static_cast<double>(shown[i].count) / static_cast<double>(total) : 0;
    table.rows.push_back(RankedRow{i + 1, std::move(shown[i].key), shown[i].count, share});
  }
  report.selection.sequences = true;
  report.figures.push_back({"distinct_transitions", "distinct program-name transitions", distinct});
  report.tables.push_back(std::move(table));
}

}  // namespace busytrap::analyze
