// The JSON reader's plain-ASCII fast path: what it accepts, what it leaves to the full parser,
// and that the reader's results are the same with and without it on awkward and hostile lines.
#include "analyze/plain_json_object.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <sstream>
#include <utility>
#include <vector>

#include "analyze/analysis.h"
#include "analyze/chunk_builder.h"
#include "analyze/chunk_input.h"
#include "analyze/cowrie_json_reader.h"
#include "analyze/report/analyze_report.h"
#include "analyze/report/report_format.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

using Members = std::vector<std::pair<std::string, std::string>>;

bool scan(std::string_view line, Members& members) {
  static PlainJsonObject object;
  members.clear();
  std::string_view values[64];
  std::string keys[64];
  std::size_t count = 0;
  const bool ok = object.scan(line, [&](std::string_view key) -> std::string_view* {
    if (count == std::size(values)) return nullptr;
    keys[count] = std::string(key);
    return &values[count++];
  });
  for (std::size_t i = 0; i < count; ++i) members.emplace_back(keys[i], std::string(values[i]));
  return ok;
}

TEST(PlainJsonObject, ReadsTheStringMembersOfAValidFlatObject) {
  Members m;
  ASSERT_TRUE(scan(R"({"eventid":"cowrie.command.input","input":"cd /tmp; wget x","n":-1.5e+3,"ok":true,)"
                   R"("no":false,"z":null,"message":[],"o":{"a":[1,{"b":"c"}]},"session":"ab12"})",
                   m));
  // Nested members are validated but not reported, as simdjson's iteration of the object does.
  EXPECT_EQ(m, (Members{{"eventid", "cowrie.command.input"}, {"input", "cd /tmp; wget x"}, {"session", "ab12"}}));
  ASSERT_TRUE(scan(R"(  { "a" : "1" , "a":"2" }  )", m));
  EXPECT_EQ(m, (Members{{"a", "1"}, {"a", "2"}}));
  ASSERT_TRUE(scan("{}", m));
  EXPECT_TRUE(m.empty());
}

// Told that the bytes after the line may be read, scan() classifies the last partial block in
// place: whatever follows the line (quotes, backslashes, non-ASCII bytes) must change nothing.
TEST(PlainJsonObject, BytesAfterTheLineChangeNothing) {
  static PlainJsonObject object;
  for (const std::string& line : {std::string(R"({"input":"a\"b","session":"s1"})"),
                                 std::string(R"({"input":")") + std::string(70, 'x') + R"("})", std::string("{}"),
                                 std::string(R"({"a":"unterminated)")}) {
    for (const std::string& after : {std::string(64, '"'), std::string(64, '\\'), std::string(64, '\x80')}) {
      const std::string buffer = line + after;
      Members alone, followed;
      const bool ok_alone = scan(line, alone);
      std::string_view value;
      const bool ok_followed = object.scan(std::string_view(buffer.data(), line.size()), buffer.data() + buffer.size(),
                                           [&](std::string_view key) -> std::string_view* {
                                             followed.emplace_back(std::string(key), "");
                                             return &value;
                                           });
      EXPECT_EQ(ok_followed, ok_alone) << line;
      EXPECT_EQ(followed.size(), alone.size()) << line;
    }
  }
}

TEST(PlainJsonObject, DecodesEscapesInValuesNotInKeys) {
  Members m;
  ASSERT_TRUE(scan(R"({"in\u0070ut":"a\"b\\c\/d\b\f\n\r\t\u0000\u00e9\u20ac","k":"\\\""})", m));
  EXPECT_EQ(m, (Members{{"in\\u0070ut", std::string("a\"b\\c/d\b\f\n\r\t\0\xc3\xa9\xe2\x82\xac", 18)}, {"k", "\\\""}}));
  // Quotes escaped or not after runs of backslashes, across a 64-byte block boundary.
  const std::string padding(60, 'p');
  ASSERT_TRUE(scan(R"({"a":")" + padding + R"(\\\\\"x\\"})", m));
  EXPECT_EQ(m, (Members{{"a", padding + "\\\\\"x\\"}}));
}

// Strings of backslashes, quotes and letters at every offset around 64-byte block boundaries:
// accepted exactly when a plain scalar walk finds one valid string, with the same decoding.
TEST(PlainJsonObject, EscapedQuotesAgreeWithAScalarWalk) {
  std::uint64_t state = 12345;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(state >> 33);
  };
  Members m;
  for (int round = 0; round < 20000; ++round) {
    const std::string prefix(next() % 130, 'p');
    std::string content;
    const unsigned length = next() % 40;
    for (unsigned i = 0; i < length; ++i) content.push_back("\\\\\"a"[next() % 4]);
    const std::string line = R"({"k":")" + prefix + content + R"("})";
    // The reference: walk the string from its opening quote.
    std::string decoded;
    bool valid = true;
    std::size_t i = 6;
    while (true) {
      if (i >= line.size()) { valid = false; break; }
      const char c = line[i];
      if (c == '"') break;
      if (c == '\\') {
        if (i + 1 >= line.size() || (line[i + 1] != '"' && line[i + 1] != '\\')) { valid = false; break; }
        decoded.push_back(line[i + 1]);
        i += 2;
        continue;
      }
      decoded.push_back(c);
      ++i;
    }
    valid = valid && line.substr(i) == "\"}";
    ASSERT_EQ(scan(line, m), valid) << line;
    if (valid) {
      EXPECT_EQ(m, (Members{{"k", decoded}})) << line;
    }
  }
}

