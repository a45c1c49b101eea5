#include "sink/json_lines_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/timestamp.h"
#include "sink/fanout_sink.h"
#include "sink_test_support.h"

namespace busytrap::sink {
namespace {

core::Event command_event(const std::string& input, std::int64_t micros = 1562579846072356) {
  core::Event e;
  e.eventid = "cowrie.command.input";
  e.timestamp_us = micros;
  e.session = "08a27a5431bc";
  e.src_ip = "62.33.118.20";
  e.message = "CMD: " + input;
  e.with("input", input);
  return e;
}

// Collects the sink's operator warnings (called from its writer thread).
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

std::size_t count_lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

JsonLinesSinkOptions options_in(const test::TempDir& dir, Warnings& warnings) {
  JsonLinesSinkOptions options;
  options.path = dir / "log" / "busytrap.json";
  options.sensor = "test-sensor";
  options.warn = warnings.handler();
  return options;
}

TEST(JsonLinesSink, WritesLinesJqReads) {
  test::TempDir dir;
  Warnings warnings;
  auto options = options_in(dir, warnings);
  {
    JsonLinesSink sink(options);
    sink.write(command_event("uname -a"));
    sink.write(command_event("echo \"\xff\" tab\there"));
    sink.write(command_event("cat /proc/mounts"));
    sink.flush();
    EXPECT_EQ(sink.written(), 3u);
    EXPECT_EQ(sink.dropped(), 0u);
  }
  const auto result = test::run_command("jq -r '[.eventid, .sensor, .input] | join(\"|\")' " + options.path.string());
  ASSERT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out,
            "cowrie.command.input|test-sensor|uname -a\n"
            "cowrie.command.input|test-sensor|echo \"\xef\xbf\xbd\" tab\there\n"
            "cowrie.command.input|test-sensor|cat /proc/mounts\n");
  EXPECT_TRUE(warnings.get().empty());
}

TEST(JsonLinesSink, FlushCoversEveryEventFromSeveralThreads) {
  test::TempDir dir;
  Warnings warnings;
  auto options = options_in(dir, warnings);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  JsonLinesSink sink(options);
  std::atomic<int> flushed_and_found{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) sink.write(command_event(fmt::format("t{} n{}", t, i)));
      sink.flush();
      // After flush() returns, this thread's last event must be in the file.
      const std::string last = fmt::format("\"input\":\"t{} n{}\"", t, kPerThread - 1);
      if (test::read_file(options.path).find(last) != std::string::npos) ++flushed_and_found;
    });
  }
  for (auto& thread : threads) thread.join();
  sink.flush();
  EXPECT_EQ(flushed_and_found.load(), kThreads);
  EXPECT_EQ(sink.written(), static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(sink.dropped(), 0u);
  // Every line whole and valid, each thread's events all present and in its order.
  const auto result = test::run_command(
      "jq -r .input " + options.path.string() +
      " | awk '{split($1,a,\"t\"); split($2,b,\"n\"); if (b[2] != next_[a[2]]+0) bad++; next_[a[2]]=b[2]+1; n++}"
      " END {print n, bad+0}'");
  ASSERT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, std::to_string(kThreads * kPerThread) + " 0\n");
}

