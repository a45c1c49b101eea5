// Byte-exact behaviour of the Telnet engine: what BusyBox telnetd + pty + login send and accept.
#include "telnet/telnet_engine.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace busytrap::telnet {
namespace {

using Type = TelnetEvent::Type;
// The bytes of a string literal, NULs included (its size without the final NUL).
template <std::size_t N>
std::string B(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

const std::string kBusyBoxOpening("\xFF\xFD\x01\xFF\xFD\x1F\xFF\xFB\x01\xFF\xFB\x03", 12);

std::vector<std::string> lines_of(const std::vector<TelnetEvent>& events) {
  std::vector<std::string> lines;
  for (const auto& e : events) {
    if (e.type == Type::kLine) lines.push_back(e.text);
  }
  return lines;
}

TEST(TelnetEngine, OpensWithTheConfiguredNegotiationBytesIacFirst) {
  TelnetEngine engine(4096);
  engine.open(kBusyBoxOpening);
  EXPECT_EQ(engine.take_output(), kBusyBoxOpening);
}

TEST(TelnetEngine, MiraiAnswersToTheOpeningProduceNoFurtherNegotiation) {
  TelnetEngine engine(4096);
  engine.open(kBusyBoxOpening);
  engine.take_output();
  // Mirai: DO ECHO -> WONT ECHO, DO NAWS -> WILL NAWS + SB NAWS 80x24, WILL x -> DO x.
  engine.receive(B("\xFF\xFC\x01\xFF\xFB\x1F\xFF\xFA\x1F\x00\x50\x00\x18\xFF\xF0"
                             "\xFF\xFD\x01\xFF\xFD\x03"));
  EXPECT_EQ(engine.take_output(), "");
  const auto events = engine.take_events();
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].type, Type::kOption);
  EXPECT_EQ(events[0].command, 252);
  EXPECT_EQ(events[0].option, 1);
  EXPECT_EQ(events[1].command, 251);
  EXPECT_EQ(events[1].option, 31);
  EXPECT_EQ(events[2].type, Type::kWindowSize);
  EXPECT_EQ(events[2].width, 80);
  EXPECT_EQ(events[2].height, 24);
  EXPECT_EQ(events[3].command, 253);
  EXPECT_EQ(events[4].option, 3);
}

TEST(TelnetEngine, RefusesUnknownOptionsAndKeepsWorking) {
  TelnetEngine engine(4096);
  engine.receive(B("\xFF\xFB\x22\xFF\xFD\x2A"));  // WILL LINEMODE, DO 42
  EXPECT_EQ(engine.take_output(), B("\xFF\xFE\x22\xFF\xFC\x2A"));
  engine.receive("root\r\n");
  EXPECT_EQ(lines_of(engine.take_events()), std::vector<std::string>{"root"});
}

TEST(TelnetEngine, AcceptsEveryLineTerminator) {
  TelnetEngine engine(4096);
  engine.set_echo(false);
  engine.receive(B("a\r\nb\r\0c\nd\re\r"));
  engine.receive(B("\n"));
  EXPECT_EQ(lines_of(engine.take_events()),
            (std::vector<std::string>{"a", "b", "c", "d", "e"}));
}

TEST(TelnetEngine, StripsTrailingNulsAsTheMiraiBotSendsThem) {
  TelnetEngine engine(4096);
  engine.set_echo(false);
  engine.receive(B("enable\0\r\n/bin/busybox MIRAI\0\r\na\0b\r\n"));
  EXPECT_EQ(lines_of(engine.take_events()),
            (std::vector<std::string>{"enable", "/bin/busybox MIRAI", B("a\0b")}));
}

TEST(TelnetEngine, JoinsALineSplitAcrossSegments) {
  TelnetEngine engine(4096);
  engine.set_echo(false);
  engine.receive("ro");
  engine.receive("ot");
  EXPECT_TRUE(engine.take_events().empty());
  engine.receive("\r");
  engine.receive(B("\0"));
  engine.receive("x\n");
  EXPECT_EQ(lines_of(engine.take_events()), (std::vector<std::string>{"root", "x"}));
}

TEST(TelnetEngine, EchoesLikeAPty) {
  TelnetEngine engine(4096);
  engine.receive(B("ab\x7f" "c\x01\r\n"));
  EXPECT_EQ(engine.take_output(), "ab\b \bc^A\r\n");
  EXPECT_EQ(lines_of(engine.take_events()), std::vector<std::string>{B("ac\x01")});
  engine.set_echo(false);
  engine.receive("secret\r\n");
  EXPECT_EQ(engine.take_output(), "");
}

// Echo goes out in runs: the bytes, their order and the IAC doubling are as byte by byte.
TEST(TelnetEngine, EchoOfRunsKeepsOrderIacAndTheLineLimit) {
  TelnetEngine engine(8);
  engine.receive(B("a\xFF\xFF" "b\tc\x02" "d\x7f" "e\r\n"));
  EXPECT_EQ(engine.take_output(), B("a\xFF\xFF" "b\tc^Bd\b \be\r\n"));
  engine.receive("abcdefghijkl\r\n");  // past 8 bytes the line is dropped: no more echo
  EXPECT_EQ(engine.take_output(), "abcdefgh\r\n");
}

TEST(TelnetEngine, OutputTranslatesLineEndsAndDoublesIac) {
  TelnetEngine engine(4096);
  engine.send_text(B("\x7f" "ELF\n\xFF\xFF\x00\r\n"));
  EXPECT_EQ(engine.take_output(),
            B("\x7f" "ELF\r\n\xFF\xFF\xFF\xFF\x00\r\r\n"));
}

