#pragma once
// Countries of the sources (`--geoip FILE.mmdb`): the table sources_countries (sessions per
// ISO country code, "??" for addresses the database does not place) and a "country" column on
// sources_ips. Needs the sources analysis; `country_of` maps an address to its code ("" unknown).
#include <functional>
#include <string>
#include <string_view>

#include "analyze/intel/intel_counts.h"
#include "analyze/report/intel_report.h"

namespace busytrap::analyze {

inline constexpr std::string_view kUnknownCountry = "??";

void add_countries(IntelReport& report, const intel::IntelCounts& counts,
                   const std::function<std::string(std::string_view)>& country_of, std::size_t rows);

}  // namespace busytrap::analyze
