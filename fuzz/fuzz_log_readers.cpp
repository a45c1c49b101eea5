// Fuzzes a whole analyzer run over one chunk: the first byte picks the reader (Cowrie JSON,
// Cowrie text, plain), the rest is the chunk. The result is merged, finalised, ranked and
// rendered as JSON, so every stage after parsing sees the hostile keys too. For the JSON reader
// the report must be the same with and without its plain-ASCII fast path, and for every reader
// the same when the worker summarises the chunk's sessions (SessionSummariser) as without.
#include <cstddef>
#include <cstdint>
#include <string>

#include "analyze/analysis.h"
#include "analyze/chunk_builder.h"
#include "analyze/cowrie_json_reader.h"
#include "analyze/cowrie_text_reader.h"
#include "analyze/plain_text_reader.h"
#include "analyze/report/analyze_report.h"
#include "analyze/report/report_format.h"
#include "analyze/session_summariser.h"

using namespace busytrap::analyze;

namespace {

// The whole run over one chunk, rendered as the JSON report (and the table, for its code paths).
// `summarise`: as the pipeline's workers do when no intel analysis or observer is on.
std::string analyze_chunk(unsigned which, bool json_fast_path, bool summarise, const std::string& buffer,
                          std::size_t length, const AnalysisOptions& options) {
  ChunkResult result;
  ChunkKeyCache keys;
  {
    ChunkBuilder builder(options, result, nullptr, &keys);
    const ChunkInput input{std::string_view(buffer.data(), length), buffer.data() + buffer.size()};
    if (which == 0) CowrieJsonReader(json_fast_path).parse(input, builder);
    if (which == 1) CowrieTextReader().parse(input, builder);
    if (which == 2) PlainTextReader().parse(input, builder);
  }
  if (summarise) SessionSummariser().summarise(result, keys, options);
  Analysis analysis(options);
  analysis.merge(result);
  analysis.finish();
  LinuxPrograms programs;
  programs.add("sh");
  const AnalyzeReport report = build_report(analysis, PipelineReport{}, ReportLimits{}, programs);
  const std::string table = render_report(report, ReportFormat::Table, false);
  if (table.empty()) __builtin_trap();
  return render_report(report, ReportFormat::Json, false);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned which = data[0] % 3;
  // The chunk lives in a buffer with simdjson's padding after it, as the pipeline guarantees.
  std::string buffer(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t length = buffer.size();
  buffer.append(kJsonPadding, '\0');
  AnalysisOptions options;
  options.max_line_bytes = 4096;
  options.fold_tokens = (data[0] & 4) != 0;
  options.split = static_cast<busytrap::shell::SplitMode>((data[0] >> 3) % 3);
  options.protocol = static_cast<ProtocolFilter>((data[0] >> 5) % 3);
  const std::string json = analyze_chunk(which, true, false, buffer, length, options);
  if (json.empty()) __builtin_trap();
  // The JSON reader's plain-ASCII fast path must read every line exactly as the full parser.
  if (which == 0 && json != analyze_chunk(which, false, false, buffer, length, options)) __builtin_trap();
  // Sessions summarised by the worker must count exactly as sessions merged record by record.
  if (json != analyze_chunk(which, true, true, buffer, length, options)) __builtin_trap();
  return 0;
}
