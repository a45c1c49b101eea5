#include "gen/output_buffer.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <string>
#include <system_error>

namespace busytrap::gen {
namespace {

std::string read_all(std::FILE* file) {
  std::string bytes;
  std::rewind(file);
  char chunk[4096];
  std::size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0) bytes.append(chunk, n);
  return bytes;
}

// What a JSON parser returns for a byte escaped by append_json_escaped: the byte itself for
// ASCII, the UTF-8 encoding of U+0080..U+00FF for the others (Latin-1 reading).
std::string latin1_to_utf8(const std::string& bytes) {
  std::string out;
  for (const unsigned char c : bytes) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

TEST(OutputBuffer, EscapesEveryByteIntoValidJson) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  using namespace std::string_literals;
  all += "\\x7f\\x45 \"quoted\" \x00 end"s;
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    OutputBuffer out(fileno(file));
    out.append("{\"input\":\"");
    out.append_json_escaped(all);
    out.append("\"}");
    out.flush();
  }
  const std::string json = read_all(file);
  std::fclose(file);
  for (const unsigned char c : json) EXPECT_GE(c, 0x20) << "raw control byte in JSON";
  EXPECT_NE(json.find(R"(\\x7f\\x45 \"quoted\" \u0000 end)"), std::string::npos);
  EXPECT_NE(json.find(R"(\u0000\u0001)"), std::string::npos);
  EXPECT_NE(json.find(R"(\t\n\u000b\f\r)"), std::string::npos);

  EXPECT_EQ("{\"input\":\"" + json_escaped(all) + "\"}", json);

  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  std::string_view decoded;
  ASSERT_EQ(parser.parse(padded)["input"].get(decoded), simdjson::SUCCESS);
  EXPECT_EQ(std::string(decoded), latin1_to_utf8(all));
}

TEST(OutputBuffer, LongAppendsAndManyFlushesKeepEveryByte) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  std::string expected;
  {
    OutputBuffer out(fileno(file), 1);  // capacity is raised to kMaxReserve
    const std::string big(OutputBuffer::kMaxReserve * 3 + 17, 'x');
    for (int i = 0; i < 5; ++i) {
      out.append(big);
      out.append_uint(static_cast<std::uint64_t>(i) * 1'000'000'007ULL);
      expected += big + std::to_string(static_cast<std::uint64_t>(i) * 1'000'000'007ULL);
    }
    out.append_uint(UINT64_MAX);
    expected += std::to_string(UINT64_MAX);
    EXPECT_EQ(out.total_bytes(), expected.size());
    out.flush();
  }
  EXPECT_EQ(read_all(file), expected);
  std::fclose(file);
}

TEST(OutputBuffer, ReportsWriteErrors) {
  std::FILE* file = std::fopen("/dev/full", "w");
  ASSERT_NE(file, nullptr);
  OutputBuffer out(fileno(file));
  out.append("some bytes");
  EXPECT_THROW(out.flush(), std::system_error);
  std::fclose(file);
}

}  // namespace
}  // namespace busytrap::gen
