#include "analyze/report/analyze_report.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <span>

#include "analyze/report/shown_threshold.h"

namespace busytrap::analyze {
namespace {

struct Candidate {
  std::string_view key;
  std::uint64_t count;
};

bool ranks_before(const Candidate& a, const Candidate& b) {
  return a.count != b.count ? a.count > b.count : a.key < b.key;
}

// `distinct`: how many candidates there were when the caller passes only those that can be
// shown (shown_threshold); by default candidates.size().
void fill_rows(RankedTable& table, std::vector<Candidate> candidates, std::size_t limit,
               std::optional<std::size_t> distinct = std::nullopt) {
  table.distinct = distinct.value_or(candidates.size());
  const std::size_t n = (limit == 0) ? candidates.size() : std::min(limit, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n), candidates.end(),
                    ranks_before);
  for (std::size_t i = 0; i < n; ++i) {
    const double share = table.total ? static_cast<double>(candidates[i].count) / static_cast<double>(table.total) : 0;
    table.rows.push_back(RankedRow{i + 1, std::string(candidates[i].key), candidates[i].count, share});
  }
}

std::string join_sequence(const core::StringInterner& programs, const std::uint32_t* ids, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out.append(kSequenceArrow);
    out.append(programs.key(ids[i]));
  }
  return out;
}

using Prefix = std::vector<std::uint32_t>;

void build_tree(PrefixNode& node, const std::map<Prefix, std::uint64_t>& prefixes, const Prefix& at,
                const core::StringInterner& programs, std::size_t depth, std::size_t width) {
  if (at.size() >= depth) return;
  std::vector<std::pair<const Prefix*, std::uint64_t>> children;
  Prefix probe = at;
  probe.push_back(0);
  for (auto it = prefixes.lower_bound(probe); it != prefixes.end(); ++it) {
    const Prefix& p = it->first;
    if (p.size() < at.size() + 1 || !std::equal(at.begin(), at.end(), p.begin())) break;
    if (p.size() == at.size() + 1) children.emplace_back(&p, it->second);
  }
  std::sort(children.begin(), children.end(), [&](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second > b.second;
    return programs.key(a.first->back()) < programs.key(b.first->back());
  });
  if (width && children.size() > width) children.resize(width);
  for (const auto& [prefix, count] : children) {
    PrefixNode child{std::string(programs.key(prefix->back())), count, {}};
    build_tree(child, prefixes, *prefix, programs, depth, width);
    node.children.push_back(std::move(child));
  }
}

// Every opening (prefix) of the sequences up to `deepest` program names, with its sessions.
// The sequences are sorted by their first `deepest` ids, so that those sharing a prefix are
// adjacent: each prefix is then added once, at the end of the ordered map (a new prefix is
// greater than every key before it), instead of being looked up for every sequence.
std::map<Prefix, std::uint64_t> count_prefixes(const Analysis& analysis, std::size_t deepest) {
  struct Head {
    std::size_t begin, size;  // its ids in `ids`
    std::uint64_t sessions;
  };
  std::vector<std::uint32_t> ids;  // the heads' ids back to back
  std::vector<Head> heads;
  std::size_t longest = 0;
  analysis.for_each_sequence([&](std::uint32_t, std::span<const std::uint32_t> sequence, std::uint64_t sessions) {
    const std::size_t size = std::min(deepest, sequence.size());
    heads.push_back(Head{ids.size(), size, sessions});
    ids.insert(ids.end(), sequence.begin(), sequence.begin() + static_cast<std::ptrdiff_t>(size));
    longest = std::max(longest, size);
  });
  const auto ids_of = [&ids](const Head& head) {
    return std::span<const std::uint32_t>(ids.data() + head.begin, head.size);
  };
  std::sort(heads.begin(), heads.end(), [&](const Head& a, const Head& b) {
    const auto x = ids_of(a), y = ids_of(b);
    return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end());
  });
  std::map<Prefix, std::uint64_t> prefixes;
  std::vector<std::map<Prefix, std::uint64_t>::iterator> previous(longest);  // the previous head's, by length - 1
  std::span<const std::uint32_t> previous_head;
  for (const Head& entry : heads) {
    const auto head = ids_of(entry);
    const std::size_t common = static_cast<std::size_t>(
        std::mismatch(head.begin(), head.end(), previous_head.begin(), previous_head.end()).first - head.begin());
    for (std::size_t k = 1; k <= head.size(); ++k) {
      if (k <= common) {
        previous[k - 1]->second += entry.sessions;
      } else {
        previous[k - 1] = prefixes.emplace_hint(
            prefixes.end(), Prefix(head.begin(), head.begin() + static_cast<std::ptrdiff_t>(k)), entry.sessions);
      }
    }
    previous_head = head;
  }
  return prefixes;
}

}  // namespace

