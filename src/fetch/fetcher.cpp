#include "fetch/fetcher.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fmt/format.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>

#include "fetch/address_class.h"

namespace busytrap::fetch {
namespace {

constexpr const char* kProtocols = "http,https,ftp,tftp";
constexpr std::size_t kMaxUrlBytes = 4096;  // longer ones are not fetched (nor resolved)

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Why an address may not be connected to, or "" when it may.
std::string refusal(AddressClass kind, const config::FetchConfig& config) {
  switch (kind) {
    case AddressClass::Public: return {};
    case AddressClass::Loopback:
      return config.allow_loopback ? std::string() : "loopback destination (fetch.allow_loopback = false)";
    case AddressClass::Private:
    case AddressClass::LinkLocal:
      return config.allow_private ? std::string()
                                  : fmt::format("{} destination (fetch.allow_private = false)", class_name(kind));
    case AddressClass::Multicast:
    case AddressClass::Reserved: return fmt::format("{} destination", class_name(kind));
  }
  return "reserved destination";
}

struct UrlParts {
  std::string scheme, host;
};

std::optional<UrlParts> split_url(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), curl_url_cleanup);
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return std::nullopt;
  }
  UrlParts parts;
  for (auto [part, out] : {std::pair{CURLUPART_SCHEME, &parts.scheme}, std::pair{CURLUPART_HOST, &parts.host}}) {
    char* text = nullptr;
    if (curl_url_get(handle.get(), part, &text, 0) != CURLUE_OK || text == nullptr) return std::nullopt;
    *out = text;
    curl_free(text);
  }
  std::transform(parts.host.begin(), parts.host.end(), parts.host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return parts;
}

// State of one transfer, shared with libcurl's callbacks.
struct Transfer {
  const config::FetchConfig* config;
  const std::atomic<bool>* abort;
  std::string data;
  std::string status_line;
  std::string refused_reason;
  std::string peer_ip;
  bool too_large = false;
};

std::size_t on_data(char* bytes, std::size_t size, std::size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (t.data.size() + n > static_cast<std::size_t>(t.config->max_bytes)) {
    t.too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  t.data.append(bytes, n);
  return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Transfer*>(user)->abort->load() ? 1 : 0;
}

std::size_t on_header(char* bytes, std::size_t size, std::size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const std::string_view line(bytes, size * count);
  if (line.starts_with("HTTP/")) {
    t.status_line = std::string(line.substr(0, std::min<std::size_t>(line.find_first_of("\r\n"), 200)));
  }
  return size * count;
}

// Every socket libcurl opens (each redirect, FTP data connection, TFTP) passes here with the
// address it is about to connect to: the check that DNS rebinding cannot get around.
curl_socket_t on_open_socket(void* user, curlsocktype, curl_sockaddr* address) {
  auto& t = *static_cast<Transfer*>(user);
  const auto* sa = reinterpret_cast<const sockaddr*>(&address->addr);
  t.peer_ip = address_text(sa, address->addrlen);
  const std::string why = refusal(classify(sa, address->addrlen), *t.config);
  if (!why.empty()) {
    t.refused_reason = fmt::format("{}: {}", t.peer_ip, why);
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

FetchResult immediate(FetchOutcome outcome, std::string reason) {
  FetchResult r;
  r.outcome = outcome;
  r.reason = std::move(reason);
  return r;
}

}  // namespace

const char* outcome_name(FetchOutcome outcome) {
  switch (outcome) {
    case FetchOutcome::Ok: return "ok";
    case FetchOutcome::Disabled: return "disabled";
    case FetchOutcome::Unsupported: return "unsupported";
    case FetchOutcome::Refused: return "refused";
    case FetchOutcome::RateLimited: return "rate-limited";
    case FetchOutcome::Busy: return "busy";
    case FetchOutcome::Unresolved: return "unresolved";
    case FetchOutcome::ConnectFailed: return "connect-failed";
    case FetchOutcome::Timeout: return "timeout";
    case FetchOutcome::TooLarge: return "too-large";
    case FetchOutcome::NotFound: return "not-found";
    case FetchOutcome::ServerError: return "server-error";
    case FetchOutcome::Failed: return "failed";
  }
  return "failed";
}

Fetcher::Fetcher(config::FetchConfig config)
    : config_(std::move(config)),
      limiter_(static_cast<double>(config_.rate_burst), static_cast<double>(config_.rate_per_minute),
               static_cast<std::size_t>(config_.max_destinations)) {
  global_init();
  if (!config_.enabled) return;
  for (std::int64_t i = 0; i < config_.workers; ++i) threads_.emplace_back([this] { work(); });
}

Fetcher::~Fetcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    jobs_.clear();
  }
  abort_transfers_ = true;
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

FetchResult Fetcher::precheck(const FetchRequest& request) {
  if (!config_.enabled) return immediate(FetchOutcome::Disabled, "fetching is off (fetch.enabled = false)");
  if (request.url.size() > kMaxUrlBytes) return immediate(FetchOutcome::Unsupported, "URL too long");
  const auto parts = split_url(request.url);
  if (!parts) return immediate(FetchOutcome::Unsupported, "not a URL");
  if (parts->scheme != "http" && parts->scheme != "https" && parts->scheme != "ftp" && parts->scheme != "tftp") {
    return immediate(FetchOutcome::Unsupported, fmt::format("scheme {} is not fetched", parts->scheme));
  }
  // Address literals (any spelling inet_aton accepts, or IPv6) are judged before anything is
  // resolved; names are judged per connection by the open-socket hook.
  std::string host = parts->host;
  std::optional<AddressClass> literal;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    std::array<std::uint8_t, 16> v6{};
    const std::string inner = host.substr(1, host.size() - 2);
    if (::inet_pton(AF_INET6, inner.substr(0, inner.find('%')).c_str(), v6.data()) == 1) literal = classify_ipv6(v6);
  } else if (const auto v4 = parse_ipv4_literal(host)) {
    literal = classify_ipv4(*v4);
  }
  if (literal) {
    if (const std::string why = refusal(*literal, config_); !why.empty()) {
      return immediate(FetchOutcome::Refused, fmt::format("{}: {}", host, why));
    }
  }
  if (!limiter_.try_acquire(host)) {
    return immediate(FetchOutcome::RateLimited,
                     fmt::format("rate limit for {} ({} at once, {} a minute)", host, config_.rate_burst,
                                 config_.rate_per_minute));
  }
  return immediate(FetchOutcome::Ok, {});
}

