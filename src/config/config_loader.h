#pragma once
// Builds a Config from its sources and checks it. Each function applies one source on top of
// what is already in the Config, so the caller decides the order (defaults, file, environment,
// flags). Every problem — unknown section or key, wrong type, value out of range — throws
// ConfigError with a message naming the source and the key; nothing is silently ignored.
// Stateless; thread-safe.
#include <stdexcept>
#include <string>
#include <string_view>

#include "config/config.h"

namespace busytrap::config {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Applies a TOML file.
void apply_toml_file(Config& config, const std::string& path);
// Applies TOML text (`origin` names it in error messages).
void apply_toml_text(Config& config, std::string_view text, std::string_view origin);
// Applies every BUSYTRAP_<SECTION>_<KEY> variable that is set (lists: comma-separated).
void apply_environment(Config& config);
// Applies one "section.key" = value given as text (flags; lists: comma-separated).
void apply_setting(Config& config, std::string_view dotted_key, std::string_view value,
                   std::string_view origin);
// Checks values that depend on each other or need parsing (listen addresses, hex bytes, rules).
void validate(const Config& config);
// The effective configuration as a TOML document (every key).
std::string to_toml(const Config& config);

}  // namespace busytrap::config
