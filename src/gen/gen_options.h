#pragma once
// GenOptions: what `busytrap gen` is asked to produce, and parse_gen_arguments(), which turns
// the command line's strings into it with a clear message for every bad value (negative or
// non-numeric counts, zero or absurd spans, unparsable start times, unknown formats).
#include <cstdint>
#include <string>
#include <variant>

#include "gen/cowrie_json_writer.h"

namespace busytrap::gen {

enum class GenFormat { kCowrieJson, kCowrieText };

struct GenOptions {
  static constexpr std::uint64_t kMaxRecords = 100'000'000'000ULL;
  static constexpr std::uint32_t kMaxConcurrency = 100'000;
  static constexpr double kMaxDays = 36'600;  // a century

  std::uint64_t records = 100'000;  // cowrie.command.input records to write
  std::uint64_t seed = 1;
  std::int64_t start_us = 1'504'224'000'000'000;  // 2017-09-01T00:00:00Z
  std::int64_t span_us = 7 * 86'400'000'000LL;
  GenFormat format = GenFormat::kCowrieJson;
  CowrieFlavor flavor = CowrieFlavor::kCurrent;
  std::string sensor = "busytrap";
  std::string dst_ip = "10.3.66.85";   // the honeypot's own address in connect events
  std::uint32_t concurrency = 64;       // sessions open at the same time
};

// The command line's values, as typed.
struct GenArguments {
  std::string records = "100000";
  std::string seed = "1";
  std::string start = "2017-09-01T00:00:00Z";
  std::string days = "7";
  std::string format = "cowrie-json";
  std::string cowrie_version = "current";
  std::string sensor = "busytrap";
  std::string concurrency = "64";
};

// The options, or a one-line message naming the offending option and value.
std::variant<GenOptions, std::string> parse_gen_arguments(const GenArguments& arguments);

}  // namespace busytrap::gen
