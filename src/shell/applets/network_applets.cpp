// Download applets: wget, tftp, ftpget, curl. By default nothing leaves the honeypot: each
// attempt is logged as cowrie.session.file_download.failed (url, host, port, file, method,
// error) and answered, after a device-like delay, with the error BusyBox prints when the server
// is not reachable. With operator-enabled fetching ([fetch] enabled) they ask the interpreter for
// the real download (the line is suspended until it is done, see Interpreter::fetch): the
// payload is written into the emulated file system, stored by SHA-256 and logged as
// cowrie.session.file_download with its url; a failure is answered with the error BusyBox
// prints for it and logged with the fetcher's `reason`. Nothing is ever executed. Without
// arguments they print BusyBox's usage texts, which the Mirai loader reads to pick its upload
// method.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "shell/applet.h"

namespace busytrap::shell {
namespace {

struct Url {
  std::string scheme, host, path;
  std::string hostport;  // as written in the URL ("1.2.3.4" or "1.2.3.4:8080"), wget shows it
  int port = 0;
};

Url parse_url(std::string_view text, int default_port) {
  Url u;
  if (auto p = text.find("://"); p != std::string_view::npos) {
    u.scheme = text.substr(0, p);
    text = text.substr(p + 3);
  }
  const std::size_t slash = text.find('/');
  std::string_view hostport = text.substr(0, slash);
  u.path = slash == std::string_view::npos ? "/" : std::string(text.substr(slash));
  if (auto at = hostport.rfind('@'); at != std::string_view::npos) hostport = hostport.substr(at + 1);
  u.hostport = hostport;
  u.port = default_port;
  if (auto colon = hostport.rfind(':'); colon != std::string_view::npos) {
    u.port = std::atoi(std::string(hostport.substr(colon + 1)).c_str());
    hostport = hostport.substr(0, colon);
  }
  u.host = hostport;
  return u;
}

bool is_ipv4(std::string_view host) {
  int dots = 0;
  for (char c : host) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3 && !host.empty();
}

// `reason`: what really happened when the fetch was attempted ("" when fetching is off).
void log_failure(AppletCall& c, const std::string& url, const std::string& host, int port, const std::string& file,
                 const std::string& error, const fetch::FetchResult* result = nullptr) {
  core::Event e;
  e.eventid = "cowrie.session.file_download.failed";
  e.message = fmt::format("Attempt to download file(s) from URL ({}) failed", url);
  e.with("url", url).with("host", host).with("port", static_cast<std::int64_t>(port));
  e.with("file", file).with("method", c.argv[0]).with("error", error);
  if (result != nullptr) {
    e.with("reason", result->reason).with("outcome", std::string(fetch::outcome_name(result->outcome)));
    if (!result->peer_ip.empty()) e.with("dst_ip", result->peer_ip);
  }
  c.sh.add_event(std::move(e));
}

// BusyBox's minor version from the profile's banner ("BusyBox v1.16.1 (...)" -> 16).
int busybox_minor(const AppletCall& c) {
  const std::string& banner = c.profile().busybox_banner;
  const auto v = banner.find("v1.");
  return v == std::string::npos ? 35 : std::atoi(banner.c_str() + v + 3);
}

// What the device's error says when the fetch did not give a file; `who` is the host as the
// applet names it.
std::string connect_error(const fetch::FetchResult& r, const std::string& who) {
  const std::string ip = r.peer_ip.empty() ? who : r.peer_ip;
  if (r.outcome == fetch::FetchOutcome::ConnectFailed && r.os_errno != 0) {
    return fmt::format("can't connect to remote host ({}): {}", ip, std::strerror(r.os_errno));
  }
  return fmt::format("can't connect to remote host ({}): Connection refused", ip);
}

// A fetched payload lands in the emulated file system and the capture store. False (after
// BusyBox's message) when the file cannot be written.
bool save_download(AppletCall& c, const std::string& url, const std::string& file, const std::string& data) {
  const std::string path = c.sh.absolute(file);
  if (const vfs::FsError e = c.sh.fs().write_file(path, data, false, vfs::Provenance::Download);
      e != vfs::FsError::None) {
    c.error(fmt::format("can't open '{}': {}", file, vfs::error_text(e)));
    return false;
  }
  for (auto& event : c.sh.capture().record_download(url, path, data)) c.sh.add_event(std::move(event));
  return true;
}

// wget's progress line at 100% as BusyBox draws it (the terminal is a pty).
std::string progress_line(const std::string& file, std::size_t size) {
  const std::string name = file.substr(file.rfind('/') == std::string::npos ? 0 : file.rfind('/') + 1);
  std::size_t shown = size;
  int unit = 0;
  while (shown >= 100000 && unit < 8) {
    shown >>= 10;
    ++unit;
  }
  return fmt::format("\r{:<20.20} 100% |********************************|{:>6}{} 0:00:00 ETA\n", name, shown,
                     " kMGTPEZY"[unit]);
}

int wget_fetched(AppletCall& c, const Url& u, const std::string& url, const std::string& file, bool quiet,
                 const fetch::FetchResult& r) {
  if (!r.ok()) {
    std::string msg;
    if (r.outcome == fetch::FetchOutcome::Unresolved) {
      msg = fmt::format("bad address '{}'", u.host);
    } else {
      if (!quiet && r.outcome != fetch::FetchOutcome::Refused && r.outcome != fetch::FetchOutcome::RateLimited) {
        c.err(fmt::format("Connecting to {} ({}:{})\n", u.hostport, r.peer_ip.empty() ? u.host : r.peer_ip, u.port));
      }
      switch (r.outcome) {
        case fetch::FetchOutcome::Timeout: msg = "download timed out"; break;
        case fetch::FetchOutcome::NotFound:
        case fetch::FetchOutcome::ServerError:
          msg = fmt::format("server returned error: {}", r.status_line.empty() ? r.reason : r.status_line);
          break;
        case fetch::FetchOutcome::TooLarge:
        case fetch::FetchOutcome::Failed: msg = "error getting response: Connection reset by peer"; break;
        default: msg = connect_error(r, u.host); break;
      }
    }
    c.error(msg);
    log_failure(c, url, u.host, u.port, file, msg, &r);
    return 1;
  }
  if (!quiet) c.err(fmt::format("Connecting to {} ({}:{})\n", u.hostport, r.peer_ip.empty() ? u.host : r.peer_ip, u.port));
  const bool modern = busybox_minor(c) >= 24;
  if (file == "-") {
    c.out(r.data);
  } else {
    if (!quiet && modern) c.err(fmt::format("saving to '{}'\n", file));
    if (!save_download(c, url, file, r.data)) return 1;
  }
  if (!quiet) {
    c.err(progress_line(file == "-" ? "-" : file, r.data.size()));
    if (modern && file != "-") c.err(fmt::format("'{}' saved\n", file));
  }
  return 0;
}

std::string base(const std::string& path) {
  const std::size_t s = path.rfind('/');
  std::string b = s == std::string::npos ? path : path.substr(s + 1);
  return b.empty() ? "index.html" : b;
}

int wget(AppletCall& c) {
  std::string output, url;
  bool quiet = false;
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    const std::string& a = c.argv[i];
    if (a == "-O" || a == "-o" || a == "-P" || a == "-U" || a == "-Y" || a == "--header" || a == "--post-data" ||
        a == "--post-file" || a == "-T" || a == "--user-agent") {
      if (i + 1 < c.argv.size() && a == "-O") output = c.argv[i + 1];
      ++i;
    } else if (a.starts_with("-O") && a.size() > 2) {
      output = a.substr(2);
    } else if (a == "-q") {
      quiet = true;
    } else if (!a.starts_with("-")) {
      url = a;
    }
  }
  if (url.empty()) return c.usage();
  Url u = parse_url(url, url.starts_with("ftp://") ? 21 : 80);
  const std::string file = output.empty() ? base(u.path) : output;
  if (!url.starts_with("http://") && !url.starts_with("ftp://") && !url.starts_with("https://") &&
      url.find("://") != std::string::npos) {
    c.error(fmt::format("not an http or ftp url: {}", url));
    return 1;
  }
  if (c.sh.fetch_enabled() && !u.host.empty()) {
    const fetch::FetchResult* r = c.sh.fetch({url, "Wget"});
    return r == nullptr ? 1 : wget_fetched(c, u, url, file, quiet, *r);
  }
  if (u.host.empty() || !is_ipv4(u.host)) {
    c.sh.delay(std::chrono::milliseconds(40), std::chrono::milliseconds(300));
    const std::string msg = fmt::format("bad address '{}'", u.host);
    c.error(msg);
    log_failure(c, url, u.host, u.port, file, msg);
    return 1;
  }
  if (!quiet) c.err(fmt::format("Connecting to {} ({}:{})\n", u.hostport, u.host, u.port));
  c.sh.delay(std::chrono::milliseconds(60), std::chrono::milliseconds(400));
  const std::string msg = fmt::format("can't connect to remote host ({}): Connection refused", u.host);
  c.error(msg);
  log_failure(c, url, u.host, u.port, file, msg);
  return 1;
}

int tftp(AppletCall& c) {
  std::string local, remote, host;
  int port = 69;
  bool get = false, put = false;
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    const std::string& a = c.argv[i];
    if (a == "-l" && i + 1 < c.argv.size()) local = c.argv[++i];
    else if (a == "-r" && i + 1 < c.argv.size()) remote = c.argv[++i];
    else if (a == "-b" && i + 1 < c.argv.size()) ++i;
    else if (a == "-g") get = true;
    else if (a == "-p") put = true;
    else if (a.starts_with("-")) {
      for (char f : a.substr(1)) {
        if (f == 'g') {
          get = true;
        } else if (f == 'p') {
          put = true;
        } else {
          c.error(fmt::format("invalid option -- '{}'", f));
          return c.usage();
        }
      }
    } else if (host.empty()) host = a;
    else port = std::atoi(a.c_str());
  }
  if (host.empty() || (!get && !put) || (remote.empty() && local.empty())) return c.usage();
  if (remote.empty()) remote = local;
  if (local.empty()) local = base(remote);
  const std::string url = fmt::format("tftp://{}:{}/{}", host, port, remote);
  if (c.sh.fetch_enabled() && get) {
    const fetch::FetchResult* r = c.sh.fetch({url, ""});
    if (r == nullptr) return 1;
    if (r->ok()) return save_download(c, url, local, r->data) ? 0 : 1;
    std::string msg = "timeout";
    if (r->outcome == fetch::FetchOutcome::Unresolved) msg = fmt::format("bad address '{}'", host);
    else if (r->outcome == fetch::FetchOutcome::NotFound) msg = "server error: (1) File not found";
    else c.sh.fs().write_file(c.sh.absolute(local), "", false, vfs::Provenance::Download);
    c.error(msg);
    log_failure(c, url, host, port, local, msg, r);
    return 1;
  }
  if (!is_ipv4(host)) {
    c.sh.delay(std::chrono::milliseconds(40), std::chrono::milliseconds(300));
    const std::string msg = fmt::format("bad address '{}'", host);
    c.error(msg);
    log_failure(c, url, host, port, local, msg);
    return 1;
  }
  if (get) {
    // BusyBox creates the local file before it hears from the server.
    c.sh.fs().write_file(c.sh.absolute(local), "", false, vfs::Provenance::Download);
  }
  c.sh.delay(std::chrono::milliseconds(1500), std::chrono::milliseconds(3000));
  c.error("timeout");
  log_failure(c, url, host, port, local, "timeout");
  return 1;
}

