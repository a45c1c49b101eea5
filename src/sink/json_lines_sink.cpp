#include "sink/json_lines_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <system_error>
#include <utility>

#include "core/timestamp.h"
#include "core/write_all.h"

namespace busytrap::sink {
namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

std::int64_t day_of(std::int64_t micros) {
  return micros >= 0 ? micros / kMicrosPerDay : (micros - kMicrosPerDay + 1) / kMicrosPerDay;
}

// "YYYY-MM-DD" of a day number.
std::string date_of_day(std::int64_t day) { return core::format_iso8601(day * kMicrosPerDay).substr(0, 10); }

}  // namespace

std::int64_t system_clock_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

JsonLinesSink::JsonLinesSink(JsonLinesSinkOptions options)
    : options_(std::move(options)),
      writer_(options_.sensor),
      queue_(options_.high_water, options_.max_queued_bytes, options_.overflow),
      last_sync_(std::chrono::steady_clock::now()),
      health_("event log " + options_.path.string(), options_.warn, options_.high_water),
      thread_([this] { run(); }) {}

JsonLinesSink::~JsonLinesSink() {
  queue_.close();
  thread_.join();
}

void JsonLinesSink::write(const core::Event& event) {
  std::string line;
  line.reserve(256 + event.message.size() * 2);
  writer_.append_line(line, event);
  const std::size_t bytes = line.size();
  queue_.push(std::move(line), bytes);
}

void JsonLinesSink::reopen() {
  reopen_requested_ = true;
  queue_.wake();
}

void JsonLinesSink::flush() { queue_.wait_until_done(); }

void JsonLinesSink::when_stored(std::function<void()> done) { queue_.notify_when_done(std::move(done)); }

std::uint64_t JsonLinesSink::dropped() const { return queue_.overflow_drops() + failed_.load(); }

void JsonLinesSink::run() {
  std::vector<std::string> batch;
  bool more = true;
  while (more) {
    // Without an fsync due, wake up now and then anyway; the wait is cheap.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    if (options_.fsync == FsyncPolicy::kInterval && dirty_) deadline = last_sync_ + options_.fsync_interval;
    batch.clear();
    more = queue_.pop_all(batch, deadline, options_.gather);
    if (reopen_requested_.exchange(false)) {
      close_file();
      ensure_open();  // create the new file now, as logrotate's users expect
    }
    if (!batch.empty()) write_batch(batch);
    // Warn before done(): once flush() returns, the operator has heard of every drop.
    health_.check_overflow(queue_.overflow_drops());
    if (!batch.empty()) queue_.done(batch.size());
    if (options_.fsync == FsyncPolicy::kInterval && dirty_ &&
        std::chrono::steady_clock::now() >= last_sync_ + options_.fsync_interval) {
      sync();
    }
  }
  if (options_.fsync != FsyncPolicy::kNever && dirty_) sync();
  close_file();
}

void JsonLinesSink::write_batch(std::vector<std::string>& lines) {
  // A burst can grow the batch buffer to the queue's byte limit; do not keep that much for good.
  if (buffer_.capacity() > (4u << 20)) buffer_ = std::string();
  buffer_.clear();
  for (const auto& line : lines) buffer_.append(line);
  if (!ensure_open()) {
    failed_ += lines.size();
    return;
  }
  rotate_if_new_day();
  if (fd_ < 0 && !ensure_open()) {
    failed_ += lines.size();
    return;
  }
  struct stat before {};
  const bool known_size = ::fstat(fd_, &before) == 0;
  const int error = core::write_all(fd_, buffer_);
  if (error != 0) {
    // Take a half-written batch back off the file: readers must only ever see whole lines.
    if (known_size) (void)!::ftruncate(fd_, before.st_size);
    report_error("cannot write", error);
    failed_ += lines.size();
    return;
  }
  dirty_ = true;
  if (options_.fsync == FsyncPolicy::kAlways) sync();
  written_ += lines.size();
  health_.stored(failed_.load());
}

bool JsonLinesSink::ensure_open() {
  if (fd_ >= 0) return true;
  const auto parent = options_.path.parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
  }
  // O_NONBLOCK only for the open: a FIFO without a reader fails (ENXIO, reported and retried)
  // instead of hanging the writer thread, and with it flush() and shutdown.
  fd_ = ::open(options_.path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0640);
  if (fd_ < 0) {
    report_error("cannot open", errno);
    return false;
  }
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
  // The file belongs to the day it was last written (its mtime), as with Twisted's DailyLogFile:
  // a file left over from yesterday is rotated before today's first event.
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && st.st_size > 0) {
    file_day_ = day_of(static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000);
  } else {
    file_day_ = day_of(options_.clock());
  }
  return true;
}

void JsonLinesSink::close_file() {
  if (fd_ < 0) return;
  ::close(fd_);
  fd_ = -1;
  dirty_ = false;
}

void JsonLinesSink::rotate_if_new_day() {
  if (!options_.rotate_daily) return;
  const std::int64_t today = day_of(options_.clock());
  if (today <= file_day_) return;  // same day, or the clock went back: keep the file
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && st.st_size == 0) {
    file_day_ = today;  // nothing to archive
    return;
  }
  const std::string base = options_.path.string() + "." + date_of_day(file_day_);
  std::string target = base;
  std::error_code ec;
  for (int n = 1; std::filesystem::exists(target, ec) && n < 1000; ++n) target = base + "." + std::to_string(n);
  if (options_.fsync != FsyncPolicy::kNever && dirty_) sync();
  if (::rename(options_.path.c_str(), target.c_str()) != 0) {
    report_error("cannot rotate", errno);
    file_day_ = today;  // keep appending to the current file rather than retrying every batch
    return;
  }
  close_file();
  ensure_open();
}

void JsonLinesSink::sync() {
  if (fd_ >= 0 && ::fdatasync(fd_) != 0) {
    report_error("cannot fsync", errno);
  }
  dirty_ = false;
  last_sync_ = std::chrono::steady_clock::now();
}

void JsonLinesSink::report_error(const char* action, int error_number) {
  ++write_errors_;
  const bool episode_starts = !health_.in_error();
  health_.error(action, std::strerror(error_number), failed_.load());
  if (episode_starts && options_.on_error) options_.on_error();
}

}  // namespace busytrap::sink
