#pragma once
// parse_toml / parse_toml_file: every TOML file busytrap reads (configuration, device
// profiles, family signatures) goes through here rather than straight to toml++.
//
// Why: Debian 12's toml++ 3.3.0 reaches __builtin_unreachable() (undefined behaviour: a crash
// or worse) on some non-ASCII characters where it looks for whitespace, i.e. outside strings,
// and after a UTF-8 byte-order mark (upstream marzer/tomlplusplus#295, fixed by PR #305, not
// in Debian). So before toml++ sees the text, a leading byte-order mark is dropped and a
// non-ASCII byte outside strings and comments is reported as an error at its line and column;
// TOML allows such bytes only in strings and comments anyway (and in keys only when quoted).
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

// Where toml++ 3.3 must not look: the first byte >= 0x80 outside strings and comments, as a
// 0-based offset into `text`, or npos. Exposed for the tests and the fuzz targets.
std::size_t first_non_ascii_outside_strings(std::string_view text) noexcept;

}  // namespace busytrap::config
