#include "analyze/report/indicators_csv.h"

#include <algorithm>

#include "analyze/intel/indicator_extractor.h"
#include "analyze/report/report_facts.h"
#include "core/timestamp.h"

namespace busytrap::analyze {
namespace {

std::string time_field(std::int64_t ts) { return ts == core::kNoTimestamp ? std::string() : core::format_iso8601(ts); }

}  // namespace

std::string render_indicators_csv(const intel::IntelCounts& counts) {
  const auto& indicators = counts.indicators();
  std::vector<std::uint32_t> ids;
  for (std::uint32_t id = 0; id < indicators.size(); ++id) {
    if (indicators[id].occurrences > 0) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
    const std::string_view ka = counts.keys().key(a), kb = counts.keys().key(b);
    if (ka.front() != kb.front()) return ka.front() < kb.front();
    if (indicators[a].sessions != indicators[b].sessions) return indicators[a].sessions > indicators[b].sessions;
    return ka < kb;
  });
  std::string out = "type,value,first_seen,last_seen,occurrences,sessions,source_ips\n";
  for (std::uint32_t id : ids) {
    const std::string_view key = counts.keys().key(id);
    const intel::IndicatorStats& stats = indicators[id];
    std::string sources;
    for (std::uint32_t ip : stats.source_ips()) {
      if (!sources.empty()) sources.push_back(' ');
      sources.append(counts.source_keys().key(ip));
    }
    if (stats.more_sources) sources += " +";
    out += std::string(intel::indicator_type_name(static_cast<intel::IndicatorType>(key.front()))) + "," +
           delimited_field(key.substr(1), ',') + "," + time_field(stats.first_seen) + "," + time_field(stats.last_seen) + "," +
           std::to_string(stats.occurrences) + "," + std::to_string(stats.sessions) + "," + delimited_field(sources, ',') + "\n";
  }
  return out;
}

}  // namespace busytrap::analyze
