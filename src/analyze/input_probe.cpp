#include "analyze/input_probe.h"

#include "analyze/chunk_input.h"
#include "analyze/cowrie_text_reader.h"

namespace busytrap::analyze {
namespace {

constexpr std::size_t kSampleLines = 32;

std::int64_t first_json_timestamp(std::string_view prefix) {
  std::int64_t found = core::kNoTimestamp;
  for_each_line(prefix, [&](std::string_view line, std::uint64_t) {
    if (found != core::kNoTimestamp) return;
    const std::size_t at = line.find("\"timestamp\"");
    if (at == std::string_view::npos) return;
    const std::size_t quote = line.find('"', line.find(':', at + 11));
    if (quote == std::string_view::npos) return;
    found = core::parse_iso8601(line.substr(quote + 1)).value_or(core::kNoTimestamp);
  });
  return found;
}

std::int64_t first_text_timestamp(std::string_view prefix) {
  std::int64_t found = core::kNoTimestamp;
  for_each_line(prefix, [&](std::string_view line, std::uint64_t) {
    TextLogLine parsed;
    if (found == core::kNoTimestamp && parse_text_log_line(line, parsed)) found = parsed.timestamp;
  });
  return found;
}

}  // namespace

InputProbe probe_input(std::string_view prefix, InputFormat forced) noexcept {
  InputProbe probe;
  std::size_t json = 0, text = 0, other = 0, sampled = 0;
  for_each_line(prefix, [&](std::string_view line, std::uint64_t) {
    std::size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\0')) ++i;
    if (i == line.size() || sampled >= kSampleLines) return;
    ++sampled;
    TextLogLine parsed;
    if (line[i] == '{') ++json;
    else if (parse_text_log_line(line, parsed)) ++text;
    else ++other;
  });
  probe.empty = sampled == 0;

  std::size_t control = 0;
  for (const char c : prefix) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\x1b') ++control;
  }
  probe.binary = !prefix.empty() && control * 10 > prefix.size();

  if (forced != InputFormat::Auto) probe.format = forced;
  else if (json > 0 && json >= text && json >= other) probe.format = InputFormat::CowrieJson;
  else if (text > 0 && text >= other) probe.format = InputFormat::CowrieText;
  else probe.format = InputFormat::Plain;

  if (probe.format == InputFormat::CowrieJson) probe.first_timestamp = first_json_timestamp(prefix);
  if (probe.format == InputFormat::CowrieText) probe.first_timestamp = first_text_timestamp(prefix);
  return probe;
}

}  // namespace busytrap::analyze
