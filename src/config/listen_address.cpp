#include "config/listen_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace busytrap::config {

std::optional<ListenAddress> parse_listen_address(std::string_view text) {
  ListenAddress result;
  if (const auto at = text.rfind('@'); at != std::string_view::npos) {
    result.profile = std::string(text.substr(at + 1));
    text = text.substr(0, at);
    if (result.profile.empty()) return std::nullopt;
  }
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return std::nullopt;
    }
    result.address = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    result.address = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
    if (result.address.find(':') != std::string::npos) return std::nullopt;  // IPv6 needs []
  }
  unsigned char binary[16];
  const int family = result.address.find(':') != std::string::npos ? AF_INET6 : AF_INET;
  if (::inet_pton(family, result.address.c_str(), binary) != 1) return std::nullopt;
  unsigned port = 0;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc{} || end != port_text.data() + port_text.size() || port == 0 ||
      port > 65535) {
    return std::nullopt;
  }
  result.port = static_cast<std::uint16_t>(port);
  return result;
}

std::optional<std::string> parse_hex_bytes(std::string_view text) {
  std::string bytes;
  int pending = -1;
  for (const char c : text) {
    if (c == ' ' || c == ',' || c == '\t') {
      if (pending >= 0) return std::nullopt;
      continue;
    }
    int nibble = -1;
    if (c >= '0' && c <= '9') nibble = c - '0';
    if (c >= 'a' && c <= 'f') nibble = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') nibble = c - 'A' + 10;
    if (nibble < 0) return std::nullopt;
    if (pending < 0) {
      pending = nibble;
    } else {
      bytes.push_back(static_cast<char>(pending << 4 | nibble));
      pending = -1;
    }
  }
  if (pending >= 0) return std::nullopt;
  return bytes;
}

}  // namespace busytrap::config
