// `busytrap analyze`: the paper's tables (and sequences) from Cowrie-compatible logs.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <unordered_map>
#include <fstream>
#include <iostream>

#include "analyze/analyze_pipeline.h"
#include "analyze/input_paths.h"
#include "analyze/linux_programs.h"
#include "analyze/report/indicators_csv.h"
#include "analyze/report/report_facts.h"
#include "analyze/report/report_format.h"
#include "analyze/db/records_db.h"
#include "analyze/intel/geoip_db.h"
#include "analyze/intel/sequence_examples.h"
#include "analyze/report/concurrent_report.h"
#include "analyze/intel/time_collector.h"
#include "analyze/report/stix_bundle.h"
#include "cli/commands.h"
#include "cli/progress_meter.h"
#include "core/data_directory.h"

namespace busytrap::cli {
namespace {

struct AnalyzeArguments {
  std::vector<std::string> inputs;
  std::string format = "table";
  bool paper = false;
  std::optional<std::size_t> top;
  std::string split = "semicolon";
  bool fold_tokens = false;
  std::string protocol = "all";
  std::string since, until, sensor;
  std::string input_format = "auto";
  std::string openings = "2-4";
  std::size_t tree_depth = 4, tree_width = 4;
  unsigned threads = 0;
  std::size_t max_line_bytes = 4u << 20;
  std::string output;
  bool intel = false;
  std::string with;
  std::string credentials = "mirai.txt";
  std::string indicators_csv;
  std::string stix;
  std::string families = "families.toml";
  std::vector<std::string> timelines;
  std::string bucket = "day";
  std::string new_since;
  std::string db;
  std::string geoip;
  bool no_progress = false;
};

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return static_cast<bool>(out);
}

int fail(const std::string& message, int code) {
  std::fprintf(stderr, "busytrap analyze: %s\n", message.c_str());
  return code;
}

std::optional<std::int64_t> parse_time_option(const std::string& text) {
  if (text.empty()) return core::kNoTimestamp;
  return core::parse_iso8601(text);
}

int run_analyze(const AnalyzeArguments& args) {
  analyze::AnalysisOptions options;
  const auto split = shell::parse_split_mode(args.split);
  const auto protocol = analyze::parse_protocol_filter(args.protocol);
  const auto format = analyze::parse_report_format(args.format);
  const auto input_format = analyze::parse_input_format(args.input_format);
  const auto since = parse_time_option(args.since);
  const auto until = parse_time_option(args.until);
  if (!split) return fail("--split must be semicolon, shell or line", 2);
  if (!protocol) return fail("--protocol must be telnet, ssh or all", 2);
  if (!format) return fail("--format must be table, csv, tsv, json, md or html", 2);
  if (!input_format) return fail("--input-format must be auto, cowrie-json, cowrie-text or plain", 2);
  if (!since || !until) return fail("--since/--until take an ISO-8601 date or time, e.g. 2017-09-01 or 2017-09-01T12:00:00Z", 2);
  analyze::ReportLimits limits;
  unsigned k_min = 0, k_max = 0;
  if (std::sscanf(args.openings.c_str(), "%u-%u", &k_min, &k_max) != 2 || k_min < 1 || k_max < k_min || k_max > 16) {
    return fail("--openings takes K1-K2 with 1 <= K1 <= K2 <= 16, e.g. 2-4", 2);
  }
  if (args.max_line_bytes < 64) return fail("--max-line-bytes must be at least 64", 2);
  limits.min_opening = k_min;
  limits.max_opening = k_max;
  limits.tree_depth = args.tree_depth;
  limits.tree_width = args.tree_width;
  if (args.top) limits.set_all(*args.top);

  options.split = *split;
  options.fold_tokens = args.fold_tokens;
  options.protocol = *protocol;
  options.since = *since;
  options.until = *until;
  if (!args.sensor.empty()) options.sensor = args.sensor;
  options.format = *input_format;
  options.threads = args.threads;
  options.max_line_bytes = args.max_line_bytes;
  std::string unknown;
  const auto selection = analyze::intel::parse_intel_selection(args.with, unknown);
  if (!selection) return fail("--with: unknown analysis '" + unknown + "' (credentials, sources, indicators, sequences, families or all)", 2);
  options.intel = args.intel ? analyze::intel::IntelSelection::all() : *selection;
  if (!args.indicators_csv.empty() || !args.stix.empty()) options.intel.indicators = true;
  std::vector<analyze::intel::TimelineSpec> timelines;
  for (const std::string& text : args.timelines) {
    auto spec = analyze::intel::parse_timeline_spec(text, unknown);
    if (!spec) return fail(unknown, 2);
    timelines.push_back(std::move(*spec));
  }
  if (timelines.size() > analyze::intel::kMaxTimelines) return fail("at most 16 --timeline options", 2);
  const auto bucket = analyze::intel::parse_time_bucket(args.bucket);
  if (!bucket) return fail("--bucket must be hour or day", 2);
  const auto new_since = parse_time_option(args.new_since);
  if (!new_since) return fail("--new-since takes an ISO-8601 date or time, e.g. 2019-07-01", 2);
  if (!timelines.empty()) options.intel.time = true;
  if (!args.db.empty()) options.intel.credentials = options.intel.sources = options.intel.indicators = true;
  if (!args.geoip.empty()) options.intel.sources = true;
  for (const auto& spec : timelines) {
    if (spec.kind == analyze::intel::TimelineKind::Family) options.intel.families = true;
  }
  if (*new_since != core::kNoTimestamp) options.intel.time = options.intel.indicators = options.intel.families = true;

  analyze::LinuxPrograms linux_programs;
  std::string error;
  if (!linux_programs.load(core::data_directory() + "/linux-executables.txt", error)) return fail(error, 1);
  if (options.intel.families) {
    auto families = std::make_shared<analyze::intel::FamilyTable>();
    const std::string path =
        args.families.find('/') == std::string::npos ? core::data_directory() + "/" + args.families : args.families;
    if (!families->load(path, error)) return fail("error: " + error, 1);
    options.families = std::move(families);
  }
  analyze::intel::GeoIpDb geoip;
  if (!args.geoip.empty() && !geoip.open(args.geoip, error)) return fail("error: --geoip " + error, 1);
  std::unordered_map<std::string, std::string> countries;  // one lookup per distinct address
  std::function<std::string(std::string_view)> country_of;
  if (geoip.is_open()) {
    country_of = [&](std::string_view address) {
      auto [at, fresh] = countries.try_emplace(std::string(address));
      if (fresh) at->second = geoip.country(address);
      return at->second;
    };
  }
  analyze::intel::CredentialTable mirai;
  if (options.intel.credentials) {
    const std::string path =
        args.credentials.find('/') == std::string::npos ? core::data_directory() + "/credentials/" + args.credentials
                                                         : args.credentials;
    if (!mirai.load(path, error)) return fail("error: " + error, 1);
  }

  const analyze::ExpandedInputs inputs = analyze::expand_input_paths(args.inputs);
  if (!inputs.errors.empty()) {
    for (const auto& e : inputs.errors) std::fprintf(stderr, "busytrap analyze: error: %s\n", e.c_str());
    return 1;
  }
  if (inputs.paths.empty()) return fail("error: no input files (the directories given are empty)", 1);

  analyze::Analysis analysis(options);
  std::optional<analyze::intel::TimeCollector> time;
  if (options.intel.time) {
    if (options.families) {
      for (const auto& spec : timelines) {
        if (spec.kind != analyze::intel::TimelineKind::Family) continue;
        const auto& known = options.families->families();
        if (std::none_of(known.begin(), known.end(), [&](const auto& f) { return f.name == spec.value; })) {
          return fail("--timeline " + spec.text + ": no such family in " + args.families, 2);
        }
      }
    }
    time.emplace(timelines, *bucket, options.families.get());
    analysis.add_observer(&*time);
  }
  analyze::intel::SequenceExamples examples;
  if (options.intel.sequences) analysis.add_observer(&examples);
  analyze::RecordsDb db;
  if (!args.db.empty()) {
    if (!db.open(args.db, options.families.get())) return fail("error: --db " + db.error(), 1);
    analysis.add_observer(&db);
  }
  analyze::PipelineReport pipeline;
  analyze::AnalyzePipeline runner(options);
  ProgressMeter progress(ProgressMeter::known_total(inputs.paths),
                         !args.no_progress && ProgressMeter::stderr_is_terminal());
  runner.on_progress([&progress](std::uint64_t bytes) { progress.update(bytes); });
  if (!runner.run(inputs.paths, analysis, pipeline, error)) {
    return fail("error: " + error, 1);
  }
  progress.finish(analysis.totals().bytes);
  const analyze::ReportInputs report_inputs{
      pipeline,   limits, linux_programs, mirai, options.families.get(), &examples,
      country_of, time ? &*time : nullptr, *new_since};
  analyze::AnalyzeReport report = analyze::build_report_concurrently(analysis, report_inputs);
  if (time) {
    // Echoed in the report's options so the timelines can be reproduced.
    const auto quoted = [](const std::string& text) {
      const bool plain = !text.empty() && text.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_./<>-") == std::string::npos;
      return plain ? text : "'" + text + "'";
    };
    for (const auto& spec : timelines) report.intel.flags += " --timeline " + quoted(spec.text);
    if (!timelines.empty()) report.intel.flags += " --bucket " + args.bucket;
    if (*new_since != core::kNoTimestamp) report.intel.flags += " --new-since " + core::format_iso8601(*new_since);
  }
  if (!args.indicators_csv.empty() && !write_file(args.indicators_csv, analyze::render_indicators_csv(analysis.intel()))) {
    return fail("error: cannot write " + args.indicators_csv, 1);
  }
  if (!args.stix.empty() && !write_file(args.stix, analyze::render_stix_bundle(analysis.intel()))) {
    return fail("error: cannot write " + args.stix, 1);
  }
  if (!args.db.empty()) {
    std::vector<std::pair<std::string, std::string>> facts = {{"busytrap_version", BUSYTRAP_VERSION},
                                                              {"flags", analyze::options_as_flags(report)}};
    const analyze::Totals& t = report.totals;
    for (const auto& [name, value] : {std::pair<const char*, std::uint64_t>{"bytes", t.bytes},
                                      {"events", t.events},
                                      {"records", t.records},
                                      {"command_lines", t.command_lines},
                                      {"sessions", t.sessions},
                                      {"sessions_with_commands", t.sessions_with_commands}}) {
      facts.emplace_back(name, std::to_string(value));
    }
    if (!db.finish(analysis, facts, country_of)) return fail("error: --db " + db.error(), 1);
  }
  const std::string text = analyze::render_report(report, *format, args.paper);

  if (args.output.empty() || args.output == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  } else {
    if (!write_file(args.output, text)) return fail("error: cannot write " + args.output, 1);
  }
  if (report.totals.skipped_lines > 0) {
    std::fprintf(stderr, "busytrap analyze: warning: skipped %llu malformed line(s); the report lists the first\n",
                 static_cast<unsigned long long>(report.totals.skipped_lines));
  }
  for (const auto& input : pipeline.inputs) {
    if (!input.warning.empty()) std::fprintf(stderr, "busytrap analyze: warning: %s\n", input.warning.c_str());
  }
  return 0;
}

}  // namespace

