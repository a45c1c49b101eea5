#include "analyze/report/intel_report.h"

#include <arpa/inet.h>

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <utility>

#include "analyze/report/ipv4_networks.h"
#include "analyze/report/shown_threshold.h"

namespace busytrap::analyze {
namespace {

// Keys are views into the counts' interners (or into `owned` strings of the caller), copied
// only for the rows shown; pair keys "user\0pass" are shown as "user:pass".
struct Candidate {
  std::string_view key;
  std::uint64_t count;
};

// "user\0pass" -> "user:pass", the Mirai table's notation.
std::string pair_text(std::string_view pair_key) {
  std::string text(pair_key);
  const std::size_t nul = text.find('\0');
  if (nul != std::string::npos) text[nul] = ':';
  return text;
}

// `distinct`: how many candidates there were when the caller passes only those that can be
// shown (CountThreshold); by default candidates.size().
RankedTable ranked(std::string id, std::string title, std::string key_name, std::uint64_t total,
                   std::vector<Candidate> candidates, std::size_t limit, bool pair_keys = false,
                   std::optional<std::size_t> distinct = std::nullopt) {
  RankedTable table{std::move(id), std::move(title), std::move(key_name), total,
                    distinct.value_or(candidates.size()), {}};
  const std::size_t n = limit == 0 ? candidates.size() : std::min(limit, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n), candidates.end(),
                    [](const Candidate& a, const Candidate& b) {
                      return a.count != b.count ? a.count > b.count : a.key < b.key;
                    });
  for (std::size_t i = 0; i < n; ++i) {
    const double share = total ? static_cast<double>(candidates[i].count) / static_cast<double>(total) : 0;
    table.rows.push_back(RankedRow{i + 1, pair_keys ? pair_text(candidates[i].key) : std::string(candidates[i].key),
                                   candidates[i].count, share});
  }
  return table;
}

std::vector<Candidate> from_counts(const core::StringInterner& keys, const std::vector<std::uint64_t>& counts) {
  std::vector<Candidate> out;
  for (std::uint32_t id = 0; id < counts.size(); ++id) {
    if (counts[id] > 0) out.push_back(Candidate{keys.key(id), counts[id]});
  }
  return out;
}

void add_credentials(IntelReport& report, const intel::IntelCounts& counts, const intel::CredentialTable& mirai,
                     std::size_t rows) {
  const intel::CredentialTotals& totals = counts.credentials();
  std::vector<Candidate> pairs, mirai_pairs;
  std::uint64_t mirai_attempts = 0;
  const auto& attempts = counts.pair_attempts();
  for (std::uint32_t id = 0; id < attempts.size(); ++id) {
    if (attempts[id] == 0) continue;
    const std::string_view key = counts.pairs().key(id);
    const std::size_t nul = key.find('\0');
    pairs.push_back(Candidate{key, attempts[id]});
    if (mirai.contains(key.substr(0, nul), key.substr(nul + 1))) {
      mirai_attempts += attempts[id];
      mirai_pairs.push_back(pairs.back());
    }
  }
  std::uint64_t distinct_usernames = 0, distinct_passwords = 0;
  for (std::uint64_t c : counts.username_attempts()) distinct_usernames += c > 0;
  for (std::uint64_t c : counts.password_attempts()) distinct_passwords += c > 0;
  report.figures.push_back({"login_attempts", "login attempts", totals.attempts});
  report.figures.push_back({"login_successes", "successful logins", totals.successes});
  report.figures.push_back({"login_failures", "failed logins", totals.attempts - totals.successes});
  report.figures.push_back({"login_success_permille", "login success rate (per mille)",
                            totals.attempts ? totals.successes * 1000 / totals.attempts : 0});
  report.figures.push_back({"distinct_usernames", "distinct usernames", distinct_usernames});
  report.figures.push_back({"distinct_passwords", "distinct passwords", distinct_passwords});
  report.figures.push_back({"distinct_pairs", "distinct user:password pairs", pairs.size()});
  report.figures.push_back({"mirai_table_pairs", "pairs in the Mirai table", mirai.size()});
  report.figures.push_back({"mirai_pairs_seen", "Mirai-table pairs tried", mirai_pairs.size()});
  report.figures.push_back({"mirai_attempts", "attempts with a Mirai-table pair", mirai_attempts});
  report.figures.push_back({"logins_dropped", "attempts beyond the per-session limit (not counted)", totals.dropped});

  report.tables.push_back(ranked("credentials_usernames", "Most tried usernames", "username", totals.attempts,
                                 from_counts(counts.keys(), counts.username_attempts()), rows));
  report.tables.push_back(ranked("credentials_passwords", "Most tried passwords", "password", totals.attempts,
                                 from_counts(counts.keys(), counts.password_attempts()), rows));
  report.tables.push_back(ranked("credentials_pairs", "Most tried user:password pairs", "user:password",
                                 totals.attempts, std::move(pairs), rows, true));
  std::vector<Candidate> successes;
  const auto& pair_successes = counts.pair_successes();
  for (std::uint32_t id = 0; id < pair_successes.size(); ++id) {
    if (pair_successes[id] > 0) successes.push_back(Candidate{counts.pairs().key(id), pair_successes[id]});
  }
  report.tables.push_back(ranked("credentials_successful_pairs", "Pairs that logged in", "user:password",
                                 totals.successes, std::move(successes), rows, true));
  report.tables.push_back(ranked("credentials_mirai_pairs", "Mirai-table pairs tried", "user:password", mirai_attempts,
                                 std::move(mirai_pairs), rows, true));
}

void add_sources(IntelReport& report, const intel::IntelCounts& counts, std::size_t rows) {
  // Logs have hundreds of thousands of addresses and networks, nearly all with one session:
  // only those that can make a table's top `rows` get a candidate (and a text), the others are
  // counted. IPv4 /24s are summed by their 24-bit prefix (top_ipv4_networks; a hash map of
  // strings cost a second here); everything else by its text, in a map that stays small.
  std::vector<Candidate> ips, repeat_days;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> addresses_v4;  // (24-bit prefix, sessions)
  std::unordered_map<std::string, std::uint64_t> networks;
  std::uint64_t repeat_sessions = 0, distinct_ips = 0;
  const auto& sources = counts.sources();
  CountThreshold ip_threshold(rows);
  for (const intel::SourceStats& source : sources) {
    if (source.sessions > 0) ip_threshold.add(source.sessions);
  }
  addresses_v4.reserve(sources.size());
  for (std::uint32_t id = 0; id < sources.size(); ++id) {
    const intel::SourceStats& source = sources[id];
    if (source.sessions == 0) continue;
    ++distinct_ips;
    if (source.sessions > 1) ++repeat_sessions;
    const bool shown = source.sessions >= ip_threshold.value();
    if (shown || source.days > 1) {
      const std::string_view address = counts.source_keys().key(id);
      if (shown) ips.push_back(Candidate{address, source.sessions});
      if (source.days > 1) repeat_days.push_back(Candidate{address, source.days});
    }
    std::uint32_t value = 0;
    if (counts.source_keys().ipv4(id, value)) {
      addresses_v4.emplace_back(value >> 8, source.sessions);
      continue;
    }
    const std::string_view address = counts.source_keys().key(id);
    const std::string network = network_of(address);
    networks[network.empty() ? std::string(address) : network] += source.sessions;
  }
  // A non-address source may read like a /24 ("1.2.3.0/24"): then it is the same row, so with
  // such texts about every /24 needs its text; without them only those that can be shown.
  std::size_t v4_networks = 0;
  const auto networks_v4 = top_ipv4_networks(addresses_v4, networks.empty() ? rows : 0, v4_networks);
  // The /24 texts back to back ("255.255.255.0/24" is the longest), viewed once all are written.
  std::string v4_texts;
  std::vector<std::pair<std::size_t, std::uint64_t>> v4_rows;  // (end of its text, sessions)
  for (const auto& [prefix, sessions] : networks_v4) {
    intel::SourceTable::format_ipv4(prefix << 8, v4_texts);
    v4_texts.append("/24");
    v4_rows.emplace_back(v4_texts.size(), sessions);
  }
  std::size_t distinct_networks = v4_networks;
  std::vector<Candidate> network_rows;
  network_rows.reserve(v4_rows.size() + networks.size());
  std::size_t text_begin = 0;
  for (const auto& [text_end, sessions] : v4_rows) {
    const std::string_view text = std::string_view(v4_texts).substr(text_begin, text_end - text_begin);
    text_begin = text_end;
    const auto same = networks.empty() ? networks.end() : networks.find(std::string(text));
    if (same != networks.end()) {
      same->second += sessions;
      --distinct_networks;
      continue;
    }
    network_rows.push_back(Candidate{text, sessions});
  }
  for (auto& [network, sessions] : networks) network_rows.push_back(Candidate{network, sessions});
  distinct_networks += networks.size();
  const std::uint64_t with_source = counts.sessions_with_source();
  report.figures.push_back({"sessions_with_source", "sessions with a source address", with_source});
  report.figures.push_back({"sessions_without_source", "sessions without one", counts.sessions_without_source()});
  report.figures.push_back({"distinct_source_ips", "distinct source addresses", distinct_ips});
  report.figures.push_back({"distinct_source_networks", "distinct /24 (IPv6: /48) networks", distinct_networks});
  report.figures.push_back({"ips_with_several_sessions", "addresses with more than one session", repeat_sessions});
  report.figures.push_back({"ips_on_several_days", "addresses seen on more than one day", repeat_days.size()});
  report.tables.push_back(ranked("sources_ips", "Source addresses by sessions", "address", with_source, std::move(ips),
                                 rows, false, distinct_ips));
  report.tables.push_back(ranked("sources_networks", "Source networks (/24, IPv6 /48) by sessions", "network",
                                 with_source, std::move(network_rows), rows, false, distinct_networks));
  report.tables.push_back(ranked("sources_repeat_days", "Repeat visitors: addresses by days seen", "address", 0,
                                 std::move(repeat_days), rows));
}

void add_indicators(IntelReport& report, const intel::IntelCounts& counts, std::size_t rows) {
  constexpr intel::IndicatorType kTypes[] = {intel::IndicatorType::Url, intel::IndicatorType::Host,
                                             intel::IndicatorType::IpPort, intel::IndicatorType::FileName,
                                             intel::IndicatorType::Sha256};
  constexpr const char* kTitles[] = {"Download URLs by sessions", "Download hosts by sessions",
                                     "IP:port pairs by sessions", "Downloaded file names by sessions",
                                     "Payload SHA-256 hashes by sessions"};
  std::vector<Candidate> by_type[std::size(kTypes)];
  const auto& indicators = counts.indicators();
  for (std::uint32_t id = 0; id < indicators.size(); ++id) {
    if (indicators[id].occurrences == 0) continue;
    const std::string_view key = counts.keys().key(id);
    const auto type = static_cast<std::size_t>(static_cast<unsigned char>(key.front()));
    if (type < std::size(kTypes)) {
      by_type[type].push_back(Candidate{key.substr(1), indicators[id].sessions});
    }
  }
  for (std::size_t t = 0; t < std::size(kTypes); ++t) {
    const std::string name(intel::indicator_type_name(kTypes[t]));
    report.figures.push_back({"distinct_" + name, "distinct indicators: " + name, by_type[t].size()});
  }
  report.figures.push_back({"indicators_dropped", "indicators beyond the per-session limit (not counted)",
                            counts.indicators_dropped()});
  for (std::size_t t = 0; t < std::size(kTypes); ++t) {
    const std::string name(intel::indicator_type_name(kTypes[t]));
    report.tables.push_back(
        ranked("indicators_" + name, kTitles[t], name, 0, std::move(by_type[t]), rows));
  }
}

void add_families(IntelReport& report, const intel::IntelCounts& counts, const intel::FamilyTable& families,
                  std::size_t rows) {
  std::vector<Candidate> known, unknown;
  std::uint64_t classified = 0, unclassified = 0;
  const auto& sessions = counts.family_sessions();
  for (std::size_t i = 0; i < sessions.size() && i < families.families().size(); ++i) {
    if (sessions[i] == 0) continue;
    known.push_back(Candidate{families.families()[i].name, sessions[i]});
    classified += sessions[i];
  }
  const auto& openings = counts.unknown_opening_sessions();
  for (std::uint32_t id = 0; id < openings.size(); ++id) {
    if (openings[id] == 0) continue;
    unknown.push_back(Candidate{counts.unknown_openings().key(id), openings[id]});
    unclassified += openings[id];
  }
  report.figures.push_back({"family_signatures", "family signatures loaded", families.families().size()});
  report.figures.push_back({"sessions_classified", "sessions with commands of a known family", classified});
  report.figures.push_back({"sessions_unclassified", "sessions with commands of no known family", unclassified});
  report.tables.push_back(
      ranked("families", "Sessions per family", "family", classified + unclassified, std::move(known), rows));
  report.tables.push_back(ranked("families_unknown_openings", "Unclassified sessions by opening (new families?)",
                                 "opening", classified + unclassified, std::move(unknown), rows));
}

}  // namespace

