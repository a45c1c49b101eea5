#pragma once
// CastWriter: one session's terminal transcript in asciinema's v2 "asciicast" format, written to
// <directory>/<session>.cast (default var/lib/busytrap/tty/) and playable with `busytrap replay`
// or asciinema's player:
//
//   {"version": 2, "width": 80, "height": 24, "timestamp": 1562579846, "env": {"SHELL": "/bin/sh", "TERM": "vt100"}}
//   [0.000000, "o", "\r\nlogin: "]
//   [0.412003, "i", "root\r\n"]
//
// Data is JSON-escaped losslessly (core/json_escape.h: invalid UTF-8 bytes become \udcXX), so
// every line is valid JSON and replay reproduces the exact bytes sent. Times are seconds since
// open(), never decreasing. The file never exceeds max_bytes: the event that would cross the
// limit is written as far as it fits, followed by a marker event
// [t, "m", "busytrap: transcript truncated at N bytes"], and nothing more is recorded.
//
// Lifetime: open() once, then output()/input()/resize() in time order, then close(), which
// returns what cowrie.log.closed reports (path, size, SHA-256, duration). The destructor closes
// an open transcript. Output is buffered (buffer_bytes) and written with plain write(2) on the
// caller's thread; a failing write is taken back off the file (no partial line), recorded in
// error() and ends the recording. Not thread-safe: one CastWriter per session, used by the
// session's thread.
//
// Usage:
//   sink::CastWriter cast({.directory = "var/lib/busytrap/tty"});
//   if (!cast.open(session_id, now_us, 80, 24, "vt100")) log(cast.error());
//   cast.output(now_us, bytes_sent);  cast.input(now_us, line_received);
//   if (auto summary = cast.close(now_us)) emit_log_closed(*summary);
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace busytrap::sink {

struct CastWriterOptions {
  std::filesystem::path directory = "var/lib/busytrap/tty";
  std::size_t max_bytes = 1 << 20;     // per transcript file, header and marker included
  std::size_t buffer_bytes = 16 << 10;  // written to the file whenever this much is buffered
};

// What a closed transcript amounts to (the fields of cowrie.log.closed).
struct CastSummary {
  std::filesystem::path path;
  std::uint64_t size = 0;   // bytes in the file
  std::string shasum;       // SHA-256 of the file, 64 lowercase hex digits
  std::int64_t duration_us = 0;
  bool truncated = false;   // max_bytes was reached
};

class CastWriter {
 public:
  explicit CastWriter(CastWriterOptions options = {});
  ~CastWriter();
  CastWriter(const CastWriter&) = delete;
  CastWriter& operator=(const CastWriter&) = delete;

  // Creates <directory>/<session>.cast (never overwriting an existing file) and writes the
  // header. `session` must be 1-64 characters of [A-Za-z0-9_-]. Returns false and sets
  // error() when the file cannot be created; the other calls then do nothing.
  bool open(std::string_view session, std::int64_t start_us, int width = 80, int height = 24,
            std::string_view term = "", std::string_view title = "");

  void output(std::int64_t at_us, std::string_view bytes);  // bytes sent to the client
  void input(std::int64_t at_us, std::string_view bytes);   // bytes received from the client
  void resize(std::int64_t at_us, int width, int height);   // window size changed (NAWS)

  // Writes what is buffered and closes the file. Returns nullopt if nothing was open.
  std::optional<CastSummary> close(std::int64_t at_us);

  bool is_open() const noexcept { return fd_ >= 0; }
  const std::string& error() const noexcept { return error_; }

 private:
  void append_event(std::int64_t at_us, char type, std::string_view data);
  void append_time(std::int64_t at_us);
  void write_buffer();
  void fail(const char* what, int error_number);

  struct Sha256;
  CastWriterOptions options_;
  int fd_ = -1;
  std::filesystem::path path_;
  std::int64_t start_us_ = 0;
  std::int64_t last_us_ = 0;
  std::uint64_t size_ = 0;      // bytes accepted (buffered or written)
  std::uint64_t on_disk_ = 0;   // bytes written to the file
  bool truncated_ = false;
  bool stopped_ = false;
  std::string buffer_;
  std::string error_;
  std::unique_ptr<Sha256> sha_;
};

}  // namespace busytrap::sink
