#include "analyze/input_source.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <isa-l/igzip_lib.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <vector>

#include "analyze/chunk_input.h"

namespace busytrap::analyze {
namespace {

constexpr std::size_t kPrefixBytes = 64 * 1024;
constexpr std::size_t kReadBytes = 1 << 20;
// A file modified more recently than this is read with read(2), not mapped: a log that is still
// being written may be truncated under the reader, and a mapping then faults (SIGBUS).
constexpr std::chrono::seconds kSettledAfter{2};

// Last resort for a mapped file truncated while it is read (the rare case of a file that looked
// settled): a clear message and exit status 1 instead of a crash.
void on_sigbus(int) {
  static const char message[] =
      "busytrap analyze: an input file was truncated while it was being read (memory-mapped); "
      "analyze a copy, or let the writer finish first\n";
  (void)!::write(STDERR_FILENO, message, sizeof message - 1);
  ::_exit(1);
}

void install_sigbus_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_handler = on_sigbus;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, nullptr);
  });
}

bool recently_modified(const struct stat& st) {
  const auto modified = std::chrono::system_clock::time_point(
      std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec));
  return std::chrono::system_clock::now() - modified < kSettledAfter;
}

bool is_cut_after(std::string_view data, std::size_t newline, bool at_end, InputFormat format) {
  if (format != InputFormat::CowrieText) return true;
  const std::size_t next = newline + 1;
  if (next < data.size()) return data[next] != '\t';
  return at_end;
}

}  // namespace

std::size_t find_chunk_cut(std::string_view data, std::size_t target, bool at_end, InputFormat format) noexcept {
  if (target >= data.size()) {
    if (at_end) return data.size();
    target = data.size();
  }
  // Backwards from target for a line end.
  std::size_t i = target;
  while (i > 0) {
    const void* hit = memrchr(data.data(), '\n', i);
    if (hit == nullptr) break;
    const auto nl = static_cast<std::size_t>(static_cast<const char*>(hit) - data.data());
    if (is_cut_after(data, nl, at_end, format)) return nl + 1;
    i = nl;
  }
  // None before target: forwards.
  std::size_t from = target;
  while (from < data.size()) {
    const void* hit = std::memchr(data.data() + from, '\n', data.size() - from);
    if (hit == nullptr) break;
    const auto nl = static_cast<std::size_t>(static_cast<const char*>(hit) - data.data());
    if (is_cut_after(data, nl, at_end, format)) return nl + 1;
    from = nl + 1;
  }
  return at_end ? data.size() : 0;
}

namespace {

std::string errno_text(const std::string& path, const char* what) {
  return path + ": " + what + ": " + std::strerror(errno);
}

// Keeps a mapping alive for one chunk and, when the chunk is done, drops the chunk's pages
// from the process (they stay in the page cache): resident memory stays at the chunks in
// flight instead of growing to the file's size. Pages shared with a neighbour chunk are kept.
class MappedChunkPages {
 public:
  MappedChunkPages(std::shared_ptr<const void> mapping, const char* begin, const char* end)
      : mapping_(std::move(mapping)), begin_(begin), end_(end) {}
  ~MappedChunkPages() {
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const std::uintptr_t first = (reinterpret_cast<std::uintptr_t>(begin_) + page - 1) & ~(page - 1);
    const std::uintptr_t last = reinterpret_cast<std::uintptr_t>(end_) & ~(page - 1);
    if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
  }
  MappedChunkPages(const MappedChunkPages&) = delete;
  MappedChunkPages& operator=(const MappedChunkPages&) = delete;

 private:
  std::shared_ptr<const void> mapping_;
  const char* begin_;
  const char* end_;
};

// A regular, uncompressed file, mapped read-only.
class MappedInput final : public InputSource {
 public:
  MappedInput(std::string name, const char* base, std::size_t size)
      : name_(std::move(name)),
        mapping_(base, [size](const void* p) { munmap(const_cast<void*>(p), size); }),
        data_(base, size) {}

  const std::string& name() const noexcept override { return name_; }
  bool is_gzip() const noexcept override { return false; }
  std::string_view prefix() override { return data_.substr(0, kPrefixBytes); }
  const std::string& warning() const noexcept override { return warning_; }

