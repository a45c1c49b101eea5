#include "gen/log_generator.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/timestamp.h"
#include "gen/scenario.h"
#include "gen_test_support.h"

namespace busytrap::gen {
namespace {

using testing::generate_to_string;
using testing::small_options;

// True if `text` has the shape of `pattern`: 'd' a digit, 'h' a lowercase hex digit, 'A' a
// capital letter, anything else itself. (No std::regex: libstdc++'s trips -Werror under the
// sanitizer build.)
bool has_shape(std::string_view text, std::string_view pattern) {
  if (text.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (pattern[i]) {
      case 'd': if (c < '0' || c > '9') return false; break;
      case 'h': if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false; break;
      case 'A': if (c < 'A' || c > 'Z') return false; break;
      default: if (c != pattern[i]) return false; break;
    }
  }
  return true;
}

bool all_of(std::string_view text, std::string_view allowed) {
  return !text.empty() && text.find_first_not_of(allowed) == std::string_view::npos;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos) {
      lines.push_back(text);  // a last line without newline: tests below flag it
      break;
    }
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  return lines;
}

// One parsed cowrie.json event, the fields the tests look at.
struct JsonEvent {
  std::string eventid, session, timestamp, input, protocol, system;
  bool has_protocol = false, has_system = false;
};

// Parses every line; fails the test on the first invalid one.
std::vector<JsonEvent> parse_json_log(const std::string& log) {
  std::vector<JsonEvent> events;
  simdjson::dom::parser parser;
  for (const std::string_view line : lines_of(log)) {
    simdjson::dom::element element;
    const auto error = parser.parse(line.data(), line.size()).get(element);
    EXPECT_EQ(error, simdjson::SUCCESS) << "invalid JSON line: " << line;
    if (error) return events;
    JsonEvent event;
    std::string_view value;
    if (element["eventid"].get(value) == simdjson::SUCCESS) event.eventid = value;
    if (element["session"].get(value) == simdjson::SUCCESS) event.session = value;
    if (element["timestamp"].get(value) == simdjson::SUCCESS) event.timestamp = value;
    if (element["input"].get(value) == simdjson::SUCCESS) event.input = value;
    if (element["protocol"].get(value) == simdjson::SUCCESS) event.protocol = value, event.has_protocol = true;
    if (element["system"].get(value) == simdjson::SUCCESS) event.system = value, event.has_system = true;
    events.push_back(std::move(event));
  }
  return events;
}

std::vector<std::string> command_inputs(const std::vector<JsonEvent>& events) {
  std::vector<std::string> inputs;
  for (const auto& e : events) {
    if (e.eventid == "cowrie.command.input") inputs.push_back(e.input);
  }
  return inputs;
}

TEST(LogGenerator, SameSeedSameBytesOtherSeedOtherBytes) {
  const std::string a = generate_to_string(small_options(3000, 7));
  const std::string b = generate_to_string(small_options(3000, 7));
  const std::string c = generate_to_string(small_options(3000, 8));
  ASSERT_FALSE(a.empty());
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
  GenOptions text = small_options(3000, 7);
  text.format = GenFormat::kCowrieText;
  EXPECT_TRUE(generate_to_string(text) == generate_to_string(text));
}

TEST(LogGenerator, WritesExactlyTheRequestedNumberOfCommandRecords) {
  for (const std::uint64_t records : {0ULL, 1ULL, 7ULL, 1000ULL, 20011ULL}) {
    for (const std::uint32_t concurrency : {1u, 3u, 64u, 500u}) {
      GenOptions options = small_options(records, records + concurrency);
      options.concurrency = concurrency;
      GenStats stats;
      const std::string log = generate_to_string(options, &stats);
      const auto events = parse_json_log(log);
      EXPECT_EQ(command_inputs(events).size(), records) << "concurrency " << concurrency;
      EXPECT_EQ(stats.records, records);
      EXPECT_EQ(stats.events, events.size());
      if (records == 0) {
        EXPECT_TRUE(log.empty());
      }
    }
  }
}

TEST(LogGenerator, EveryLineIsCowrieJsonWithOrderedTimestampsInTheSpan) {
  GenOptions options = small_options(20000, 3);
  options.start_us = *core::parse_iso8601("2019-07-08T00:00:00Z");
  options.span_us = 86'400'000'000LL;
  const std::string log = generate_to_string(options);
  ASSERT_EQ(log.back(), '\n');
  const auto events = parse_json_log(log);
  ASSERT_FALSE(events.empty());
  std::int64_t previous = options.start_us;
  for (const auto& e : events) {
    ASSERT_TRUE(has_shape(e.timestamp, "dddd-dd-ddTdd:dd:dd.ddddddZ")) << e.timestamp;
    ASSERT_TRUE(has_shape(e.session, "hhhhhhhhhhhh")) << e.session;
    const std::int64_t t = *core::parse_iso8601(e.timestamp);
    ASSERT_GE(t, previous) << "timestamps go backwards at " << e.timestamp;
    previous = t;
    EXPECT_EQ(e.has_system, false);
  }
  EXPECT_LE(previous, options.start_us + options.span_us);
  // Spread over the span, not bunched at its start.
  EXPECT_GE(previous, options.start_us + options.span_us * 9 / 10);
}

TEST(LogGenerator, SessionsOpenCloseAndInterleaveWithinTheConcurrency) {
  GenOptions options = small_options(20000, 11);
  options.concurrency = 16;
  const auto events = parse_json_log(generate_to_string(options));
  std::set<std::string> open, closed;
  std::size_t most_open = 0, interleavings = 0;
  std::string previous_session;
  for (const auto& e : events) {
    ASSERT_FALSE(closed.count(e.session)) << "event after session.closed: " << e.session;
    if (e.eventid == "cowrie.session.connect") {
      ASSERT_TRUE(open.insert(e.session).second) << "session id reused: " << e.session;
      ASSERT_TRUE(e.has_protocol);
      EXPECT_TRUE(e.protocol == "telnet" || e.protocol == "ssh");
    } else {
      ASSERT_TRUE(open.count(e.session)) << e.eventid << " before connect in " << e.session;
    }
    if (e.eventid == "cowrie.session.closed") {
      open.erase(e.session);
      closed.insert(e.session);
    }
    most_open = std::max(most_open, open.size());
    if (!previous_session.empty() && previous_session != e.session) ++interleavings;
    previous_session = e.session;
  }
  EXPECT_TRUE(open.empty()) << open.size() << " sessions never closed";
  EXPECT_LE(most_open, 16u);
  EXPECT_GE(most_open, 12u);
  EXPECT_GT(interleavings, events.size() / 2);  // sessions really interleave
}

TEST(LogGenerator, EveryFamilyShowsItsMarkers) {
  const auto events = parse_json_log(generate_to_string(small_options(30000, 5)));
  std::map<std::string, std::size_t> eventids;
  std::string all;
  for (const auto& e : events) {
    ++eventids[e.eventid];
    if (e.eventid == "cowrie.command.input") all += e.input + "\x01";
  }
  for (const char* id : {"cowrie.session.connect", "cowrie.login.failed", "cowrie.login.success",
                         "cowrie.session.params", "cowrie.command.input", "cowrie.command.failed",
                         "cowrie.session.file_download.failed", "cowrie.client.version",
                         "cowrie.client.kex", "cowrie.session.closed"}) {
    EXPECT_GT(eventids[id], 0u) << id;
  }
  const std::vector<std::string> markers{
           // Mirai bot scanner, with and without the NUL the bot sends
           "\x01/bin/busybox MIRAI\x01", std::string("\x01/bin/busybox MIRAI\0\x01", 21),
           std::string("\x01shell\0\x01", 8),
           // Mirai loader and its BAT fork
           "\x01/bin/busybox ECCHI\x01", "\x01/bin/busybox BAT\x01", "/bin/busybox ps; /bin/busybox ECCHI",
           "/bin/busybox kill -9 2232",
           "/bin/busybox echo -e '\\x6b\\x61\\x6d\\x69/dev' > /dev/.nippon; /bin/busybox cat /dev/.nippon",
           "/bin/busybox cp /bin/echo dvrHelper; >dvrHelper; /bin/busybox chmod 777 dvrHelper",
           "\x01/bin/busybox cat /bin/echo\x01", "/bin/busybox wget; /bin/busybox tftp; /bin/busybox ",
           "echo -ne '\\x7f\\x45\\x4c\\x46", "' >> upnp; /bin/busybox ", "/bins/mirai.",
           "/bin/busybox tftp -g -l dvrHelper -r mirai.", "./dvrHelper telnet.", "/bin/busybox IHCCE",
           // Gafgyt
           "cd /tmp || cd /var/run || cd /mnt || cd /root || cd /; wget http://", "chmod 777 cunty.sh",
           "sh tftp1.sh", "ftpget -v -u anonymous", "rm -rf *\x01",
           // Hajime-lineage .s loader
           "cat .s || cp /bin/echo .s; /bin/busybox ",
           "dd bs=52 count=1 if=.s || cat .s || while read i; do echo $i; done < .s",
           // SSH bots, one with a multi-line exec command
           "mdrfckr", "wc -l\nuname", "sh -c 'cd /tmp; wget http://",
           // HTTP on the Telnet port: headers and an empty line as records
           "\x01" "Accept: */*\x01", "\x01\x01"};
  for (const std::string& marker : markers) {
    EXPECT_NE(all.find(marker), std::string::npos) << "missing: " << marker;
  }
  // Hajime tokens: random 5 capitals, one per session.
  const std::string hajime = "cat .s || cp /bin/echo .s; /bin/busybox ";
  std::set<std::string> tokens;
  for (const auto& input : command_inputs(events)) {
    const std::size_t at = input.find(hajime);
    if (at == std::string::npos) continue;
    const std::string token = input.substr(at + hajime.size());
    EXPECT_TRUE(has_shape(token, "AAAAA")) << input;
    tokens.insert(token);
  }
  EXPECT_GT(tokens.size(), 10u);
  // Download hosts only in the documentation ranges.
  std::size_t urls = 0;
  for (std::size_t at = all.find("://"); at != std::string::npos; at = all.find("://", at + 3)) {
    const std::size_t end = all.find_first_not_of("0123456789.", at + 3);
    const std::string host = all.substr(at + 3, end - at - 3);
    const std::string net = host.substr(0, host.rfind('.'));
    EXPECT_TRUE(net == "192.0.2" || net == "198.51.100" || net == "203.0.113") << host;
    ++urls;
  }
  EXPECT_GT(urls, 100u);
}

TEST(LogGenerator, BusyboxTokenLinesAreTheMostFrequentAsInThePaper) {
  std::map<std::string, std::size_t> counts;
  for (const auto& input : command_inputs(parse_json_log(generate_to_string(small_options(50000, 2))))) {
    std::size_t start = 0;
    while (start <= input.size()) {
      std::size_t end = input.find(';', start);
      if (end == std::string::npos) end = input.size();
      std::string piece = input.substr(start, end - start);
      const auto first = piece.find_first_not_of(std::string(" \t\r\n\0", 5));
      const auto last = piece.find_last_not_of(std::string(" \t\r\n\0", 5));
      if (first != std::string::npos) ++counts[piece.substr(first, last - first + 1)];
      start = end + 1;
    }
  }
  EXPECT_GT(counts["/bin/busybox BAT"], counts["sh"]);
  EXPECT_GT(counts["sh"], counts["system"]);
  // Equal but for the sessions cut short when the record budget ran out.
  EXPECT_NEAR(static_cast<double>(counts["sh"]), static_cast<double>(counts["shell"]), 64);
  EXPECT_GT(counts["system"], counts["enable"]);
  EXPECT_GT(counts["enable"], counts["cd /tmp || cd /var/run || cd /mnt || cd /root || cd /"]);
  EXPECT_GT(counts["/bin/busybox ECCHI"], counts["system"] / 2);
}

TEST(LogGenerator, EchoLoaderChunksRebuildAnElfOfTheSessionsArchitecture) {
  const auto events = parse_json_log(generate_to_string(small_options(20000, 9)));
  std::map<std::string, std::string> dropper;  // session -> bytes rebuilt from the chunks
  const std::string_view prefix = "echo -ne '";
  for (const auto& e : events) {
    std::string_view input = e.input;
    if (e.eventid != "cowrie.command.input" || !input.starts_with(prefix)) continue;
    input.remove_prefix(prefix.size());
    const std::size_t quote = input.find('\'');
    ASSERT_NE(quote, std::string_view::npos) << e.input;
    const std::string_view hex = input.substr(0, quote);
    const std::string_view rest = input.substr(quote);
    ASSERT_EQ(hex.size() % 4, 0u) << e.input;
    EXPECT_LE(hex.size() / 4, 128u);
    std::string& bytes = dropper[e.session];
    const bool first = rest.starts_with("' > upnp; /bin/busybox ");
    EXPECT_TRUE(first || rest.starts_with("' >> upnp; /bin/busybox ")) << e.input;
    EXPECT_EQ(first, bytes.empty()) << "first chunk must use >, the others >>";
    for (std::size_t i = 0; i < hex.size(); i += 4) {
      ASSERT_TRUE(has_shape(hex.substr(i, 4), "\\xhh")) << e.input;
      bytes += static_cast<char>(std::stoi(std::string(hex.substr(i + 2, 2)), nullptr, 16));
    }
  }
  ASSERT_GT(dropper.size(), 5u);
  for (const auto& [session, bytes] : dropper) {
    ASSERT_GT(bytes.size(), 20u);
    EXPECT_EQ(bytes.substr(0, 4), "\x7f" "ELF");
  }
}

// Cowrie text log → the command records in output order, each with its session's ordinal
// (order of the session's first command), continuation lines joined with '\n'.
std::vector<std::pair<std::size_t, std::string>> text_records(const std::string& log) {
  std::vector<std::pair<std::size_t, std::string>> records;
  std::map<std::string, std::size_t> ordinal_of_open_key;
  std::size_t next_ordinal = 0;
  for (const std::string_view line : lines_of(log)) {
    if (!line.empty() && line[0] == '\t') {
      EXPECT_FALSE(records.empty());
      if (!records.empty()) records.back().second.append("\n").append(line.substr(1));
      continue;
    }
    const std::size_t open = line.find(" [");
    const std::size_t close = line.find("] ", open);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      ADD_FAILURE() << "unparsable text line: " << line;
      continue;
    }
    const std::string key(line.substr(open + 2, close - open - 2));
    const std::string_view message = line.substr(close + 2);
    if (message.starts_with("CMD: ")) {
      auto [it, inserted] = ordinal_of_open_key.try_emplace(key, next_ordinal);
      if (inserted) ++next_ordinal;
      records.emplace_back(it->second, std::string(message.substr(5)));
    } else if (message.starts_with("Connection lost after ")) {
      ordinal_of_open_key.erase(key);
    }
  }
  return records;
}

