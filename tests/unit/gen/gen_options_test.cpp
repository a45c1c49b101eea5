#include "gen/gen_options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace busytrap::gen {
namespace {

std::string error_of(GenArguments arguments) {
  const auto parsed = parse_gen_arguments(arguments);
  const auto* message = std::get_if<std::string>(&parsed);
  return message ? *message : std::string();
}

TEST(GenOptions, DefaultsAreThePapersWeek) {
  const auto parsed = parse_gen_arguments(GenArguments{});
  ASSERT_TRUE(std::holds_alternative<GenOptions>(parsed));
  const auto& options = std::get<GenOptions>(parsed);
  EXPECT_EQ(options.records, 100'000u);
  EXPECT_EQ(options.seed, 1u);
  EXPECT_EQ(options.start_us, 1'504'224'000'000'000);  // 2017-09-01T00:00:00Z
  EXPECT_EQ(options.span_us, 7 * 86'400'000'000LL);
  EXPECT_EQ(options.format, GenFormat::kCowrieJson);
  EXPECT_EQ(options.concurrency, 64u);
}

TEST(GenOptions, AcceptsGoodValues) {
  const GenArguments arguments{.records = "0",
                               .seed = "18446744073709551615",
                               .start = "2019-07-08",
                               .days = "0.5",
                               .format = "cowrie-text",
                               .cowrie_version = "2017"};
  const auto parsed = parse_gen_arguments(arguments);
  ASSERT_TRUE(std::holds_alternative<GenOptions>(parsed)) << error_of(arguments);
  const auto& options = std::get<GenOptions>(parsed);
  EXPECT_EQ(options.records, 0u);
  EXPECT_EQ(options.span_us, 43'200'000'000LL);
  EXPECT_EQ(options.format, GenFormat::kCowrieText);
  EXPECT_EQ(options.flavor, CowrieFlavor::k2017);
  EXPECT_EQ(options.seed, UINT64_MAX);
}

TEST(GenOptions, RejectsHostileValuesNamingTheOption) {
  const auto check = [](std::string GenArguments::*field, const std::vector<std::string>& values,
                        const std::string& option) {
    for (const std::string& value : values) {
      GenArguments arguments;
      arguments.*field = value;
      const std::string message = error_of(arguments);
      EXPECT_NE(message.find(option), std::string::npos) << value << " gave: '" << message << "'";
    }
  };
  check(&GenArguments::records, {"-1", "", "abc", "1e3", "12x", "100000000001", "99999999999999999999999"},
        "--records");
  check(&GenArguments::days, {"0", "-1", "nan", "inf", "36601", "x", ""}, "--days");
  check(&GenArguments::start,
        {"2017-13-01", "yesterday", "", "2017-09-01T00:00:00Zjunk", "1969-12-31", "9999-12-31"}, "--start");
  check(&GenArguments::concurrency, {"0", "-5", "100001"}, "--concurrency");
  check(&GenArguments::seed, {"-1", "0x10"}, "--seed");
  check(&GenArguments::format, {"xml", ""}, "--format");
  check(&GenArguments::cowrie_version, {"2016"}, "--cowrie-version");
  check(&GenArguments::sensor, {""}, "--sensor");
}

}  // namespace
}  // namespace busytrap::gen
