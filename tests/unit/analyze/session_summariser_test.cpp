// SessionSummariser and Analysis' merge of summarised chunks: wherever the chunks are cut
// (sessions inside one chunk, sessions crossing one or several boundaries, a key reused after its
// session ended, sessions never closed, records out of time order, records without a session)
// and under every protocol filter, the tables are those of the merge that takes every record.
#include "analyze/session_summariser.h"

#include <gtest/gtest.h>

#include <map>
#include <span>
#include <string>
#include <vector>

#include "analyze/analysis.h"
#include "analyze/chunk_builder.h"

namespace busytrap::analyze {
namespace {

struct Step {
  std::string key;
  std::int64_t time;
  enum { Command, End, Event } kind;
  std::string text;  // the command typed
  Protocol protocol = Protocol::Unknown;
};

// Everything the report reads from an Analysis, by text.
struct Tables {
  std::vector<std::uint64_t> totals;
  std::map<std::string, std::uint64_t> lines, programs, sequences;
  bool operator==(const Tables&) const = default;
};

Tables tables_of(const Analysis& analysis) {
  Tables t;
  const Totals& s = analysis.totals();
  t.totals = {s.records, s.records_without_session, s.command_lines, s.command_lines_with_program, s.sessions,
              s.sessions_telnet, s.sessions_ssh, s.sessions_unknown, s.sessions_with_commands, s.sessions_with_programs};
  for (std::uint32_t id = 0; id < analysis.line_keys().size(); ++id) {
    if (analysis.line_counts()[id]) t.lines[std::string(analysis.line_keys().key(id))] = analysis.line_counts()[id];
  }
  for (std::uint32_t id = 0; id < analysis.program_keys().size(); ++id) {
    if (analysis.program_counts()[id]) {
      t.programs[std::string(analysis.program_keys().key(id))] = analysis.program_counts()[id];
    }
  }
  analysis.for_each_sequence([&](std::uint32_t, std::span<const std::uint32_t> sequence, std::uint64_t sessions) {
    std::string names;
    for (std::uint32_t id : sequence) names.append(names.empty() ? "" : ">").append(analysis.program_keys().key(id));
    t.sequences[names] += sessions;
  });
  return t;
}

// Merges `steps` cut into chunks of `per_chunk` steps, built in turn by two workers' caches (as
// the pipeline's workers do; caches over `cache_bytes` start afresh), summarised or not.
Tables analyse(const std::vector<Step>& steps, std::size_t per_chunk, bool summarise, ProtocolFilter filter,
               std::size_t cache_bytes = ChunkKeyCache::kDefaultMaxBytes) {
  AnalysisOptions options;
  options.protocol = filter;
  Analysis analysis(options);
  EXPECT_TRUE(analysis.takes_summaries());
  ChunkKeyCache caches[] = {ChunkKeyCache(0, cache_bytes), ChunkKeyCache(1, cache_bytes)};
  SessionSummariser summarisers[2];
  std::size_t chunk = 0;
  for (std::size_t first = 0; first < steps.size(); first += per_chunk, ++chunk) {
    ChunkResult result;
    ChunkKeyCache& keys = caches[chunk % 2];
    {
      ChunkBuilder builder(options, result, nullptr, &keys);
      for (std::size_t i = first; i < std::min(steps.size(), first + per_chunk); ++i) {
        const Step& step = steps[i];
        switch (step.kind) {
          case Step::Command: builder.command(step.key, step.time, step.text, {}, step.protocol); break;
          case Step::End: builder.event(step.key, step.time, step.protocol, {}, EventKind::SessionEnd); break;
          case Step::Event: builder.event(step.key, step.time, step.protocol, {}, EventKind::Other); break;
        }
      }
    }
    if (summarise) summarisers[chunk % 2].summarise(result, keys, options);
    analysis.merge(result);
  }
  analysis.finish();
  return tables_of(analysis);
}

std::vector<Step> script() {
  const Protocol telnet = Protocol::Telnet, ssh = Protocol::Ssh;
  return {
      {"a", 1, Step::Event, "", telnet},
      {"b", 1, Step::Event, "", ssh},
      {"a", 5, Step::Command, "enable; sh", telnet},
      {"b", 2, Step::Command, "uname -a", ssh},
      {"a", 3, Step::Command, "/bin/busybox ECCHI", telnet},  // earlier than a's previous record
      {"", 4, Step::Command, "echo orphan"},                    // no session
      {"c", 4, Step::Command, "wget http://x/y", telnet},
      {"a", 5, Step::Command, "cd /tmp", telnet},               // a tie with "enable; sh"
      {"c", 6, Step::End, "", telnet},
      {"c", 7, Step::Command, "tftp -g x", telnet},             // key c again: a new session
      {"d", 7, Step::Command, "cat /proc/cpuinfo"},             // protocol never known
      {"a", 9, Step::End, "", telnet},
      {"e", 9, Step::Event, "", ssh},                           // a session without commands
      {"c", 10, Step::Command, "chmod 777 y", telnet},
      {"b", 10, Step::Command, "enable; sh", ssh},
      {"f", 10, Step::Command, "enable; sh", telnet},
      {"e", 11, Step::End, "", ssh},
      {"d", 11, Step::End, ""},
      {"c", 12, Step::End, "", telnet},
      {"f", 12, Step::Command, "/bin/busybox ECCHI", telnet},
      {"f", 12, Step::End, "", telnet},
      {"g", 13, Step::Command, "enable; sh", telnet},           // never closed, like b
      {"f", 14, Step::Command, "sh", telnet},                   // key f again after its end
      {"f", 15, Step::End, "", telnet},
  };
}

TEST(SessionSummariser, SameTablesWhereverTheChunksAreCut) {
  const std::vector<Step> steps = script();
  for (const ProtocolFilter filter : {ProtocolFilter::All, ProtocolFilter::Telnet, ProtocolFilter::Ssh}) {
    const Tables whole = analyse(steps, steps.size(), false, filter);
    for (std::size_t per_chunk = 1; per_chunk <= steps.size(); ++per_chunk) {
      EXPECT_EQ(analyse(steps, per_chunk, true, filter), whole)
          << "chunks of " << per_chunk << " steps, filter " << static_cast<int>(filter);
      EXPECT_EQ(analyse(steps, per_chunk, false, filter), whole) << per_chunk;
      // Caches that start afresh with every chunk: their sequence ids too.
      EXPECT_EQ(analyse(steps, per_chunk, true, filter, 1), whole) << "fresh caches, chunks of " << per_chunk;
    }
  }
}

TEST(SessionSummariser, CountsWhatTheScriptHas) {
  const std::vector<Step> steps = script();
  for (const std::size_t per_chunk : {std::size_t{3}, steps.size()}) {
    const Tables t = analyse(steps, per_chunk, true, ProtocolFilter::All);
    // Sessions: a, b, c (twice), d, e, f (twice), g; records: 14, one without a session.
    EXPECT_EQ(t.totals[0], 14u);
    EXPECT_EQ(t.totals[1], 1u);
    EXPECT_EQ(t.totals[4], 9u);
    EXPECT_EQ(t.lines.at("enable"), 4u);
    // a's records in time order, the tie at 5 in input order.
    EXPECT_EQ(t.sequences.at("/bin/busybox ECCHI>enable>sh>cd"), 1u) << per_chunk;
    EXPECT_EQ(t.sequences.at("enable>sh>/bin/busybox ECCHI"), 1u);
    EXPECT_EQ(t.sequences.at("wget"), 1u);
    EXPECT_EQ(t.sequences.at("tftp>chmod"), 1u);
  }
  // Under the telnet filter, b, d (unknown) and e are not counted, nor is the orphan record.
  const Tables telnet = analyse(steps, 4, true, ProtocolFilter::Telnet);
  EXPECT_EQ(telnet.totals[4], 6u);
  EXPECT_EQ(telnet.totals[1], 0u);
  EXPECT_EQ(telnet.lines.count("uname -a"), 0u);
  EXPECT_EQ(telnet.lines.count("cat /proc/cpuinfo"), 0u);
}

// A session that continues one left open by an earlier chunk and ends in this one takes its
// records back from the tallies; a sequence whose only session did so is not reported with
// no session.
TEST(SessionSummariser, AContinuedSessionIsCountedOnce) {
  const std::vector<Step> steps = {
      {"a", 1, Step::Command, "enable", Protocol::Telnet},
      {"a", 1, Step::Event, "", Protocol::Telnet},
      {"a", 2, Step::Command, "uname", Protocol::Telnet},  // the second chunk: a continues
      {"a", 3, Step::End, "", Protocol::Telnet},
  };
  const Tables t = analyse(steps, 2, true, ProtocolFilter::All);
  EXPECT_EQ(t.sequences, (std::map<std::string, std::uint64_t>{{"enable>uname", 1}}));
  EXPECT_EQ(t.lines, (std::map<std::string, std::uint64_t>{{"enable", 1}, {"uname", 1}}));
  EXPECT_EQ(t.totals[0], 2u);
  EXPECT_EQ(t.totals[2], 2u);
  EXPECT_EQ(t.totals[4], 1u);
  EXPECT_EQ(analyse(steps, steps.size(), true, ProtocolFilter::All), t);
}

}  // namespace
}  // namespace busytrap::analyze
