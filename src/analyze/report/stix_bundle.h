#pragma once
// The STIX 2.1 export (`--stix FILE`): every indicator of the run as a JSON bundle for MISP,
// OpenCTI and other threat-intel platforms. Per indicator: an `indicator` object (STIX pattern,
// e.g. [url:value = '...'], [file:hashes.'SHA-256' = '...'], valid_from = first seen), the
// cyber-observable it names (url, domain-name, ipv4-addr, file), and an `observed-data` object
// with first/last seen and the number of sessions. Every id is a UUIDv5 of the value (SCOs with
// the STIX namespace over their id-contributing properties, as STIX 2.1 §2.9 prescribes), so the
// same indicator gets the same ids in every run and platforms merge them. Objects are sorted,
// so the same log gives the same bytes.
#include <string>
#include <string_view>

#include "analyze/intel/intel_counts.h"

namespace busytrap::analyze {

std::string render_stix_bundle(const intel::IntelCounts& counts);

// RFC 4122 version-5 UUID (SHA-1) of `name` in `namespace_uuid` (text form, lowercase).
std::string uuid_v5(std::string_view namespace_uuid, std::string_view name);

}  // namespace busytrap::analyze
