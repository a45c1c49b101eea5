#include "config/config_loader.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "config/listen_address.h"

namespace busytrap::config {
namespace {

TEST(ConfigLoader, DefaultsAreValid) {
  const Config config;
  EXPECT_NO_THROW(validate(config));
  EXPECT_EQ(config.server.listen.at(0), "127.0.0.1:2323");
}

TEST(ConfigLoader, TomlOverridesDefaults) {
  Config config;
  apply_toml_text(config,
                  "[server]\nlisten = [\"[::1]:2323@dvr\", \"127.0.0.1:23\"]\n"
                  "[honeypot]\ndelays = false\nlogin_failed_delay_max = 2\n"
                  "[limits]\nidle_timeout = 5\n",
                  "test.toml");
  EXPECT_EQ(config.server.listen.size(), 2u);
  EXPECT_FALSE(config.honeypot.delays);
  EXPECT_DOUBLE_EQ(config.honeypot.login_failed_delay_max, 2.0);
  EXPECT_EQ(config.limits.idle_timeout, 5);
  EXPECT_NO_THROW(validate(config));
}

TEST(ConfigLoader, UnknownKeysAndBadValuesAreErrors) {
  Config config;
  EXPECT_THROW(apply_toml_text(config, "[limits]\nidle_timeot = 5\n", "t"), ConfigError);
  EXPECT_THROW(apply_toml_text(config, "[limit]\nidle_timeout = 5\n", "t"), ConfigError);
  EXPECT_THROW(apply_toml_text(config, "[limits]\nidle_timeout = \"5\"\n", "t"), ConfigError);
  EXPECT_THROW(apply_toml_text(config, "[limits]\nidle_timeout = 0\n", "t"), ConfigError);
  EXPECT_THROW(apply_toml_text(config, "[limits\n", "t"), ConfigError);
  EXPECT_THROW(apply_setting(config, "limits.nope", "1", "--set"), ConfigError);
  EXPECT_THROW(apply_setting(config, "honeypot.delays", "maybe", "--set"), ConfigError);
  config.honeypot.negotiation = "46 46";
  EXPECT_THROW(validate(config), ConfigError);
  config = Config{};
  config.server.listen = {"localhost"};
  EXPECT_THROW(validate(config), ConfigError);
}

TEST(ConfigLoader, EnvironmentAndSettingsOverride) {
  Config config;
  ::setenv("BUSYTRAP_LIMITS_MAX_SESSIONS_PER_IP", "7", 1);
  ::setenv("BUSYTRAP_SERVER_LISTEN", "127.0.0.1:1,[::1]:2@x", 1);
  apply_environment(config);
  ::unsetenv("BUSYTRAP_LIMITS_MAX_SESSIONS_PER_IP");
  ::unsetenv("BUSYTRAP_SERVER_LISTEN");
  EXPECT_EQ(config.limits.max_sessions_per_ip, 7);
  EXPECT_EQ(config.server.listen.size(), 2u);
  apply_setting(config, "honeypot.delays", "false", "--set");
  EXPECT_FALSE(config.honeypot.delays);
  const auto text = to_toml(config);
  EXPECT_NE(text.find("max_sessions_per_ip = 7"), std::string::npos);
  Config reread;
  apply_toml_text(reread, text, "printed");
  EXPECT_EQ(reread.server.listen, config.server.listen);
  EXPECT_FALSE(reread.honeypot.delays);
}

TEST(ConfigLoader, TheExampleFileStatesExactlyTheDefaults) {
  Config from_file;
  apply_toml_file(from_file, std::string(BUSYTRAP_TEST_FIXTURES) + "/../../etc/busytrap.toml");
  EXPECT_EQ(to_toml(from_file), to_toml(Config{}));
}

TEST(ConfigLoader, FetchingIsOffByDefaultAndEveryFetchKeyIsInTheExampleFile) {
  const Config defaults;
  EXPECT_FALSE(defaults.fetch.enabled);
  EXPECT_FALSE(defaults.fetch.allow_private);
  EXPECT_FALSE(defaults.fetch.allow_loopback);
  // The example file names each key (not only leaves it at its default by omission).
  Config from_file;
  from_file.fetch.max_bytes = 1;
  from_file.fetch.rate_per_minute = 1;
  from_file.fetch.queue = 1;
  apply_toml_file(from_file, std::string(BUSYTRAP_TEST_FIXTURES) + "/../../etc/busytrap.toml");
  EXPECT_EQ(from_file.fetch.max_bytes, defaults.fetch.max_bytes);
  EXPECT_EQ(from_file.fetch.rate_per_minute, defaults.fetch.rate_per_minute);
  EXPECT_EQ(from_file.fetch.queue, defaults.fetch.queue);
  Config set;
  apply_setting(set, "fetch.enabled", "true", "--set");
  apply_setting(set, "fetch.allow_loopback", "yes", "--set");
  apply_toml_text(set, "[fetch]\ntimeout = 2\nrate_burst = 5\n", "t");
  EXPECT_TRUE(set.fetch.enabled);
  EXPECT_TRUE(set.fetch.allow_loopback);
  EXPECT_FALSE(set.fetch.allow_private);
  EXPECT_EQ(set.fetch.timeout, 2);
  EXPECT_EQ(set.fetch.rate_burst, 5);
  EXPECT_THROW(apply_setting(set, "fetch.timeout", "0", "--set"), ConfigError);
  EXPECT_THROW(apply_setting(set, "fetch.workers", "1000", "--set"), ConfigError);
  EXPECT_THROW(apply_toml_text(set, "[fetch]\nallow_everything = true\n", "t"), ConfigError);
}

TEST(ListenAddress, Parses) {
  auto a = parse_listen_address("[::1]:2323@dvr");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->address, "::1");
  EXPECT_EQ(a->port, 2323);
  EXPECT_EQ(a->profile, "dvr");
  a = parse_listen_address("0.0.0.0:23");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->profile, "default");
  EXPECT_FALSE(parse_listen_address("::1:23"));
  EXPECT_FALSE(parse_listen_address("localhost:23"));
  EXPECT_FALSE(parse_listen_address("[localhost]:23"));
  EXPECT_FALSE(parse_listen_address("1.2.3:23"));
  EXPECT_FALSE(parse_listen_address("1.2.3.4:0"));
  EXPECT_FALSE(parse_listen_address("1.2.3.4:65536"));
  EXPECT_FALSE(parse_listen_address("1.2.3.4:23@"));
  EXPECT_EQ(*parse_hex_bytes("FF fd 01"), std::string("\xFF\xFD\x01"));
  EXPECT_FALSE(parse_hex_bytes("F FD"));
}

