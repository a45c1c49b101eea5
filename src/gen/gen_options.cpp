#include "gen/gen_options.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

#include "core/timestamp.h"

namespace busytrap::gen {
namespace {

std::optional<std::uint64_t> parse_count(std::string_view text, std::uint64_t max) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value > max) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> parse_days(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) ||
      value <= 0 || value > GenOptions::kMaxDays) {
    return std::nullopt;
  }
  return value;
}

std::string bad(std::string_view option, std::string_view value, std::string_view expected) {
  std::string message = "--";
  message.append(option).append(": invalid value '").append(value).append("': expected ").append(expected);
  return message;
}

}  // namespace

std::variant<GenOptions, std::string> parse_gen_arguments(const GenArguments& arguments) {
  GenOptions options;
  if (const auto records = parse_count(arguments.records, GenOptions::kMaxRecords)) {
    options.records = *records;
  } else {
    return bad("records", arguments.records, "a whole number from 0 to 100000000000");
  }
  if (const auto seed = parse_count(arguments.seed, UINT64_MAX)) {
    options.seed = *seed;
  } else {
    return bad("seed", arguments.seed, "a whole number from 0 to 18446744073709551615");
  }
  if (const auto concurrency = parse_count(arguments.concurrency, GenOptions::kMaxConcurrency);
      concurrency && *concurrency > 0) {
    options.concurrency = static_cast<std::uint32_t>(*concurrency);
  } else {
    return bad("concurrency", arguments.concurrency, "a whole number from 1 to 100000");
  }
  if (const auto days = parse_days(arguments.days)) {
    options.span_us = std::max<std::int64_t>(1, std::llround(*days * 86'400'000'000.0));
  } else {
    return bad("days", arguments.days, "a number of days above 0 and at most 36600 (e.g. 7 or 0.5)");
  }
  // The whole string must be a timestamp, and the span must end before year 10000.
  const auto start = core::parse_iso8601(arguments.start);
  constexpr std::int64_t kYear10000 = core::days_from_civil(10000, 1, 1) * 86'400'000'000LL;
  if (!start || core::iso8601_length(arguments.start) != arguments.start.size() || *start < 0 ||
      *start > kYear10000 - options.span_us) {
    return bad("start", arguments.start,
               "an ISO-8601 UTC time from 1970 on, e.g. 2017-09-01T00:00:00Z or 2017-09-01");
  }
  options.start_us = *start;
  if (arguments.format == "cowrie-json") {
    options.format = GenFormat::kCowrieJson;
  } else if (arguments.format == "cowrie-text") {
    options.format = GenFormat::kCowrieText;
  } else {
    return bad("format", arguments.format, "cowrie-json or cowrie-text");
  }
  if (arguments.cowrie_version == "current") {
    options.flavor = CowrieFlavor::kCurrent;
  } else if (arguments.cowrie_version == "2017") {
    options.flavor = CowrieFlavor::k2017;
  } else {
    return bad("cowrie-version", arguments.cowrie_version, "2017 or current");
  }
  if (arguments.sensor.empty() || arguments.sensor.size() > 256) {
    return bad("sensor", arguments.sensor, "a name of 1 to 256 bytes");
  }
  options.sensor = arguments.sensor;
  return options;
}

}  // namespace busytrap::gen
