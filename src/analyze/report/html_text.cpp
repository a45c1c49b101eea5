#include "analyze/report/html_text.h"

#include "core/json_escape.h"
#include "core/text_escape.h"

namespace busytrap::analyze {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string html_text(std::string_view raw) { return html_escape(core::display_escaped(raw)); }

std::string html_text_clipped(std::string_view raw, std::size_t max_chars, bool* clipped) {
  // Walk raw units (a UTF-8 sequence, or one byte that display_escaped shows as \xHH) and stop
  // before the unit that would go past max_chars characters of display form.
  std::size_t chars = 0, end = 0;
  while (end < raw.size()) {
    const std::size_t valid = core::utf8_sequence_length(raw, end);
    const std::size_t unit = valid == 0 ? 1 : valid;
    const std::size_t width = core::display_width(core::display_escaped(raw.substr(end, unit)));
    if (chars + width > max_chars) break;
    chars += width;
    end += unit;
  }
  const bool cut = end < raw.size();
  if (clipped != nullptr) *clipped = cut;
  std::string out = html_text(raw.substr(0, end));
  if (cut) out += "\u2026";
  return out;
}

std::string html_clipped_span(std::string_view raw, std::size_t max_chars) {
  bool clipped = false;
  std::string shown = html_text_clipped(raw, max_chars, &clipped);
  if (!clipped) return shown;
  return "<span title=\"" + html_text_clipped(raw, kTitleChars) + "\">" + shown + "</span>";
}

}  // namespace busytrap::analyze
