#pragma once
// What the emulated download applets (wget, tftp, ftpget, curl) ask of the operator-enabled
// fetcher, and what they get back. Plain values: the shell builds requests, the fetcher
// (fetch/fetcher.h) answers them on its worker threads.
#include <cstdint>
#include <string>

namespace busytrap::fetch {

struct FetchRequest {
  std::string url;         // http://, https://, ftp:// or tftp:// (anything else is refused)
  std::string user_agent;  // what the emulated client sends ("Wget", "curl/7.x"); "" for none

  bool operator==(const FetchRequest&) const = default;
};

enum class FetchOutcome : std::uint8_t {
  Ok,
  Disabled,       // fetching is off
  Unsupported,    // not http/https/ftp/tftp
  Refused,        // the destination's address is not allowed (private, loopback, ...)
  RateLimited,    // the destination's token bucket is empty
  Busy,           // the worker queue is full
  Unresolved,     // no address for the host name
  ConnectFailed,  // connect() failed (refused, unreachable); os_errno says why
  Timeout,        // fetch.timeout passed
  TooLarge,       // more than fetch.max_bytes
  NotFound,       // HTTP 404, TFTP file not found, FTP 550
  ServerError,    // any other error the server answered with
  Failed,         // anything else
};

struct FetchResult {
  FetchOutcome outcome = FetchOutcome::Failed;
  std::string data;         // the payload (Ok only)
  std::string reason;       // for the log: what happened, in the operator's words
  std::string peer_ip;      // the address connected to (or refused), when known
  std::string status_line;  // HTTP status line of the last response ("HTTP/1.0 404 File not found")
  long response_code = 0;   // HTTP status or FTP reply code
  int os_errno = 0;         // errno of a failed connect

  bool ok() const noexcept { return outcome == FetchOutcome::Ok; }
};

const char* outcome_name(FetchOutcome outcome);

}  // namespace busytrap::fetch
