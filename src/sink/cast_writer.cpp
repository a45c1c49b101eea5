#include "sink/cast_writer.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "core/json_escape.h"
#include "core/write_all.h"

namespace busytrap::sink {
namespace {

// Room kept free for the final marker line, so the file never exceeds max_bytes.
constexpr std::size_t kMarkerReserve = 128;

bool is_safe_session_name(std::string_view session) {
  if (session.empty() || session.size() > 64) return false;
  return std::all_of(session.begin(), session.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

int clamp_size(int value) { return std::clamp(value, 1, 10000); }

}  // namespace

// Incremental SHA-256 of the bytes written (libcrypto EVP).
struct CastWriter::Sha256 {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
  Sha256() {
    if (ctx) EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  }
  void update(std::string_view data) {
    if (ctx) EVP_DigestUpdate(ctx.get(), data.data(), data.size());
  }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!ctx || EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1) return {};
    std::string out;
    for (unsigned int i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
    return out;
  }
};

CastWriter::CastWriter(CastWriterOptions options) : options_(std::move(options)) {}

CastWriter::~CastWriter() {
  if (is_open()) close(start_us_ + last_us_);
}

bool CastWriter::open(std::string_view session, std::int64_t start_us, int width, int height,
                      std::string_view term, std::string_view title) {
  if (is_open()) {
    error_ = "a transcript is already open";
    return false;
  }
  if (!is_safe_session_name(session)) {
    error_ = "unsafe session name for a transcript file";
    return false;
  }
  std::error_code ec;
  std::filesystem::create_directories(options_.directory, ec);
  path_ = options_.directory / (std::string(session) + ".cast");
  // O_EXCL: a recorded transcript is never overwritten; O_NOFOLLOW: nor a symlink followed.
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
  if (fd_ < 0) {
    error_ = fmt::format("cannot create {}: {}", path_.string(), std::strerror(errno));
    return false;
  }
  error_.clear();
  start_us_ = start_us;
  last_us_ = 0;
  size_ = on_disk_ = 0;
  truncated_ = stopped_ = false;
  sha_ = std::make_unique<Sha256>();
  buffer_ = fmt::format(R"({{"version": 2, "width": {}, "height": {}, "timestamp": {}, "env": {{"SHELL": "/bin/sh")",
                        clamp_size(width), clamp_size(height),
                        start_us >= 0 ? start_us / 1'000'000 : (start_us - 999'999) / 1'000'000);
  if (!term.empty()) {
    buffer_ += ", \"TERM\": ";
    core::append_json_string(buffer_, term.substr(0, 64));
  }
  buffer_ += "}";
  if (!title.empty()) {
    buffer_ += ", \"title\": ";
    core::append_json_string(buffer_, title.substr(0, 256));
  }
  buffer_ += "}\n";
  size_ = buffer_.size();
  write_buffer();
  return is_open();
}

void CastWriter::output(std::int64_t at_us, std::string_view bytes) { append_event(at_us, 'o', bytes); }

void CastWriter::input(std::int64_t at_us, std::string_view bytes) { append_event(at_us, 'i', bytes); }

void CastWriter::resize(std::int64_t at_us, int width, int height) {
  append_event(at_us, 'r', fmt::format("{}x{}", clamp_size(width), clamp_size(height)));
}

void CastWriter::append_time(std::int64_t at_us) {
  // Times never go back (asciinema requires it), whatever the caller's clock does.
  last_us_ = std::max(last_us_, at_us - start_us_);
  // "[S.UUUUUU, \"" by hand: fmt's format string parsing was a tenth of a transcript's cost.
  char text[40];
  text[0] = '[';
  char* end = std::to_chars(text + 1, text + 24, last_us_ / 1'000'000).ptr;
  *end++ = '.';
  std::int64_t micros = last_us_ % 1'000'000;
  for (int i = 5; i >= 0; --i) {
    end[i] = static_cast<char>('0' + micros % 10);
    micros /= 10;
  }
  end += 6;
  buffer_.append(text, static_cast<std::size_t>(end - text));
  buffer_ += ", \"";
}

void CastWriter::append_event(std::int64_t at_us, char type, std::string_view data) {
  if (!is_open() || stopped_ || data.empty()) return;
  const std::size_t before = buffer_.size();
  append_time(at_us);
  buffer_ += type;
  buffer_ += "\", \"";
  const std::size_t limit = options_.max_bytes > kMarkerReserve ? options_.max_bytes - kMarkerReserve : 0;
  const std::size_t used = size_ + (buffer_.size() - before) + 3;  // 3 = the closing "]\n
  const std::size_t room = limit > used ? limit - used : 0;
  const std::size_t consumed = core::append_json_escaped_prefix(buffer_, data, room);
  if (consumed == 0) {
    buffer_.resize(before);  // not even one byte fits: no empty event
  } else {
    buffer_ += "\"]\n";
  }
  if (consumed < data.size()) {
    append_time(at_us);
    buffer_ += fmt::format("m\", \"busytrap: transcript truncated at {} bytes\"]\n", options_.max_bytes);
    truncated_ = stopped_ = true;
  }
  size_ += buffer_.size() - before;
  if (buffer_.size() >= options_.buffer_bytes || stopped_) write_buffer();
}

void CastWriter::write_buffer() {
  if (fd_ < 0 || buffer_.empty()) return;
  const int error = core::write_all(fd_, buffer_);
  if (error != 0) {
    // Take a partial line back off: every line of a transcript must be valid JSON.
    (void)!::ftruncate(fd_, static_cast<off_t>(on_disk_));
    fail("cannot write", error);
    buffer_.clear();
    return;
  }
  sha_->update(buffer_);
  on_disk_ += buffer_.size();
  buffer_.clear();
}

void CastWriter::fail(const char* what, int error_number) {
  error_ = fmt::format("{} {}: {}", what, path_.string(), std::strerror(error_number));
  stopped_ = true;
}

std::optional<CastSummary> CastWriter::close(std::int64_t at_us) {
  if (!is_open()) return std::nullopt;
  write_buffer();
  ::close(fd_);
  fd_ = -1;
  CastSummary summary;
  summary.path = path_;
  summary.size = on_disk_;
  summary.shasum = sha_->hex();
  summary.duration_us = std::max<std::int64_t>(0, at_us - start_us_);
  summary.truncated = truncated_;
  sha_.reset();
  return summary;
}

}  // namespace busytrap::sink
