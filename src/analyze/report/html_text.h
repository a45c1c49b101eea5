#pragma once
// Putting strings into an HTML page (the `html` report format). Keys come from logs, so they
// are attacker-controlled: binary, invalid UTF-8, terminal escapes, markup such as `<script>` or
// `</svg>`. html_text() first display-escapes them (core/text_escape.h: control bytes and bytes
// of invalid UTF-8 become \xHH, as in every other report format), then replaces & < > " ' by
// character references, so the result is inert as element text and inside a quoted attribute
// value, in HTML and in inline SVG alike. Pure functions, thread-safe.
#include <cstddef>
#include <string>
#include <string_view>

namespace busytrap::analyze {

// & < > " ' -> &amp; &lt; &gt; &quot; &#39; (for text that is already printable, e.g. our own labels).
std::string html_escape(std::string_view text);

// html_escape(core::display_escaped(raw)): any byte string, ready for HTML.
std::string html_text(std::string_view raw);

// html_text of the longest prefix of `raw` whose display form has at most `max_chars`
// characters, followed by "…" when something was cut (`clipped` says whether). Never splits a
// UTF-8 sequence or an \xHH escape.
std::string html_text_clipped(std::string_view raw, std::size_t max_chars, bool* clipped = nullptr);

// Markup showing `raw` in at most `max_chars` characters: the clipped text, wrapped in
// <span title="..."> with the full text (itself clipped to kTitleChars) when it had to be cut.
inline constexpr std::size_t kTitleChars = 4000;
std::string html_clipped_span(std::string_view raw, std::size_t max_chars);

}  // namespace busytrap::analyze
