#pragma once
// Test helper: runs the generator into a real temporary file and returns its bytes.
#include <cstdio>
#include <string>

#include "gen/gen_options.h"
#include "gen/log_generator.h"
#include "gen/output_buffer.h"

namespace busytrap::gen::testing {

inline std::string generate_to_string(const GenOptions& options, GenStats* stats = nullptr) {
  std::FILE* file = std::tmpfile();
  if (file == nullptr) return {};
  {
    OutputBuffer out(fileno(file), 1 << 16);  // small buffer: exercises many flushes
    const GenStats result = generate_log(options, out);
    out.flush();
    if (stats != nullptr) *stats = result;
  }
  std::string bytes;
  std::rewind(file);
  char chunk[1 << 16];
  std::size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0) bytes.append(chunk, n);
  std::fclose(file);
  return bytes;
}

inline GenOptions small_options(std::uint64_t records, std::uint64_t seed = 1) {
  GenOptions options;
  options.records = records;
  options.seed = seed;
  return options;
}

}  // namespace busytrap::gen::testing
