#pragma once
// IntelReport: the finished tables and figures of the intel analyses (credentials, sources),
// built once from IntelCounts; the renderers print it after the paper's tables, and only when
// an intel analysis was on (so the paper's reports are unchanged byte for byte).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analyze/intel/credential_table.h"
#include "analyze/intel/family_table.h"
#include "analyze/intel/indicator_extractor.h"
#include "analyze/intel/intel_counts.h"
#include "analyze/report/ranked_table.h"

namespace busytrap::analyze {

struct IntelFigure {
  std::string id;     // stable machine name, e.g. "login_attempts"
  std::string label;  // for people
  std::uint64_t value = 0;
};

// Extra columns of an intel table (a representative session, a first-seen time): the column
// names, and per shown row one value each ("" = none). Renderers print them after the share.
struct TableColumns {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> rows;  // parallel to RankedTable::rows
};

struct IntelReport {
  intel::IntelSelection selection;
  std::vector<IntelFigure> figures;
  std::vector<RankedTable> tables;
  std::map<std::string, TableColumns, std::less<>> columns;  // by table id; most tables have none
  std::string flags;  // the time options as given (" --timeline ... --bucket day --new-since ..."), for the echo

  // The extra columns of table `id`, or null.
  const TableColumns* columns_of(std::string_view id) const {
    const auto found = columns.find(id);
    return found == columns.end() ? nullptr : &found->second;
  }
};

// `mirai`: the credential table attempts are matched against. `rows`: rows per table (0 = all).
// `families`: the signatures sessions were classified with (needed for the families analysis).
IntelReport build_intel_report(const intel::IntelCounts& counts, const intel::CredentialTable& mirai,
                               std::size_t rows, const intel::FamilyTable* families = nullptr);

// The network an address belongs to for grouping: "a.b.c.0/24" for IPv4, the /48 for IPv6;
// empty when `address` is not an IP address.
std::string network_of(std::string_view address);

}  // namespace busytrap::analyze