TEST(LogGenerator, TextAndJsonCarryTheSameRecordsInTheSameSessionOrder) {
  GenOptions options = small_options(15000, 21);
  const auto events = parse_json_log(generate_to_string(options));
  std::vector<std::pair<std::size_t, std::string>> json_records;
  std::map<std::string, std::size_t> ordinal;
  for (const auto& e : events) {
    if (e.eventid != "cowrie.command.input") continue;
    const auto [it, inserted] = ordinal.try_emplace(e.session, ordinal.size());
    json_records.emplace_back(it->second, e.input);
  }
  options.format = GenFormat::kCowrieText;
  const std::string text = generate_to_string(options);
  EXPECT_NE(text.find("\n\t"), std::string::npos) << "no multi-line command in the sample";
  EXPECT_NE(text.find("] Connection lost after "), std::string::npos);
  EXPECT_NE(text.find("[HoneyPotSSHTransport,"), std::string::npos);
  EXPECT_NE(text.find("[cowrie.telnet.transport.HoneyPotTelnetFactory] New connection: "), std::string::npos);
  const auto text_recs = text_records(text);
  ASSERT_EQ(text_recs.size(), json_records.size());
  for (std::size_t i = 0; i < json_records.size(); ++i) {
    ASSERT_EQ(text_recs[i], json_records[i]) << "record " << i;
  }
}

TEST(LogGenerator, Cowrie2017FlavorNamesTheTransportInSystem) {
  GenOptions options = small_options(2000, 4);
  options.flavor = CowrieFlavor::k2017;
  for (const auto& e : parse_json_log(generate_to_string(options))) {
    EXPECT_FALSE(e.has_protocol);
    ASSERT_TRUE(e.has_system);
    if (e.eventid != "cowrie.session.connect") {
      std::string_view system = e.system;
      ASSERT_TRUE(system.starts_with("CowrieTelnetTransport,") || system.starts_with("HoneyPotSSHTransport,"))
          << system;
      system.remove_prefix(system.find(',') + 1);
      const std::size_t comma = system.find(',');
      ASSERT_NE(comma, std::string_view::npos) << e.system;
      EXPECT_TRUE(all_of(system.substr(0, comma), "0123456789")) << e.system;
      EXPECT_TRUE(all_of(system.substr(comma + 1), "0123456789.")) << e.system;
    }
  }
}

}  // namespace
}  // namespace busytrap::gen
