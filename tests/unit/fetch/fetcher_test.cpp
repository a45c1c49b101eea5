// The Fetcher's refusals, none of which may open a connection: checks made before anything is
// resolved (scheme, address literals in any spelling, rate limit) and the check on the resolved
// address in libcurl's open-socket hook (a name that resolves to loopback, a literal given to
// fetch_now directly). Real transfers are tested in tests/integration/serve_fetch.sh, inside a
// loopback-only network namespace.
#include "fetch/fetcher.h"

#include <gtest/gtest.h>

#include <future>

namespace busytrap::fetch {
namespace {

config::FetchConfig enabled() {
  config::FetchConfig c;
  c.enabled = true;
  c.timeout = 2;
  c.connect_timeout = 1;
  return c;
}

TEST(Fetcher, OffByDefault) {
  Fetcher f{config::FetchConfig{}};
  EXPECT_EQ(f.precheck({"http://192.0.2.1/x", ""}).outcome, FetchOutcome::Disabled);
  std::promise<FetchResult> done;
  f.submit({"http://8.8.8.8/x", ""}, [&](FetchResult r) { done.set_value(std::move(r)); });
  EXPECT_EQ(done.get_future().get().outcome, FetchOutcome::Disabled);
}

TEST(Fetcher, OnlyFourSchemes) {
  Fetcher f(enabled());
  for (const char* url : {"file:///etc/passwd", "gopher://8.8.8.8/", "dict://8.8.8.8/", "ldap://8.8.8.8/",
                          "smb://8.8.8.8/x", "not a url", ""}) {
    EXPECT_EQ(f.precheck({url, ""}).outcome, FetchOutcome::Unsupported) << url;
  }
}

TEST(Fetcher, AddressLiteralsAreJudgedInEverySpelling) {
  Fetcher f(enabled());
  for (const char* url : {"http://127.0.0.1/", "http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1:8080/",
                          "http://127.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://10.0.0.1/",
                          "http://192.168.1.1/", "http://169.254.169.254/latest/", "http://224.0.0.1/",
                          "http://0.0.0.0/", "http://255.255.255.255/", "http://[fe80::1]/", "ftp://10.1.1.1/x",
                          "tftp://192.168.0.10/x", "http://user:pw@127.0.0.1/"}) {
    const FetchResult r = f.precheck({url, ""});
    EXPECT_EQ(r.outcome, FetchOutcome::Refused) << url << " " << r.reason;
  }
  config::FetchConfig loopback_ok = enabled();
  loopback_ok.allow_loopback = true;
  Fetcher g(loopback_ok);
  EXPECT_EQ(g.precheck({"http://2130706433/", ""}).outcome, FetchOutcome::Ok);
  EXPECT_EQ(g.precheck({"http://10.0.0.1/", ""}).outcome, FetchOutcome::Refused);  // still private
}

TEST(Fetcher, ResolvedAddressIsCheckedBeforeConnect) {
  Fetcher f(enabled());
  // "localhost" passes the literal check; the hook refuses what it resolves to.
  FetchResult r = f.fetch_now({"http://localhost:9/x", ""});
  EXPECT_EQ(r.outcome, FetchOutcome::Refused) << r.reason;
  EXPECT_NE(r.reason.find("loopback"), std::string::npos) << r.reason;
  // fetch_now has no literal check at all: the hook alone refuses.
  r = f.fetch_now({"http://127.0.0.1:9/x", ""});
  EXPECT_EQ(r.outcome, FetchOutcome::Refused) << r.reason;
  EXPECT_EQ(r.peer_ip, "127.0.0.1");
  r = f.fetch_now({"tftp://127.0.0.1:9/x", ""});
  EXPECT_EQ(r.outcome, FetchOutcome::Refused) << r.reason;
}

TEST(Fetcher, MalformedUrlsAreRefusedWithoutAConnection) {
  Fetcher f(enabled());
  for (const std::string& url : {std::string("http://a b/"), std::string("http://\x01/"), std::string("http://[::1"),
                                 std::string("http://"), std::string(1, '\0'),
                                 "http://" + std::string(200000, 'a') + "/", std::string("http://[::1]:99999/")}) {
    const FetchResult r = f.precheck({url, ""});
    EXPECT_NE(r.outcome, FetchOutcome::Ok) << url.substr(0, 40);
  }
}

TEST(Fetcher, RateLimitPerDestination) {
  config::FetchConfig c = enabled();
  c.allow_loopback = true;
  c.rate_burst = 2;
  c.rate_per_minute = 0;
  Fetcher f(c);
  EXPECT_EQ(f.precheck({"http://127.0.0.1:1/a", ""}).outcome, FetchOutcome::Ok);
  EXPECT_EQ(f.precheck({"http://127.0.0.1:2/b", ""}).outcome, FetchOutcome::Ok);
  EXPECT_EQ(f.precheck({"http://127.0.0.1:1/c", ""}).outcome, FetchOutcome::RateLimited);
  EXPECT_EQ(f.precheck({"http://LOCALHOST/c", ""}).outcome, FetchOutcome::Ok);  // another destination
}

}  // namespace
}  // namespace busytrap::fetch
