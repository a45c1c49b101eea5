// Fuzzes a whole analyzer run over one chunk: the first byte picks the reader (Cowrie JSON,
// Cowrie text, plain), the rest is the chunk. The result is merged, finalised, ranked and
// rendered as JSON, so every stage after parsing sees the hostile keys too. For the JSON reader
// the report must be the same with and without its plain-ASCII fast path, and for every reader
// the same when the worker summarises the chunk's sessions (SessionSummariser) as without, with
// the paper's tables alone and with every intel analysis (its report included).
#include <cstddef>
#include <cstdint>
#include <string>

#include <memory>

#include "analyze/analysis.h"
#include "analyze/chunk_builder.h"
#include "analyze/cowrie_json_reader.h"
#include "analyze/cowrie_text_reader.h"
#include "analyze/intel/credential_table.h"
#include "analyze/intel/family_table.h"
#include "analyze/intel/sequence_examples.h"
#include "analyze/intel/time_collector.h"
#include "analyze/plain_text_reader.h"
#include "analyze/report/analyze_report.h"
#include "analyze/report/report_format.h"
#include "analyze/report/sequence_groups.h"
#include "analyze/report/sequence_transitions.h"
#include "analyze/report/time_report.h"
#include "analyze/session_summariser.h"
#include "core/data_directory.h"

using namespace busytrap::analyze;

namespace {

// The whole run over one chunk, rendered as the JSON report (and the table, for its code paths).
// The installed family table (loaded once).
std::shared_ptr<const intel::FamilyTable> family_table() {
  static const std::shared_ptr<const intel::FamilyTable> table = [] {
    auto loaded = std::make_shared<intel::FamilyTable>();
    std::string error;
    if (!loaded->load(busytrap::core::data_directory() + "/families.toml", error)) __builtin_trap();
    return loaded;
  }();
  return table;
}

// `summarise`: as the pipeline's workers do when no observer reads each session's records.
// With options.intel on, the time and sequence observers watch and the intel report is rendered too.
std::string analyze_chunk(unsigned which, bool json_fast_path, bool summarise, const std::string& buffer,
                          std::size_t length, const AnalysisOptions& options) {
  ChunkResult result;
  ChunkKeyCache keys;
  intel::WorkerIntel worker;
  {
    ChunkBuilder builder(options, result, &worker, &keys);
    const ChunkInput input{std::string_view(buffer.data(), length), buffer.data() + buffer.size()};
    if (which == 0) CowrieJsonReader(json_fast_path).parse(input, builder);
    if (which == 1) CowrieTextReader().parse(input, builder);
    if (which == 2) PlainTextReader().parse(input, builder);
  }
  if (summarise) SessionSummariser().summarise(result, keys, options);
  Analysis analysis(options);
  std::string error;
  intel::TimeCollector time({*intel::parse_timeline_spec("sessions", error)}, intel::TimeBucket::Hour,
                            options.families.get());
  intel::SequenceExamples examples;
  if (options.intel.any()) {
    analysis.add_observer(&time);
    analysis.add_observer(&examples);
  }
  if (summarise && !analysis.takes_summaries()) __builtin_trap();
  analysis.merge(result);
  analysis.finish();
  LinuxPrograms programs;
  programs.add("sh");
  ReportLimits limits;
  limits.set_all(0);
  AnalyzeReport report = build_report(analysis, PipelineReport{}, limits, programs);
  if (options.intel.any()) {
    report.intel = build_intel_report(analysis.intel(), intel::CredentialTable{}, limits.intel, options.families.get());
    add_sequence_transitions(report.intel, analysis, limits.intel);
    add_sequence_groups(report.intel, analysis, examples, limits.intel);
    add_time_report(report.intel, analysis, time, limits.intel, busytrap::core::kNoTimestamp, options.families.get());
  }
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
  // Sessions summarised by the worker must count exactly as sessions merged record by record,
  // for the tables alone and for every intel analysis.
  if (json != analyze_chunk(which, true, true, buffer, length, options)) __builtin_trap();
  options.intel = intel::IntelSelection::all();
  options.families = family_table();
  if (analyze_chunk(which, true, true, buffer, length, options) !=
      analyze_chunk(which, true, false, buffer, length, options)) {
    __builtin_trap();
  }
  return 0;
}
