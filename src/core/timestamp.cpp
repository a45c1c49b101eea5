#include "core/timestamp.h"

#include <cstdio>
#include <cstring>

namespace busytrap::core {
namespace {

bool read_digits(std::string_view s, std::size_t pos, std::size_t count, int& value) noexcept {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  value = v;
  return true;
}

struct Parsed {
  std::int64_t micros;
  std::size_t length;
};

// Logs hold runs of lines stamped within the same second: remember the last
// "YYYY-MM-DDTHH:MM:SS" seen by this thread and its value, and skip re-parsing it. When the
// second changes the day mostly does not: the last "YYYY-MM-DD" and its day number likewise.
struct SecondCache {
  char text[19] = {};
  std::int64_t seconds = 0;
  bool valid = false;
};
struct DayCache {
  char text[10] = {};
  std::int64_t days = 0;
  bool valid = false;
};

bool is_digit(char c) noexcept { return static_cast<unsigned char>(c - '0') < 10; }

std::optional<Parsed> parse(std::string_view s) noexcept {
  thread_local SecondCache cache;
  thread_local DayCache day_cache;
  int year, month, day, hour = 0, minute = 0, second = 0;
  std::size_t pos = 10;
  std::int64_t micros = 0;
  std::int64_t whole_seconds = 0;
  const bool has_time = s.size() >= 19 && (s[10] == 'T' || s[10] == ' ');
  if (has_time && cache.valid && std::memcmp(s.data(), cache.text, 19) == 0) {
    // Cowrie's own ".ffffffZ" (what nearly every line has) without the general loops below.
    if (s.size() >= 27 && s[19] == '.' && s[26] == 'Z' && is_digit(s[20]) && is_digit(s[21]) && is_digit(s[22]) &&
        is_digit(s[23]) && is_digit(s[24]) && is_digit(s[25])) {
      const std::int64_t fraction = (s[20] - '0') * 100000 + (s[21] - '0') * 10000 + (s[22] - '0') * 1000 +
                                    (s[23] - '0') * 100 + (s[24] - '0') * 10 + (s[25] - '0');
      return Parsed{cache.seconds * 1'000'000 + fraction, 27};
    }
    whole_seconds = cache.seconds;
  } else {
    std::int64_t days;
    if (s.size() >= 10 && day_cache.valid && std::memcmp(s.data(), day_cache.text, 10) == 0) {
      days = day_cache.days;
    } else {
      if (!read_digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !read_digits(s, 5, 2, month) ||
          s[7] != '-' || !read_digits(s, 8, 2, day)) {
        return std::nullopt;
      }
      if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
      days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
      std::memcpy(day_cache.text, s.data(), 10);
      day_cache.days = days;
      day_cache.valid = true;
    }
    const bool time_ok = has_time && read_digits(s, 11, 2, hour) && s[13] == ':' && read_digits(s, 14, 2, minute) &&
                         s[16] == ':' && read_digits(s, 17, 2, second);
    if (time_ok && (hour > 23 || minute > 59 || second > 60)) return std::nullopt;
    if (!time_ok) return Parsed{days * 86400 * 1'000'000, pos};
    whole_seconds = days * 86400 + hour * 3600 + minute * 60 + second;
    std::memcpy(cache.text, s.data(), 19);
    cache.seconds = whole_seconds;
    cache.valid = true;
  }
  pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 6) {
        micros = micros * 10 + (s[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    for (; digits < 6; ++digits) micros *= 10;
  }
  std::int64_t offset_seconds = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    int oh, om;
    if (read_digits(s, pos + 1, 2, oh)) {
      std::size_t p = pos + 3;
      if (p < s.size() && s[p] == ':') ++p;
      if (read_digits(s, p, 2, om)) {
        offset_seconds = sign * (oh * 3600 + om * 60);
        pos = p + 2;
      }
    }
  }
  micros -= offset_seconds * 1'000'000;
  return Parsed{whole_seconds * 1'000'000 + micros, pos};
}

}  // namespace

std::optional<std::int64_t> parse_iso8601(std::string_view text) noexcept {
  const auto parsed = parse(text);
  if (!parsed) return std::nullopt;
  return parsed->micros;
}

std::optional<std::int64_t> parse_iso8601_prefix(std::string_view text, std::size_t& length) noexcept {
  const auto parsed = parse(text);
  length = parsed ? parsed->length : 0;
  if (!parsed) return std::nullopt;
  return parsed->micros;
}

std::size_t iso8601_length(std::string_view text) noexcept {
  const auto parsed = parse(text);
  return parsed ? parsed->length : 0;
}

void append_iso8601(std::string& out, std::int64_t micros) {
  std::int64_t seconds = micros >= 0 ? micros / 1'000'000 : (micros - 999'999) / 1'000'000;
  const std::int64_t frac = micros - seconds * 1'000'000;
  std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const std::int64_t sod = seconds - days * 86400;
  // civil_from_days (Howard Hinnant)
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[40];
  const int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                              static_cast<long long>(y), m, d, static_cast<long long>(sod / 3600),
                              static_cast<long long>(sod / 60 % 60), static_cast<long long>(sod % 60),
                              static_cast<long long>(frac));
  out.append(buf, static_cast<std::size_t>(n));
}

std::string format_iso8601(std::int64_t micros) {
  std::string out;
  append_iso8601(out, micros);
  return out;
}

}  // namespace busytrap::core