CommandRunner add_analyze_command(CLI::App& app) {
  auto args = std::make_shared<AnalyzeArguments>();
  CLI::App* cmd = app.add_subcommand(
      "analyze",
      "Tables of what malware typed, from Cowrie-compatible logs (the paper's analyses)\n\n"
      "Reproduces the paper's analyses: Table 1 (command lines), Table 2 (program names, busybox with\n"
      "its applet), Table 3 (Linux programs) and the order of execution in sessions (openings such as\n"
      "enable=>system=>shell=>sh, whole sequences, a prefix tree).\n\n"
      "Reads Cowrie JSON lines (any version; busytrap's own log is the same format), Cowrie's text log\n"
      "(cowrie.log) and plain text (one command record per line), plain or gzip (detected by content),\n"
      "from files, directories (recursively), glob patterns and - (standard input). Several inputs are\n"
      "read in the order of their first timestamp. Malformed lines are skipped and counted, never fatal.\n"
      "Definitions: docs/PAPER.md. The defaults are the paper's.");
  cmd->add_option("inputs", args->inputs, "Log files, directories, glob patterns, or - for standard input")
      ->required();
  cmd->add_option("-f,--format", args->format,
                  "Output format: table, csv, tsv, json, md, or html (one self-contained page with charts,\n"
                  "for a browser; best written with -o FILE)")
      ->capture_default_str();
  cmd->add_flag("--paper", args->paper,
                "Lay the tables out as the paper does (Tables 1-3 with the paper's own counts beside ours,\n"
                "then the openings it names), for a side-by-side read");
  cmd->add_option("-n,--top", args->top,
                  "Rows per table (0 = all). Default: the paper's 20 / 15 / 6, and 10 for sequences");
  cmd->add_option("--split", args->split,
                  "What a command line is: semicolon (the paper: split on unquoted ';'), shell (every\n"
                  "simple command: ; && || | & newline), or line (the whole record)")
      ->capture_default_str();
  cmd->add_flag("--fold-tokens", args->fold_tokens,
                "Fold random per-session busybox tokens (/bin/busybox QSDWQ) into /bin/busybox <RANDOM>;\n"
                "family tokens such as ECCHI or MIRAI stay. Off by default (the paper does not fold)");
  cmd->add_option("--protocol", args->protocol, "Sessions to count: telnet, ssh or all")->capture_default_str();
  cmd->add_option("--since", args->since, "Only events at or after this time (ISO-8601, UTC unless a zone is given)");
  cmd->add_option("--until", args->until, "Only events before this time");
  cmd->add_option("--sensor", args->sensor, "Only events of this Cowrie sensor name");
  cmd->add_option("--input-format", args->input_format,
                  "Input format: auto (per file), cowrie-json, cowrie-text or plain")
      ->capture_default_str();
  cmd->add_option("--openings", args->openings, "Opening lengths K1-K2 to rank")->capture_default_str();
  cmd->add_option("--tree-depth", args->tree_depth, "Depth of the prefix tree")->capture_default_str();
  cmd->add_option("--tree-width", args->tree_width, "Branches shown per tree node (0 = all)")->capture_default_str();
  cmd->add_option("-j,--threads", args->threads, "Parsing threads (0 = one per core)")->capture_default_str();
  cmd->add_option("--max-line-bytes", args->max_line_bytes, "Longer lines are skipped and counted")
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "Write the report to FILE instead of standard output");
  cmd->add_flag("--no-progress", args->no_progress,
                "No progress bar. By default one is drawn on stderr (bytes, rate, ETA) when stderr is a\n"
                "terminal, never when it is a file or a pipe");
  cmd->add_flag("--intel", args->intel,
                "Add every intel analysis after the paper's tables (same as --with all); see docs/INTEL.md");
  cmd->add_option("--with", args->with,
                  "Add these intel analyses, comma-separated: credentials (top usernames, passwords,\n"
                  "pairs, success rate, Mirai-table matches), sources (top source IPs and /24s by sessions,\n"
                  "repeat visitors), indicators (download URLs, hosts, IP:port pairs, file names and payload\n"
                  "hashes from wget/curl/tftp/ftpget commands and download events), sequences (transitions\n"
                  "between consecutive program names: enable => system => shell ...), families (sessions\n"
                  "per malware family by the signatures in DATA/families.toml; unknown ones by opening), time\n"
                  "(command lines by first appearance; timelines with --timeline), all.\n"
                  "sequences also groups sessions by identical and near-identical sequence with an example\n"
                  "session per group");
  cmd->add_option("--timeline", args->timelines,
                  "Count KEY per --bucket over time (repeatable, at most 16; turns the time analysis on):\n"
                  "sessions, commands (all command lines), family:NAME (sessions of a family), token:APPLET\n"
                  "(lines running busybox APPLET, e.g. token:ECCHI), program:NAME (a Table 2 program name,\n"
                  "e.g. program:wget), command:LINE (one exact Table 1 command line)")
      ->allow_extra_args(false);
  cmd->add_option("--bucket", args->bucket, "Timeline bucket: hour or day (UTC)")->capture_default_str();
  cmd->add_option("--new-since", args->new_since,
                  "List the command lines, indicators and families first seen at or after this time\n"
                  "(ISO-8601; what is new this week). Give the analyzer the older logs too: \"first seen\"\n"
                  "is within the inputs read. Turns on time, indicators and families");
  cmd->add_option("--db", args->db,
                  "Also write the normalized records to FILE, a new SQLite database: sessions, commands\n"
                  "(program, applet, args), credentials, indicators (view downloads), sources; schema in\n"
                  "docs/LOG-FORMAT.md. Written as FILE.partial, streamed in transactions, renamed when\n"
                  "complete (an existing FILE is replaced). Turns on credentials, sources, indicators");
  cmd->add_option("--geoip", args->geoip,
                  "A MaxMind-format country or city database (e.g. GeoLite2-Country.mmdb; you provide it,\n"
                  "busytrap downloads nothing): adds the country of each source address and the table of\n"
                  "source countries (turns sources on; with --db fills sources.country)");
  cmd->add_option("--families", args->families,
                  "Family signatures: a file name in DATA/ or a path (TOML, see docs/INTEL.md)")
      ->capture_default_str();
  cmd->add_option("--indicators-csv", args->indicators_csv,
                  "Also write every indicator to FILE as CSV: type,value,first_seen,last_seen,occurrences,\n"
                  "sessions,source_ips (turns the indicators analysis on)");
  cmd->add_option("--stix", args->stix,
                  "Also write every indicator to FILE as a STIX 2.1 JSON bundle (indicator, observable and\n"
                  "observed-data objects; deterministic ids) for MISP/OpenCTI (turns indicators on)");
  cmd->add_option("--credential-table", args->credentials,
                  "Pairs to match login attempts against: a file name in DATA/credentials/ or a path\n"
                  "(user:password per line, # comments)")
      ->capture_default_str();
  cmd->footer(
      "EXAMPLES\n"
      "  busytrap analyze var/log/busytrap.json\n"
      "  busytrap analyze --paper /var/log/cowrie/           every file below, oldest first\n"
      "  busytrap analyze --protocol telnet --since 2017-09-01 --until 2017-09-08 'cowrie.json*'\n"
      "  zcat cowrie.json.gz | busytrap analyze -f json - > tables.json\n"
      "  busytrap analyze --split shell --fold-tokens --top 50 cowrie.log\n"
      "  busytrap analyze --with credentials,sources -f md cowrie.json\n"
      "  busytrap analyze --intel --indicators-csv iocs.csv --stix iocs.stix.json /var/log/cowrie/\n"
      "  busytrap analyze --intel -f html -o report.html /var/log/cowrie/\n"
      "  busytrap analyze --timeline family:mirai-scanner --timeline token:ECCHI --bucket hour cowrie.json\n"
      "  busytrap analyze --new-since 2019-07-01 -f md /var/log/cowrie/   what is new this week\n"
      "  busytrap analyze --intel --db cowrie.sqlite cowrie.json && sqlite3 cowrie.sqlite \\\n"
      "    \"SELECT applet, count(*) FROM commands WHERE applet IS NOT NULL GROUP BY 1 ORDER BY 2 DESC\"\n\n"
      "OUTPUT\n"
      "  Every report starts with the totals (records, command lines, sessions, sessions with\n"
      "  commands, skipped lines) and the options used. json is documented in docs/LOG-FORMAT.md;\n"
      "  csv/tsv hold all tables as rows section,rank,key,count,share. Bytes that are not printable\n"
      "  UTF-8 are shown as \\xHH (json keeps them losslessly as \\udcHH). Intel analyses follow\n"
      "  the paper's tables (json: object \"intel\"; csv: section intel and one section per table).\n"
      "  html is one page that loads nothing (inline CSS and SVG charts: a flow diagram of session\n"
      "  openings, family and transition bar charts; sortable tables; light and dark): open it in any\n"
      "  browser, mail it, archive it. See docs/INTEL.md.\n\n"
      "FILES\n"
      "  DATA/linux-executables.txt, DATA/credentials/mirai.txt, DATA/families.toml (DATA: the installed\n"
      "  data directory); --geoip reads the operator's MMDB file, --db writes FILE (via FILE.partial)\n\n"
      "EXIT STATUS\n"
      "  0 report written (even if lines were skipped), 1 an input could not be read, 2 bad usage.");
  return [args] { return run_analyze(*args); };
}

}  // namespace busytrap::cli
