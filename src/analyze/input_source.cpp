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
#include <utility>
#include <vector>

#include "analyze/chunk_buffer_pool.h"
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

// Maps the pages of [begin, end) that are in the page cache into the process at once, here in
// the producer, so the workers do not take a page fault per fault-around window (64 KiB) of the
// chunk: one call is cheaper in kernel time than the faults, by about half. A kernel older than
// 5.14 refuses the advice and the pages are faulted in as before; a file truncated meanwhile
// still meets the SIGBUS handler when the chunk is read.
void populate_page_tables(const char* begin, const char* end) {
#ifdef MADV_POPULATE_READ
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const std::uintptr_t first = reinterpret_cast<std::uintptr_t>(begin) & ~(page - 1);
  const auto last = reinterpret_cast<std::uintptr_t>(end);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_READ);
#else
  (void)begin;
  (void)end;
#endif
}

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
    populate_page_tables(rest.data(), rest.data() + cut);
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

// A stream: a gzip file, a pipe, standard input, a file still being written. Bytes are read (or
// inflated) straight into a pooled chunk buffer; a chunk is handed out as a view of that buffer,
// and the unfinished last line is carried into the next buffer. So each byte is copied once by
// the kernel (or inflated once), plus the carried partial lines, into memory already faulted in.
class StreamedInput final : public InputSource {
 public:
  StreamedInput(std::string name, int fd, bool owns_fd)
      : name_(std::move(name)), fd_(fd), owns_fd_(owns_fd), pool_(ChunkBufferPool::create()) {
    raw_.resize(kReadBytes);
    // Detect gzip from the first bytes.
    fill_raw();
    gzip_ = raw_len_ >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1f && static_cast<unsigned char>(raw_[1]) == 0x8b;
    if (gzip_) start_gzip_member();
    buffer_ = pool_->take(kPrefixBytes + kJsonPadding);
  }
  ~StreamedInput() override {
    if (owns_fd_ && fd_ >= 0) close(fd_);
  }

  const std::string& name() const noexcept override { return name_; }
  bool is_gzip() const noexcept override { return gzip_; }
  const std::string& warning() const noexcept override { return warning_; }

  std::string_view prefix() override {
    while (length_ < kPrefixBytes && !eof_) produce(kPrefixBytes - length_);
    return pending().substr(0, kPrefixBytes);
  }

  bool next_chunk(Chunk& chunk, std::size_t target, std::size_t max_line, InputFormat format) override {
    while (true) {
      while (length_ < target && !eof_) produce(target - length_);
      if (length_ == 0) return false;
      std::size_t cut = find_chunk_cut(pending(), target, eof_, format);
      if (cut == 0) {
        if (length_ <= target + max_line) {
          produce(std::max<std::size_t>(kReadBytes, target));  // a long line: read more
          if (!eof_ || length_ != 0) continue;
          return false;
        }
        cut_overlong_line(max_line);
        cut = find_chunk_cut(pending(), target, eof_, format);
        if (cut == 0) continue;
      }
      emit(chunk, cut, target);
      return true;
    }
  }

 private:
  std::string_view pending() const { return std::string_view(buffer_->data(), length_); }

  void fill_raw() {
    raw_pos_ = 0;
    raw_len_ = 0;
    const ssize_t n = read_fd(raw_.data(), raw_.size());
    if (n > 0) raw_len_ = static_cast<std::size_t>(n);
  }

