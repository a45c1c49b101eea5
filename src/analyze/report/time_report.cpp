#include "analyze/report/time_report.h"

#include <algorithm>

#include "core/timestamp.h"

namespace busytrap::analyze {
namespace {

struct Dated {
  std::string_view key;
  std::uint64_t count;
  std::int64_t first_seen;
  std::string_view type;  // indicators only
};

// Shown rows: `order` decides the ranking; extra columns first_seen (and type when `typed`).
void add_dated_table(IntelReport& report, RankedTable table, std::vector<Dated> all, std::size_t rows, bool typed,
                     bool newest_first) {
  const std::size_t n = rows == 0 ? all.size() : std::min(rows, all.size());
  const auto order = [newest_first](const Dated& a, const Dated& b) {
    if (newest_first && a.first_seen != b.first_seen) return a.first_seen > b.first_seen;
    if (a.count != b.count) return a.count > b.count;
    return a.key < b.key;
  };
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), order);
  table.distinct = all.size();
  TableColumns columns;
  if (typed) columns.names.push_back("type");
  columns.names.push_back("first_seen");
  for (std::size_t i = 0; i < n; ++i) {
    const double share = table.total ? static_cast<double>(all[i].count) / static_cast<double>(table.total) : 0;
    table.rows.push_back(RankedRow{i + 1, std::string(all[i].key), all[i].count, share});
    std::vector<std::string> values;
    if (typed) values.emplace_back(all[i].type);
    values.push_back(core::format_iso8601(all[i].first_seen));
    columns.rows.push_back(std::move(values));
  }
  report.columns.emplace(table.id, std::move(columns));
  report.tables.push_back(std::move(table));
}

}  // namespace

std::string bucket_label(std::int64_t start, intel::TimeBucket bucket) {
  const std::string iso = core::format_iso8601(start);  // 2019-07-08T09:00:00.000000Z
  if (iso.size() < 13) return iso;
  return bucket == intel::TimeBucket::Day ? iso.substr(0, 10) : iso.substr(0, 13) + ":00Z";
}

void add_time_report(IntelReport& report, const Analysis& analysis, const intel::TimeCollector& time,
                     std::size_t rows, std::int64_t new_since, const intel::FamilyTable* families) {
  report.selection.time = true;
  std::uint64_t dropped = 0, undated = 0;
  std::size_t number = 0;
  for (const intel::Timeline& timeline : time.timelines()) {
    ++number;
    const std::string_view unit = time_bucket_name(time.bucket());
    RankedTable table{"timeline_" + std::to_string(number),
                      "Timeline of " + timeline.spec.text + ": " +
                          (timeline.spec.counts_sessions() ? "sessions" : "command lines") + " per " +
                          std::string(unit) + " (UTC)",
                      std::string(unit), timeline.total, timeline.buckets.size(), {}};
    std::uint64_t rank = 0;
    for (const auto& [start, count] : timeline.buckets) {
      const double share = timeline.total ? static_cast<double>(count) / static_cast<double>(timeline.total) : 0;
      table.rows.push_back(RankedRow{++rank, bucket_label(start, time.bucket()), count, share});
    }
    report.tables.push_back(std::move(table));
    dropped += timeline.dropped;
    undated += timeline.undated;
  }
  if (!time.timelines().empty()) {
    report.figures.push_back({"timelines", "timelines (--timeline)", time.timelines().size()});
    report.figures.push_back({"timeline_undated", "timeline matches without a timestamp (not counted)", undated});
    report.figures.push_back({"timeline_dropped", "timeline matches beyond the bucket limit (not counted)", dropped});
  }

  const core::StringInterner& lines = analysis.line_keys();
  const std::vector<std::int64_t> first = time.line_first_seen(analysis);
  std::vector<Dated> dated, fresh;
  for (std::uint32_t id = 0; id < first.size() && id < lines.size(); ++id) {
    if (first[id] == core::kNoTimestamp || analysis.line_counts()[id] == 0) continue;
    dated.push_back(Dated{lines.key(id), analysis.line_counts()[id], first[id], {}});
    if (new_since != core::kNoTimestamp && first[id] >= new_since) fresh.push_back(dated.back());
  }
  report.figures.push_back({"dated_command_lines", "distinct command lines with a first-seen time", dated.size()});
  const std::uint64_t total_lines = analysis.totals().command_lines;
  add_dated_table(report,
                  RankedTable{"first_seen_command_lines", "Command lines by first appearance (newest first)",
                              "command line", total_lines, 0, {}},
                  std::move(dated), rows, false, true);
  if (new_since == core::kNoTimestamp) return;

  const std::string since = core::format_iso8601(new_since);
  report.figures.push_back({"new_command_lines", "command lines first seen since " + since, fresh.size()});
  add_dated_table(report,
                  RankedTable{"new_command_lines", "New command lines: first seen since " + since,
                              "command line", total_lines, 0, {}},
                  std::move(fresh), rows, false, false);

  std::vector<Dated> indicators;
  const auto& stats = analysis.intel().indicators();
  for (std::uint32_t id = 0; id < stats.size(); ++id) {
    if (stats[id].occurrences == 0 || stats[id].first_seen == core::kNoTimestamp || stats[id].first_seen < new_since) {
      continue;
    }
    const std::string_view key = analysis.intel().keys().key(id);
    const auto type = static_cast<intel::IndicatorType>(static_cast<unsigned char>(key.front()));
    indicators.push_back(Dated{key.substr(1), stats[id].sessions, stats[id].first_seen, intel::indicator_type_name(type)});
  }
  report.figures.push_back({"new_indicators", "indicators first seen since " + since, indicators.size()});
  add_dated_table(report,
                  RankedTable{"new_indicators", "New indicators: first seen since " + since + " (by sessions)",
                              "indicator", 0, 0, {}},
                  std::move(indicators), rows, true, false);

  std::vector<Dated> new_families;
  if (families != nullptr) {
    const auto& family_first = time.family_first_seen();
    const auto& sessions = analysis.intel().family_sessions();
    for (std::size_t i = 0; i < family_first.size() && i < families->families().size() && i < sessions.size(); ++i) {
      if (family_first[i] == core::kNoTimestamp || family_first[i] < new_since) continue;
      new_families.push_back(Dated{families->families()[i].name, sessions[i], family_first[i], {}});
    }
  }
  report.figures.push_back({"new_families", "families first seen since " + since, new_families.size()});
  add_dated_table(report,
                  RankedTable{"new_families", "New families: first session since " + since, "family",
                              analysis.totals().sessions_with_commands, 0, {}},
                  std::move(new_families), rows, false, false);
}

}  // namespace busytrap::analyze
