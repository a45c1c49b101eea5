#pragma once
// Event: one record of the event log, as Cowrie defines it (eventid, timestamp, session,
// src_ip, message) plus the event's own fields in the order they are written. The honeypot,
// its shell and its sinks all speak this type; the JSON form is Cowrie's (docs/LOG-FORMAT.md).
// Field values are byte strings (not necessarily UTF-8), integers, floats or booleans.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace busytrap::core {

using FieldValue = std::variant<std::string, std::int64_t, double, bool>;

struct Event {
  std::string eventid;         // e.g. "cowrie.command.input"
  std::int64_t timestamp_us{};  // UTC microseconds since the epoch
  std::string session;         // 12 lowercase hex characters
  std::string src_ip;
  std::string message;
  std::vector<std::pair<std::string, FieldValue>> fields;

  Event& with(std::string name, FieldValue value) {
    fields.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace busytrap::core
