// Analysis::for_each_sequence(): sessions counted per whole program-name sequence (the merge
// counts them by interned id), also when asked again after more sessions.
#include "analyze/analysis.h"

#include <gtest/gtest.h>

#include <map>
#include <span>
#include <string>
#include <vector>

#include "analyze/chunk_builder.h"

namespace busytrap::analyze {
namespace {

// The program names of `sequence`, joined with '>'.
std::string names(const Analysis& analysis, const std::vector<std::uint32_t>& sequence) {
  std::string out;
  for (std::uint32_t id : sequence) out.append(out.empty() ? "" : ">").append(analysis.program_keys().key(id));
  return out;
}

// Sessions per sequence, by names; for_each_sequence visits each sequence once, by id.
std::map<std::string, std::uint64_t> by_names(const Analysis& analysis) {
  std::map<std::string, std::uint64_t> out;
  std::uint32_t previous_id = 0;
  bool first = true;
  analysis.for_each_sequence([&](std::uint32_t id, std::span<const std::uint32_t> sequence, std::uint64_t sessions) {
    EXPECT_TRUE(first || id > previous_id);
    first = false;
    previous_id = id;
    const std::vector<std::uint32_t> programs(sequence.begin(), sequence.end());
    EXPECT_EQ(analysis.sequence_id(programs), id);
    EXPECT_TRUE(out.emplace(names(analysis, programs), sessions).second);
  });
  return out;
}

void add_session(const AnalysisOptions& options, Analysis& analysis, const std::string& key,
                 const std::vector<std::string>& inputs) {
  ChunkResult result;
  {
    ChunkBuilder builder(options, result);
    std::int64_t t = 0;
    for (const std::string& input : inputs) {
      ++t;
      builder.command(key, t, input, {});
    }
    builder.event(key, ++t, Protocol::Telnet, {}, EventKind::SessionEnd);
  }
  analysis.merge(result);
}

TEST(AnalysisSequences, CountsSessionsPerWholeSequence) {
  AnalysisOptions options;
  Analysis analysis(options);
  add_session(options, analysis, "a", {"enable", "system", "shell; sh"});
  add_session(options, analysis, "b", {"enable", "system", "shell", "sh"});
  add_session(options, analysis, "c", {"shell; sh"});
  EXPECT_EQ(by_names(analysis), (std::map<std::string, std::uint64_t>{{"enable>system>shell>sh", 2}, {"shell>sh", 1}}));
  add_session(options, analysis, "d", {"shell", "sh"});
  add_session(options, analysis, "e", {"/bin/busybox ECCHI"});
  analysis.finish();
  EXPECT_EQ(by_names(analysis), (std::map<std::string, std::uint64_t>{
                                    {"enable>system>shell>sh", 2}, {"shell>sh", 2}, {"/bin/busybox ECCHI", 1}}));
  EXPECT_EQ(analysis.totals().sessions_with_programs, 5u);
}

// Command lines are put in time order; those with the same time keep their input order, also
// across chunks.
TEST(AnalysisSequences, TimeOrderWithTiesInInputOrder) {
  AnalysisOptions options;
  Analysis analysis(options);
  const std::vector<std::pair<std::int64_t, std::string>> chunks[] = {
      {{50, "shell"}, {30, "enable"}, {50, "sh; wget"}},
      {{40, "system"}, {50, "tftp"}},
      {{50, "echo"}, {20, "cd"}},
  };
  for (const auto& commands : chunks) {
    ChunkResult result;
    {
      ChunkBuilder builder(options, result);
      for (const auto& [t, input] : commands) builder.command("s", t, input, {});
    }
    analysis.merge(result);
  }
  analysis.finish();
  EXPECT_EQ(by_names(analysis),
            (std::map<std::string, std::uint64_t>{{"cd>enable>system>shell>sh>wget>tftp>echo", 1}}));
}

}  // namespace
}  // namespace busytrap::analyze
