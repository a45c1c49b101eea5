#include "capture/capture_store.h"

#include <openssl/evp.h>

#include <fmt/format.h>

#include <fstream>
#include <system_error>

namespace busytrap::capture {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::string hex;
  if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
      EVP_DigestUpdate(ctx, bytes.data(), bytes.size()) == 1 && EVP_DigestFinal_ex(ctx, digest, &len) == 1) {
    hex.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", digest[i]);
  }
  EVP_MD_CTX_free(ctx);
  return hex;
}

CaptureStore::CaptureStore(CaptureConfig config) : config_(std::move(config)) {}

StoredFile CaptureStore::store(std::string_view bytes) {
  StoredFile result;
  result.sha256 = sha256_hex(bytes);
  result.path = (config_.directory / result.sha256).string();
  if (result.sha256.size() != 64) {  // no digest: never fall back to another name
    result.error = "SHA-256 failed";
    return result;
  }
  if (!config_.enabled) {
    result.error = "capture disabled";
    return result;
  }
  if (bytes.size() > config_.max_file_bytes) {
    result.error = "larger than the capture size cap";
    return result;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  std::error_code ec;
  const std::filesystem::path target = config_.directory / result.sha256;
  if (std::filesystem::exists(target, ec)) {
    result.duplicate = true;
    result.stored = true;
    return result;
  }
  std::filesystem::create_directories(config_.directory, ec);
  const std::filesystem::path temp = config_.directory / fmt::format(".tmp-{}-{}", result.sha256, ++temp_counter_);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      result.error = "write failed";
      std::filesystem::remove(temp, ec);
      return result;
    }
  }
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    result.error = ec.message();
    std::filesystem::remove(temp, ec);
    return result;
  }
  result.stored = true;
  return result;
}

}  // namespace busytrap::capture
