#pragma once
// CowrieJsonReader: reads Cowrie's JSON-lines event log (every version: with or without
// `protocol`, 2017's `system` field, `duration` or `duration_ms`) and busytrap's own log, which
// is the same format. One simdjson On-Demand parse per line, straight over the input buffer,
// with strings read losslessly (\udcXX escapes back to raw bytes); lines simdjson rejects for
// their bytes (raw invalid UTF-8, control bytes in strings) go through LenientJsonObject so
// their keys are preserved; lines that are not JSON objects are counted as skipped. One reader
// per thread (it owns a simdjson parser). Before all that, the plain-ASCII fast path
// (PlainJsonObject) takes the lines it can prove valid and reads them without simdjson;
// `plain_fast_path = false` turns it off, so tests and the fuzzer can check both paths agree.
#include <simdjson.h>

#include <string>

#include "analyze/chunk_builder.h"
#include "analyze/chunk_input.h"
#include "analyze/lenient_json.h"
#include "analyze/plain_json_object.h"

namespace busytrap::analyze {

class CowrieJsonReader {
 public:
  explicit CowrieJsonReader(bool plain_fast_path = true) : plain_fast_path_(plain_fast_path) {}
  void parse(const ChunkInput& input, ChunkBuilder& builder);

 private:
  struct Fields;
  bool parse_plain(Fields& fields);  // the line plain_.next_line() split last
  bool parse_fast(std::string_view line, Fields& fields);
  bool parse_lenient(std::string_view line, Fields& fields);

  bool plain_fast_path_;
  PlainJsonObject plain_;
  simdjson::ondemand::parser parser_;
  std::string scratch_[12];  // one per field read, for strings with escapes
  std::string padded_;
  LenientJsonObject lenient_;
  std::string lenient_store_;
};

// The protocol a Cowrie `protocol` or 2017-era `system` field names.
Protocol protocol_from_field(std::string_view protocol, std::string_view system) noexcept;

}  // namespace busytrap::analyze
