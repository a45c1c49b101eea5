#include "sink/cast_reader.h"

#include <simdjson.h>

#include <cmath>
#include <utility>

#include "core/lossless_json_string.h"

namespace busytrap::sink {
namespace {

using simdjson::SUCCESS;
namespace ondemand = simdjson::ondemand;

// True once the whole document was consumed: nothing follows the top-level value.
bool at_end(ondemand::document& doc) { return doc.current_location().error() == simdjson::OUT_OF_BOUNDS; }

// Decodes a string value losslessly (\udcXX back to bytes) into `out`.
bool decode_string(ondemand::value value, std::string& out) {
  std::string scratch;
  std::string_view bytes;
  if (!core::get_lossless_string(std::move(value), scratch, bytes)) return false;
  out.assign(bytes);
  return true;
}

bool parse_header(ondemand::parser& parser, std::string_view line, CastHeader& header, std::string& what) {
  simdjson::padded_string padded(line);
  ondemand::document doc;
  ondemand::object object;
  if (parser.iterate(padded).get(doc) != SUCCESS || doc.get_object().get(object) != SUCCESS) {
    what = "the header is not a JSON object";
    return false;
  }
  std::int64_t version = 0;
  bool has_width = false, has_height = false;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key) != SUCCESS) {
      what = "the header is not valid JSON";
      return false;
    }
    ondemand::value value;
    if (field.value().get(value) != SUCCESS) {
      what = "the header is not valid JSON";
      return false;
    }
    std::int64_t number = 0;
    if (key == "version") {
      if (value.get_int64().get(version) != SUCCESS) version = -1;
    } else if (key == "width" || key == "height") {
      if (value.get_int64().get(number) != SUCCESS || number < 1 || number > 100000) {
        what = "the header's width and height must be positive integers";
        return false;
      }
      (key == "width" ? header.width : header.height) = static_cast<int>(number);
      (key == "width" ? has_width : has_height) = true;
    } else if (key == "timestamp") {
      if (value.get_int64().get(number) == SUCCESS) header.timestamp = number;
    } else if (key == "idle_time_limit") {
      double limit = 0;
      if (value.get_double().get(limit) == SUCCESS && std::isfinite(limit) && limit >= 0) {
        header.idle_time_limit = limit;
      }
    }
  }
  if (!at_end(doc)) {
    what = "the header is not valid JSON";
    return false;
  }
  if (version != 2) {
    what = "not an asciicast v2 file (the header needs \"version\": 2)";
    return false;
  }
  if (!has_width || !has_height) {
    what = "the header lacks width or height";
    return false;
  }
  return true;
}

bool parse_event(ondemand::parser& parser, std::string_view line, CastEvent& event, std::string& what) {
  what = "expected an event [time, \"type\", \"data\"]";
  simdjson::padded_string padded(line);
  ondemand::document doc;
  ondemand::array array;
  if (parser.iterate(padded).get(doc) != SUCCESS || doc.get_array().get(array) != SUCCESS) return false;
  int index = 0;
  for (auto element : array) {
    ondemand::value value;
    if (element.get(value) != SUCCESS) return false;
    if (index == 0) {
      if (value.get_double().get(event.time) != SUCCESS || !std::isfinite(event.time) || event.time < 0) {
        what = "an event's time must be a number >= 0";
        return false;
      }
    } else if (index == 1) {
      if (!decode_string(value, event.type) || event.type.empty()) return false;
    } else if (index == 2) {
      if (!decode_string(value, event.data)) {
        what = "an event's data must be a valid JSON string";
        return false;
      }
    } else {
      return false;
    }
    ++index;
  }
  return index == 3 && at_end(doc);
}

}  // namespace

std::optional<Cast> parse_cast(std::string_view content, std::string& error) {
  ondemand::parser parser;
  Cast cast;
  std::size_t line_number = 0;
  bool have_header = false;
  std::string what;
  while (!content.empty()) {
    const std::size_t end = content.find('\n');
    std::string_view line = content.substr(0, end);
    content.remove_prefix(end == std::string_view::npos ? content.size() : end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (!have_header) {
      if (!parse_header(parser, line, cast.header, what)) {
        error = "line " + std::to_string(line_number) + ": " + what;
        return std::nullopt;
      }
      have_header = true;
      continue;
    }
    CastEvent event;
    if (!parse_event(parser, line, event, what)) {
      error = "line " + std::to_string(line_number) + ": " + what;
      return std::nullopt;
    }
    cast.events.push_back(std::move(event));
  }
  if (!have_header) {
    error = "empty file: no asciicast header";
    return std::nullopt;
  }
  return cast;
}

}  // namespace busytrap::sink