std::string network_of(std::string_view address) {
  if (address.size() >= INET6_ADDRSTRLEN) return {};
  const std::string text(address);
  unsigned char bytes[16];
  char out[INET6_ADDRSTRLEN];
  if (inet_pton(AF_INET, text.c_str(), bytes) == 1) {
    // inet_pton accepts only canonical dotted quads, so the text up to the last dot is the /24.
    return text.substr(0, text.rfind('.')) + ".0/24";
  }
  if (inet_pton(AF_INET6, text.c_str(), bytes) == 1) {
    std::fill(bytes + 6, bytes + 16, static_cast<unsigned char>(0));
    if (inet_ntop(AF_INET6, bytes, out, sizeof out) == nullptr) return {};
    return std::string(out) + "/48";
  }
  return {};
}

IntelReport build_intel_report(const intel::IntelCounts& counts, const intel::CredentialTable& mirai,
                               std::size_t rows, const intel::FamilyTable* families) {
  IntelReport report;
  report.selection = counts.selection();
  if (report.selection.credentials) add_credentials(report, counts, mirai, rows);
  if (report.selection.sources) add_sources(report, counts, rows);
  if (report.selection.indicators) add_indicators(report, counts, rows);
  if (report.selection.families && families != nullptr) add_families(report, counts, *families, rows);
  return report;
}

}  // namespace busytrap::analyze