int ftpget(AppletCall& c) {
  std::vector<std::string> ops;
  std::string user, password;
  int port = 21;
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    const std::string& a = c.argv[i];
    if (a == "-u" && i + 1 < c.argv.size()) user = c.argv[++i];
    else if (a == "-p" && i + 1 < c.argv.size()) password = c.argv[++i];
    else if (a == "-P" && i + 1 < c.argv.size()) port = std::atoi(c.argv[++i].c_str());
    else if (a.starts_with("-")) continue;
    else ops.push_back(a);
  }
  if (ops.size() < 2) return c.usage();
  const std::string& host = ops[0];
  const std::string remote = ops.back();
  const std::string local = ops.size() >= 3 ? ops[1] : base(remote);
  const std::string credentials =
      user.empty() ? std::string() : fmt::format("{}{}{}@", user, password.empty() ? "" : ":", password);
  const std::string url = fmt::format("ftp://{}{}:{}/{}", credentials, host, port, remote);
  if (c.sh.fetch_enabled()) {
    const fetch::FetchResult* r = c.sh.fetch({url, ""});
    if (r == nullptr) return 1;
    if (r->ok()) return save_download(c, url, local, r->data) ? 0 : 1;
    std::string msg;
    if (r->outcome == fetch::FetchOutcome::Unresolved) msg = fmt::format("bad address '{}'", host);
    else if (r->outcome == fetch::FetchOutcome::NotFound) msg = "unexpected server response to RETR: 550 Failed to open file.";
    else msg = connect_error(*r, host);
    c.error(msg);
    log_failure(c, url, host, port, local, msg, r);
    return 1;
  }
  c.sh.delay(std::chrono::milliseconds(60), std::chrono::milliseconds(400));
  const std::string msg = is_ipv4(host) ? fmt::format("can't connect to remote host ({}): Connection refused", host)
                                        : fmt::format("bad address '{}'", host);
  c.error(msg);
  log_failure(c, url, host, port, local, msg);
  return 1;
}