AnalyzeReport build_report(const Analysis& analysis, const PipelineReport& pipeline, const ReportLimits& limits,
                           const LinuxPrograms& linux_programs) {
  AnalyzeReport report;
  report.options = analysis.options();
  report.limits = limits;
  report.totals = analysis.totals();
  report.pipeline = pipeline;
  report.skipped_examples = analysis.skipped_examples();
  const Totals& totals = report.totals;
  const core::StringInterner& lines = analysis.line_keys();
  const core::StringInterner& programs = analysis.program_keys();

  report.command_lines = {"command_lines", "Table 1: most frequent command lines", "command line",
                          totals.command_lines, 0, {}};
  std::vector<Candidate> candidates;
  for (std::uint32_t id = 0; id < lines.size(); ++id) {
    if (analysis.line_counts()[id]) candidates.push_back({lines.key(id), analysis.line_counts()[id]});
  }
  fill_rows(report.command_lines, std::move(candidates), limits.command_lines);

  report.program_names = {"program_names", "Table 2: most frequent program names", "program name",
                          totals.command_lines_with_program, 0, {}};
  report.linux_programs = {"linux_programs",
                           "Table 3: programs that exist on a Linux system, called by file name (busybox excluded)",
                           "program", totals.command_lines_with_program, 0, {}};
  candidates.clear();
  std::vector<Candidate> linux;
  for (std::uint32_t id = 0; id < programs.size(); ++id) {
    const std::uint64_t count = analysis.program_counts()[id];
    if (!count) continue;
    candidates.push_back({programs.key(id), count});
    if (linux_programs.is_linux_program(programs.key(id), analysis.program_is_busybox(id))) {
      linux.push_back({programs.key(id), count});
    }
  }
  fill_rows(report.program_names, std::move(candidates), limits.program_names);
  fill_rows(report.linux_programs, std::move(linux), limits.linux_programs);

  // Sequences, and every opening (prefix) up to the deepest one needed, from the whole-sequence counts.
  const std::size_t deepest = std::max(limits.max_opening, limits.tree_depth);
  report.sequences = {"sequences", "Session sequences: most frequent whole sequences of program names",
                      "sequence", totals.sessions_with_programs, 0, {}};
  // Only the sequences and openings that can be shown get their text (a sequence's runs to
  // kilobytes); the others are counted.
  std::vector<std::uint64_t> counts;
  analysis.for_each_sequence(
      [&](std::uint32_t, std::span<const std::uint32_t>, std::uint64_t sessions) { counts.push_back(sessions); });
  const std::size_t distinct_sequences = counts.size();
  const std::map<Prefix, std::uint64_t> prefixes = count_prefixes(analysis, deepest);
  std::uint64_t threshold = shown_threshold(std::move(counts), limits.sequences);
  std::vector<std::string> shown_keys;  // the texts the candidates view
  shown_keys.reserve(distinct_sequences + prefixes.size());
  candidates.clear();
  analysis.for_each_sequence([&](std::uint32_t, std::span<const std::uint32_t> sequence, std::uint64_t sessions) {
    if (sessions < threshold) return;
    shown_keys.push_back(join_sequence(programs, sequence.data(), sequence.size()));
    candidates.push_back({shown_keys.back(), sessions});
  });
  fill_rows(report.sequences, std::move(candidates), limits.sequences, distinct_sequences);

  for (std::size_t k = limits.min_opening; k <= limits.max_opening; ++k) {
    RankedTable table{"openings_" + std::to_string(k),
                      "Session openings: first " + std::to_string(k) + " program names",
                      "opening", totals.sessions_with_programs, 0, {}};
    counts.clear();
    for (const auto& [prefix, count] : prefixes) {
      if (prefix.size() == k) counts.push_back(count);
    }
    const std::size_t distinct = counts.size();
    threshold = shown_threshold(std::move(counts), limits.openings);
    candidates.clear();
    for (const auto& [prefix, count] : prefixes) {
      if (prefix.size() != k || count < threshold) continue;
      shown_keys.push_back(join_sequence(programs, prefix.data(), prefix.size()));
      candidates.push_back({shown_keys.back(), count});
    }
    // shown_keys must not reallocate while views into it are held: reserved above.
    fill_rows(table, std::move(candidates), limits.openings, distinct);
    report.openings.push_back(std::move(table));
  }

  // The four openings the paper names (3.4), in its order, whatever their counts.
  report.paper_openings = {"paper_openings", "The openings named in the paper (sessions starting with each)",
                           "opening", totals.sessions_with_programs, 4, {}};
  const std::array<std::array<std::string_view, 4>, 4> named = {{
      {"enable", "system", "shell", "sh"}, {"enable", "shell", "sh", ""}, {"system", "shell", "sh", ""},
      {"shell", "sh", "", ""}}};
  std::uint64_t rank = 0;
  for (const auto& words : named) {
    Prefix prefix;
    std::string key;
    bool known = true;
    for (std::string_view word : words) {
      if (word.empty()) break;
      const std::uint32_t id = programs.find(word);
      if (id == core::StringInterner::kNone) known = false;
      prefix.push_back(id);
      if (!key.empty()) key.append(kSequenceArrow);
      key.append(word);
    }
    std::uint64_t count = 0;
    if (known) {
      const auto found = prefixes.find(prefix);
      if (found != prefixes.end()) count = found->second;
    }
    const double share = totals.sessions_with_programs
                             ? static_cast<double>(count) / static_cast<double>(totals.sessions_with_programs)
                             : 0;
    report.paper_openings.rows.push_back(RankedRow{++rank, key, count, share});
  }

  report.tree.name = "(sessions)";
  report.tree.count = totals.sessions_with_programs;
  build_tree(report.tree, prefixes, {}, programs, limits.tree_depth, limits.tree_width);
  return report;
}

}  // namespace busytrap::analyze
