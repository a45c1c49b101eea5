#include "fetch/address_class.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace busytrap::fetch {
namespace {

constexpr bool in_net(std::uint32_t address, std::uint32_t network, int prefix) {
  const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return (address & mask) == network;
}

std::uint32_t embedded_ipv4(const std::array<std::uint8_t, 16>& a, std::size_t offset) {
  return (std::uint32_t{a[offset]} << 24) | (std::uint32_t{a[offset + 1]} << 16) |
         (std::uint32_t{a[offset + 2]} << 8) | std::uint32_t{a[offset + 3]};
}

bool all_zero(const std::array<std::uint8_t, 16>& a, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) {
    if (a[i] != 0) return false;
  }
  return true;
}

}  // namespace

AddressClass classify_ipv4(std::uint32_t a) {
  if (in_net(a, 0x7F000000, 8)) return AddressClass::Loopback;
  if (in_net(a, 0x0A000000, 8) || in_net(a, 0xAC100000, 12) || in_net(a, 0xC0A80000, 16) ||
      in_net(a, 0x64400000, 10)) {
    return AddressClass::Private;
  }
  if (in_net(a, 0xA9FE0000, 16)) return AddressClass::LinkLocal;
  if (in_net(a, 0xE0000000, 4)) return AddressClass::Multicast;
  if (in_net(a, 0x00000000, 8) ||   // "this network"
      in_net(a, 0xC0000000, 24) ||  // IETF protocol assignments
      in_net(a, 0xC0000200, 24) ||  // TEST-NET-1
      in_net(a, 0xC0586300, 24) ||  // 6to4 relay anycast
      in_net(a, 0xC6120000, 15) ||  // benchmarking
      in_net(a, 0xC6336400, 24) ||  // TEST-NET-2
      in_net(a, 0xCB007100, 24) ||  // TEST-NET-3
      in_net(a, 0xF0000000, 4)) {   // reserved, and 255.255.255.255
    return AddressClass::Reserved;
  }
  return AddressClass::Public;
}

AddressClass classify_ipv6(const std::array<std::uint8_t, 16>& a) {
  // Embedded IPv4: mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d.
  if (all_zero(a, 0, 10) && a[10] == 0xFF && a[11] == 0xFF) return classify_ipv4(embedded_ipv4(a, 12));
  if (all_zero(a, 0, 12)) {
    const std::uint32_t v4 = embedded_ipv4(a, 12);
    if (v4 == 0) return AddressClass::Reserved;  // ::
    if (v4 == 1) return AddressClass::Loopback;  // ::1
    return classify_ipv4(v4);
  }
  if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xFF && a[3] == 0x9B && all_zero(a, 4, 12)) {
    return classify_ipv4(embedded_ipv4(a, 12));
  }
  if (a[0] == 0x20 && a[1] == 0x02) return classify_ipv4(embedded_ipv4(a, 2));  // 6to4
  if (a[0] == 0xFF) return AddressClass::Multicast;
  if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return AddressClass::LinkLocal;
  if ((a[0] & 0xFE) == 0xFC) return AddressClass::Private;  // unique local
  if (a[0] == 0xFE && (a[1] & 0xC0) == 0xC0) return AddressClass::Private;  // site-local (deprecated)
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8) return AddressClass::Reserved;  // doc
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x00 && a[3] == 0x00) return AddressClass::Reserved;  // Teredo
  if (a[0] == 0x01 && a[1] == 0x00 && all_zero(a, 2, 8)) return AddressClass::Reserved;  // discard-only
  if ((a[0] & 0xE0) != 0x20) return AddressClass::Reserved;  // outside global unicast 2000::/3
  return AddressClass::Public;
}

AddressClass classify(const sockaddr* address, socklen_t length) {
  if (address == nullptr) return AddressClass::Reserved;
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in v4{};
    std::memcpy(&v4, address, sizeof v4);
    return classify_ipv4(ntohl(v4.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 v6{};
    std::memcpy(&v6, address, sizeof v6);
    std::array<std::uint8_t, 16> bytes{};
    std::memcpy(bytes.data(), &v6.sin6_addr, 16);
    return classify_ipv6(bytes);
  }
  return AddressClass::Reserved;
}

const char* class_name(AddressClass kind) {
  switch (kind) {
    case AddressClass::Public: return "public";
    case AddressClass::Loopback: return "loopback";
    case AddressClass::Private: return "private";
    case AddressClass::LinkLocal: return "link-local";
    case AddressClass::Multicast: return "multicast";
    case AddressClass::Reserved: return "reserved";
  }
  return "reserved";
}

std::optional<std::uint32_t> parse_ipv4_literal(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::uint64_t parts[4] = {};
  int count = 0;
  std::size_t i = 0;
  while (true) {
    if (count == 4 || i >= text.size()) return std::nullopt;
    int base = 10;
    if (text[i] == '0' && i + 1 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
      base = 16;
      i += 2;
    } else if (text[i] == '0') {
      base = 8;
    }
    std::uint64_t value = 0;
    std::size_t digits = 0;
    for (; i < text.size() && text[i] != '.'; ++i, ++digits) {
      const char c = text[i];
      int d = -1;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
      if (d < 0 || d >= base) return std::nullopt;
      value = value * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
      if (value > 0xFFFFFFFFull) return std::nullopt;
    }
    if (digits == 0 && base != 16) return std::nullopt;
    parts[count++] = value;
    if (i >= text.size()) break;
    ++i;  // the dot
  }
  // The last part fills what the earlier ones (one byte each) leave.
  for (int p = 0; p + 1 < count; ++p) {
    if (parts[p] > 0xFF) return std::nullopt;
  }
  const int last_bits = 8 * (4 - (count - 1));
  if (last_bits < 64 && parts[count - 1] >> last_bits) return std::nullopt;
  std::uint32_t address = static_cast<std::uint32_t>(parts[count - 1]);
  for (int p = 0; p + 1 < count; ++p) address |= static_cast<std::uint32_t>(parts[p]) << (24 - 8 * p);
  return address;
}

std::string address_text(const sockaddr* address, socklen_t length) {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (address == nullptr) return {};
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in v4{};
    std::memcpy(&v4, address, sizeof v4);
    if (::inet_ntop(AF_INET, &v4.sin_addr, buffer, sizeof buffer) != nullptr) return buffer;
  } else if (address->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 v6{};
    std::memcpy(&v6, address, sizeof v6);
    if (::inet_ntop(AF_INET6, &v6.sin6_addr, buffer, sizeof buffer) != nullptr) return buffer;
  }
  return {};
}

}  // namespace busytrap::fetch