// Values of random escapes at every offset around 8-byte groups and 64-byte words: the groups
// of \\ and \" only (dropped with a shuffle) and the others (\n, \/, \u00e9: the escape loop),
// against the decoding written out by hand.
TEST(PlainJsonObject, DecodesEveryMixOfEscapesAsWrittenOut) {
  std::uint64_t state = 4242;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(state >> 33);
  };
  const std::pair<const char*, const char*> pieces[] = {
      {"a", "a"}, {"bc", "bc"}, {R"(\\)", "\\"}, {R"(\")", "\""}, {R"(\n)", "\n"}, {R"(\/)", "/"},
      {R"(\u00e9)", "\xc3\xa9"}, {R"(\\x6b)", "\\x6b"}};
  Members m;
  for (int round = 0; round < 5000; ++round) {
    std::string line = R"({"k":")" + std::string(next() % 70, 'p');
    std::string expected = line.substr(6);
    const unsigned count = next() % 60;
    // Mostly \\ and \" (the shuffled groups), now and then another escape.
    for (unsigned i = 0; i < count; ++i) {
      const auto& [raw, decoded] = pieces[next() % 8 < 6 ? next() % 4 : 4 + next() % 4];
      line += raw;
      expected += decoded;
    }
    line += R"("})";
    ASSERT_TRUE(scan(line, m)) << line;
    ASSERT_EQ(m, (Members{{"k", expected}})) << line;
  }
}

TEST(PlainJsonObject, LeavesEverythingElseToTheFullParser) {
  Members m;
  const char* rejected[] = {
      "",
      "   ",
      R"({"input":"a\x"})",                 // not an escape
      R"({"input":"a\u12"})",
      R"({"input":"a\u12G4"})",
      R"({"input":"a\"})",
      R"({"input":"\udcff"})",              // surrogates are the lossless decoder's
      R"({"input":"\ud83d\ude00"})",
      "{\"input\":\"caf\xc3\xa9\"}",         // non-ASCII bytes
      "{\"input\":\"a\tb\"}",                // a control byte
      "{\t\"a\":\"b\"}",                     // a tab as whitespace (valid JSON, still not plain)
      R"({"a":"b"} x)",                      // trailing bytes
      R"({"a":"b"}{"c":"d"})",
      R"({"a":"b")",                         // truncated
      R"({"a":"b)",
      R"({"a" "b"})",
      R"({"a":})",
      R"({"a":"b",})",                       // trailing comma
      R"({,"a":"b"})",
      R"({a:"b"})",
      R"({"a":01})",                         // numbers as JSON spells them, nothing else
      R"({"a":1.})",
      R"({"a":.5})",
      R"({"a":-})",
      R"({"a":1e})",
      R"({"a":+1})",
      R"({"a":tru})",
      R"({"a":nul})",
      R"({"a":[1,]})",
      R"({"a":[1 2]})",
      R"({"a":{"b"}})",
      R"({"a":[)",
      R"(["a","b"])",                        // not an object
      R"("a")",
      R"({"a":[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]})",  // deeper than kMaxPlainJsonDepth
  };
  for (const char* line : rejected) EXPECT_FALSE(scan(line, m)) << line;
}