// Found by fuzz_config: a --set value with bytes that are not UTF-8 was accepted, and to_toml
// (the printed configuration) showed other bytes than the program used (0xFF as U+00FF).
TEST(ConfigLoader, SettingsMustBeUtf8LikeATomlFile) {
  Config config;
  EXPECT_THROW(apply_setting(config, "server.listen", "127.0.0.1:1@dvr\xff", "--set"), ConfigError);
  EXPECT_THROW(apply_setting(config, "honeypot.banner", "\x8d\x99", "--set"), ConfigError);
  apply_setting(config, "honeypot.banner", "caf\xc3\xa9 \xe2\x9c\x93", "--set");
  Config again;
  apply_toml_text(again, to_toml(config), "printed");
  EXPECT_EQ(again.honeypot.banner, "caf\xc3\xa9 \xe2\x9c\x93");
}

TEST(ConfigLoader, NotANumberIsOutOfRange) {
  Config config;
  EXPECT_THROW(apply_setting(config, "honeypot.login_failed_delay_min", "nan", "--set"), ConfigError);
  EXPECT_THROW(apply_toml_text(config, "[honeypot]\nlogin_failed_delay_max = nan\n", "t"), ConfigError);
  EXPECT_THROW(apply_toml_text(config, "[honeypot]\nlogin_failed_delay_max = inf\n", "t"), ConfigError);
  EXPECT_DOUBLE_EQ(config.honeypot.login_failed_delay_max, 3.0);
}

}  // namespace
}  // namespace busytrap::config
