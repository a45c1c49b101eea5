#pragma once
// GeoIpDb: the country of an IP address from a MaxMind-format database (GeoLite2-Country,
// GeoIP2-City, DB-IP's MMDB, ...; read with libmaxminddb, memory-mapped). The operator provides
// the file (`--geoip FILE.mmdb`); busytrap ships none and never fetches one. Lookups take only
// numeric addresses (parsed with inet_pton first: no name resolution can happen). Not copyable;
// lookups are const and may run from several threads once open.
#include <maxminddb.h>

#include <string>
#include <string_view>

namespace busytrap::analyze::intel {

class GeoIpDb {
 public:
  GeoIpDb() = default;
  GeoIpDb(const GeoIpDb&) = delete;
  GeoIpDb& operator=(const GeoIpDb&) = delete;
  ~GeoIpDb();

  // Opens `path`. False and `error` (with the path and libmaxminddb's reason) on failure.
  bool open(const std::string& path, std::string& error);
  bool is_open() const noexcept { return open_; }

  // The ISO 3166-1 alpha-2 code of `address`'s country (`country.iso_code`, else
  // `registered_country.iso_code`), or "" when the address is not an IP address, not in the
  // database, or the entry has no code. An IPv6 address in an IPv4-only database gives "".
  std::string country(std::string_view address) const;

 private:
  MMDB_s db_{};
  bool open_ = false;
};

}  // namespace busytrap::analyze::intel
