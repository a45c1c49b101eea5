#include "fetch/address_class.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstring>

namespace busytrap::fetch {
namespace {

AddressClass v4(const char* text) {
  in_addr a{};
  EXPECT_EQ(::inet_pton(AF_INET, text, &a), 1) << text;
  return classify_ipv4(ntohl(a.s_addr));
}

AddressClass v6(const char* text) {
  std::array<std::uint8_t, 16> bytes{};
  EXPECT_EQ(::inet_pton(AF_INET6, text, bytes.data()), 1) << text;
  return classify_ipv6(bytes);
}

TEST(AddressClass, Ipv4Ranges) {
  EXPECT_EQ(v4("127.0.0.1"), AddressClass::Loopback);
  EXPECT_EQ(v4("127.255.255.254"), AddressClass::Loopback);
  EXPECT_EQ(v4("10.1.2.3"), AddressClass::Private);
  EXPECT_EQ(v4("172.16.0.1"), AddressClass::Private);
  EXPECT_EQ(v4("172.31.255.255"), AddressClass::Private);
  EXPECT_EQ(v4("172.32.0.1"), AddressClass::Public);
  EXPECT_EQ(v4("192.168.1.1"), AddressClass::Private);
  EXPECT_EQ(v4("100.64.0.1"), AddressClass::Private);
  EXPECT_EQ(v4("100.128.0.1"), AddressClass::Public);
  EXPECT_EQ(v4("169.254.169.254"), AddressClass::LinkLocal);
  EXPECT_EQ(v4("224.0.0.1"), AddressClass::Multicast);
  EXPECT_EQ(v4("239.255.255.250"), AddressClass::Multicast);
  EXPECT_EQ(v4("0.0.0.0"), AddressClass::Reserved);
  EXPECT_EQ(v4("255.255.255.255"), AddressClass::Reserved);
  EXPECT_EQ(v4("240.0.0.1"), AddressClass::Reserved);
  EXPECT_EQ(v4("192.0.2.7"), AddressClass::Reserved);
  EXPECT_EQ(v4("198.18.0.1"), AddressClass::Reserved);
  EXPECT_EQ(v4("203.0.113.9"), AddressClass::Reserved);
  EXPECT_EQ(v4("8.8.8.8"), AddressClass::Public);
  EXPECT_EQ(v4("1.1.1.1"), AddressClass::Public);
}

TEST(AddressClass, Ipv6RangesAndEmbeddedIpv4) {
  EXPECT_EQ(v6("::1"), AddressClass::Loopback);
  EXPECT_EQ(v6("::"), AddressClass::Reserved);
  EXPECT_EQ(v6("::ffff:127.0.0.1"), AddressClass::Loopback);
  EXPECT_EQ(v6("::ffff:7f00:1"), AddressClass::Loopback);
  EXPECT_EQ(v6("::ffff:10.0.0.1"), AddressClass::Private);
  EXPECT_EQ(v6("::ffff:8.8.8.8"), AddressClass::Public);
  EXPECT_EQ(v6("::127.0.0.1"), AddressClass::Loopback);  // IPv4-compatible
  EXPECT_EQ(v6("64:ff9b::192.168.0.1"), AddressClass::Private);  // NAT64
  EXPECT_EQ(v6("2002:7f00:1::"), AddressClass::Loopback);        // 6to4 of 127.0.0.1
  EXPECT_EQ(v6("fe80::1"), AddressClass::LinkLocal);
  EXPECT_EQ(v6("fc00::1"), AddressClass::Private);
  EXPECT_EQ(v6("fd12:3456::1"), AddressClass::Private);
  EXPECT_EQ(v6("ff02::1"), AddressClass::Multicast);
  EXPECT_EQ(v6("2001:db8::1"), AddressClass::Reserved);
  EXPECT_EQ(v6("2001:0:4136:e378::1"), AddressClass::Reserved);  // Teredo
  EXPECT_EQ(v6("2606:4700:4700::1111"), AddressClass::Public);
  EXPECT_EQ(v6("4000::1"), AddressClass::Reserved);
}

TEST(AddressClass, SockaddrOfBothFamilies) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(0x7F000001);
  EXPECT_EQ(classify(reinterpret_cast<sockaddr*>(&a), sizeof a), AddressClass::Loopback);
  EXPECT_EQ(address_text(reinterpret_cast<sockaddr*>(&a), sizeof a), "127.0.0.1");
  sockaddr_in6 b{};
  b.sin6_family = AF_INET6;
  ASSERT_EQ(::inet_pton(AF_INET6, "::ffff:192.168.1.1", &b.sin6_addr), 1);
  EXPECT_EQ(classify(reinterpret_cast<sockaddr*>(&b), sizeof b), AddressClass::Private);
  // A truncated address or another family is never "public".
  EXPECT_EQ(classify(reinterpret_cast<sockaddr*>(&a), 4), AddressClass::Reserved);
  sockaddr other{};
  other.sa_family = AF_UNIX;
  EXPECT_EQ(classify(&other, sizeof other), AddressClass::Reserved);
  EXPECT_EQ(classify(nullptr, 0), AddressClass::Reserved);
}

TEST(AddressClass, Ipv4LiteralSpellingsAsInetAtonReadsThem) {
  const auto loopback = std::optional<std::uint32_t>(0x7F000001);
  EXPECT_EQ(parse_ipv4_literal("127.0.0.1"), loopback);
  EXPECT_EQ(parse_ipv4_literal("2130706433"), loopback);
  EXPECT_EQ(parse_ipv4_literal("0x7f000001"), loopback);
  EXPECT_EQ(parse_ipv4_literal("0x7f.1"), loopback);
  EXPECT_EQ(parse_ipv4_literal("0177.0.0.01"), loopback);
  EXPECT_EQ(parse_ipv4_literal("127.1"), loopback);
  EXPECT_EQ(parse_ipv4_literal("127.0.1"), loopback);
  EXPECT_EQ(parse_ipv4_literal("017700000001"), loopback);
  EXPECT_EQ(parse_ipv4_literal("0xA.0xFFFFFF"), std::optional<std::uint32_t>(0x0AFFFFFF));
  // Every spelling agrees with the C library's inet_aton.
  for (const char* text : {"2130706433", "0x7f.1", "0177.0.0.01", "127.1", "10.0x10.0377.1", "1.2.3.4", "0"}) {
    in_addr a{};
    ASSERT_EQ(::inet_aton(text, &a), 1) << text;
    EXPECT_EQ(parse_ipv4_literal(text), std::optional<std::uint32_t>(ntohl(a.s_addr))) << text;
  }
  for (const char* text : {"", "example.com", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "08", "0x1g", "1..2",
                           "1.2.3.", "4294967296", "127.0.0.1 ", "-1"}) {
    EXPECT_FALSE(parse_ipv4_literal(text).has_value()) << text;
  }
  EXPECT_EQ(classify_ipv4(*parse_ipv4_literal("0x7f.1")), AddressClass::Loopback);
  EXPECT_EQ(classify_ipv4(*parse_ipv4_literal("3232235777")), AddressClass::Private);  // 192.168.1.1
}

}  // namespace
}  // namespace busytrap::fetch
