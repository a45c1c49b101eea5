#pragma once
// TimestampFormatter: writes the two timestamp forms of Cowrie logs straight into an
// OutputBuffer — JSON's "2017-10-07T14:53:57.761300Z" and the text log's
// "2017-10-07T14:53:57+0000" — caching the date of the last day seen, so that the common case
// is a handful of digit stores. Times are UTC microseconds since the epoch, years 0000–9999.
// Not thread-safe (the cache).
#include <cstdint>

#include "gen/output_buffer.h"

namespace busytrap::gen {

class TimestampFormatter {
 public:
  void append_cowrie_json(OutputBuffer& out, std::int64_t micros);
  void append_cowrie_text(OutputBuffer& out, std::int64_t micros);

 private:
  // Writes "YYYY-MM-DDTHH:MM:SS" (19 bytes) into `at`; returns the microsecond remainder.
  std::int64_t write_seconds(char* at, std::int64_t micros);

  std::int64_t cached_day_ = INT64_MIN;
  char cached_date_[11] = {};  // "YYYY-MM-DDT"
};

}  // namespace busytrap::gen
