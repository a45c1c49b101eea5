#include "gen/log_generator.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "gen/cowrie_json_writer.h"
#include "gen/cowrie_text_writer.h"
#include "gen/line_builder.h"
#include "gen/scenario_sampler.h"
#include "gen/session_script.h"

namespace busytrap::gen {
namespace {

std::unique_ptr<EventWriter> make_writer(const GenOptions& options) {
  if (options.format == GenFormat::kCowrieText) return std::make_unique<CowrieTextWriter>(options.dst_ip);
  return std::make_unique<CowrieJsonWriter>(options.flavor, options.sensor, options.dst_ip);
}

// Start of the slot of command record `index` (the end of the span once all are written).
class CommandClock {
 public:
  explicit CommandClock(const GenOptions& options)
      : start_(options.start_us), span_(options.span_us), records_(options.records) {}
  std::int64_t slot(std::uint64_t index) const {
    if (index >= records_) return start_ + span_;
    return start_ + static_cast<std::int64_t>(static_cast<double>(span_) *
                                              (static_cast<double>(index) / static_cast<double>(records_)));
  }

 private:
  std::int64_t start_, span_;
  std::uint64_t records_;
};

}  // namespace

GenStats generate_log(const GenOptions& options, OutputBuffer& out) {
  GenStats stats;
  if (options.records == 0) return stats;
  const ScenarioSampler sampler;
  Xoshiro256 rng(options.seed);
  const std::uint64_t id_key = rng.next();
  const auto writer = make_writer(options);
  const CommandClock clock(options);
  // Non-command events advance the clock by up to an eighth of a command slot.
  const std::uint64_t creep = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(options.span_us) / options.records / 8);

  std::vector<SessionScript> slots(std::max<std::uint32_t>(1, options.concurrency));
  std::size_t active = 0;
  std::uint64_t started = 0;
  auto scratch = std::make_unique<LineBuilder>();
  GenEvent event;
  std::int64_t now = options.start_us;
  std::size_t current = 0;
  bool stay = false;  // the current session has a companion event to write next

  while (true) {
    const bool commands_allowed = stats.records < options.records;
    if (commands_allowed) {
      while (active < slots.size()) slots[active++].start(sampler, rng, started++, id_key);
    }
    if (active == 0) break;
    if (!stay) current = rng.below(static_cast<std::uint32_t>(active));
    SessionScript& session = slots[current];
    if (!session.next(sampler, rng, commands_allowed, *scratch, event)) {
      std::swap(session, slots[--active]);
      stay = false;
      continue;
    }
    stay = session.has_companions();
    if (event.kind == EventKind::kCommandInput) {
      const std::int64_t slot = clock.slot(stats.records);
      const auto width = static_cast<std::uint64_t>(clock.slot(stats.records + 1) - slot);
      const std::int64_t jitter = width > 0 ? static_cast<std::int64_t>(rng.next() % width) : 0;
      now = std::max(now, slot + jitter);
      ++stats.records;
    } else {
      const std::int64_t limit = clock.slot(stats.records);
      now = std::max(now, std::min(now + static_cast<std::int64_t>(rng.next() % creep), limit));
    }
    event.time_us = now;
    if (event.kind == EventKind::kConnect) {
      session.set_connect_time(now);
      ++stats.sessions;
    }
    writer->write(event, out);
    ++stats.events;
  }
  return stats;
}

}  // namespace busytrap::gen
