// InputSource's chunks: edges, padding, overlong lines, TAB continuations, gzip, mapped and
// streamed files alike, files that grow or shrink while they are read; ChunkBufferPool reuse.
#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>

#include "analyze/chunk_buffer_pool.h"
#include "analyze/chunk_input.h"
#include "analyze/input_source.h"
#include "analyze_test_support.h"

namespace busytrap::analyze {
namespace {

using testing::gzip_bytes;
using testing::TempDir;

std::unique_ptr<InputSource> open_source(const std::string& path) {
  std::string error;
  auto source = InputSource::open(path, error);
  EXPECT_NE(source, nullptr) << error;
  return source;
}

// Reads every chunk (the first at `offset`), checking each one's contract; returns their bytes.
std::vector<std::string> read_chunks(InputSource& source, std::size_t target, std::size_t max_line,
                                     InputFormat format = InputFormat::CowrieJson, std::uint64_t offset = 0) {
  std::vector<std::string> chunks;
  // The last chunks stay alive (like chunks in flight in the pipeline): their bytes must not
  // change while later chunks are read into pooled buffers.
  std::deque<std::pair<Chunk, std::size_t>> held;
  const auto check_oldest = [&] {
    EXPECT_TRUE(held.front().first.data == chunks[held.front().second]) << "chunk " << held.front().second;
    held.pop_front();
  };
  const bool is_streamed = !source.name().ends_with("settled.json");
  Chunk chunk;
  while (source.next_chunk(chunk, target, max_line, format)) {
    EXPECT_FALSE(chunk.data.empty());
    EXPECT_EQ(chunk.offset, offset);
    // Streamed chunks have kJsonPadding readable bytes after them; mapped ones up to the file end.
    EXPECT_GE(chunk.readable_end, chunk.data.data() + chunk.data.size() + (is_streamed ? kJsonPadding : 0));
    volatile char last_readable = chunk.readable_end[-1];  // readable, as promised
    (void)last_readable;
    offset += chunk.data.size();
    chunks.emplace_back(chunk.data);
    held.emplace_back(std::move(chunk), chunks.size() - 1);
    chunk = Chunk{};
    if (held.size() > 8) check_oldest();
  }
  while (!held.empty()) check_oldest();
  return chunks;
}

std::string joined(const std::vector<std::string>& chunks) {
  std::string all;
  for (const auto& c : chunks) all += c;
  return all;
}

std::string numbered_lines(int count, int from = 0) {
  std::string text;
  for (int i = from; i < from + count; ++i) text += "{\"line\":" + std::to_string(i) + ",\"pad\":\"" + std::string(i % 37, 'x') + "\"}\n";
  return text;
}

TEST(InputSource, ChunksEndAtLineEndsAndCoverTheFile) {
  TempDir dir;
  const std::string text = numbered_lines(5000) + "no final newline";
  for (const std::size_t target : {1ul, 100ul, 4096ul, 1ul << 20}) {
    auto source = open_source(dir.file("t.json", text));  // just written: streamed
    const auto chunks = read_chunks(*source, target, 1 << 20);
    EXPECT_TRUE(joined(chunks) == text) << "target " << target;
    for (std::size_t i = 0; i + 1 < chunks.size(); ++i) EXPECT_EQ(chunks[i].back(), '\n') << "target " << target;
    if (target == 100) {
      EXPECT_GT(chunks.size(), 100u);
    }
  }
}

TEST(InputSource, SettledFileIsMappedIntoTheSameChunks) {
  TempDir dir;
  const std::string text = numbered_lines(5000);
  const std::string path = dir.file("settled.json", text);
  std::filesystem::last_write_time(path, std::filesystem::file_time_type::clock::now() - std::chrono::hours(1));
  auto mapped = open_source(path);
  auto streamed = open_source(dir.file("fresh.json", text));
  const auto mapped_chunks = read_chunks(*mapped, 100, 1 << 20);
  EXPECT_TRUE(mapped_chunks == read_chunks(*streamed, 100, 1 << 20));
  EXPECT_TRUE(joined(mapped_chunks) == text);
}

TEST(InputSource, GzipGivesTheSameBytes) {
  TempDir dir;
  const std::string text = numbered_lines(20000);
  auto source = open_source(dir.file("t.json.gz", gzip_bytes(text)));
  EXPECT_TRUE(source->is_gzip());
  EXPECT_EQ(source->prefix(), std::string_view(text).substr(0, 64 * 1024));
  EXPECT_TRUE(joined(read_chunks(*source, 1000, 1 << 20)) == text);
}

TEST(InputSource, OverlongLinesAreCutAndLongOnesKept) {
  TempDir dir;
  const std::string longer_than_target(3000, 'a');  // > target, < max_line: whole
  // Over max_line but already in memory with its line end: passed whole (the reader skips it).
  const std::string overlong_in_memory(5000, 'b');
  // Spans several reads with no line end in target + max_line bytes: cut to max_line + 1 bytes.
  const std::string huge(3u << 20, 'c');
  const std::string text = "x\n" + longer_than_target + "\n" + overlong_in_memory + "\ny\n" + huge + "\nz";
  auto source = open_source(dir.file("long.json", text));
  const std::string all = joined(read_chunks(*source, 100, 4000));
  EXPECT_EQ(all.size(), text.size() - huge.size() + 4001);
  EXPECT_TRUE(all == "x\n" + longer_than_target + "\n" + overlong_in_memory + "\ny\n" + std::string(4001, 'c') + "\nz");
}

TEST(InputSource, TextChunksNeverStartWithAContinuation) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "2017-09-01 line " + std::to_string(i) + "\n\tcontinued\n\tmore\n";
  auto source = open_source(dir.file("cowrie.log", text));
  const auto chunks = read_chunks(*source, 50, 1 << 20, InputFormat::CowrieText);
  EXPECT_TRUE(joined(chunks) == text);
  for (const auto& c : chunks) EXPECT_NE(c.front(), '\t');
}

TEST(InputSource, FileGrowingWhileReadIsReadToItsNewEnd) {
  TempDir dir;
  const std::string first = numbered_lines(2000);
  const std::string path = dir.file("live.json", first);
  auto source = open_source(path);
  Chunk chunk;
  ASSERT_TRUE(source->next_chunk(chunk, 100, 1 << 20, InputFormat::CowrieJson));
  std::string all(chunk.data);
  const std::string appended = numbered_lines(3000, 2000);
  std::ofstream(path, std::ios::binary | std::ios::app) << appended;
  all += joined(read_chunks(*source, 100, 1 << 20, InputFormat::CowrieJson, chunk.data.size()));
  EXPECT_TRUE(all == first + appended);
  EXPECT_EQ(source->warning(), "");
}

TEST(InputSource, FileTruncatedWhileReadKeepsWhatWasReadAndWarns) {
  TempDir dir;
  const std::string text = numbered_lines(200000);  // several MiB: more than one read
  const std::string path = dir.file("cut.json", text);
  auto source = open_source(path);
  Chunk chunk;
  ASSERT_TRUE(source->next_chunk(chunk, 1000, 1 << 20, InputFormat::CowrieJson));
  std::string all(chunk.data);
  std::filesystem::resize_file(path, 10);
  all += joined(read_chunks(*source, 1000, 1 << 20, InputFormat::CowrieJson, chunk.data.size()));
  EXPECT_LT(all.size(), text.size());
  EXPECT_EQ(text.compare(0, all.size(), all), 0);  // a prefix of the original, nothing invented
  EXPECT_NE(source->warning().find("truncated while it was being read"), std::string::npos) << source->warning();
}

TEST(ChunkBufferPool, ReusesGivenBackBuffersAndOutlivesItsUser) {
  auto pool = ChunkBufferPool::create();
  std::shared_ptr<ChunkBuffer> a = pool->take(100);
  const char* const first = a->data();
  EXPECT_GE(a->capacity(), 100u);
  a.reset();
  EXPECT_EQ(pool->idle(), 1u);
  std::shared_ptr<ChunkBuffer> b = pool->take(50);
  EXPECT_EQ(b->data(), first);  // the same memory again, no new allocation
  EXPECT_EQ(pool->idle(), 0u);
  std::shared_ptr<ChunkBuffer> c = pool->take(200);  // none idle: a new one
  EXPECT_NE(c->data(), first);
  std::memcpy(c->data(), "keep", 4);
  c->grow(1 << 20, 4);
  EXPECT_GE(c->capacity(), 1u << 20);
  EXPECT_EQ(std::string_view(c->data(), 4), "keep");
  std::weak_ptr<ChunkBufferPool> weak = pool;
  pool.reset();
  EXPECT_FALSE(weak.expired());  // live buffers keep their pool
  b.reset();
  c.reset();
  EXPECT_TRUE(weak.expired());
}

}  // namespace
}  // namespace busytrap::analyze