// Cowrie's compact layout is read by direct byte checks; every place where a line leaves that
// layout hands over to the general walk, at the member or after its value, and the members
// reported and the verdict stay those of a plain JSON reading.
TEST(PlainJsonObject, LeavesTheCompactLayoutAtEveryStepWithTheSameMembers) {
  Members m;
  const Members abc{{"a", "1"}, {"b", "2"}, {"c", "3"}};
  for (const char* line : {
           R"({"a":"1","b":"2","c":"3"})",       // compact throughout
           R"({"a" :"1","b":"2","c":"3"})",      // a space before the colon
           R"({"a": "1","b":"2","c":"3"})",      // a space after the colon
           R"({"a":"1" ,"b":"2","c":"3"})",      // a space before the comma
           R"({"a":"1", "b":"2","c":"3"})",      // a space after the comma
           R"({"a":"1","b":"2","c":"3" })",      // a space before the brace
           R"({ "a":"1","b":"2","c":"3"})",
           R"({"a":"1","n":-2.5e3,"b":"2","t":true,"c":"3"})",                  // numbers, literals
           R"({"a":"1","o":{"x":"y","z":["\"",{"q":"r"}]},"b":"2","c":"3"})",  // quotes inside a value
           R"({"a":"1","e":[],"b":"2","n":0,"c":"3"})",
       }) {
    ASSERT_TRUE(scan(line, m)) << line;
    EXPECT_EQ(m, abc) << line;
  }
  for (const char* line : {
           R"({"a":"1","b":"2","c":"3)",         // an unterminated value
           R"({"a":"1","b":"2","c)",             // an unterminated key
           R"({"a":"1","b":"2","c":)",
           R"({"a":"1","b":"2","c":"3")",        // no closing brace
           R"({"a":"1","b":"2","c":"3"}})",
           R"({"a":"1","b":"2","c":"3",})",
           R"({"a":"1","b":"2""c":"3"})",
           R"({"a":"1","b":2"x","c":"3"})",
           R"({"a":"1","b":{"x":"y"]},"c":"3"})",
       }) {
    EXPECT_FALSE(scan(line, m)) << line;
  }
}

// next_line() splits exactly as chunk_input.h's next_line() does (the memchr splitter), and
// scan_marked() of each line agrees with scan() of it: lines ending on and around 64-byte
// block boundaries, "\r\n" split across blocks, lines at and past kMaxPlainJsonLine (the
// memchr tail), blank lines, a final line without '\n', with and without readable bytes after.
TEST(PlainJsonObject, NextLineSplitsAndMarksAsTheMemchrSplitterAndScanDo) {
  std::uint64_t state = 777;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(state >> 33);
  };
  const auto object_of_length = [&](std::size_t length) {
    // {"k":"xxx"} of `length` bytes (cut short below 8: invalid), with escapes now and then.
    std::string line = R"({"k":")";
    while (line.size() + 2 < length) line += next() % 9 == 0 && line.size() + 4 < length ? "\\\\" : "x";
    line += R"("})";
    return line.substr(0, length);
  };
  const std::size_t lengths[] = {0,   1,   62,  63,  64,  65,  126, 127, 128, 129, 4030, 4094, 4095, 4096,
                                 4097, 4158, 4159, 4160, 4161, 4200, 9000};
  PlainJsonObject split_object;
  for (int round = 0; round < 300; ++round) {
    std::string log;
    const unsigned count = 1 + next() % 6;
    for (unsigned i = 0; i < count; ++i) {
      const std::size_t length = lengths[next() % std::size(lengths)];
      log += next() % 5 == 0 ? std::string(length, ' ') : object_of_length(length);
      if (next() % 4 == 0) log.push_back('\r');
      if (i + 1 < count || next() % 2 == 0) log.push_back('\n');
    }
    for (const bool readable_after : {false, true}) {
      std::string buffer = log;
      if (readable_after) buffer.append(64, '"');
      const char* const end = buffer.data() + log.size();
      const char* const readable_end = buffer.data() + buffer.size();
      const char* expected_p = buffer.data();
      const char* p = buffer.data();
      while (expected_p < end) {
        const std::string_view expected = next_line(expected_p, end);
        ASSERT_LT(p, end);
        const PlainJsonObject::Line line = split_object.next_line(p, end, readable_end);
        ASSERT_EQ(line.text.data(), expected.data());
        ASSERT_EQ(line.text.size(), expected.size());
        ASSERT_EQ(line.next, expected_p);
        p = line.next;
        std::vector<std::string> split_values, alone_values;
        std::string_view value;
        const bool split_ok = split_object.scan_marked([&](std::string_view) -> std::string_view* { return &value; });
        if (split_ok) split_values.emplace_back(value);
        Members alone;
        const bool alone_ok = scan(std::string(expected), alone);
        if (alone_ok) alone_values.emplace_back(alone.front().second);
        ASSERT_EQ(split_ok, alone_ok) << expected.size();
        ASSERT_EQ(split_values, alone_values);
        ASSERT_EQ(split_ok, expected.size() <= kMaxPlainJsonLine && expected.size() >= 8 &&
                                expected.find_first_not_of(' ') != std::string_view::npos);
      }
      ASSERT_EQ(p, end);
    }
  }
}

