#include "analyze/intel/sequence_examples.h"

#include "analyze/intel/time_collector.h"

namespace busytrap::analyze::intel {

void SequenceExamples::session_finished(const Analysis&, const FinishedSession& session) {
  if (session.sequence.empty() || session.sequence_id == core::StringInterner::kNone) return;
  // While under the limit every new sequence got its example: only a new one needs work.
  if (!session.new_sequence && kept_ < kMaxSequenceExamples) return;
  const std::uint32_t id = session.sequence_id;
  if (id < has_example_.size() && has_example_[id]) return;
  if (kept_ >= kMaxSequenceExamples) {
    ++dropped_;
    return;
  }
  if (examples_.size() <= id) {
    examples_.resize(static_cast<std::size_t>(id) + 1);
    has_example_.resize(static_cast<std::size_t>(id) + 1, false);
  }
  SessionExample& example = examples_[id];
  example.session.assign(session.key.substr(0, kMaxExampleKeyBytes));
  if (session.facts != nullptr) example.src_ip = session.facts->src_ip;
  example.start = TimeCollector::session_start(session);
  has_example_[id] = true;
  ++kept_;
}

}  // namespace busytrap::analyze::intel
