#include "analyze/report/stix_bundle.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "analyze/intel/indicator_extractor.h"
#include "core/json_escape.h"
#include "core/timestamp.h"

namespace busytrap::analyze {
namespace {

// STIX 2.1's namespace for deterministic cyber-observable ids.
constexpr std::string_view kStixNamespace = "00abedb4-aa42-4461-9bdd-a8c5a7e8e5a4";
constexpr std::string_view kEpoch = "1970-01-01T00:00:00.000000Z";

std::string json(std::string_view s) {
  std::string out;
  core::append_json_string(out, s);
  return out;
}

// A STIX pattern string literal: ' and \ escaped with a backslash.
std::string pattern_literal(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

bool is_ipv4_text(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

std::string time_text(std::int64_t ts) { return ts == core::kNoTimestamp ? std::string(kEpoch) : core::format_iso8601(ts); }

struct Observable {
  std::string type;        // STIX SCO type
  std::string properties;  // its id-contributing properties as canonical JSON (no spaces, sorted keys)
  std::string pattern;
};

Observable observable(intel::IndicatorType type, std::string_view value) {
  switch (type) {
    case intel::IndicatorType::Url:
      return {"url", "{\"value\":" + json(value) + "}", "[url:value = " + pattern_literal(value) + "]"};
    case intel::IndicatorType::Host:
      if (is_ipv4_text(value)) {
        return {"ipv4-addr", "{\"value\":" + json(value) + "}", "[ipv4-addr:value = " + pattern_literal(value) + "]"};
      }
      return {"domain-name", "{\"value\":" + json(value) + "}", "[domain-name:value = " + pattern_literal(value) + "]"};
    case intel::IndicatorType::IpPort: {
      const std::size_t colon = value.rfind(':');
      const std::string_view ip = value.substr(0, colon), port = value.substr(colon + 1);
      return {"ipv4-addr", "{\"value\":" + json(ip) + "}",
              "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = " + pattern_literal(ip) +
                  " AND network-traffic:dst_port = " + std::string(port) + "]"};
    }
    case intel::IndicatorType::FileName:
      return {"file", "{\"name\":" + json(value) + "}", "[file:name = " + pattern_literal(value) + "]"};
    case intel::IndicatorType::Sha256:
      return {"file", "{\"hashes\":{\"SHA-256\":" + json(value) + "}}",
              "[file:hashes.'SHA-256' = " + pattern_literal(value) + "]"};
  }
  return {};
}

}  // namespace

std::string uuid_v5(std::string_view namespace_uuid, std::string_view name) {
  auto nibble = [](char c) -> unsigned {
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A' + 10);
    return 0;
  };
  std::string input;
  unsigned pending = 0;
  bool high = true;
  for (char c : namespace_uuid) {
    if (c == '-') continue;
    if (high) pending = nibble(c) << 4;
    else input.push_back(static_cast<char>(pending | nibble(c)));
    high = !high;
  }
  input.append(name);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha1(), nullptr);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", digest[0],
                digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7], digest[8], digest[9],
                digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]);
  return out;
}

std::string render_stix_bundle(const intel::IntelCounts& counts) {
  const auto& indicators = counts.indicators();
  std::vector<std::uint32_t> ids;
  for (std::uint32_t id = 0; id < indicators.size(); ++id) {
    if (indicators[id].occurrences > 0) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) { return counts.keys().key(a) < counts.keys().key(b); });
  std::vector<std::string> objects;
  std::vector<std::string> seen_scos;
  std::string all_keys;
  for (std::uint32_t id : ids) {
    const std::string_view key = counts.keys().key(id);
    const auto type = static_cast<intel::IndicatorType>(key.front());
    const std::string_view value = key.substr(1);
    const intel::IndicatorStats& stats = indicators[id];
    const Observable o = observable(type, value);
    if (o.type.empty()) continue;
    all_keys.append(key).push_back('\n');
    const std::string sco_id = o.type + "--" + uuid_v5(kStixNamespace, o.properties);
    const std::string first = time_text(stats.first_seen), last = time_text(stats.last_seen);
    const std::string type_name(intel::indicator_type_name(type));
    if (std::find(seen_scos.begin(), seen_scos.end(), sco_id) == seen_scos.end()) {
      seen_scos.push_back(sco_id);
      std::string sco = "{\"type\":" + json(o.type) + ",\"spec_version\":\"2.1\",\"id\":" + json(sco_id);
      sco += "," + o.properties.substr(1);  // the properties object's members
      objects.push_back(std::move(sco));
    }
    objects.push_back("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":" +
                      json("indicator--" + uuid_v5(kStixNamespace, "busytrap-indicator:" + o.pattern)) +
                      ",\"created\":" + json(first) + ",\"modified\":" + json(last) +
                      ",\"name\":" + json(type_name + " " + std::string(value)) +
                      ",\"description\":" + json("Seen by a busytrap/Cowrie honeypot in " + std::to_string(stats.sessions) +
                                                  " session(s)") +
                      ",\"indicator_types\":[\"malicious-activity\"],\"pattern\":" + json(o.pattern) +
                      ",\"pattern_type\":\"stix\",\"valid_from\":" + json(first) + "}");
    objects.push_back("{\"type\":\"observed-data\",\"spec_version\":\"2.1\",\"id\":" +
                      json("observed-data--" + uuid_v5(kStixNamespace, "busytrap-observed:" + std::string(key))) +
                      ",\"created\":" + json(first) + ",\"modified\":" + json(last) +
                      ",\"first_observed\":" + json(first) + ",\"last_observed\":" + json(last) +
                      ",\"number_observed\":" + std::to_string(std::max<std::uint64_t>(1, stats.occurrences)) +
                      ",\"object_refs\":[" + json(sco_id) + "]}");
  }
  std::string out = "{\"type\":\"bundle\",\"id\":" + json("bundle--" + uuid_v5(kStixNamespace, "busytrap-bundle:" + all_keys)) +
                    ",\"objects\":[";
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (i) out += ",";
    out += "\n" + objects[i];
  }
  out += "\n]}\n";
  return out;
}

}  // namespace busytrap::analyze