TEST(JsonLinesSink, RotatesAtUtcMidnight) {
  test::TempDir dir;
  Warnings warnings;
  auto options = options_in(dir, warnings);
  auto now = std::make_shared<std::atomic<std::int64_t>>(*core::parse_iso8601("2019-07-08T23:59:59Z"));
  options.clock = [now] { return now->load(); };
  JsonLinesSink sink(options);
  for (int i = 0; i < 3; ++i) sink.write(command_event("before " + std::to_string(i)));
  sink.flush();
  *now = *core::parse_iso8601("2019-07-09T00:00:01Z");
  sink.write(command_event("after 0"));
  sink.write(command_event("after 1"));
  sink.flush();
  const auto rotated = dir / "log" / "busytrap.json.2019-07-08";
  ASSERT_TRUE(std::filesystem::exists(rotated));
  EXPECT_EQ(test::run_command("jq -r .input " + rotated.string()).out, "before 0\nbefore 1\nbefore 2\n");
  EXPECT_EQ(test::run_command("jq -r .input " + options.path.string()).out, "after 0\nafter 1\n");
  // Same day again: no rotation.
  *now = *core::parse_iso8601("2019-07-09T23:00:00Z");
  sink.write(command_event("after 2"));
  sink.flush();
  EXPECT_EQ(count_lines(test::read_file(options.path)), 3u);
  // Next day, while the archive name is already taken: a suffix, nothing overwritten.
  test::write_file(dir / "log" / "busytrap.json.2019-07-09", "kept\n");
  *now = *core::parse_iso8601("2019-07-10T00:00:00Z");
  sink.write(command_event("day 3"));
  sink.flush();
  EXPECT_EQ(test::read_file(dir / "log" / "busytrap.json.2019-07-09"), "kept\n");
  EXPECT_EQ(count_lines(test::read_file(dir / "log" / "busytrap.json.2019-07-09.1")), 3u);
  EXPECT_EQ(test::run_command("jq -r .input " + options.path.string()).out, "day 3\n");
}

TEST(JsonLinesSink, RotatesAFileLeftFromAnEarlierDayAtStart) {
  test::TempDir dir;
  Warnings warnings;
  auto options = options_in(dir, warnings);
  std::filesystem::create_directories(options.path.parent_path());
  test::write_file(options.path, "{\"old\":1}\n");
  const std::int64_t old_mtime = *core::parse_iso8601("2019-07-07T12:00:00Z") / 1'000'000;
  struct utimbuf times {old_mtime, old_mtime};
  ASSERT_EQ(::utime(options.path.c_str(), &times), 0);
  options.clock = [] { return *core::parse_iso8601("2019-07-08T08:00:00Z"); };
  {
    JsonLinesSink sink(options);
    sink.write(command_event("new"));
    sink.flush();
  }
  EXPECT_EQ(test::read_file(dir / "log" / "busytrap.json.2019-07-07"), "{\"old\":1}\n");
  EXPECT_EQ(test::run_command("jq -r .input " + options.path.string()).out, "new\n");
}

