#pragma once
// CaptureStore: the on-disk store of captured files. Each distinct content is written once,
// named by its SHA-256 (lower-case hex), inside one configured directory and nowhere else:
// written to a temporary name in that directory and renamed, so a reader never sees a partial
// file. Files above the size cap are hashed but not stored. Thread-safe (sessions on any
// thread may store at once).
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

namespace busytrap::capture {

struct CaptureConfig {
  std::filesystem::path directory = "var/lib/busytrap/downloads";
  std::uint64_t max_file_bytes = 8u << 20;
  bool enabled = true;  // false: hash and log, write nothing
};

struct StoredFile {
  std::string sha256;        // 64 hex characters
  std::string path;          // where it is (or would be) stored
  bool duplicate = false;    // already in the store before this call
  bool stored = false;       // a file with this name exists now
  std::string error;         // why it was not stored, if it was not
};

class CaptureStore {
 public:
  explicit CaptureStore(CaptureConfig config);
  StoredFile store(std::string_view bytes);
  const CaptureConfig& config() const noexcept { return config_; }

 private:
  CaptureConfig config_;
  std::mutex mutex_;
  std::uint64_t temp_counter_ = 0;
};

// SHA-256 of `bytes` as 64 lower-case hex characters (OpenSSL EVP).
std::string sha256_hex(std::string_view bytes);

}  // namespace busytrap::capture
