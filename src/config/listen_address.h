#pragma once
// ListenAddress: one `[server] listen` entry, "ADDRESS:PORT[@PROFILE]" with IPv6 addresses in
// brackets ("[::1]:2323@dvr"). The address must be a numeric IPv4 or IPv6 address (no host
// names: the honeypot resolves nothing), the port 1-65535.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace busytrap::config {

struct ListenAddress {
  std::string address;
  std::uint16_t port = 0;
  std::string profile = "default";
};

std::optional<ListenAddress> parse_listen_address(std::string_view text);

// Decodes "FF FD 01" (hex pairs, optional spaces) into bytes; nullopt if malformed.
std::optional<std::string> parse_hex_bytes(std::string_view text);

}  // namespace busytrap::config