  bool next_chunk(Chunk& chunk, std::size_t target, std::size_t, InputFormat format) override {
    if (offset_ >= data_.size()) return false;
    const std::string_view rest = data_.substr(offset_);
    std::size_t cut = find_chunk_cut(rest, target, true, format);
    if (cut == 0) cut = rest.size();
    chunk.owner = std::make_shared<MappedChunkPages>(mapping_, rest.data(), rest.data() + cut);
    chunk.data = rest.substr(0, cut);
    chunk.readable_end = data_.data() + data_.size();
    chunk.offset = offset_;
    offset_ += cut;
    return true;
  }

 private:
  std::string name_;
  std::shared_ptr<const void> mapping_;
  std::string_view data_;
  std::size_t offset_ = 0;
  std::string warning_;
};

// A stream: a gzip file, a pipe, standard input. Reads into `pending_` and hands out chunks.
class StreamedInput final : public InputSource {
 public:
  StreamedInput(std::string name, int fd, bool owns_fd) : name_(std::move(name)), fd_(fd), owns_fd_(owns_fd) {
    raw_.resize(kReadBytes);
    // Detect gzip from the first bytes.
    fill_raw();
    gzip_ = raw_len_ >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1f && static_cast<unsigned char>(raw_[1]) == 0x8b;
    if (gzip_) start_gzip_member();
  }
  ~StreamedInput() override {
    if (owns_fd_ && fd_ >= 0) close(fd_);
  }

  const std::string& name() const noexcept override { return name_; }
  bool is_gzip() const noexcept override { return gzip_; }
  const std::string& warning() const noexcept override { return warning_; }

  std::string_view prefix() override {
    while (pending_.size() < kPrefixBytes && !eof_) produce(kPrefixBytes - pending_.size());
    return std::string_view(pending_).substr(0, kPrefixBytes);
  }

  bool next_chunk(Chunk& chunk, std::size_t target, std::size_t max_line, InputFormat format) override {
    while (true) {
      while (pending_.size() < target && !eof_) produce(target - pending_.size());
      if (pending_.empty()) return false;
      std::size_t cut = find_chunk_cut(pending_, target, eof_, format);
      if (cut == 0) {
        if (pending_.size() <= target + max_line) {
          produce(std::max<std::size_t>(kReadBytes, target));  // a long line: read more
          if (!eof_ || !pending_.empty()) continue;
          return false;
        }
        cut_overlong_line(max_line);
        cut = find_chunk_cut(pending_, target, eof_, format);
        if (cut == 0) continue;
      }
      emit(chunk, cut);
      return true;
    }
  }

 private:
  void fill_raw() {
    raw_pos_ = 0;
    raw_len_ = 0;
    while (true) {
      const ssize_t n = read(fd_, raw_.data(), raw_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        warning_ = errno_text(name_, "read error");
        raw_eof_ = true;
        return;
      }
      if (n == 0) {
        raw_eof_ = true;
        check_file_changed();
      }
      raw_len_ = static_cast<std::size_t>(n);
      raw_total_ += static_cast<std::uint64_t>(n);
      return;
    }
  }

  // At the end of a regular file (a log still being written, say): say so when the file is now
  // shorter than what was read (truncated or replaced in place while reading).
  void check_file_changed() {
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) return;
    if (static_cast<std::uint64_t>(st.st_size) < raw_total_ && warning_.empty()) {
      warning_ = name_ + ": the file was truncated while it was being read (" + std::to_string(raw_total_) +
                 " bytes read, now " + std::to_string(st.st_size) + "); the lines read before were counted";
    }
  }

