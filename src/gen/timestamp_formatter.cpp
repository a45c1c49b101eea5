#include "gen/timestamp_formatter.h"

#include <cstring>
#include <string>

#include "core/timestamp.h"

namespace busytrap::gen {
namespace {

void two_digits(char* at, std::int64_t value) {
  at[0] = static_cast<char>('0' + value / 10);
  at[1] = static_cast<char>('0' + value % 10);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::int64_t TimestampFormatter::write_seconds(char* at, std::int64_t micros) {
  const std::int64_t seconds = floor_div(micros, 1'000'000);
  const std::int64_t day = floor_div(seconds, 86'400);
  if (day != cached_day_) {
    const std::string date = core::format_iso8601(day * 86'400'000'000);
    std::memcpy(cached_date_, date.data(), sizeof cached_date_);
    cached_day_ = day;
  }
  const std::int64_t second_of_day = seconds - day * 86'400;
  std::memcpy(at, cached_date_, sizeof cached_date_);
  two_digits(at + 11, second_of_day / 3600);
  at[13] = ':';
  two_digits(at + 14, second_of_day / 60 % 60);
  at[16] = ':';
  two_digits(at + 17, second_of_day % 60);
  return micros - seconds * 1'000'000;
}

void TimestampFormatter::append_cowrie_json(OutputBuffer& out, std::int64_t micros) {
  char text[27];
  std::int64_t fraction = write_seconds(text, micros);
  text[19] = '.';
  for (int i = 25; i >= 20; --i) {
    text[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  text[26] = 'Z';
  out.append(std::string_view(text, sizeof text));
}

void TimestampFormatter::append_cowrie_text(OutputBuffer& out, std::int64_t micros) {
  char text[24];
  write_seconds(text, micros);
  std::memcpy(text + 19, "+0000", 5);
  out.append(std::string_view(text, sizeof text));
}

}  // namespace busytrap::gen
