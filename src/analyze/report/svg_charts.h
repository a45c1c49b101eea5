#pragma once
// Bar charts as inline SVG for the `html` report: no script, no fonts, no external reference.
// Colours come from CSS classes of the page (so light and dark schemes apply); every label
// (attacker-controlled bytes) goes through html_text, and every bar carries a <title> with its
// full label and value as a tooltip. The SVGs have a natural width and shrink with a narrower
// container (viewBox), so their text never grows larger than the page's.
// Pure functions, thread-safe.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace busytrap::analyze {

struct ChartBar {
  std::string label;  // raw bytes, escaped when drawn
  std::uint64_t value = 0;
  bool muted = false;  // drawn grey: a remainder such as "(unclassified)", not a category
};

// One horizontal bar per entry, in the given order: label, bar (length relative to the
// largest value), value; each bar its own colour (series colours c0..c9 in order). For ranked
// categories (families, transitions). `title` is the chart's accessible name. Returns "" for no bars.
std::string svg_bar_chart(std::span<const ChartBar> bars, std::string_view title);

// One vertical column per entry, in the given order, all in the accent colour, with a value
// axis: for a few categories, or a time series (bucket labels under the columns; labels are
// thinned out to stay legible when there are many). Returns "" for no bars.
std::string svg_column_chart(std::span<const ChartBar> bars, std::string_view title);

// The CSS class ("c0".."c9") of the i-th series colour (cycling).
std::string series_colour(std::size_t i);

}  // namespace busytrap::analyze