  // Appends at least some bytes (up to about `want`) to pending_, or sets eof_.
  void produce(std::size_t want) {
    if (eof_) return;
    want = std::max<std::size_t>(want, 64 * 1024);
    if (raw_pos_ == raw_len_) {
      if (raw_eof_) {
        if (gzip_ && !stream_finished_) warning_ = name_ + ": gzip stream is truncated; the data before the cut was read";
        eof_ = true;
        return;
      }
      fill_raw();
      if (raw_len_ == 0) return produce(want);
    }
    if (!gzip_) {
      pending_.append(raw_.data() + raw_pos_, raw_len_ - raw_pos_);
      raw_pos_ = raw_len_;
      return;
    }
    const std::size_t old = pending_.size();
    pending_.resize(old + want);
    inflate_->next_in = reinterpret_cast<std::uint8_t*>(raw_.data() + raw_pos_);
    inflate_->avail_in = static_cast<std::uint32_t>(raw_len_ - raw_pos_);
    inflate_->next_out = reinterpret_cast<std::uint8_t*>(pending_.data() + old);
    inflate_->avail_out = static_cast<std::uint32_t>(want);
    const int rc = isal_inflate(inflate_.get());
    raw_pos_ = raw_len_ - inflate_->avail_in;
    pending_.resize(old + (want - inflate_->avail_out));
    if (rc < 0) {
      warning_ = name_ + ": gzip data error (isa-l code " + std::to_string(rc) + "); the data before it was read";
      eof_ = true;
      return;
    }
    stream_finished_ = inflate_->block_state == ISAL_BLOCK_FINISH;
    if (stream_finished_) start_gzip_member();  // a following gzip member, if any, continues the stream
  }

  void start_gzip_member() {
    if (!inflate_) inflate_ = std::make_unique<inflate_state>();
    isal_inflate_init(inflate_.get());
    inflate_->crc_flag = ISAL_GZIP;
  }

  // pending_ starts with a line longer than max_line: keep its first max_line + 1 bytes (so the
  // reader counts and skips it) and drop the rest of it from the stream as it arrives.
  void cut_overlong_line(std::size_t max_line) {
    std::string head = pending_.substr(0, max_line + 1);
    pending_.erase(0, max_line + 1);
    while (true) {
      const std::size_t nl = pending_.find('\n');
      if (nl != std::string::npos) {
        pending_.erase(0, nl);
        break;
      }
      pending_.clear();
      if (eof_) break;
      produce(kReadBytes);
    }
    pending_.insert(0, head);
  }

  void emit(Chunk& chunk, std::size_t cut) {
    auto buffer = std::make_shared<std::string>();
    buffer->reserve(cut + kJsonPadding);
    buffer->assign(pending_, 0, cut);
    buffer->append(kJsonPadding, '\0');
    pending_.erase(0, cut);
    chunk.data = std::string_view(buffer->data(), cut);
    chunk.readable_end = buffer->data() + buffer->size();
    chunk.owner = std::move(buffer);
    chunk.offset = offset_;
    offset_ += cut;
  }

  std::string name_;
  int fd_;
  bool owns_fd_;
  bool gzip_ = false;
  std::unique_ptr<inflate_state> inflate_;  // isa-l's streaming gzip decoder (large: on the heap)
  std::vector<char> raw_;
  std::size_t raw_pos_ = 0, raw_len_ = 0;
  std::uint64_t raw_total_ = 0;  // bytes read from fd_
  bool raw_eof_ = false;
  bool eof_ = false;
  bool stream_finished_ = true;
  std::string pending_;
  std::uint64_t offset_ = 0;
  std::string warning_;
};

}  // namespace

std::unique_ptr<InputSource> InputSource::open(const std::string& path, std::string& error) {
  if (path == "-") return std::make_unique<StreamedInput>("(stdin)", STDIN_FILENO, false);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = errno_text(path, "cannot open");
    return nullptr;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    error = errno_text(path, "cannot stat");
    close(fd);
    return nullptr;
  }
  if (S_ISDIR(st.st_mode)) {
    error = path + ": is a directory";
    close(fd);
    return nullptr;
  }
  // Mapped only when settled: the size is read once here and a file still being written is
  // read with read(2) (appended lines up to the end at that time are counted; truncation is
  // reported as a warning).
  if (S_ISREG(st.st_mode) && st.st_size > 0 && !recently_modified(st)) {
    unsigned char magic[2] = {0, 0};
    const bool gzip = pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    if (!gzip) {
      const auto size = static_cast<std::size_t>(st.st_size);
      void* base = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (base != MAP_FAILED) {
        install_sigbus_handler();
        madvise(base, size, MADV_SEQUENTIAL);
        close(fd);
        return std::make_unique<MappedInput>(path, static_cast<const char*>(base), size);
      }
    }
  }
  return std::make_unique<StreamedInput>(path, fd, true);
}

}  // namespace busytrap::analyze
