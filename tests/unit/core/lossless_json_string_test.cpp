#include "core/lossless_json_string.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/cowrie_json_writer.h"

namespace busytrap::core {
namespace {

// Writer → simdjson → bytes: every field comes back exactly, binary included.
TEST(LosslessJsonString, RoundTripsWriterOutputThroughSimdjson) {
  const CowrieJsonWriter writer("sensor");
  simdjson::ondemand::parser parser;
  std::mt19937 rng(2024);
  for (int round = 0; round < 2000; ++round) {
    std::string input(rng() % 80, '\0');
    for (auto& c : input) c = static_cast<char>(round % 2 ? rng() % 256 : 0x20 + rng() % 0x5f);
    Event e;
    e.eventid = "cowrie.command.input";
    e.session = "0123456789ab";
    e.src_ip = "::1";
    e.message = "CMD: " + input;
    e.with("input", input);
    const std::string line = writer.line(e);
    simdjson::padded_string padded(line);
    auto doc = parser.iterate(padded);
    std::string scratch;
    std::string_view value;
    ASSERT_TRUE(get_lossless_string(doc["input"], scratch, value)) << line;
    ASSERT_EQ(value, input);
    std::string scratch2;
    ASSERT_TRUE(get_lossless_string(doc["message"], scratch2, value)) << line;
    ASSERT_EQ(value, "CMD: " + input);
  }
}

TEST(LosslessJsonString, RejectsNonStringsAndMalformedStrings) {
  simdjson::ondemand::parser parser;
  std::string scratch;
  std::string_view value;
  for (const char* json : {R"({"a": 1})", R"({"a": null})", R"({"a": ["x"]})", R"({"a": "\q"})",
                           R"({"a": "\ud800"})", R"({})"}) {
    simdjson::padded_string padded{std::string(json)};
    auto doc = parser.iterate(padded);
    EXPECT_FALSE(get_lossless_string(doc["a"], scratch, value)) << json;
  }
  simdjson::padded_string padded{std::string(R"({"a": "plain" , "b": "x\udcffy"})")};
  auto doc = parser.iterate(padded);
  ASSERT_TRUE(get_lossless_string(doc["a"], scratch, value));
  EXPECT_EQ(value, "plain");
  ASSERT_TRUE(get_lossless_string(doc["b"], scratch, value));
  EXPECT_EQ(value, "x\xffy");
}

}  // namespace
}  // namespace busytrap::core
