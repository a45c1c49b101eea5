#include "sink/cast_writer.h"

#include <openssl/sha.h>

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>

#include "sink/cast_reader.h"
#include "sink_test_support.h"

namespace busytrap::sink {
namespace {

constexpr std::int64_t kStart = 1562579846000000;  // 2019-07-08T09:57:26Z

std::string sha256_hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

// A Mirai-like dialogue: IAC negotiation, prompts, UTF-8, an ELF header, random binary.
struct Recording {
  std::string output;  // every output byte, in order
  std::string all;     // output and input interleaved, in order
};

Recording record_session(CastWriter& cast) {
  Recording rec;
  std::mt19937 rng(99);
  std::string binary(3000, '\0');
  for (auto& c : binary) c = static_cast<char>(rng() % 256);
  const std::pair<char, std::string> steps[] = {
      {'o', "\xff\xfd\x01\xff\xfd\x1f\xff\xfb\x01\xff\xfb\x03"},
      {'o', "\r\nDVR login: "},
      {'i', "root\r\n"},
      {'o', "Password: "},
      {'i', "xc3511\r\n"},
      {'o', "\r\n\x1b[0m# "},
      {'i', "cat /bin/echo; echo \"caf\xc3\xa9\"\r\n"},
      {'o', std::string("\x7f" "ELF\x01\x01\x01\x00\x00\x00", 10) + binary + "\r\ncaf\xc3\xa9\r\n# "},
  };
  std::int64_t t = kStart;
  for (const auto& [type, data] : steps) {
    t += 250000;
    if (type == 'o') {
      cast.output(t, data);
      rec.output += data;
    } else {
      cast.input(t, data);
    }
    rec.all += data;
  }
  return rec;
}

TEST(CastWriter, WritesValidAsciicastThatJqParses) {
  test::TempDir dir;
  CastWriter cast({.directory = dir / "tty"});
  ASSERT_TRUE(cast.open("08a27a5431bc", kStart, 100, 30, "vt100", "busytrap session")) << cast.error();
  record_session(cast);
  const auto summary = cast.close(kStart + 2'500'000);
  ASSERT_TRUE(summary.has_value());
  const auto path = dir / "tty" / "08a27a5431bc.cast";
  EXPECT_EQ(summary->path, path);
  const std::string content = test::read_file(path);
  EXPECT_EQ(summary->size, content.size());
  EXPECT_EQ(summary->shasum, sha256_hex(content));
  EXPECT_EQ(summary->duration_us, 2'500'000);
  EXPECT_FALSE(summary->truncated);
  // Every line is JSON; the header is asciinema's v2 header.
  const auto header = test::run_command("head -1 " + path.string() + " | jq -c '[.version,.width,.height,.timestamp,.env.TERM,.title]'");
  EXPECT_EQ(header.out, "[2,100,30,1562579846,\"vt100\",\"busytrap session\"]\n");
  const auto lines = test::run_command("jq -c 'if type == \"array\" then .[0:2] else \"header\" end' " + path.string());
  ASSERT_EQ(lines.exit_code, 0);
  EXPECT_EQ(lines.out,
            "\"header\"\n[0.25,\"o\"]\n[0.5,\"o\"]\n[0.75,\"i\"]\n[1,\"o\"]\n[1.25,\"i\"]\n[1.5,\"o\"]\n"
            "[1.75,\"i\"]\n[2,\"o\"]\n");
}

TEST(CastWriter, ReplayReproducesTheRecordedBytes) {
  test::TempDir dir;
  CastWriter cast({.directory = dir.path()});
  ASSERT_TRUE(cast.open("abcdef012345", kStart));
  const Recording rec = record_session(cast);
  ASSERT_TRUE(cast.close(kStart + 3'000'000));
  const std::string file = (dir / "abcdef012345.cast").string();
  const std::string binary = BUSYTRAP_BINARY;
  const auto output = test::run_command(binary + " replay --no-wait " + file);
  ASSERT_EQ(output.exit_code, 0);
  EXPECT_EQ(output.out, rec.output);
  const auto with_input = test::run_command(binary + " replay --raw --input " + file);
  ASSERT_EQ(with_input.exit_code, 0);
  EXPECT_EQ(with_input.out, rec.all);
  // The library reader agrees.
  std::string error;
  const auto parsed = parse_cast(test::read_file(file), error);
  ASSERT_TRUE(parsed) << error;
  std::string outputs;
  for (const auto& e : parsed->events) {
    if (e.type == "o") outputs += e.data;
  }
  EXPECT_EQ(outputs, rec.output);
}

TEST(CastWriter, ReplayKeepsTimingScaledAndCapped) {
  test::TempDir dir;
  CastWriter cast({.directory = dir.path()});
  ASSERT_TRUE(cast.open("timing", kStart));
  cast.output(kStart + 400'000, "a");
  cast.output(kStart + 800'000, "b");
  cast.output(kStart + 100'000'000, "c");  // a 99 s pause, capped by --max-wait
  ASSERT_TRUE(cast.close(kStart + 100'000'000));
  const std::string command = std::string(BUSYTRAP_BINARY) + " replay --speed 4 --max-wait 0.1 " + (dir / "timing.cast").string();
  const auto start = std::chrono::steady_clock::now();
  const auto result = test::run_command(command);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(result.out, "abc");
  // 0.1 + 0.1 (0.4 s each at 4x) + 0.1 (capped) = 0.3 s.
  EXPECT_GE(elapsed, std::chrono::milliseconds(280));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST(CastWriter, StopsAtMaxBytesWithAMarker) {
  test::TempDir dir;
  CastWriter cast({.directory = dir.path(), .max_bytes = 4096, .buffer_bytes = 512});
  ASSERT_TRUE(cast.open("bounded", kStart));
  std::string sent;
  for (int i = 0; i < 1000; ++i) {
    const std::string chunk = "line " + std::to_string(i) + " \xff\x01\r\n";
    cast.output(kStart + i * 1000, chunk);
    sent += chunk;
  }
  const auto summary = cast.close(kStart + 1'000'000);
  ASSERT_TRUE(summary);
  EXPECT_TRUE(summary->truncated);
  const std::string content = test::read_file(dir / "bounded.cast");
  EXPECT_LE(content.size(), 4096u);
  EXPECT_GT(content.size(), 3500u);  // the limit is used, not wasted
  EXPECT_EQ(summary->size, content.size());
  const auto last = test::run_command("tail -1 " + (dir / "bounded.cast").string() + " | jq -r '.[1] + \" \" + .[2]'");
  EXPECT_EQ(last.out, "m busytrap: transcript truncated at 4096 bytes\n");
  EXPECT_EQ(test::run_command("jq -c . " + (dir / "bounded.cast").string() + " >/dev/null").exit_code, 0);
  // What was kept is an exact prefix of what was sent.
  const auto replayed = test::run_command(std::string(BUSYTRAP_BINARY) + " replay --no-wait " + (dir / "bounded.cast").string() + " 2>/dev/null");
  EXPECT_EQ(replayed.exit_code, 0);
  EXPECT_GT(replayed.out.size(), 1000u);
  EXPECT_EQ(sent.substr(0, replayed.out.size()), replayed.out);
}

TEST(CastWriter, AFailingWriteStopsCleanlyWithWholeLines) {
  test::TempDir dir;
  CastWriter cast({.directory = dir.path(), .max_bytes = 1 << 20, .buffer_bytes = 512});
  ASSERT_TRUE(cast.open("diskfull", kStart));
  {
    test::FileSizeLimit limit(3000);
    for (int i = 0; i < 200; ++i) cast.output(kStart + i, "output line " + std::to_string(i) + "\r\n");
  }
  EXPECT_NE(cast.error().find("File too large"), std::string::npos) << cast.error();
  const auto summary = cast.close(kStart + 1000);
  ASSERT_TRUE(summary);
  const std::string content = test::read_file(dir / "diskfull.cast");
  EXPECT_EQ(summary->size, content.size());
  EXPECT_EQ(summary->shasum, sha256_hex(content));
  EXPECT_LE(content.size(), 3000u);
  ASSERT_FALSE(content.empty());
  EXPECT_EQ(content.back(), '\n');
  EXPECT_EQ(test::run_command("jq -c . " + (dir / "diskfull.cast").string() + " >/dev/null").exit_code, 0);
}

TEST(CastWriter, RefusesUnsafeNamesAndNeverOverwrites) {
  test::TempDir dir;
  CastWriter cast({.directory = dir.path()});
  EXPECT_FALSE(cast.open("../escape", kStart));
  EXPECT_FALSE(cast.open("", kStart));
  EXPECT_FALSE(cast.is_open());
  test::write_file(dir / "taken.cast", "recorded\n");
  EXPECT_FALSE(cast.open("taken", kStart));
  EXPECT_NE(cast.error().find("File exists"), std::string::npos) << cast.error();
  EXPECT_EQ(test::read_file(dir / "taken.cast"), "recorded\n");
  cast.output(kStart, "ignored");  // nothing open: a no-op, not a crash
  EXPECT_FALSE(cast.close(kStart));
}

// asciinema's own form of the times: seconds, a point and always six digits of microseconds.
TEST(CastWriter, TimesHaveSixFractionDigits) {
  test::TempDir dir;
  CastWriter cast({.directory = dir.path()});
  ASSERT_TRUE(cast.open("digits", kStart));
  cast.output(kStart, "a");
  cast.output(kStart + 1'000'005, "b");
  cast.input(kStart + 123'456'789'012, "c");
  ASSERT_TRUE(cast.close(kStart + 123'456'789'012));
  EXPECT_EQ(test::run_command("tail -n +2 " + (dir / "digits.cast").string()).out,
            "[0.000000, \"o\", \"a\"]\n[1.000005, \"o\", \"b\"]\n[123456.789012, \"i\", \"c\"]\n");
}

TEST(CastWriter, TimeNeverGoesBackwards) {
  test::TempDir dir;
  CastWriter cast({.directory = dir.path()});
  ASSERT_TRUE(cast.open("clock", kStart));
  cast.output(kStart + 2'000'000, "a");
  cast.output(kStart + 1'000'000, "b");  // the caller's clock stepped back
  cast.output(kStart - 5'000'000, "c");
  ASSERT_TRUE(cast.close(kStart + 3'000'000));
  EXPECT_EQ(test::run_command("tail -n +2 " + (dir / "clock.cast").string() + " | jq -c '.[0]'").out, "2\n2\n2\n");
}

TEST(CastReader, RejectsMalformedTranscripts) {
  const char* bad[] = {
      "",
      "not json\n",
      "{\"version\": 1, \"width\": 80, \"height\": 24}\n",
      "{\"version\": 2, \"height\": 24}\n",
      "{\"version\": 2, \"width\": 80, \"height\": 24}\n[1.0, \"o\"]\n",
      "{\"version\": 2, \"width\": 80, \"height\": 24}\n[-1, \"o\", \"x\"]\n",
      "{\"version\": 2, \"width\": 80, \"height\": 24}\n[1, \"o\", \"x\"] trailing\n",
      "{\"version\": 2, \"width\": 80, \"height\": 24}\n[1, \"o\", \"\\ud800\"]\n",
      "{\"version\": 2, \"width\": 80, \"height\": 24}\n{\"a\": 1}\n",
      "{\"version\": 2, \"width\": 80, \"height\": 24}\n[1, \"o\", \"x\"\n",
  };
  for (const char* text : bad) {
    std::string error;
    EXPECT_FALSE(parse_cast(text, error)) << text;
    EXPECT_FALSE(error.empty()) << text;
  }
  std::string error;
  const auto ok = parse_cast("{\"version\": 2, \"width\": 80, \"height\": 24, \"idle_time_limit\": 1.5}\r\n\n[0.5, \"o\", \"\\udc80ok\"]\n", error);
  ASSERT_TRUE(ok) << error;
  EXPECT_EQ(ok->header.idle_time_limit, 1.5);
  ASSERT_EQ(ok->events.size(), 1u);
  EXPECT_EQ(ok->events[0].data, "\x80ok");
}

}  // namespace
}  // namespace busytrap::sink
