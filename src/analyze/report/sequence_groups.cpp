#include "analyze/report/sequence_groups.h"

#include <algorithm>
#include <unordered_map>

#include "analyze/busybox_token.h"
#include "analyze/report/analyze_report.h"

namespace busytrap::analyze {
namespace {

struct Group {
  std::string key;
  std::uint64_t sessions = 0;
  std::uint64_t variants = 0;
  std::uint64_t best = 0;  // sessions of the member whose example represents the group
  const intel::SessionExample* example = nullptr;
};

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out.append(kSequenceArrow);
    out.append(names[i]);
  }
  return out;
}

std::vector<std::string> example_columns(const Analysis& analysis, const intel::SessionExample* example) {
  if (example == nullptr) return {"", "", ""};
  const std::string source = example->src_ip == core::StringInterner::kNone
                                 ? std::string()
                                 : std::string(analysis.intel().source_keys().key(example->src_ip));
  const std::string start = example->start == core::kNoTimestamp ? std::string() : core::format_iso8601(example->start);
  return {example->session, source, start};
}

bool earlier(const intel::SessionExample* a, const intel::SessionExample* b) {
  if (a == nullptr) return false;
  if (b == nullptr) return true;
  return a->start != b->start ? a->start < b->start : a->session < b->session;
}

bool ranks_before(const Group& a, const Group& b) {
  return a.sessions != b.sessions ? a.sessions > b.sessions : a.key < b.key;
}

void add_table(IntelReport& report, const Analysis& analysis, RankedTable table, std::vector<Group> groups,
               std::size_t rows, bool with_variants) {
  const std::size_t n = rows == 0 ? groups.size() : std::min(rows, groups.size());
  std::partial_sort(groups.begin(), groups.begin() + static_cast<std::ptrdiff_t>(n), groups.end(), ranks_before);
  table.distinct = groups.size();
  TableColumns columns;
  if (with_variants) columns.names.push_back("variants");
  for (const char* name : {"session", "source", "first_seen"}) columns.names.emplace_back(name);
  for (std::size_t i = 0; i < n; ++i) {
    const double share = table.total ? static_cast<double>(groups[i].sessions) / static_cast<double>(table.total) : 0;
    table.rows.push_back(RankedRow{i + 1, std::move(groups[i].key), groups[i].sessions, share});
    std::vector<std::string> values;
    if (with_variants) values.push_back(std::to_string(groups[i].variants));
    for (std::string& value : example_columns(analysis, groups[i].example)) values.push_back(std::move(value));
    columns.rows.push_back(std::move(values));
  }
  report.columns.emplace(table.id, std::move(columns));
  report.tables.push_back(std::move(table));
}

}  // namespace

std::vector<std::string> near_identical_form(const std::vector<std::string>& programs,
                                             const std::vector<bool>& busybox) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < programs.size(); ++i) {
    std::string name = programs[i];
    const std::size_t space = name.find(' ');
    // Only busybox rows ("argv0 applet") have an applet to fold; other names may hold spaces.
    if (i < busybox.size() && busybox[i] && space != std::string::npos &&
        is_random_busybox_token(std::string_view(name).substr(space + 1))) {
      name.replace(space + 1, std::string::npos, kFoldedToken);
    }
    if (!out.empty() && out.back() == name) continue;
    out.push_back(std::move(name));
  }
  return out;
}

void add_sequence_groups(IntelReport& report, const Analysis& analysis, const intel::SequenceExamples& examples,
                         std::size_t rows) {
  const core::StringInterner& programs = analysis.program_keys();
  std::vector<Group> identical;
  std::unordered_map<std::string, Group> near;
  std::vector<std::string> names;
  std::vector<bool> busybox;
  for (const auto& [sequence, sessions] : analysis.sequences()) {
    names.clear();
    busybox.clear();
    for (std::uint32_t id : sequence) {
      names.emplace_back(programs.key(id));
      busybox.push_back(analysis.program_is_busybox(id));
    }
    const intel::SessionExample* example = examples.example(analysis.sequence_id(sequence));
    identical.push_back(Group{join(names), sessions, 1, sessions, example});
    Group& group = near[join(near_identical_form(names, busybox))];
    group.sessions += sessions;
    ++group.variants;
    // The most frequent member represents the group; ties go to the earliest example, so the
    // choice does not depend on hash order.
    if (group.example == nullptr || sessions > group.best || (sessions == group.best && earlier(example, group.example))) {
      group.best = sessions;
      group.example = example;
    }
  }
  std::vector<Group> near_groups;
  near_groups.reserve(near.size());
  for (auto& [key, group] : near) {
    group.key = key;
    near_groups.push_back(std::move(group));
  }
  const std::uint64_t total = analysis.totals().sessions_with_programs;
  report.figures.push_back({"sequence_groups", "distinct whole sequences", identical.size()});
  report.figures.push_back({"sequence_near_groups", "near-identical sequence groups", near_groups.size()});
  report.figures.push_back({"sequence_examples_dropped", "sequences without a representative (limit reached)",
                            examples.examples_dropped()});
  add_table(report, analysis,
            RankedTable{"sequence_groups", "Sessions by identical program-name sequence, with an example session",
                        "sequence", total, 0, {}},
            std::move(identical), rows, false);
  add_table(report, analysis,
            RankedTable{"sequence_near_groups",
                        "Sessions by near-identical sequence (random busybox tokens folded, repeats collapsed)",
                        "sequence", total, 0, {}},
            std::move(near_groups), rows, true);
}

}  // namespace busytrap::analyze
