#pragma once
// CowrieJsonWriter: one JSON object per line, field for field as Cowrie writes cowrie.json.
// CowrieFlavor::kCurrent follows the Cowrie of 2019 onwards (the real sample in
// shared/data/real): connect events carry "protocol", the other events end with
// sensor/timestamp/src_ip/session, session.closed has "duration_ms". CowrieFlavor::k2017
// follows the Cowrie of the paper's time: no "protocol", a "system" field naming the Twisted
// transport ("CowrieTelnetTransport,N,IP") and "isError":0 on every event, and "duration" in
// seconds. Every string is escaped as Python's json module escapes it.
#include <string>

#include "gen/event_writer.h"
#include "gen/timestamp_formatter.h"

namespace busytrap::gen {

enum class CowrieFlavor { k2017, kCurrent };

class CowrieJsonWriter final : public EventWriter {
 public:
  CowrieJsonWriter(CowrieFlavor flavor, std::string sensor, std::string dst_ip);
  void write(const GenEvent& event, OutputBuffer& out) override;

 private:
  void write_connect(const GenEvent& event, OutputBuffer& out);
  void write_string_field(std::string_view name, std::string_view value, OutputBuffer& out);
  // ,"sensor":"…","timestamp":"<time>" — the sensor part is escaped once, up front.
  void write_sensor_and_time(std::int64_t time_us, OutputBuffer& out);
  // The fields after "message" (and the closing brace and newline).
  void write_tail(const GenEvent& event, OutputBuffer& out);

  CowrieFlavor flavor_;
  std::string sensor_field_;  // ,"sensor":"<escaped name>","timestamp":"
  std::string dst_ip_;
  TimestampFormatter timestamps_;
};

}  // namespace busytrap::gen
