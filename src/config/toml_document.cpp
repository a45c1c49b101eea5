#include "config/toml_document.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "core/json_escape.h"

namespace busytrap::config {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Builds the ASCII-only copy of a TOML text, one token at a time. The copy has the same lines
// as the original: nothing adds or removes a line break.
class AsciiTomlWriter {
 public:
  explicit AsciiTomlWriter(std::string_view text) : text_(text) { out_.reserve(text.size()); }

  // The copy, or nullopt with `failure` set to the offending offset and reason.
  std::optional<std::string> run(std::size_t& failure, std::string& reason) {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c == '#') {
        copy_comment();
      } else if (c == '"' || c == '\'') {
        if (!copy_string()) break;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        fail(at_, "a non-ASCII character outside a string or comment (TOML allows them only there)");
        break;
      } else {
        out_ += c;
        ++at_;
      }
    }
    if (!reason_.empty()) {
      failure = failure_;
      reason = reason_;
      return std::nullopt;
    }
    return std::move(out_);
  }

 private:
  // A comment's non-ASCII bytes become '?': toml++ ignores comments, and may not see them.
  void copy_comment() {
    const std::size_t end = std::min(text_.find('\n', at_), text_.size());
    for (; at_ < end; ++at_) out_ += static_cast<unsigned char>(text_[at_]) >= 0x80 ? '?' : text_[at_];
  }

  // Copies the string that opens at text_[at_] as a basic string (a literal one is converted);
  // false on invalid UTF-8 or a backslash before a non-ASCII character.
  bool copy_string() {
    const char quote = text_[at_];
    const bool literal = quote == '\'';
    const bool triple = text_.substr(at_, 3) == std::string_view(literal ? "'''" : "\"\"\"");
    const std::size_t delimiter = triple ? 3 : 1;
    out_.append(delimiter, '"');
    at_ += delimiter;
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c == quote && closes(quote, triple)) {
        return true;
      }
      if (c == '\n' && !triple) return true;  // unterminated: toml++ reports it
      if (!literal && c == '\\') {
        if (at_ + 1 < text_.size() && static_cast<unsigned char>(text_[at_ + 1]) >= 0x80) {
          fail(at_, "a backslash before a non-ASCII character (not a TOML escape)");
          return false;
        }
        out_.append(text_.substr(at_, 2));
        at_ += 2;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        if (!copy_escaped_character()) return false;
      } else {
        if (literal && (c == '\\' || c == '"')) out_ += '\\';
        out_ += c;
        ++at_;
      }
    }
    return true;
  }

  // At a quote inside a string: when it closes the string, writes the closing delimiter (with
  // a multi-line string's up to two extra quotes before it, which belong to the content) and
  // moves past it.
  bool closes(char quote, bool triple) {
    if (!triple) {
      out_ += '"';
      ++at_;
      return true;
    }
    if (text_.substr(at_, 3) != std::string_view(quote == '"' ? "\"\"\"" : "'''")) return false;
    std::size_t quotes = 3;
    while (quotes < 5 && at_ + quotes < text_.size() && text_[at_ + quotes] == quote) ++quotes;
    for (std::size_t extra = 3; extra < quotes; ++extra) out_ += quote == '"' ? "\"" : "'";
    out_ += "\"\"\"";
    at_ += quotes;
    return true;
  }

  // Writes the UTF-8 character at text_[at_] as \uXXXX or \UXXXXXXXX.
  bool copy_escaped_character() {
    const std::size_t length = core::utf8_sequence_length(text_, at_);
    if (length == 0) {
      fail(at_, "a byte that is not valid UTF-8 inside a string");
      return false;
    }
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text_[at_ + i]); };
    char32_t code = length == 2 ? byte(0) & 0x1F : length == 3 ? byte(0) & 0x0F : byte(0) & 0x07;
    for (std::size_t i = 1; i < length; ++i) code = (code << 6) | (byte(i) & 0x3F);
    out_ += code <= 0xFFFF ? fmt::format("\\u{:04X}", static_cast<std::uint32_t>(code))
                           : fmt::format("\\U{:08X}", static_cast<std::uint32_t>(code));
    at_ += length;
    return true;
  }

  void fail(std::size_t offset, std::string_view reason) {
    failure_ = offset;
    reason_ = reason;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::string out_;
  std::size_t failure_ = 0;
  std::string reason_;
};

}  // namespace

std::optional<std::string> ascii_toml(std::string_view text, std::size_t& failure, std::string& reason) {
  return AsciiTomlWriter(text).run(failure, reason);
}

std::optional<toml::table> parse_toml(std::string_view text, std::string_view origin, TomlError& error) {
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  std::size_t failure = 0;
  std::string reason;
  const std::optional<std::string> ascii = ascii_toml(text, failure, reason);
  if (!ascii) {
    const std::string_view before = text.substr(0, failure);
    const std::size_t line_start = before.rfind('\n');
    error.line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    error.column = failure - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    error.description = std::move(reason);
    return std::nullopt;
  }
  try {
    return toml::parse(*ascii, origin);
  } catch (const toml::parse_error& e) {
    error.line = e.source().begin.line;
    error.column = e.source().begin.column;
    error.description = std::string(e.description());
    return std::nullopt;
  }
}

std::optional<toml::table> parse_toml_file(const std::string& path, TomlError& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = TomlError{0, 0, fmt::format("cannot open: {}", std::strerror(errno))};
    return std::nullopt;
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = TomlError{0, 0, "read error"};
    return std::nullopt;
  }
  return parse_toml(text, path, error);
}

}  // namespace busytrap::config
