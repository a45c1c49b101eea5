#pragma once
// EventWriter: renders generated events (gen_event.h) in one log format into an OutputBuffer.
// Implementations: CowrieJsonWriter (cowrie.json lines) and CowrieTextWriter (Cowrie's Twisted
// text log). A writer keeps only formatting caches; it does not own the buffer. Not
// thread-safe.
#include "gen/gen_event.h"
#include "gen/output_buffer.h"

namespace busytrap::gen {

class EventWriter {
 public:
  virtual ~EventWriter() = default;
  virtual void write(const GenEvent& event, OutputBuffer& out) = 0;
};

}  // namespace busytrap::gen
