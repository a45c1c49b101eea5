#pragma once
// Address classification for operator-enabled fetching: what kind of destination an IP address
// is (public, loopback, private, link-local, multicast, reserved), following the IANA
// special-purpose registries. IPv6 addresses that embed an IPv4 one (IPv4-mapped ::ffff:0:0/96,
// IPv4-compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16) take the class of the embedded
// address, so ::ffff:127.0.0.1 is loopback. Pure functions, thread-safe.
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace busytrap::fetch {

enum class AddressClass : std::uint8_t {
  Public,
  Loopback,   // 127/8, ::1
  Private,    // RFC 1918, CGNAT 100.64/10, ULA fc00::/7
  LinkLocal,  // 169.254/16, fe80::/10
  Multicast,  // 224/4, ff00::/8
  Reserved,   // unspecified, broadcast, documentation, benchmarking, 240/4, ...
};

// IPv4 address in host byte order (127.0.0.1 == 0x7F000001).
AddressClass classify_ipv4(std::uint32_t address);
AddressClass classify_ipv6(const std::array<std::uint8_t, 16>& address);
// Reserved for anything that is neither AF_INET nor AF_INET6.
AddressClass classify(const sockaddr* address, socklen_t length);

// "loopback", "private", ... for messages and logs.
const char* class_name(AddressClass kind);

// An IPv4 literal as inet_aton(3) reads it, the way URL parsers and libc resolvers accept it:
// one to four parts, each decimal, octal (leading 0) or hex (0x); the last part fills the
// remaining bytes ("2130706433", "0x7f.1", "0177.0.0.01" are all 127.0.0.1). nullopt when
// `text` is not such a literal.
std::optional<std::uint32_t> parse_ipv4_literal(std::string_view text);

// Numeric text of a socket address ("127.0.0.1", "::1"); "" for other families.
std::string address_text(const sockaddr* address, socklen_t length);

}  // namespace busytrap::fetch