// Values whose escapes are copied 16 bytes at a time, up to the very end of the readable bytes.
TEST(PlainJsonObject, DecodesEscapedValuesUpToTheEndOfTheReadableBytes) {
  PlainJsonObject object;
  for (std::size_t run = 0; run < 40; ++run) {
    const std::string text(run, 'r');
    const std::string line = R"({"k":")" + text + R"(\\x)" + text + R"(\")" + text + R"(\u00e9"})";
    const std::string expected = text + "\\x" + text + "\"" + text + "\xc3\xa9";
    std::string_view value;
    // The line alone in its buffer: nothing after it may be read.
    const std::string buffer = line;
    ASSERT_TRUE(object.scan(buffer, [&](std::string_view) -> std::string_view* { return &value; })) << line;
    EXPECT_EQ(value, expected);
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The whole analysis of `log` read by the JSON reader with or without the fast path, as JSON.
std::string analyze_json(const std::string& log, bool fast_path, const AnalysisOptions& options) {
  std::string buffer = log;
  buffer.append(kJsonPadding, '\0');
  ChunkResult result;
  ChunkBuilder builder(options, result);
  CowrieJsonReader reader(fast_path);
  reader.parse(ChunkInput{std::string_view(buffer.data(), log.size()), buffer.data() + buffer.size()}, builder);
  Analysis analysis(options);
  analysis.merge(result);
  analysis.finish();
  const AnalyzeReport report = build_report(analysis, PipelineReport{}, ReportLimits{}, testing::load_linux_programs());
  return render_report(report, ReportFormat::Json, false);
}

TEST(PlainJsonObject, ReaderGivesTheSameResultsWithAndWithoutTheFastPath) {
  std::string log;
  const char* lines[] = {
      R"({"eventid":"cowrie.session.connect","session":"s1","protocol":"telnet","src_ip":"1.2.3.4","timestamp":"2019-07-08T09:57:26.072356Z"})",
      R"({"eventid":"cowrie.command.input","input":"enable","session":"s1","timestamp":"2019-07-08T09:57:27Z"})",
      R"({"eventid":"cowrie.command.input","input":"sh\u0000","session":"s1","timestamp":"2019-07-08T09:57:28Z"})",
      R"({"eventid":"cowrie.command.input","input":"echo \"a;b\"; busybox ECCHI","session":"s1","timestamp":"2019-07-08T09:57:29Z"})",
      R"({"eventid":"cowrie.command.input","input":5,"input":"wget x","session":"s1","timestamp":"2019-07-08T09:57:30Z"})",
      R"({"eventid":"cowrie.command.input","input":"uname","session":{"x":"y"},"timestamp":"2019-07-08T09:57:31Z"})",
      R"({"eventid":"cowrie.command.input","input":"uname","session":"s1","timestamp":"2019-07-08T09:57:31Z"} trailing)",
      R"({"eventid":"cowrie.command.input","input":"cat /proc/cpuinfo","session":"s1","timestamp":"2019-07-08T09:57:32Z",})",
      R"({"eventid":"cowrie.command.input","input":"ls","session":"s1","timestamp":"2019-07-08T09:57:33Z","n":01})",
      R"({"eventid":"cowrie.session.params","message":[],"arch":"linux-arm","session":"s1","timestamp":"2019-07-08T09:57:34Z"})",
      R"({"eventid":"cowrie.session.closed","duration":3.2,"session":"s1","timestamp":"2019-07-08T09:57:35Z"})",
      "{\"eventid\":\"cowrie.command.input\",\"input\":\"echo \xff\",\"session\":\"s2\",\"protocol\":\"ssh\"}",
      "{\"eventid\":\"cowrie.command.input\",\"input\":\"echo\ta\",\"session\":\"s2\"}",
      R"({"eventid":"cowrie.command.input","input":"echo \udcff","session":"s2"})",
      R"({"eventid":"cowrie.command.input","input":"cd /tmp","session":"s2")",
      R"({"event\u0069d":"cowrie.command.input","input":"escaped key","session":"s2"})",
      R"(  {  "eventid" : "cowrie.command.input" , "input" : "spaced" , "session" : "s2" }  )",
      R"({"eventid":"cowrie.login.failed","username":"root","password":"xc3511","session":"s2","sensor":"a"})",
      R"({"eventid":"cowrie.session.file_download","url":"http://1.2.3.4/x.sh","shasum":"ab","session":"s2"})",
      R"(["not","an","object"])",
      R"({"eventid":"cowrie.session.closed","session":"s2"})",
      "",
      "garbage",
  };
  for (const char* line : lines) log.append(line).push_back('\n');
  log += read_file(testing::real_sample());
  AnalysisOptions options;
  EXPECT_EQ(analyze_json(log, true, options), analyze_json(log, false, options));
  options.intel = intel::IntelSelection::all();
  options.sensor = "a";
  EXPECT_EQ(analyze_json(log, true, options), analyze_json(log, false, options));
}

}  // namespace
}  // namespace busytrap::analyze
