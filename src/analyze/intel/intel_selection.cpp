#include "analyze/intel/intel_selection.h"

namespace busytrap::analyze::intel {

std::optional<IntelSelection> parse_intel_selection(std::string_view list, std::string& unknown) {
  IntelSelection selection;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view name = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (name.empty()) continue;
    if (name == "credentials") selection.credentials = true;
    else if (name == "sources") selection.sources = true;
    else if (name == "indicators") selection.indicators = true;
    else if (name == "sequences") selection.sequences = true;
    else if (name == "families") selection.families = true;
    else if (name == "time") selection.time = true;
    else if (name == "all") selection = IntelSelection::all();
    else {
      unknown.assign(name);
      return std::nullopt;
    }
  }
  return selection;
}

std::string intel_selection_names(const IntelSelection& selection) {
  std::string names;
  auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!names.empty()) names.push_back(',');
    names += name;
  };
  add(selection.credentials, "credentials");
  add(selection.sources, "sources");
  add(selection.indicators, "indicators");
  add(selection.sequences, "sequences");
  add(selection.families, "families");
  add(selection.time, "time");
  return names;
}

}  // namespace busytrap::analyze::intel
