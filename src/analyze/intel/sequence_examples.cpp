#include "analyze/intel/sequence_examples.h"

#include "analyze/intel/time_collector.h"

namespace busytrap::analyze::intel {

void SequenceExamples::session_finished(const Analysis&, const FinishedSession& session) {
  if (session.sequence.empty()) return;
  // While under the limit every new sequence got its example: only a new one needs work (no
  // hashing of every session's sequence).
  if (!session.new_sequence && examples_.size() < kMaxSequenceExamples) return;
  probe_.assign(session.sequence.begin(), session.sequence.end());
  if (!session.new_sequence && examples_.find(probe_) != examples_.end()) return;
  if (examples_.size() >= kMaxSequenceExamples) {
    ++dropped_;
    return;
  }
  SessionExample example;
  example.session.assign(session.key.substr(0, kMaxExampleKeyBytes));
  if (session.facts != nullptr) example.src_ip = session.facts->src_ip;
  example.start = TimeCollector::session_start(session);
  examples_.emplace(probe_, std::move(example));
}

const SessionExample* SequenceExamples::example(const std::vector<std::uint32_t>& sequence) const {
  const auto found = examples_.find(sequence);
  return found == examples_.end() ? nullptr : &found->second;
}

}  // namespace busytrap::analyze::intel