int curl(AppletCall& c) {
  std::string url, output;
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    const std::string& a = c.argv[i];
    if (a == "-o" && i + 1 < c.argv.size()) output = c.argv[++i];
    else if ((a == "-A" || a == "-H" || a == "-d" || a == "-m") && i + 1 < c.argv.size()) ++i;
    else if (!a.starts_with("-")) url = a;
  }
  if (url.empty()) {
    c.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  Url u = parse_url(url, 80);
  if (c.sh.fetch_enabled() && !u.host.empty()) {
    const fetch::FetchResult* r = c.sh.fetch({url.find("://") == std::string::npos ? "http://" + url : url, "curl/7.58.0"});
    if (r == nullptr) return 1;
    if (r->ok()) {
      if (output.empty()) {
        c.out(r->data);
        for (auto& event : c.sh.capture().record_download(url, "-", r->data)) c.sh.add_event(std::move(event));
        return 0;
      }
      return save_download(c, url, output, r->data) ? 0 : 23;
    }
    std::string msg;
    int status = 7;
    switch (r->outcome) {
      case fetch::FetchOutcome::Unresolved: msg = fmt::format("Could not resolve host: {}", u.host); status = 6; break;
      case fetch::FetchOutcome::Timeout: msg = "Operation timed out"; status = 28; break;
      case fetch::FetchOutcome::NotFound:
      case fetch::FetchOutcome::ServerError: msg = r->status_line.empty() ? r->reason : r->status_line; status = 22; break;
      default:
        msg = fmt::format("Failed to connect to {} port {}: {}", u.host, u.port,
                          r->os_errno != 0 ? std::strerror(r->os_errno) : "Connection refused");
        break;
    }
    if (status == 22) {
      // curl without -f prints the server's error page and succeeds.
      log_failure(c, url, u.host, u.port, output.empty() ? "-" : output, msg, r);
      return 0;
    }
    c.err(fmt::format("curl: ({}) {}\n", status, msg));
    log_failure(c, url, u.host, u.port, output.empty() ? "-" : output, msg, r);
    return status;
  }
  c.sh.delay(std::chrono::milliseconds(60), std::chrono::milliseconds(400));
  std::string msg;
  int status = 7;
  if (is_ipv4(u.host)) {
    msg = fmt::format("Failed to connect to {} port {}: Connection refused", u.host, u.port);
  } else {
    msg = fmt::format("Could not resolve host: {}", u.host);
    status = 6;
  }
  c.err(fmt::format("curl: ({}) {}\n", status, msg));
  log_failure(c, url, u.host, u.port, output.empty() ? "-" : output, msg);
  return status;
}

}  // namespace

void register_network_applets(AppletRegistry& r) {
  r.add("wget", wget);
  r.add("tftp", tftp);
  r.add("ftpget", ftpget);
  r.add("curl", curl);
}

}  // namespace busytrap::shell