TEST(JsonLinesSink, ReopenAfterExternalRename) {
  test::TempDir dir;
  Warnings warnings;
  auto options = options_in(dir, warnings);
  JsonLinesSink sink(options);
  sink.write(command_event("first"));
  sink.flush();
  const auto renamed = dir / "log" / "busytrap.json.1";
  std::filesystem::rename(options.path, renamed);
  sink.reopen();
  // The new file appears promptly even before any event (logrotate's expectation).
  for (int i = 0; i < 200 && !std::filesystem::exists(options.path); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(std::filesystem::exists(options.path));
  sink.write(command_event("second"));
  sink.flush();
  EXPECT_EQ(test::run_command("jq -r .input " + renamed.string()).out, "first\n");
  EXPECT_EQ(test::run_command("jq -r .input " + options.path.string()).out, "second\n");
}

TEST(JsonLinesSink, FsyncPoliciesParseAndWrite) {
  EXPECT_EQ(parse_fsync_policy("never"), FsyncPolicy::kNever);
  EXPECT_EQ(parse_fsync_policy("interval"), FsyncPolicy::kInterval);
  EXPECT_EQ(parse_fsync_policy("always"), FsyncPolicy::kAlways);
  EXPECT_EQ(parse_fsync_policy("sometimes"), std::nullopt);
  EXPECT_EQ(parse_overflow_policy("drop"), OverflowPolicy::kDrop);
  EXPECT_EQ(parse_overflow_policy("block"), OverflowPolicy::kBlock);
  EXPECT_EQ(parse_overflow_policy("Drop"), std::nullopt);
  for (const auto policy : {FsyncPolicy::kNever, FsyncPolicy::kInterval, FsyncPolicy::kAlways}) {
    test::TempDir dir;
    Warnings warnings;
    auto options = options_in(dir, warnings);
    options.fsync = policy;
    options.fsync_interval = std::chrono::milliseconds(10);
    JsonLinesSink sink(options);
    for (int i = 0; i < 50; ++i) {
      sink.write(command_event(std::to_string(i)));
      if (i % 10 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(3));
    }
    sink.flush();
    EXPECT_EQ(sink.written(), 50u) << to_string(policy);
    EXPECT_EQ(sink.write_errors(), 0u) << to_string(policy);
    EXPECT_EQ(count_lines(test::read_file(options.path)), 50u) << to_string(policy);
  }
}

TEST(JsonLinesSink, UnwritableDirectoryIsReportedOnceAndRetried) {
  test::TempDir dir;
  Warnings warnings;
  auto options = options_in(dir, warnings);
  // "log" is a regular file, so log/busytrap.json cannot be created (even as root).
  test::write_file(dir / "log", "not a directory");
  JsonLinesSink sink(options);
  for (int i = 0; i < 5; ++i) {
    sink.write(command_event("lost " + std::to_string(i)));
    sink.flush();
  }
  EXPECT_EQ(sink.dropped(), 5u);
  EXPECT_EQ(sink.written(), 0u);
  EXPECT_GE(sink.write_errors(), 5u);
  auto messages = warnings.get();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find(options.path.string()), std::string::npos) << messages[0];
  EXPECT_NE(messages[0].find("Not a directory"), std::string::npos) << messages[0];
  // The operator fixes it: the next event goes through and the recovery is reported.
  std::filesystem::remove(dir / "log");
  std::filesystem::create_directory(dir / "log");
  sink.write(command_event("kept"));
  sink.flush();
  EXPECT_EQ(sink.written(), 1u);
  EXPECT_EQ(sink.dropped(), 5u);
  messages = warnings.get();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_NE(messages[1].find("5 events were lost"), std::string::npos) << messages[1];
  EXPECT_EQ(test::run_command("jq -r .input " + options.path.string()).out, "kept\n");
}

TEST(JsonLinesSink, DiskFullIsCountedNotFatal) {
  Warnings warnings;
  JsonLinesSinkOptions options;
  options.path = "/dev/full";  // every write fails with ENOSPC
  options.rotate_daily = false;
  options.warn = warnings.handler();
  JsonLinesSink sink(options);
  for (int i = 0; i < 20; ++i) sink.write(command_event(std::to_string(i)));
  sink.flush();
  EXPECT_EQ(sink.dropped(), 20u);
  EXPECT_EQ(sink.written(), 0u);
  const auto messages = warnings.get();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("/dev/full"), std::string::npos);
  EXPECT_NE(messages[0].find("No space left on device"), std::string::npos) << messages[0];
}

TEST(JsonLinesSink, AWriteCutShortLeavesNoPartialLine) {
  test::TempDir dir;
  Warnings warnings;
  auto options = options_in(dir, warnings);
  options.rotate_daily = false;
  constexpr int kEvents = 100;
  std::uint64_t written = 0;
  std::uint64_t dropped = 0;
  {
    JsonLinesSink sink(options);
    test::FileSizeLimit limit(10000);
    for (int i = 0; i < kEvents; ++i) {
      sink.write(command_event("event " + std::to_string(i) + " " + std::string(100, 'x')));
      sink.flush();
    }
    written = sink.written();
    dropped = sink.dropped();
  }
  EXPECT_EQ(written + dropped, static_cast<std::uint64_t>(kEvents));
  EXPECT_GT(written, 10u);
  EXPECT_GT(dropped, 10u);
  const std::string content = test::read_file(options.path);
  EXPECT_LE(content.size(), 10000u);
  ASSERT_FALSE(content.empty());
  EXPECT_EQ(content.back(), '\n');  // the cut line was taken back off
  EXPECT_EQ(count_lines(content), written);
  EXPECT_EQ(test::run_command("jq -c .input " + options.path.string() + " | wc -l").out, std::to_string(written) + "\n");
  const auto messages = warnings.get();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("File too large"), std::string::npos) << messages[0];
}

