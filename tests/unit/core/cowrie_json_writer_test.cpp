#include "core/cowrie_json_writer.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "../sink/sink_test_support.h"
#include "core/timestamp.h"

namespace busytrap::core {
namespace {

Event login_success() {
  Event e;
  e.eventid = "cowrie.login.success";
  e.timestamp_us = *parse_iso8601("2019-07-08T09:57:26.591012Z");
  e.session = "08a27a5431bc";
  e.src_ip = "62.33.118.20";
  e.message = "login attempt [root/oelinux1234] succeeded";
  e.with("username", "root").with("password", "oelinux1234");
  return e;
}

std::string line_of_real_log(std::string_view eventid) {
  std::ifstream in(std::string(BUSYTRAP_SHARED_DIR) + "/data/real/honeylist-cowrie-2019-07-08.json");
  std::string line;
  const std::string needle = "{\"eventid\":\"" + std::string(eventid) + "\"";
  while (std::getline(in, line)) {
    if (line.rfind(needle, 0) == 0) return line + "\n";
  }
  return {};
}

TEST(CowrieJsonWriter, WritesCowriesLineByteForByte) {
  const std::string real = line_of_real_log("cowrie.login.success");
  ASSERT_FALSE(real.empty()) << "the real Cowrie sample is missing";
  EXPECT_EQ(CowrieJsonWriter("ubuntu").line(login_success()), real);
}

TEST(CowrieJsonWriter, FieldTypesAndOrder) {
  Event e;
  e.eventid = "cowrie.session.closed";
  e.timestamp_us = 0;
  e.session = "0123456789ab";
  e.src_ip = "::1";
  e.message = "Connection lost after 1 seconds";
  e.with("duration_ms", std::int64_t{1598}).with("duration", 1.5).with("whole", 2.0).with("nan", std::nan(""));
  e.with("duplicate", false).with("ok", true);
  EXPECT_EQ(CowrieJsonWriter("s").line(e),
            "{\"eventid\":\"cowrie.session.closed\",\"duration_ms\":1598,\"duration\":1.5,\"whole\":2.0,"
            "\"nan\":null,\"duplicate\":false,\"ok\":true,\"message\":\"Connection lost after 1 seconds\","
            "\"sensor\":\"s\",\"timestamp\":\"1970-01-01T00:00:00.000000Z\",\"src_ip\":\"::1\","
            "\"session\":\"0123456789ab\"}\n");
}

TEST(CowrieJsonWriter, TimestampsMatchCoreFormatting) {
  const CowrieJsonWriter writer("s");
  Event e;
  e.eventid = "x";
  // Same second twice (the cached path), second boundaries, before 1970, a leap day.
  for (std::int64_t t : {1562579846072356LL, 1562579846999999LL, 1562579847000000LL, 0LL, -1LL,
                         -86400000001LL, 951782400000001LL, 4102444799999999LL, 1562579846072356LL}) {
    e.timestamp_us = t;
    const std::string line = writer.line(e);
    EXPECT_NE(line.find("\"timestamp\":\"" + format_iso8601(t) + "\""), std::string::npos) << t << " " << line;
  }
}

TEST(CowrieJsonWriter, AppendsToCallersBuffer) {
  const CowrieJsonWriter writer("ubuntu");
  std::string buffer = "previous\n";
  writer.append_line(buffer, login_success());
  writer.append_line(buffer, login_success());
  EXPECT_EQ(buffer, "previous\n" + writer.line(login_success()) + writer.line(login_success()));
}

// Hostile inputs: quotes, control bytes, multibyte UTF-8, invalid bytes, a binary blob.
std::vector<std::string> hostile_inputs() {
  std::vector<std::string> inputs = {
      "echo \"a\\b\" > 'c'",
      std::string("nul\x00in\x01the\x1b[31mmiddle\x7f", 22),
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
      "\xff\xfe\xfd invalid \xc0\xaf \xed\xa0\x80 \xe2\x82",
      "line1\r\nline2\ttab",
  };
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string blob(rng() % 64, '\0');
    for (auto& c : blob) c = static_cast<char>(rng() % 256);
    inputs.push_back(blob);
  }
  return inputs;
}

std::vector<Event> hostile_events() {
  std::vector<Event> events;
  for (const auto& input : hostile_inputs()) {
    Event e;
    e.eventid = "cowrie.command.input";
    e.timestamp_us = 1562579846072356;
    e.session = "08a27a5431bc";
    e.src_ip = "62.33.118.20";
    e.message = "CMD: " + input;
    e.with("input", input);
    events.push_back(e);
  }
  return events;
}

TEST(CowrieJsonWriter, BinaryRoundTripsThroughPython) {
  test::TempDir dir;
  const CowrieJsonWriter writer("ubuntu");
  std::string log;
  std::string expected;
  for (const auto& e : hostile_events()) {
    writer.append_line(log, e);
    for (unsigned char c : std::get<std::string>(e.fields[0].second)) {
      static constexpr char kHex[] = "0123456789abcdef";
      expected += kHex[c >> 4];
      expected += kHex[c & 15];
    }
    expected += '\n';
  }
  test::write_file(dir / "log.json", log);
  const auto result = test::run_command(
      "python3 -c 'import json,sys\nfor l in open(sys.argv[1], encoding=\"utf-8\"): "
      "print(json.loads(l)[\"input\"].encode(\"utf-8\",\"surrogateescape\").hex())' " +
      (dir / "log.json").string());
  ASSERT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, expected);
}

TEST(CowrieJsonWriter, EveryLineParsesWithJq) {
  test::TempDir dir;
  const CowrieJsonWriter writer("ubuntu");
  std::string log;
  const auto events = hostile_events();
  for (const auto& e : events) writer.append_line(log, e);
  test::write_file(dir / "log.json", log);
  const auto result = test::run_command("jq -r '.eventid + \" \" + .session' " + (dir / "log.json").string());
  ASSERT_EQ(result.exit_code, 0);
  std::string expected;
  for (std::size_t i = 0; i < events.size(); ++i) expected += "cowrie.command.input 08a27a5431bc\n";
  EXPECT_EQ(result.out, expected);
}

TEST(CowrieJsonWriter, SimdjsonReadsEveryLine) {
  const CowrieJsonWriter writer("ubuntu");
  simdjson::ondemand::parser parser;
  for (const auto& e : hostile_events()) {
    const std::string line = writer.line(e);
    simdjson::padded_string padded(line);
    auto doc = parser.iterate(padded);
    std::string_view eventid, timestamp;
    ASSERT_EQ(doc["eventid"].get_string().get(eventid), simdjson::SUCCESS) << line;
    EXPECT_EQ(eventid, "cowrie.command.input");
    ASSERT_EQ(doc["timestamp"].get_string().get(timestamp), simdjson::SUCCESS);
    EXPECT_EQ(timestamp, "2019-07-08T09:57:26.072356Z");
  }
}

}  // namespace
}  // namespace busytrap::core
