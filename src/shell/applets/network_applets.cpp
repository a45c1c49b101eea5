// Download applets: wget, tftp, ftpget, curl. Nothing ever leaves the honeypot: each attempt is
// logged as cowrie.session.file_download.failed (url, host, port, file, method, error) and
// answered, after a device-like delay, with the error BusyBox prints when the server is not
// reachable. Without arguments they print BusyBox's usage texts, which the Mirai loader reads
// to pick its upload method.
#include <fmt/format.h>

#include <algorithm>

#include "shell/applet.h"

namespace busytrap::shell {
namespace {

struct Url {
  std::string scheme, host, path;
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

void log_failure(AppletCall& c, const std::string& url, const std::string& host, int port, const std::string& file,
                 const std::string& error) {
  core::Event e;
  e.eventid = "cowrie.session.file_download.failed";
  e.message = fmt::format("Attempt to download file(s) from URL ({}) failed", url);
  e.with("url", url).with("host", host).with("port", static_cast<std::int64_t>(port));
  e.with("file", file).with("method", c.argv[0]).with("error", error);
  c.sh.add_event(std::move(e));
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
  if (u.host.empty() || !is_ipv4(u.host)) {
    c.sh.delay(std::chrono::milliseconds(40), std::chrono::milliseconds(300));
    const std::string msg = fmt::format("bad address '{}'", u.host);
    c.error(msg);
    log_failure(c, url, u.host, u.port, file, msg);
    return 1;
  }
  if (!quiet) c.err(fmt::format("Connecting to {}:{} ({}:{})\n", u.host, u.port, u.host, u.port));
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
  int port = 21;
  for (std::size_t i = 1; i < c.argv.size(); ++i) {
    const std::string& a = c.argv[i];
    if ((a == "-u" || a == "-p") && i + 1 < c.argv.size()) ++i;
    else if (a == "-P" && i + 1 < c.argv.size()) port = std::atoi(c.argv[++i].c_str());
    else if (a.starts_with("-")) continue;
    else ops.push_back(a);
  }
  if (ops.size() < 2) return c.usage();
  const std::string& host = ops[0];
  const std::string remote = ops.back();
  const std::string local = ops.size() >= 3 ? ops[1] : base(remote);
  const std::string url = fmt::format("ftp://{}:{}/{}", host, port, remote);
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
