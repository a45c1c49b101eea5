#pragma once
// parse_toml / parse_toml_file: every TOML file busytrap reads (configuration, device
// profiles, family signatures) goes through here rather than straight to toml++.
//
// Why: Debian 12's toml++ 3.3.0 reaches __builtin_unreachable() (undefined behaviour: a crash
// or worse) when it asks whether some non-ASCII characters are whitespace: U+00A1-U+0499,
// U+2D6E-U+3167 and U+FB26-U+FEFE (a generated lookup with missing cases; upstream
// marzer/tomlplusplus#295, fixed by PR #305, not in Debian). It asks outside strings, after a
// backslash in a multi-line string and after a line-ending backslash. So toml++ is only ever
// given ASCII: a leading byte-order mark is dropped; inside strings each non-ASCII character
// becomes a \uXXXX or \UXXXXXXXX escape (a literal string becomes the equal basic string);
// in comments non-ASCII bytes become '?'. A non-ASCII byte outside strings and comments (TOML
// allows none there), invalid UTF-8 in a string, or a backslash before a non-ASCII character
// is reported as an error at its line and column. Values are what toml++ would read from the
// original; only a toml++ error's column may differ on a line that held escaped characters.
//
// Both return the table, or nullopt with `error` set (line and column 1-based; 0 when the
// error has no position, such as an unreadable file). Thread-safe.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace busytrap::config {

struct TomlError {
  std::size_t line = 0;
  std::size_t column = 0;
  std::string description;
};

// `origin` names the text in toml++'s source regions (a path, "--config-text", ...).
std::optional<toml::table> parse_toml(std::string_view text, std::string_view origin, TomlError& error);
std::optional<toml::table> parse_toml_file(const std::string& path, TomlError& error);

// The ASCII-only TOML text toml++ is given for `text` (already without its byte-order mark),
// or nullopt with `failure` (0-based offset into `text`) and `reason` set. Exposed for the
// tests and the fuzz targets.
std::optional<std::string> ascii_toml(std::string_view text, std::size_t& failure, std::string& reason);

}  // namespace busytrap::config
