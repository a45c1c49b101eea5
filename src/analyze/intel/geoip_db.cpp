#include "analyze/intel/geoip_db.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace busytrap::analyze::intel {
namespace {

constexpr std::size_t kMaxCountryCodeBytes = 8;

// The iso_code string at `path` in the entry, if it is a short printable string.
std::string iso_code(MMDB_entry_s& entry, const char* parent) {
  MMDB_entry_data_s data{};
  if (MMDB_get_value(&entry, &data, parent, "iso_code", nullptr) != MMDB_SUCCESS || !data.has_data ||
      data.type != MMDB_DATA_TYPE_UTF8_STRING || data.data_size == 0 || data.data_size > kMaxCountryCodeBytes) {
    return {};
  }
  std::string code(data.utf8_string, data.data_size);
  for (char c : code) {
    if (c < 0x21 || c > 0x7e) return {};  // the database is input too
  }
  return code;
}

}  // namespace

GeoIpDb::~GeoIpDb() {
  if (open_) MMDB_close(&db_);
}

bool GeoIpDb::open(const std::string& path, std::string& error) {
  const int status = MMDB_open(path.c_str(), MMDB_MODE_MMAP, &db_);
  if (status != MMDB_SUCCESS) {
    error = path + ": " + MMDB_strerror(status);
    return false;
  }
  open_ = true;
  return true;
}

std::string GeoIpDb::country(std::string_view address) const {
  if (!open_ || address.empty() || address.size() >= INET6_ADDRSTRLEN) return {};
  const std::string text(address);
  sockaddr_storage storage{};
  if (inet_pton(AF_INET, text.c_str(), &reinterpret_cast<sockaddr_in*>(&storage)->sin_addr) == 1) {
    storage.ss_family = AF_INET;
  } else if (inet_pton(AF_INET6, text.c_str(), &reinterpret_cast<sockaddr_in6*>(&storage)->sin6_addr) == 1) {
    storage.ss_family = AF_INET6;
  } else {
    return {};
  }
  int mmdb_error = MMDB_SUCCESS;
  MMDB_lookup_result_s result =
      MMDB_lookup_sockaddr(&db_, reinterpret_cast<const sockaddr*>(&storage), &mmdb_error);
  if (mmdb_error != MMDB_SUCCESS || !result.found_entry) return {};
  std::string code = iso_code(result.entry, "country");
  if (code.empty()) code = iso_code(result.entry, "registered_country");
  return code;
}

}  // namespace busytrap::analyze::intel