void Fetcher::submit(FetchRequest request, Callback done) {
  FetchResult early = precheck(request);
  if (!early.ok()) {
    done(std::move(early));
    return;
  }
  {
    std::lock_guard lock(mutex_);
    if (!stopping_ && jobs_.size() < static_cast<std::size_t>(config_.queue)) {
      jobs_.push_back(Job{std::move(request), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done(immediate(FetchOutcome::Busy, fmt::format("download queue full ({} waiting)", config_.queue)));
}

void Fetcher::work() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job.done(fetch_now(job.request));
  }
}

FetchResult Fetcher::fetch_now(const FetchRequest& request) const {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy(curl_easy_init(), curl_easy_cleanup);
  if (!easy) return immediate(FetchOutcome::Failed, "libcurl could not start a transfer");
  Transfer t{&config_, &abort_transfers_, {}, {}, {}, {}, false};
  CURL* h = easy.get();
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, kProtocols);
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https,ftp");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROXY, "");  // never through a proxy from the environment
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout * 1000));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout * 1000));
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(config_.max_bytes));
  // Malware servers present whatever certificate; the device's wget does not check either.
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  if (!request.user_agent.empty()) curl_easy_setopt(h, CURLOPT_USERAGENT, request.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &t);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
  const CURLcode code = curl_easy_perform(h);

  FetchResult r;
  r.peer_ip = t.peer_ip;
  r.status_line = t.status_line;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.response_code);
  long os_errno = 0;
  curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
  r.os_errno = static_cast<int>(os_errno);
  const std::string curl_error = curl_easy_strerror(code);
  if (!t.refused_reason.empty()) {
    r.outcome = FetchOutcome::Refused;
    r.reason = t.refused_reason;
  } else if (t.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    r.outcome = FetchOutcome::TooLarge;
    r.reason = fmt::format("larger than fetch.max_bytes = {}", config_.max_bytes);
  } else if (code == CURLE_OK) {
    const bool http = request.url.starts_with("http");
    if (http && r.response_code >= 400) {
      r.outcome = r.response_code == 404 ? FetchOutcome::NotFound : FetchOutcome::ServerError;
      r.reason = t.status_line.empty() ? fmt::format("HTTP {}", r.response_code) : t.status_line;
    } else {
      r.outcome = FetchOutcome::Ok;
      r.data = std::move(t.data);
    }
  } else {
    switch (code) {
      case CURLE_UNSUPPORTED_PROTOCOL: r.outcome = FetchOutcome::Unsupported; break;
      case CURLE_COULDNT_RESOLVE_HOST: r.outcome = FetchOutcome::Unresolved; break;
      case CURLE_COULDNT_CONNECT: r.outcome = FetchOutcome::ConnectFailed; break;
      case CURLE_OPERATION_TIMEDOUT: r.outcome = FetchOutcome::Timeout; break;
      case CURLE_REMOTE_FILE_NOT_FOUND:
      case CURLE_TFTP_NOTFOUND: r.outcome = FetchOutcome::NotFound; break;
      default: r.outcome = FetchOutcome::Failed; break;
    }
    r.reason = r.os_errno != 0 ? fmt::format("{} ({})", curl_error, std::strerror(r.os_errno)) : curl_error;
  }
  return r;
}

}  // namespace busytrap::fetch
