#include "analyze/report/sequence_groups.h"

#include <algorithm>
#include <span>
#include <unordered_map>

#include "analyze/busybox_token.h"
#include "analyze/report/analyze_report.h"
#include "analyze/report/shown_threshold.h"

namespace busytrap::analyze {
namespace {

struct Group {
  std::string key;
  std::uint64_t sessions = 0;
  std::uint64_t variants = 0;
  std::uint64_t best = 0;  // sessions of the member whose example represents the group
  const intel::SessionExample* example = nullptr;
};

// The names of `ids` in `names`, joined by the sequence arrow.
std::string join(const core::StringInterner& names, std::span<const std::uint32_t> ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out.append(kSequenceArrow);
    out.append(names.key(ids[i]));
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

// `groups`: the candidates (at least the `rows` best of `distinct` groups).
void add_table(IntelReport& report, const Analysis& analysis, RankedTable table, std::vector<Group> groups,
               std::size_t distinct, std::size_t rows, bool with_variants) {
  const std::size_t n = rows == 0 ? groups.size() : std::min(rows, groups.size());
  std::partial_sort(groups.begin(), groups.begin() + static_cast<std::ptrdiff_t>(n), groups.end(), ranks_before);
  table.distinct = distinct;
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

std::string near_identical_name(std::string_view program, bool busybox) {
  std::string name(program);
  const std::size_t space = name.find(' ');
  // Only busybox rows ("argv0 applet") have an applet to fold; other names may hold spaces.
  if (busybox && space != std::string::npos && is_random_busybox_token(std::string_view(name).substr(space + 1))) {
    name.replace(space + 1, std::string::npos, kFoldedToken);
  }
  return name;
}

void add_sequence_groups(IntelReport& report, const Analysis& analysis, const intel::SequenceExamples& examples,
                         std::size_t rows) {
  // Sequences are handled as program ids: a sequence's text is written only when its group can
  // be shown, and its near-identical form is a sequence of ids of the near-identical names
  // (equal ids, equal texts), whose text is written once per distinct form. Two forms may still
  // read the same (a name may hold the arrow): groups are keyed by that text, as shown.
  const core::StringInterner& programs = analysis.program_keys();
  std::vector<std::uint64_t> counts;
  analysis.for_each_sequence(
      [&](std::uint32_t, std::span<const std::uint32_t>, std::uint64_t sessions) { counts.push_back(sessions); });
  const std::size_t distinct = counts.size();
  const std::uint64_t threshold = shown_threshold(std::move(counts), rows);
  std::vector<Group> identical;
  core::StringInterner near_names;
  std::vector<std::uint32_t> near_name_of(programs.size(), core::StringInterner::kNone);  // by program id
  std::unordered_map<std::vector<std::uint32_t>, std::uint32_t, SequenceHash> group_of_form;
  core::StringInterner group_texts;  // id = index in near_groups
  std::vector<Group> near_groups;
  std::vector<std::uint32_t> form;
  analysis.for_each_sequence([&](std::uint32_t id, std::span<const std::uint32_t> sequence, std::uint64_t sessions) {
    const intel::SessionExample* example = examples.example(id);
    if (sessions >= threshold) identical.push_back(Group{join(programs, sequence), sessions, 1, sessions, example});
    form.clear();
    for (std::uint32_t program : sequence) {
      std::uint32_t& near_name = near_name_of[program];
      if (near_name == core::StringInterner::kNone) {
        near_name = near_names.intern(near_identical_name(programs.key(program), analysis.program_is_busybox(program)));
      }
      // Runs of the same name collapse to one.
      if (form.empty() || form.back() != near_name) form.push_back(near_name);
    }
    auto at = group_of_form.find(form);
    if (at == group_of_form.end()) {
      std::string text = join(near_names, form);
      const std::uint32_t index = group_texts.intern(text);
      if (index == near_groups.size()) near_groups.push_back(Group{std::move(text), 0, 0, 0, nullptr});
      at = group_of_form.emplace(form, index).first;
    }
    Group& group = near_groups[at->second];
    group.sessions += sessions;
    ++group.variants;
    // The most frequent member represents the group; ties go to the earliest example, so the
    // choice does not depend on hash order.
    if (group.example == nullptr || sessions > group.best || (sessions == group.best && earlier(example, group.example))) {
      group.best = sessions;
      group.example = example;
    }
  });
  const std::uint64_t total = analysis.totals().sessions_with_programs;
  report.figures.push_back({"sequence_groups", "distinct whole sequences", distinct});
  report.figures.push_back({"sequence_near_groups", "near-identical sequence groups", near_groups.size()});
  report.figures.push_back({"sequence_examples_dropped", "sequences without a representative (limit reached)",
                            examples.examples_dropped()});
  add_table(report, analysis,
            RankedTable{"sequence_groups", "Sessions by identical program-name sequence, with an example session",
                        "sequence", total, 0, {}},
            std::move(identical), distinct, rows, false);
  const std::size_t near_distinct = near_groups.size();
  add_table(report, analysis,
            RankedTable{"sequence_near_groups",
                        "Sessions by near-identical sequence (random busybox tokens folded, repeats collapsed)",
                        "sequence", total, 0, {}},
            std::move(near_groups), near_distinct, rows, true);
}

}  // namespace busytrap::analyze