  // read(2) retried on EINTR; counts the bytes read, and at the end (0) or on an error sets
  // raw_eof_ (with a warning for the error). Returns what read(2) returned.
  ssize_t read_fd(char* out, std::size_t size) {
    while (true) {
      const ssize_t n = read(fd_, out, size);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        warning_ = errno_text(name_, "read error");
        raw_eof_ = true;
      } else if (n == 0) {
        raw_eof_ = true;
        check_file_changed();
      } else {
        raw_total_ += static_cast<std::uint64_t>(n);
      }
      return n;
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

  // Makes room for `more` bytes after the pending ones (and the padding after them).
  char* room_for(std::size_t more) {
    buffer_->grow(length_ + more + kJsonPadding, length_);
    return buffer_->data() + length_;
  }

  // One step of input: appends some bytes (up to about `want`) to the pending ones, reads the
  // next raw block, notes the end of the raw input, or sets eof_. Callers loop until they have
  // enough bytes or eof_; every step advances, so the loop ends.
  void produce(std::size_t want) {
    if (eof_) return;
    want = std::max<std::size_t>(want, 64 * 1024);
    if (raw_pos_ == raw_len_) {
      if (raw_eof_) {
        if (gzip_ && !stream_finished_) warning_ = name_ + ": gzip stream is truncated; the data before the cut was read";
        eof_ = true;
        return;
      }
      if (!gzip_) {  // plain bytes go straight from the kernel into the chunk buffer
        const ssize_t n = read_fd(room_for(want), want);
        if (n > 0) length_ += static_cast<std::size_t>(n);
        return;
      }
      fill_raw();
      return;
    }
    if (!gzip_) {  // the bytes read to detect gzip
      const std::size_t n = raw_len_ - raw_pos_;
      std::memcpy(room_for(n), raw_.data() + raw_pos_, n);
      length_ += n;
      raw_pos_ = raw_len_;
      return;
    }
    char* out = room_for(want);
    inflate_->next_in = reinterpret_cast<std::uint8_t*>(raw_.data() + raw_pos_);
    inflate_->avail_in = static_cast<std::uint32_t>(raw_len_ - raw_pos_);
    inflate_->next_out = reinterpret_cast<std::uint8_t*>(out);
    inflate_->avail_out = static_cast<std::uint32_t>(want);
    const int rc = isal_inflate(inflate_.get());
    raw_pos_ = raw_len_ - inflate_->avail_in;
    length_ += want - inflate_->avail_out;
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

  // The pending bytes start with a line longer than max_line: keep its first max_line + 1 bytes
  // (so the reader counts and skips it) and drop the rest of it from the stream as it arrives.
  void cut_overlong_line(std::size_t max_line) {
    const std::size_t head = max_line + 1;
    while (true) {
      char* const data = buffer_->data();  // again each time: produce() may move the buffer
      const void* nl = std::memchr(data + head, '\n', length_ - head);
      if (nl != nullptr) {
        const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - data);
        std::memmove(data + head, data + at, length_ - at);
        length_ = head + (length_ - at);
        return;
      }
      length_ = head;
      if (eof_) return;
      produce(kReadBytes);
    }
  }

  // Hands out the first `cut` pending bytes, followed by kJsonPadding readable bytes, and
  // carries the rest into a fresh buffer from the pool.
  void emit(Chunk& chunk, std::size_t cut, std::size_t target) {
    std::memset(buffer_->data() + length_, 0, kJsonPadding);
    std::shared_ptr<ChunkBuffer> next = pool_->take(std::max(target, length_ - cut) + kJsonPadding);
    std::memcpy(next->data(), buffer_->data() + cut, length_ - cut);
    chunk.data = std::string_view(buffer_->data(), cut);
    chunk.readable_end = buffer_->data() + length_ + kJsonPadding;
    chunk.owner = std::exchange(buffer_, std::move(next));
    chunk.offset = offset_;
    offset_ += cut;
    length_ -= cut;
  }

  std::string name_;
  int fd_;
  bool owns_fd_;
  bool gzip_ = false;
  std::unique_ptr<inflate_state> inflate_;  // isa-l's streaming gzip decoder (large: on the heap)
  std::vector<char> raw_;                   // the first bytes (gzip detection), then gzip input
  std::size_t raw_pos_ = 0, raw_len_ = 0;
  std::uint64_t raw_total_ = 0;  // bytes read from fd_
  bool raw_eof_ = false;
  bool eof_ = false;
  bool stream_finished_ = true;
  std::shared_ptr<ChunkBufferPool> pool_;
  std::shared_ptr<ChunkBuffer> buffer_;  // the pending bytes: [0, length_)
  std::size_t length_ = 0;
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
