#include "config/config_loader.h"

#include <fmt/format.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <limits>
#include <sstream>
#include <variant>
#include <vector>

#include "config/listen_address.h"
#include "config/toml_document.h"
#include "core/json_escape.h"
#include "sink/sink_policy.h"

namespace busytrap::config {
namespace {

using BoolRef = std::function<bool&(Config&)>;
using IntegerRef = std::function<std::int64_t&(Config&)>;
using FloatRef = std::function<double&(Config&)>;
using StringRef = std::function<std::string&(Config&)>;
using ListRef = std::function<std::vector<std::string>&(Config&)>;

struct Key {
  const char* section;
  const char* name;
  std::variant<BoolRef, IntegerRef, FloatRef, StringRef, ListRef> ref;
  std::int64_t min = 0;  // integers and floats
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
};

#define BUSYTRAP_REF(member) [](Config& c) -> auto& { return c.member; }

const std::vector<Key>& keys() {
  static const std::vector<Key> table = {
      {"server", "listen", ListRef(BUSYTRAP_REF(server.listen))},
      {"server", "user", StringRef(BUSYTRAP_REF(server.user))},
      {"server", "seccomp", BoolRef(BUSYTRAP_REF(server.seccomp))},
      {"server", "allow_outbound", BoolRef(BUSYTRAP_REF(server.allow_outbound))},
      {"server", "threads", IntegerRef(BUSYTRAP_REF(server.threads)), 1, 64},
      {"honeypot", "sensor", StringRef(BUSYTRAP_REF(honeypot.sensor))},
      {"honeypot", "negotiation", StringRef(BUSYTRAP_REF(honeypot.negotiation))},
      {"honeypot", "banner", StringRef(BUSYTRAP_REF(honeypot.banner))},
      {"honeypot", "login_prompt", StringRef(BUSYTRAP_REF(honeypot.login_prompt))},
      {"honeypot", "password_prompt", StringRef(BUSYTRAP_REF(honeypot.password_prompt))},
      {"honeypot", "login_incorrect", StringRef(BUSYTRAP_REF(honeypot.login_incorrect))},
      {"honeypot", "arch", StringRef(BUSYTRAP_REF(honeypot.arch))},
      {"honeypot", "profiles_dir", StringRef(BUSYTRAP_REF(honeypot.profiles_dir))},
      {"honeypot", "delays", BoolRef(BUSYTRAP_REF(honeypot.delays))},
      {"honeypot", "login_failed_delay_min", FloatRef(BUSYTRAP_REF(honeypot.login_failed_delay_min)), 0, 60},
      {"honeypot", "login_failed_delay_max", FloatRef(BUSYTRAP_REF(honeypot.login_failed_delay_max)), 0, 60},
      {"auth", "credentials_file", StringRef(BUSYTRAP_REF(auth.credentials_file))},
      {"auth", "rules", ListRef(BUSYTRAP_REF(auth.rules))},
      {"auth", "accept_after", IntegerRef(BUSYTRAP_REF(auth.accept_after)), 0, 1000},
      {"auth", "max_attempts", IntegerRef(BUSYTRAP_REF(auth.max_attempts)), 1, 1000},
      {"limits", "max_sessions", IntegerRef(BUSYTRAP_REF(limits.max_sessions)), 1, 1'000'000},
      {"limits", "max_sessions_per_ip", IntegerRef(BUSYTRAP_REF(limits.max_sessions_per_ip)), 1, 1'000'000},
      {"limits", "login_timeout", IntegerRef(BUSYTRAP_REF(limits.login_timeout)), 1, 86400},
      {"limits", "idle_timeout", IntegerRef(BUSYTRAP_REF(limits.idle_timeout)), 1, 86400},
      {"limits", "max_session_length", IntegerRef(BUSYTRAP_REF(limits.max_session_length)), 1, 7 * 86400},
      {"limits", "max_line_length", IntegerRef(BUSYTRAP_REF(limits.max_line_length)), 16, 1 << 24},
      {"limits", "max_bytes_in", IntegerRef(BUSYTRAP_REF(limits.max_bytes_in)), 1024, std::int64_t{1} << 40},
      {"limits", "max_bytes_out", IntegerRef(BUSYTRAP_REF(limits.max_bytes_out)), 1024, std::int64_t{1} << 40},
      {"limits", "max_telnet_events", IntegerRef(BUSYTRAP_REF(limits.max_telnet_events)), 0, 1'000'000},
      {"log", "json", StringRef(BUSYTRAP_REF(log.json))},
      {"log", "sqlite", StringRef(BUSYTRAP_REF(log.sqlite))},
      {"log", "ttylog_dir", StringRef(BUSYTRAP_REF(log.ttylog_dir))},
      {"log", "downloads_dir", StringRef(BUSYTRAP_REF(log.downloads_dir))},
      {"log", "overflow", StringRef(BUSYTRAP_REF(log.overflow))},
      {"log", "fsync", StringRef(BUSYTRAP_REF(log.fsync))},
      {"log", "rotate_daily", BoolRef(BUSYTRAP_REF(log.rotate_daily))},
      {"log", "on_error", StringRef(BUSYTRAP_REF(log.on_error))},
      {"fetch", "enabled", BoolRef(BUSYTRAP_REF(fetch.enabled))},
      {"fetch", "allow_private", BoolRef(BUSYTRAP_REF(fetch.allow_private))},
      {"fetch", "allow_loopback", BoolRef(BUSYTRAP_REF(fetch.allow_loopback))},
      {"fetch", "max_bytes", IntegerRef(BUSYTRAP_REF(fetch.max_bytes)), 1, std::int64_t{1} << 30},
      {"fetch", "timeout", IntegerRef(BUSYTRAP_REF(fetch.timeout)), 1, 3600},
      {"fetch", "connect_timeout", IntegerRef(BUSYTRAP_REF(fetch.connect_timeout)), 1, 600},
      {"fetch", "rate_burst", IntegerRef(BUSYTRAP_REF(fetch.rate_burst)), 1, 1000},
      {"fetch", "rate_per_minute", IntegerRef(BUSYTRAP_REF(fetch.rate_per_minute)), 0, 60000},
      {"fetch", "max_destinations", IntegerRef(BUSYTRAP_REF(fetch.max_destinations)), 1, 1'000'000},
      {"fetch", "max_per_session", IntegerRef(BUSYTRAP_REF(fetch.max_per_session)), 0, 100000},
      {"fetch", "workers", IntegerRef(BUSYTRAP_REF(fetch.workers)), 1, 64},
      {"fetch", "queue", IntegerRef(BUSYTRAP_REF(fetch.queue)), 1, 100000},
  };
  return table;
}

#undef BUSYTRAP_REF

const Key* find_key(std::string_view section, std::string_view name) {
  for (const auto& key : keys()) {
    if (section == key.section && name == key.name) return &key;
  }
  return nullptr;
}

std::string describe(const Key& key) { return fmt::format("{}.{}", key.section, key.name); }

void check_range(const Key& key, double value, std::string_view origin) {
  // Written so that NaN (`nan` in TOML, "nan" to strtod) is out of range too.
  if (!(value >= static_cast<double>(key.min) && value <= static_cast<double>(key.max))) {
    throw ConfigError(fmt::format("{}: {} = {} is out of range [{}, {}]", origin, describe(key),
                                  value, key.min, key.max));
  }
}

[[noreturn]] void wrong_type(const Key& key, std::string_view expected, std::string_view origin) {
  throw ConfigError(fmt::format("{}: {} must be {}", origin, describe(key), expected));
}

void apply_node(Config& config, const Key& key, const toml::node& node, std::string_view origin) {
  std::visit(
      [&](const auto& ref) {
        using Ref = std::decay_t<decltype(ref)>;
        if constexpr (std::is_same_v<Ref, BoolRef>) {
          const auto value = node.value_exact<bool>();
          if (!value) wrong_type(key, "true or false", origin);
          ref(config) = *value;
        } else if constexpr (std::is_same_v<Ref, IntegerRef>) {
          const auto value = node.value_exact<std::int64_t>();
          if (!value) wrong_type(key, "an integer", origin);
          check_range(key, static_cast<double>(*value), origin);
          ref(config) = *value;
        } else if constexpr (std::is_same_v<Ref, FloatRef>) {
          const auto value = node.value<double>();
          if (!value) wrong_type(key, "a number", origin);
          check_range(key, *value, origin);
          ref(config) = *value;
        } else if constexpr (std::is_same_v<Ref, StringRef>) {
          const auto value = node.value_exact<std::string>();
          if (!value) wrong_type(key, "a string", origin);
          ref(config) = *value;
        } else {
          const auto* array = node.as_array();
          if (array == nullptr) wrong_type(key, "an array of strings", origin);
          std::vector<std::string> values;
          for (const auto& element : *array) {
            const auto value = element.value_exact<std::string>();
            if (!value) wrong_type(key, "an array of strings", origin);
            values.push_back(*value);
          }
          ref(config) = std::move(values);
        }
      },
      key.ref);
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = std::min(text.find(',', start), text.size());
    std::string item(text.substr(start, comma - start));
    if (!item.empty()) items.push_back(std::move(item));
    start = comma + 1;
  }
  return items;
}

void apply_text(Config& config, const Key& key, std::string_view text, std::string_view origin) {
  std::visit(
      [&](const auto& ref) {
        using Ref = std::decay_t<decltype(ref)>;
        if constexpr (std::is_same_v<Ref, BoolRef>) {
          if (text == "true" || text == "1" || text == "yes" || text == "on") {
            ref(config) = true;
          } else if (text == "false" || text == "0" || text == "no" || text == "off") {
            ref(config) = false;
          } else {
            wrong_type(key, "true or false", origin);
          }
        } else if constexpr (std::is_same_v<Ref, IntegerRef>) {
          std::int64_t value = 0;
          const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
          if (error != std::errc{} || end != text.data() + text.size()) {
            wrong_type(key, "an integer", origin);
          }
          check_range(key, static_cast<double>(value), origin);
          ref(config) = value;
        } else if constexpr (std::is_same_v<Ref, FloatRef>) {
          const std::string copy(text);
          char* end = nullptr;
          const double value = std::strtod(copy.c_str(), &end);
          if (copy.empty() || end != copy.c_str() + copy.size()) wrong_type(key, "a number", origin);
          check_range(key, value, origin);
          ref(config) = value;
        } else {
          // A TOML file can only hold UTF-8 text; flags and the environment are held to the same
          // rule, so that to_toml shows exactly the configuration the program runs with.
          if (!core::is_valid_utf8(text)) wrong_type(key, "UTF-8 text", origin);
          if constexpr (std::is_same_v<Ref, StringRef>) {
            ref(config) = std::string(text);
          } else {
            ref(config) = split_list(text);
          }
        }
      },
      key.ref);
}

void apply_table(Config& config, const toml::table& root, std::string_view origin) {
  for (const auto& [section_name, section_node] : root) {
    const auto* section = section_node.as_table();
    bool known_section = false;
    for (const auto& key : keys()) known_section |= section_name.str() == key.section;
    if (!known_section) {
      throw ConfigError(fmt::format("{}: unknown section [{}] (sections: server, honeypot, auth, "
                                    "limits, log, fetch)",
                                    origin, section_name.str()));
    }
    if (section == nullptr) {
      throw ConfigError(fmt::format("{}: {} must be a [section]", origin, section_name.str()));
    }
    for (const auto& [name, node] : *section) {
      const Key* key = find_key(section_name.str(), name.str());
      if (key == nullptr) {
        throw ConfigError(
            fmt::format("{}: unknown key {}.{}", origin, section_name.str(), name.str()));
      }
      apply_node(config, *key, node, origin);
    }
  }
}

}  // namespace

