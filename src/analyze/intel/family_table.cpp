#include "analyze/intel/family_table.h"

#include <toml++/toml.h>

#include "config/toml_document.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "analyze/busybox_token.h"

namespace busytrap::analyze::intel {
namespace {

bool read_strings(const toml::table& entry, std::string_view key, std::vector<std::string>& out, std::string& error) {
  const toml::node* node = entry.get(key);
  if (node == nullptr) return true;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    error = std::string(key) + " must be an array of strings";
    return false;
  }
  for (const toml::node& item : *array) {
    const auto value = item.value<std::string>();
    if (!value) {
      error = std::string(key) + " must be an array of strings";
      return false;
    }
    out.push_back(*value);
  }
  return true;
}

bool contains_any(const std::vector<std::string_view>& lines, const std::vector<std::string>& needles) {
  for (std::string_view line : lines) {
    for (const std::string& needle : needles) {
      if (line.find(needle) != std::string_view::npos) return true;
    }
  }
  return false;
}

}  // namespace

bool FamilyTable::load(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (parse(text.str(), error)) return true;
  error = path + ": " + error;
  return false;
}

bool FamilyTable::parse(std::string_view toml_text, std::string& error) {
  families_.clear();
  config::TomlError toml_error;
  const std::optional<toml::table> parsed = config::parse_toml(toml_text, "families", toml_error);
  if (!parsed) {
    error = "line " + std::to_string(toml_error.line) + ": " + toml_error.description;
    return false;
  }
  const toml::table& root = *parsed;
  const toml::array* entries = root["family"].as_array();
  if (entries == nullptr) {
    error = "no [[family]] entries";
    return false;
  }
  for (const toml::node& node : *entries) {
    const toml::table* entry = node.as_table();
    if (entry == nullptr) {
      error = "[[family]] entries must be tables";
      return false;
    }
    FamilySignature family;
    const auto name = (*entry)["name"].value<std::string>();
    if (!name || name->empty()) {
      error = "every [[family]] needs a name";
      return false;
    }
    family.name = *name;
    family.random_token = (*entry)["random_token"].value_or(false);
    if (!read_strings(*entry, "tokens", family.tokens, error) || !read_strings(*entry, "strings", family.strings, error) ||
        !read_strings(*entry, "requires", family.requires_all, error)) {
      error = family.name + ": " + error;
      return false;
    }
    if (family.tokens.empty() && family.strings.empty() && !family.random_token) {
      error = family.name + ": needs tokens, strings or random_token";
      return false;
    }
    families_.push_back(std::move(family));
  }
  index_features();
  return true;
}

void FamilyTable::index_features() {
  feature_bits_ = families_.size();
  first_required_bit_.clear();
  for (const FamilySignature& family : families_) {
    first_required_bit_.push_back(feature_bits_);
    feature_bits_ += family.requires_all.size();
  }
}

std::uint64_t FamilyTable::line_features(std::string_view line) const {
  std::uint64_t features = 0;
  if (!has_line_features()) return features;
  for (std::size_t i = 0; i < families_.size() && i < first_required_bit_.size(); ++i) {
    const FamilySignature& family = families_[i];
    for (const std::string& needle : family.strings) {
      if (line.find(needle) != std::string_view::npos) {
        features |= std::uint64_t{1} << i;
        break;
      }
    }
    for (std::size_t j = 0; j < family.requires_all.size(); ++j) {
      if (line.find(family.requires_all[j]) != std::string_view::npos) {
        features |= std::uint64_t{1} << (first_required_bit_[i] + j);
      }
    }
  }
  return features;
}

std::uint64_t FamilyTable::applet_features(std::string_view applet) const {
  std::uint64_t features = 0;
  if (!has_applet_features()) return features;
  if (applet == kFoldedToken || is_random_busybox_token(applet)) features |= std::uint64_t{1} << kRandomAppletBit;
  for (std::size_t i = 0; i < families_.size(); ++i) {
    const std::vector<std::string>& tokens = families_[i].tokens;
    if (std::find(tokens.begin(), tokens.end(), applet) != tokens.end()) features |= std::uint64_t{1} << i;
  }
  return features;
}

std::optional<std::size_t> FamilyTable::classify_features(std::uint64_t line_features,
                                                          std::uint64_t applet_features) const {
  const bool has_random = (applet_features >> kRandomAppletBit) & 1;
  for (std::size_t i = 0; i < families_.size() && i < first_required_bit_.size(); ++i) {
    const FamilySignature& family = families_[i];
    const bool has_string = (line_features >> i) & 1;
    const bool matched = family.random_token ? has_random && (family.strings.empty() || has_string)
                                             : has_string || ((applet_features >> i) & 1);
    if (!matched) continue;
    bool all_required = true;
    for (std::size_t j = 0; j < family.requires_all.size(); ++j) {
      if (!((line_features >> (first_required_bit_[i] + j)) & 1)) all_required = false;
    }
    if (all_required) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> FamilyTable::classify(const SessionCommands& session) const {
  const bool has_random =
      std::any_of(session.busybox_applets.begin(), session.busybox_applets.end(),
                  [](std::string_view a) { return a == kFoldedToken || is_random_busybox_token(a); });
  for (std::size_t i = 0; i < families_.size(); ++i) {
    const FamilySignature& family = families_[i];
    bool matched;
    if (family.random_token) {
      matched = has_random && (family.strings.empty() || contains_any(session.lines, family.strings));
    } else {
      matched = contains_any(session.lines, family.strings) ||
                std::any_of(session.busybox_applets.begin(), session.busybox_applets.end(), [&](std::string_view a) {
                  return std::find(family.tokens.begin(), family.tokens.end(), a) != family.tokens.end();
                });
    }
    if (!matched) continue;
    const bool all_required =
        std::all_of(family.requires_all.begin(), family.requires_all.end(), [&](const std::string& required) {
          return std::any_of(session.lines.begin(), session.lines.end(),
                             [&](std::string_view line) { return line.find(required) != std::string_view::npos; });
        });
    if (all_required) return i;
  }
  return std::nullopt;
}

}  // namespace busytrap::analyze::intel