TEST(TelnetEngine, EscapedIacInInputIsAByte) {
  TelnetEngine engine(4096);
  engine.set_echo(false);
  engine.receive(B("a\xFF\xFFz\n"));
  EXPECT_EQ(lines_of(engine.take_events()), std::vector<std::string>{"a\xFFz"});
}

TEST(TelnetEngine, AreYouThereAndOtherCommandsAreIgnored) {
  TelnetEngine engine(4096);
  engine.set_echo(false);
  engine.receive(B("ro\xFF\xF6ot\xFF\xF1\xFF\xF0\r\n"));
  EXPECT_EQ(engine.take_output(), "");
  EXPECT_EQ(lines_of(engine.take_events()), std::vector<std::string>{"root"});
}

TEST(TelnetEngine, AsksForTerminalTypeAndEnvironmentAndReportsThem) {
  TelnetEngine engine(4096);
  engine.receive(B("\xFF\xFB\x18\xFF\xFB\x27"));
  EXPECT_EQ(engine.take_output(),
            B("\xFF\xFD\x18\xFF\xFA\x18\x01\xFF\xF0\xFF\xFD\x27\xFF\xFA\x27\x01\xFF\xF0"));
  engine.take_events();
  engine.receive(B("\xFF\xFA\x18\x00xterm\xFF\xF0"));
  engine.receive(B("\xFF\xFA\x27\x00\x00USER\x01root\x03X\x01\x02\x01y\x00Z\xFF\xF0"));
  const auto events = engine.take_events();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].type, Type::kTerminalType);
  EXPECT_EQ(events[0].text, "xterm");
  EXPECT_EQ(events[1].type, Type::kEnvironment);
  EXPECT_EQ(events[1].text, "USER");
  EXPECT_EQ(events[1].value, "root");
  EXPECT_EQ(events[2].text, "X");
  EXPECT_EQ(events[2].value, "\x01y");
  EXPECT_EQ(events[3].text, "Z");
  EXPECT_EQ(events[3].value, "");
}

TEST(TelnetEngine, HugeSubnegotiationIsBoundedAndTheSessionContinues) {
  TelnetEngine engine(4096);
  engine.set_echo(false);
  std::string huge("\xFF\xFA\x18\x00", 4);
  huge.append(1'000'000, 'A');
  huge.append("\xFF\xF0ok\r\n");
  engine.receive(huge);
  const auto events = engine.take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].text.size(), TelnetEngine::kMaxSubnegotiation - 1);
  EXPECT_EQ(events[1].text, "ok");
}

TEST(TelnetEngine, SubnegotiationWithoutSeEndsAtTheNextCommand) {
  TelnetEngine engine(4096);
  engine.set_echo(false);
  // SB NAWS 0 80 0 24 then IAC WILL ECHO (no IAC SE), then a line.
  engine.receive(B("\xFF\xFA\x1F\x00\x50\x00\x18\xFF\xFB\x01hi\n"));
  const auto events = engine.take_events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, Type::kWindowSize);
  EXPECT_EQ(events[1].type, Type::kOption);
  EXPECT_EQ(events[2].text, "hi");
}

TEST(TelnetEngine, CompressionRequestIsNotHonoured) {
  TelnetEngine engine(4096);
  engine.set_echo(false);
  engine.receive(B("\xFF\xFA\x56\xFF\xF0plain\n"));
  EXPECT_EQ(lines_of(engine.take_events()), std::vector<std::string>{"plain"});
}

TEST(TelnetEngine, UnterminatedSubnegotiationSwallowsInputButStaysBounded) {
  TelnetEngine engine(16);
  engine.set_echo(false);
  engine.receive(B("\xFF\xFA\x18"));
  for (int i = 0; i < 1000; ++i) engine.receive(std::string(1000, 'x'));
  EXPECT_TRUE(engine.take_events().empty());
  engine.receive(B("\xFF\xF0" "after\n"));
  const auto events = engine.take_events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().text, "after");
}

TEST(TelnetEngine, OverlongLineIsReportedOnceAndDropped) {
  TelnetEngine engine(8);
  engine.set_echo(false);
  engine.receive("0123456789abcdef\r\nshort\r\n");
  const auto events = engine.take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, Type::kLineTooLong);
  EXPECT_EQ(events[1].text, "short");
}

TEST(TelnetEngine, ControlKeys) {
  TelnetEngine engine(4096);
  engine.receive("abc\x03");
  engine.receive("\x04");
  const auto events = engine.take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, Type::kInterrupt);
  EXPECT_EQ(events[1].type, Type::kEndOfInput);
  EXPECT_EQ(engine.take_output(), "abc^C");
}

TEST(TelnetEngine, SurvivesRandomBytes) {
  TelnetEngine engine(64);
  std::uint32_t state = 12345;
  std::string bytes;
  for (int round = 0; round < 2000; ++round) {
    bytes.clear();
    for (int i = 0; i < 97; ++i) {
      state = state * 1103515245u + 12345u;
      const auto byte = static_cast<char>(state >> 24);
      bytes.push_back((state & 7) == 0 ? '\xFF' : byte);
    }
    engine.receive(bytes);
    engine.take_events();
    EXPECT_LE(engine.take_output().size(), 97u * 8u);
  }
}

}  // namespace
}  // namespace busytrap::telnet
