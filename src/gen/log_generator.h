#pragma once
// generate_log(): the heart of `busytrap gen`. Keeps `concurrency` sessions open
// (session_script.h), repeatedly lets a randomly chosen one produce its next event, timestamps
// it and writes it in the requested format, replacing finished sessions with new ones until
// exactly `records` cowrie.command.input records are written; then the sessions still open are
// closed. Sessions therefore interleave in the output as in a real busy honeypot's log.
//
// Time: the i-th command record falls in the i-th of `records` equal slots of
// [start, start+span), jittered within its slot; other events creep forward between them. So
// timestamps are non-decreasing and spread over the whole span.
//
// Deterministic: one seeded PRNG drives everything; the same options give the same bytes, and
// the JSON and text formats carry the same sessions and records. Memory is constant (the
// session slots and a few tables), whatever `records` is. Write errors propagate as
// std::system_error from OutputBuffer.
#include <cstdint>

#include "gen/gen_options.h"
#include "gen/output_buffer.h"

namespace busytrap::gen {

struct GenStats {
  std::uint64_t records = 0;   // cowrie.command.input records written
  std::uint64_t sessions = 0;  // sessions that connected
  std::uint64_t events = 0;    // all events (lines of JSON)
};

GenStats generate_log(const GenOptions& options, OutputBuffer& out);

}  // namespace busytrap::gen
