#include "analyze/report/country_report.h"

#include <algorithm>
#include <map>

namespace busytrap::analyze {

void add_countries(IntelReport& report, const intel::IntelCounts& counts,
                   const std::function<std::string(std::string_view)>& country_of, std::size_t rows) {
  std::map<std::string, std::uint64_t> sessions;
  std::uint64_t located = 0, addresses = 0;
  const auto& sources = counts.sources();
  for (std::uint32_t id = 0; id < sources.size(); ++id) {
    if (sources[id].sessions == 0) continue;
    ++addresses;
    std::string country = country_of(counts.source_keys().key(id));
    if (country.empty()) country = kUnknownCountry;
    else ++located;
    sessions[country] += sources[id].sessions;
  }
  std::vector<std::pair<std::string, std::uint64_t>> ranked(sessions.begin(), sessions.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  const std::uint64_t total = counts.sessions_with_source();
  RankedTable table{"sources_countries", "Source countries by sessions (--geoip)", "country", total, ranked.size(), {}};
  const std::size_t n = rows == 0 ? ranked.size() : std::min(rows, ranked.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double share = total ? static_cast<double>(ranked[i].second) / static_cast<double>(total) : 0;
    table.rows.push_back(RankedRow{i + 1, ranked[i].first, ranked[i].second, share});
  }
  report.figures.push_back({"geoip_addresses_located", "source addresses the GeoIP database places", located});
  report.figures.push_back({"geoip_addresses_unknown", "source addresses it does not", addresses - located});
  report.figures.push_back({"distinct_countries", "distinct source countries", sessions.size() - sessions.count(std::string(kUnknownCountry))});
  // The country of each shown source address.
  for (const RankedTable& ips : report.tables) {
    if (ips.id != "sources_ips") continue;
    TableColumns columns{{"country"}, {}};
    for (const RankedRow& row : ips.rows) columns.rows.push_back({country_of(row.key)});
    report.columns.insert_or_assign(ips.id, std::move(columns));
  }
  // Next to the other sources tables.
  auto at = std::find_if(report.tables.begin(), report.tables.end(),
                         [](const RankedTable& t) { return t.id == "sources_repeat_days"; });
  report.tables.insert(at == report.tables.end() ? at : at + 1, std::move(table));
}

}  // namespace busytrap::analyze
