// The Cowrie text log's line functions: the bracket split and the session key it names.
#include <gtest/gtest.h>

#include "analyze/cowrie_text_reader.h"

namespace busytrap::analyze {
namespace {

std::string_view key_of(std::string_view system, Protocol& protocol) {
  protocol = Protocol::Unknown;
  return text_log_session_key(system, protocol);
}

TEST(CowrieTextLine, SessionKeyIsTheLastTransportWithNumberAndAddress) {
  Protocol protocol;
  EXPECT_EQ(key_of("CowrieTelnetTransport,1,1.2.3.4", protocol), "CowrieTelnetTransport,1,1.2.3.4");
  EXPECT_EQ(protocol, Protocol::Telnet);
  EXPECT_EQ(key_of("HoneyPotSSHTransport,56,68.195.187.112", protocol), "HoneyPotSSHTransport,56,68.195.187.112");
  EXPECT_EQ(protocol, Protocol::Ssh);
  EXPECT_EQ(key_of("SSHChannel session (0) on HoneyPotSSHTransport,3,9.9.9.9", protocol), "HoneyPotSSHTransport,3,9.9.9.9");
  EXPECT_EQ(protocol, Protocol::Ssh);
  EXPECT_EQ(key_of("x,CowrieTelnetTransport,7,::1", protocol), "CowrieTelnetTransport,7,::1");
  EXPECT_EQ(protocol, Protocol::Telnet);
  // The last of several transports, even when a comma-free word precedes it.
  EXPECT_EQ(key_of("HoneyPotSSHTransport,1,a OtherTransport,2,b", protocol), "OtherTransport,2,b");
  EXPECT_EQ(key_of("HoneyPotSSHTransport,1,a Transport,2,b", protocol), "Transport,2,b");
  // No session: a factory, no ",N,IP" after the transport, "Transport" without its comma.
  EXPECT_EQ(key_of("cowrie.telnet.transport.HoneyPotTelnetFactory", protocol), "");
  EXPECT_EQ(key_of("HoneyPotSSHTransport,", protocol), "");
  EXPECT_EQ(key_of("HoneyPotSSHTransport 1,2", protocol), "");
  EXPECT_EQ(key_of("a,b,c", protocol), "");
  EXPECT_EQ(key_of("", protocol), "");
  EXPECT_EQ(key_of(",Transport,", protocol), "");
}

TEST(CowrieTextLine, SplitsAtTheBracket) {
  TextLogLine line;
  ASSERT_TRUE(parse_text_log_line("2017-10-07T14:53:57+0000 [CowrieTelnetTransport,1,1.2.3.4] CMD: a] b", line));
  EXPECT_EQ(line.timestamp, 1507388037000000);
  EXPECT_EQ(line.system, "CowrieTelnetTransport,1,1.2.3.4");
  EXPECT_EQ(line.message, "CMD: a] b");
  ASSERT_TRUE(parse_text_log_line("2017-10-07T14:53:57+0000 [sys]", line));  // no message
  EXPECT_EQ(line.system, "sys");
  EXPECT_EQ(line.message, "");
  EXPECT_FALSE(parse_text_log_line("2017-10-07T14:53:57+0000 no bracket", line));
  EXPECT_FALSE(parse_text_log_line("2017-10-07T14:53:57+0000 [unclosed", line));
  EXPECT_FALSE(parse_text_log_line("2017-10-07T14:53:57+0000", line));
  EXPECT_FALSE(parse_text_log_line("[CowrieTelnetTransport,1,1.2.3.4] CMD: no time", line));
}

}  // namespace
}  // namespace busytrap::analyze
