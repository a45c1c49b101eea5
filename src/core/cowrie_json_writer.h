#pragma once
// CowrieJsonWriter: turns a core::Event into one line of Cowrie's JSON event log:
//
//   {"eventid":"cowrie.command.input","input":"uname -a","message":"CMD: uname -a",
//    "sensor":"busytrap","timestamp":"2019-07-08T09:57:26.072356Z","src_ip":"1.2.3.4",
//    "session":"08a27a5431bc"}\n
//
// Order: eventid, the event's own fields in the order they were added, message, sensor,
// timestamp, src_ip, session (Cowrie's order for all but session.connect). Strings are escaped
// by core::append_json_string (lossless for binary: invalid UTF-8 bytes become \udcXX, see
// core/json_escape.h and docs/LOG-FORMAT.md). Integers are written in decimal, doubles in their
// shortest round-trip form (non-finite ones as null), booleans as true/false.
//
// Usage:
//   core::CowrieJsonWriter writer("my-sensor");
//   std::string buffer;
//   writer.append_line(buffer, event);   // appends the JSON object and '\n'
//
// The writer holds only the sensor name; it is immutable after construction and safe to use
// from several threads at once. append_line() only grows the caller's buffer (no other
// allocation), so a caller reusing one buffer formats events without allocating.
#include <string>

#include "core/event.h"

namespace busytrap::core {

class CowrieJsonWriter {
 public:
  explicit CowrieJsonWriter(std::string sensor);

  // Appends the event as one JSON object followed by '\n'.
  void append_line(std::string& out, const Event& event) const;

  // The same line as a new string (convenience for tests and one-off use).
  std::string line(const Event& event) const;

  const std::string& sensor() const noexcept { return sensor_; }

 private:
  std::string sensor_;
};

// Appends one field value in JSON (string escaped and quoted, number, true/false/null).
void append_json_value(std::string& out, const FieldValue& value);

}  // namespace busytrap::core
