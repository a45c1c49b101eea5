#include "gen/timestamp_formatter.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "core/timestamp.h"
#include "gen/xoshiro256.h"

namespace busytrap::gen {
namespace {

TEST(TimestampFormatter, MatchesCoreFormatterAcrossDaysAndYears) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  std::string expected;
  {
    OutputBuffer out(fileno(file));
    TimestampFormatter formatter;
    Xoshiro256 rng(42);
    for (int i = 0; i < 2000; ++i) {
      const auto micros = static_cast<std::int64_t>(rng.next() % 253'402'300'799'999'999ULL);  // < year 10000
      formatter.append_cowrie_json(out, micros);
      formatter.append_cowrie_text(out, micros);
      const std::string iso = core::format_iso8601(micros);
      expected += iso;
      expected += iso.substr(0, 19) + "+0000";
    }
    out.flush();
  }
  std::string written(expected.size(), '\0');
  std::rewind(file);
  ASSERT_EQ(std::fread(written.data(), 1, written.size(), file), written.size());
  std::fclose(file);
  EXPECT_EQ(written, expected);
}

}  // namespace
}  // namespace busytrap::gen