namespace {

[[noreturn]] void throw_toml_error(std::string_view origin, const TomlError& error) {
  if (error.line == 0) throw ConfigError(fmt::format("{}: {}", origin, error.description));
  throw ConfigError(fmt::format("{}:{}:{}: {}", origin, error.line, error.column, error.description));
}

}  // namespace

void apply_toml_text(Config& config, std::string_view text, std::string_view origin) {
  TomlError error;
  const std::optional<toml::table> root = parse_toml(text, origin, error);
  if (!root) throw_toml_error(origin, error);
  apply_table(config, *root, origin);
}

void apply_toml_file(Config& config, const std::string& path) {
  TomlError error;
  const std::optional<toml::table> root = parse_toml_file(path, error);
  if (!root) throw_toml_error(path, error);
  apply_table(config, *root, path);
}

void apply_environment(Config& config) {
  for (const auto& key : keys()) {
    std::string variable = fmt::format("BUSYTRAP_{}_{}", key.section, key.name);
    std::transform(variable.begin(), variable.end(), variable.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (const char* value = std::getenv(variable.c_str()); value != nullptr) {
      apply_text(config, key, value, fmt::format("environment {}", variable));
    }
  }
}

void apply_setting(Config& config, std::string_view dotted_key, std::string_view value,
                   std::string_view origin) {
  const auto dot = dotted_key.find('.');
  const Key* key = dot == std::string_view::npos
                       ? nullptr
                       : find_key(dotted_key.substr(0, dot), dotted_key.substr(dot + 1));
  if (key == nullptr) {
    throw ConfigError(fmt::format("{}: unknown key '{}' (expected SECTION.KEY, e.g. "
                                  "limits.idle_timeout)",
                                  origin, dotted_key));
  }
  apply_text(config, *key, value, origin);
}

void validate(const Config& config) {
  if (config.server.listen.empty()) throw ConfigError("server.listen: no address to listen on");
  for (const auto& entry : config.server.listen) {
    if (!parse_listen_address(entry)) {
      throw ConfigError(fmt::format(
          "server.listen: '{}' is not ADDRESS:PORT[@PROFILE] (IPv6 as [::1]:2323)", entry));
    }
  }
  const auto negotiation = parse_hex_bytes(config.honeypot.negotiation);
  if (!negotiation) {
    throw ConfigError(fmt::format("honeypot.negotiation: '{}' is not hex bytes like 'FF FD 01'",
                                  config.honeypot.negotiation));
  }
  if (!negotiation->empty() && static_cast<unsigned char>(negotiation->front()) != 0xFF) {
    throw ConfigError("honeypot.negotiation: must start with IAC (FF): Mirai waits for it");
  }
  if (config.honeypot.login_failed_delay_min > config.honeypot.login_failed_delay_max) {
    throw ConfigError("honeypot.login_failed_delay_min is larger than login_failed_delay_max");
  }
  if (!sink::parse_overflow_policy(config.log.overflow)) {
    throw ConfigError(fmt::format("log.overflow: '{}' is not drop or block", config.log.overflow));
  }
  if (!sink::parse_fsync_policy(config.log.fsync)) {
    throw ConfigError(
        fmt::format("log.fsync: '{}' is not never, interval or always", config.log.fsync));
  }
  if (config.log.on_error != "continue" && config.log.on_error != "stop") {
    throw ConfigError(fmt::format("log.on_error: '{}' is not continue or stop", config.log.on_error));
  }
}

std::string to_toml(const Config& config) {
  Config copy = config;
  toml::table root;
  for (const auto& key : keys()) {
    if (!root.contains(key.section)) root.insert(key.section, toml::table{});
    auto& section = *root[key.section].as_table();
    std::visit(
        [&](const auto& ref) {
          using Ref = std::decay_t<decltype(ref)>;
          if constexpr (std::is_same_v<Ref, ListRef>) {
            toml::array array;
            for (const auto& item : ref(copy)) array.push_back(item);
            section.insert(key.name, std::move(array));
          } else {
            section.insert(key.name, ref(copy));
          }
        },
        key.ref);
  }
  std::ostringstream out;
  // Sections in the order of the documentation, not toml++'s alphabetical one.
  for (const char* name : {"server", "honeypot", "auth", "limits", "log", "fetch"}) {
    toml::table one;
    one.insert(name, *root[name].as_table());
    out << one << "\n\n";
  }
  return out.str();
}

}  // namespace busytrap::config
