#include "sink/sqlite_sink.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "core/cowrie_json_writer.h"
#include "sink_test_support.h"

namespace busytrap::sink {
namespace {

constexpr std::int64_t kStart = 1562579846072356;  // 2019-07-08T09:57:26.072356Z
const std::string kBinaryInput = "echo -ne '\\x7fELF' > .s; \xff\xfe\x01";

std::string upper_hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

core::Event make(std::string eventid, std::int64_t offset_us, std::string message,
                 std::string session = "08a27a5431bc") {
  core::Event e;
  e.eventid = std::move(eventid);
  e.timestamp_us = kStart + offset_us;
  e.session = std::move(session);
  e.src_ip = "62.33.118.20";
  e.message = std::move(message);
  return e;
}

// One Telnet session with every event busytrap writes.
std::vector<core::Event> session_events() {
  std::vector<core::Event> v;
  v.push_back(make("cowrie.session.connect", 0, "New connection")
                  .with("src_port", std::int64_t{28768}).with("dst_ip", "192.0.2.1")
                  .with("dst_port", std::int64_t{23}).with("protocol", "telnet"));
  v.push_back(make("cowrie.telnet.option", 1000, "WILL NAWS").with("command", "WILL").with("option_name", "NAWS")
                  .with("option_byte", std::int64_t{31}));
  v.push_back(make("cowrie.client.var", 2000, "NEW-ENVIRON USER=root").with("name", "USER").with("value", "root"));
  v.push_back(make("cowrie.client.size", 3000, "Terminal Size: 132 43").with("width", std::int64_t{132})
                  .with("height", std::int64_t{43}));
  v.push_back(make("cowrie.login.failed", 4000, "login attempt [root/admin] failed").with("username", "root")
                  .with("password", "admin"));
  v.push_back(make("cowrie.login.success", 5000, "login attempt [root/xc3511] succeeded").with("username", "root")
                  .with("password", "xc3511"));
  v.push_back(make("cowrie.session.params", 6000, "").with("arch", "linux-arm-lsb"));
  v.push_back(make("cowrie.command.input", 7000, "CMD: enable").with("input", "enable"));
  v.push_back(make("cowrie.command.failed", 8000, "Command not found: enable").with("input", "enable"));
  v.push_back(make("cowrie.command.input", 9000, "CMD: binary").with("input", kBinaryInput));
  v.push_back(make("cowrie.command.success", 10000, "Command found: echo").with("input", kBinaryInput));
  v.push_back(make("cowrie.session.file_download", 11000, "Downloaded URL")
                  .with("url", "http://198.51.100.7/bins/mirai.arm").with("outfile", "var/lib/busytrap/downloads/ab12")
                  .with("shasum", "ab12").with("destfile", "/tmp/mirai.arm").with("duplicate", false));
  v.push_back(make("cowrie.session.file_download.failed", 12000, "Download failed")
                  .with("url", "http://198.51.100.7/x").with("error", "connection refused"));
  v.push_back(make("cowrie.log.closed", 13000, "Closing TTY Log").with("ttylog", "var/lib/busytrap/tty/08a27a5431bc.cast")
                  .with("size", std::int64_t{3275}).with("shasum", "34ef").with("duplicate", false)
                  .with("duration_ms", std::int64_t{989}));
  v.push_back(make("cowrie.session.closed", 1598000, "Connection lost after 1 seconds").with("duration_ms", std::int64_t{1598}));
  return v;
}

std::string query(const std::filesystem::path& db, const std::string& sql) {
  const auto result = test::run_command("sqlite3 -separator '|' " + db.string() + " " + test::shell_quote(sql));
  EXPECT_EQ(result.exit_code, 0) << sql;
  return result.out;
}

struct Warnings {
  std::mutex mutex;
  std::vector<std::string> messages;
  WarningHandler handler() {
    return [this](const std::string& m) {
      std::lock_guard lock(mutex);
      messages.push_back(m);
    };
  }
  std::vector<std::string> get() {
    std::lock_guard lock(mutex);
    return messages;
  }
};

TEST(SqliteSink, StoresCowriesTablesAndEveryEvent) {
  test::TempDir dir;
  SqliteSinkOptions options;
  options.path = dir / "lib" / "busytrap.sqlite";
  options.sensor = "dvr-01";
  const auto events = session_events();
  {
    SqliteSink sink(options);
    for (const auto& e : events) sink.write(e);
    sink.flush();
    EXPECT_EQ(sink.written(), events.size());
    EXPECT_EQ(sink.dropped(), 0u);
    // Readable while the sink is open (WAL).
    EXPECT_EQ(query(options.path, "PRAGMA journal_mode"), "wal\n");
    EXPECT_EQ(query(options.path, "SELECT count(*) FROM events"), std::to_string(events.size()) + "\n");
  }
  const auto db = options.path;
  EXPECT_EQ(query(db, "SELECT s.id, s.starttime, s.endtime, se.ip, s.ip, s.termsize, s.src_port, s.dst_ip, "
                      "s.dst_port, s.protocol, s.duration_ms FROM sessions s JOIN sensors se ON se.id = s.sensor"),
            "08a27a5431bc|2019-07-08T09:57:26.072356Z|2019-07-08T09:57:27.670356Z|dvr-01|62.33.118.20|132x43|"
            "28768|192.0.2.1|23|telnet|1598\n");
  EXPECT_EQ(query(db, "SELECT success, username, password, timestamp FROM auth ORDER BY id"),
            "0|root|admin|2019-07-08T09:57:26.076356Z\n1|root|xc3511|2019-07-08T09:57:26.077356Z\n");
  EXPECT_EQ(query(db, "SELECT success, typeof(input), hex(input) FROM input ORDER BY id"),
            "1|text|656E61626C65\n0|text|656E61626C65\n"
            "1|blob|" + upper_hex(kBinaryInput) + "\n");
  EXPECT_EQ(query(db, "SELECT arch FROM params"), "linux-arm-lsb\n");
  EXPECT_EQ(query(db, "SELECT url, ifnull(outfile,'-'), ifnull(shasum,'-'), ifnull(destfile,'-'), ifnull(error,'-') "
                      "FROM downloads ORDER BY id"),
            "http://198.51.100.7/bins/mirai.arm|var/lib/busytrap/downloads/ab12|ab12|/tmp/mirai.arm|-\n"
            "http://198.51.100.7/x|-|-|-|connection refused\n");
  EXPECT_EQ(query(db, "SELECT ttylog, size, shasum, duration_ms FROM ttylog"),
            "var/lib/busytrap/tty/08a27a5431bc.cast|3275|34ef|989\n");
  // The events table holds each event's JSON line exactly as the JSON-lines log has it.
  const core::CowrieJsonWriter writer("dvr-01");
  std::string expected;
  for (const auto& e : events) expected += writer.line(e);
  EXPECT_EQ(query(db, "SELECT json FROM events ORDER BY id"), expected);
  EXPECT_EQ(query(db, "SELECT eventid FROM events WHERE session = '08a27a5431bc' AND eventid LIKE 'cowrie.telnet.%'"),
            "cowrie.telnet.option\n");
  // JSON functions work on the stored lines, lone surrogates included.
  EXPECT_EQ(query(db, "SELECT count(*) FROM events WHERE json_valid(json)"), std::to_string(events.size()) + "\n");
}

TEST(SqliteSink, FlushCoversEveryEventFromSeveralThreads) {
  test::TempDir dir;
  SqliteSinkOptions options;
  options.path = dir / "busytrap.sqlite";
  options.fsync = FsyncPolicy::kNever;
  SqliteSink sink(options);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string session = "00000000000" + std::to_string(t);
      for (int i = 0; i < kPerThread; ++i) {
        sink.write(make("cowrie.command.input", i, "CMD", session).with("input", std::to_string(i)));
      }
      sink.flush();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(sink.written(), static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(query(options.path, "SELECT session, count(*), count(DISTINCT input), max(CAST(input AS INTEGER)) "
                                "FROM input GROUP BY session ORDER BY session"),
            "000000000000|2500|2500|2499\n000000000001|2500|2500|2499\n"
            "000000000002|2500|2500|2499\n000000000003|2500|2500|2499\n");
}

TEST(SqliteSink, UnwritableDirectoryIsReportedOnceAndRetried) {
  test::TempDir dir;
  Warnings warnings;
  SqliteSinkOptions options;
  options.path = dir / "lib" / "busytrap.sqlite";
  options.warn = warnings.handler();
  test::write_file(dir / "lib", "a file where the directory should be");
  SqliteSink sink(options);
  for (int i = 0; i < 3; ++i) {
    sink.write(make("cowrie.command.input", i, "CMD").with("input", "x"));
    sink.flush();
  }
  EXPECT_EQ(sink.dropped(), 3u);
  auto messages = warnings.get();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find(options.path.string()), std::string::npos) << messages[0];
  std::filesystem::remove(dir / "lib");
  sink.write(make("cowrie.command.input", 9, "CMD").with("input", "kept"));
  sink.flush();
  EXPECT_EQ(sink.written(), 1u);
  messages = warnings.get();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_NE(messages[1].find("3 events were lost"), std::string::npos) << messages[1];
  EXPECT_EQ(query(options.path, "SELECT input FROM input"), "kept\n");
}

TEST(SqliteSink, ReopenClosesAndReopensTheSameDatabase) {
  test::TempDir dir;
  SqliteSinkOptions options;
  options.path = dir / "busytrap.sqlite";
  SqliteSink sink(options);
  sink.write(make("cowrie.command.input", 0, "CMD").with("input", "old"));
  sink.flush();
  sink.reopen();
  sink.flush();  // nothing queued: returns at once
  sink.write(make("cowrie.command.input", 1, "CMD").with("input", "same file"));
  sink.flush();
  EXPECT_EQ(query(options.path, "SELECT group_concat(input, ',') FROM input"), "old,same file\n");
  EXPECT_EQ(query(options.path, "SELECT count(*) FROM sqlite_master WHERE name = 'events'"), "1\n");
}

}  // namespace
}  // namespace busytrap::sink
