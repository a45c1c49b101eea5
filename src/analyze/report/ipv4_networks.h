#pragma once
// top_ipv4_networks: the IPv4 /24 networks of the sources analysis, the sessions of their
// addresses summed. A honeypot log has hundreds of thousands of addresses, nearly every one
// alone in its /24: a bit per /24 (two bitmaps of 2 MiB) finds the networks of several
// addresses, and only their addresses are sorted and summed; the network of a lone address
// counts that address's sessions. Sorting every address by its prefix cost several times more.
#include <cstdint>
#include <utility>
#include <vector>

namespace busytrap::analyze {

// `addresses`: (24-bit prefix = address >> 8, sessions) per distinct IPv4 address. Returns
// (prefix, summed sessions) of the networks counting at least the `limit`-th largest network's
// sessions (ties included; every network when `limit` is 0), in no particular order; sets
// `distinct` to how many networks there are.
std::vector<std::pair<std::uint32_t, std::uint64_t>> top_ipv4_networks(
    const std::vector<std::pair<std::uint32_t, std::uint64_t>>& addresses, std::size_t limit, std::size_t& distinct);

}  // namespace busytrap::analyze