// A clock the test can hold shut. The writer thread reads the clock before each batch (for the
// daily rotation), so holding it stalls the writer exactly where a slow disk would.
struct Gate {
  std::mutex mutex;
  std::condition_variable changed;
  bool open = false;
  void release() {
    {
      std::lock_guard lock(mutex);
      open = true;
    }
    changed.notify_all();
  }
  Clock clock() {
    return [this] {
      std::unique_lock lock(mutex);
      changed.wait(lock, [this] { return open; });
      return system_clock_micros();
    };
  }
};

TEST(JsonLinesSink, FullQueueDropsAndCountsWithoutBlocking) {
  test::TempDir dir;
  Warnings warnings;
  auto options = options_in(dir, warnings);
  options.high_water = 10;
  Gate gate;
  options.clock = gate.clock();
  JsonLinesSink sink(options);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) sink.write(command_event(std::to_string(i)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  const std::uint64_t dropped = sink.dropped();
  EXPECT_GE(dropped, 80u);  // at most one batch taken plus a full queue
  gate.release();
  sink.flush();
  EXPECT_EQ(sink.dropped(), dropped);
  EXPECT_EQ(sink.written() + dropped, 100u);
  EXPECT_EQ(count_lines(test::read_file(options.path)), sink.written());
  const auto messages = warnings.get();
  ASSERT_FALSE(messages.empty());
  EXPECT_NE(messages[0].find("queue full"), std::string::npos) << messages[0];
}

TEST(JsonLinesSink, BlockPolicyWaitsInsteadOfDropping) {
  test::TempDir dir;
  Warnings warnings;
  auto options = options_in(dir, warnings);
  options.high_water = 4;
  options.overflow = OverflowPolicy::kBlock;
  Gate gate;
  options.clock = gate.clock();
  JsonLinesSink sink(options);
  std::atomic<int> returned{0};
  std::thread producer([&] {
    for (int i = 0; i < 50; ++i) {
      sink.write(command_event(std::to_string(i)));
      ++returned;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_LT(returned.load(), 50);  // held back by the full queue
  gate.release();
  producer.join();
  sink.flush();
  EXPECT_EQ(sink.dropped(), 0u);
  EXPECT_EQ(sink.written(), 50u);
  EXPECT_EQ(count_lines(test::read_file(options.path)), 50u);
}

// Reads a FIFO to its end on a thread of its own.
struct FifoReader {
  std::string content;
  std::thread thread;
  explicit FifoReader(const std::filesystem::path& path) {
    thread = std::thread([this, path] {
      const int fd = ::open(path.c_str(), O_RDONLY);
      if (fd < 0) return;
      char buf[65536];
      ssize_t n;
      while ((n = ::read(fd, buf, sizeof buf)) > 0) content.append(buf, static_cast<std::size_t>(n));
      ::close(fd);
    });
  }
};

TEST(JsonLinesSink, AFifoWithoutReaderIsReportedNotWaitedFor) {
  test::TempDir dir;
  Warnings warnings;
  auto options = options_in(dir, warnings);
  options.path = dir / "fifo";
  options.rotate_daily = false;
  ASSERT_EQ(::mkfifo(options.path.c_str(), 0600), 0);
  std::unique_ptr<FifoReader> reader;
  {
    JsonLinesSink sink(options);
    sink.write(command_event("nobody listens"));
    sink.flush();  // must return: the open fails instead of waiting for a reader
    EXPECT_EQ(sink.dropped(), 1u);
    const auto messages = warnings.get();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_NE(messages[0].find("No such device or address"), std::string::npos) << messages[0];
    // Once a reader is there, the log flows into the FIFO.
    reader = std::make_unique<FifoReader>(options.path);
    for (int i = 0; i < 400 && sink.written() == 0; ++i) {
      sink.write(command_event("heard"));
      sink.flush();
      if (sink.written() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(sink.written(), 1u);
  }
  reader->thread.join();
  EXPECT_NE(reader->content.find("\"input\":\"heard\""), std::string::npos);
  EXPECT_EQ(count_lines(reader->content), 1u);
}

// Two JSON log sinks (the second in a subdirectory) behind one FanoutSink.
struct TwoLogFanout {
  test::TempDir dir;
  Warnings warnings;
  JsonLinesSinkOptions first_options = options_in(dir, warnings);
  JsonLinesSinkOptions second_options = with_path(first_options, dir / "other" / "copy.json");
  std::shared_ptr<JsonLinesSink> first = std::make_shared<JsonLinesSink>(first_options);
  std::shared_ptr<JsonLinesSink> second = std::make_shared<JsonLinesSink>(second_options);
  FanoutSink fanout;

  TwoLogFanout() {
    fanout.add(first);
    fanout.add(second);
  }
  static JsonLinesSinkOptions with_path(JsonLinesSinkOptions options, std::filesystem::path path) {
    options.path = std::move(path);
    return options;
  }
};

TEST(FanoutSink, DrivesEverySink) {
  TwoLogFanout logs;
  const std::shared_ptr<JsonLinesSink>& first = logs.first;
  const std::shared_ptr<JsonLinesSink>& second = logs.second;
  FanoutSink& fanout = logs.fanout;
  EXPECT_EQ(fanout.size(), 2u);
  for (int i = 0; i < 10; ++i) fanout.write(command_event(std::to_string(i)));
  fanout.flush();
  EXPECT_EQ(first->written(), 10u);
  EXPECT_EQ(second->written(), 10u);
  EXPECT_EQ(test::read_file(logs.first_options.path), test::read_file(logs.second_options.path));
  EXPECT_EQ(fanout.dropped(), 0u);
}

// The asynchronous flush that holds a session's reply under fsync "always": the callback runs
// only once the events written before it are in the file, and in order.
TEST(JsonLinesSink, WhenStoredRunsAfterTheEventsAreInTheFile) {
  test::TempDir dir;
  Warnings warnings;
  auto options = options_in(dir, warnings);
  options.fsync = FsyncPolicy::kAlways;
  JsonLinesSink sink(options);
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::size_t> lines_seen;  // lines in the file when each callback ran
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 100; ++j) sink.write(command_event(fmt::format("{}-{}", i, j)));
    sink.when_stored([&] {
      const auto lines = count_lines(test::read_file(options.path));
      std::lock_guard lock(mutex);
      lines_seen.push_back(lines);
      changed.notify_all();
    });
  }
  std::unique_lock lock(mutex);
  ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(10), [&] { return lines_seen.size() == 3; }));
  for (std::size_t i = 0; i < 3; ++i) EXPECT_GE(lines_seen[i], (i + 1) * 100) << i;
  lock.unlock();
  // Nothing pending: at once, on this thread.
  sink.flush();
  bool called = false;
  sink.when_stored([&] { called = true; });
  EXPECT_TRUE(called);
}

TEST(JsonLinesSink, OnErrorIsCalledOncePerEpisode) {
  Warnings warnings;
  JsonLinesSinkOptions options;
  options.path = "/dev/full";
  options.rotate_daily = false;
  options.warn = warnings.handler();
  std::atomic<int> calls{0};
  options.on_error = [&] { ++calls; };
  JsonLinesSink sink(options);
  for (int i = 0; i < 5; ++i) {
    sink.write(command_event(std::to_string(i)));
    sink.flush();
  }
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(sink.dropped(), 5u);
}

TEST(FanoutSink, WhenStoredWaitsForEverySink) {
  TwoLogFanout logs;
  const std::shared_ptr<JsonLinesSink>& first = logs.first;
  const std::shared_ptr<JsonLinesSink>& second = logs.second;
  FanoutSink& fanout = logs.fanout;
  for (int i = 0; i < 50; ++i) fanout.write(command_event(std::to_string(i)));
  std::atomic<int> calls{0};
  std::atomic<std::uint64_t> written_at_call{0};
  fanout.when_stored([&] {
    written_at_call = first->written() + second->written();
    ++calls;
  });
  fanout.flush();
  for (int i = 0; i < 100 && calls.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(written_at_call.load(), 100u);
}

}  // namespace
}  // namespace busytrap::sink
