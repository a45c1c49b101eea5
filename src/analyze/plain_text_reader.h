#pragma once
// PlainTextReader: a file of command records, one per line, with no sessions and no
// timestamps (e.g. `jq -r 'select(.eventid=="cowrie.command.input").input'` output). Every
// non-blank line is a record; it feeds Tables 1-3 but no session sequence.
#include "analyze/chunk_builder.h"
#include "analyze/chunk_input.h"

namespace busytrap::analyze {

class PlainTextReader {
 public:
  void parse(const ChunkInput& input, ChunkBuilder& builder);
};

}  // namespace busytrap::analyze
