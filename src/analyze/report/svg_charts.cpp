#include "analyze/report/svg_charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analyze/report/html_text.h"
#include "analyze/report/report_facts.h"

namespace busytrap::analyze {
namespace {

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

// The smallest of 1, 2, 5 x 10^k that is >= x (x > 0): a legible axis step.
std::uint64_t nice_step(double x) {
  if (x <= 1) return 1;
  const double magnitude = std::pow(10.0, std::floor(std::log10(x)));
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= x) return static_cast<std::uint64_t>(m * magnitude);
  }
  return static_cast<std::uint64_t>(10 * magnitude);
}

std::string svg_open(double width, double height, std::string_view title) {
  return "<svg class=\"chart\" width=\"" + number(width) + "\" viewBox=\"0 0 " + number(width) + " " + number(height) +
         "\" role=\"img\" aria-label=\"" + html_escape(title) + "\" xmlns=\"http://www.w3.org/2000/svg\">";
}

}  // namespace

std::string series_colour(std::size_t i) { return "c" + std::to_string(i % 10); }

std::string svg_bar_chart(std::span<const ChartBar> bars, std::string_view title) {
  if (bars.empty()) return {};
  constexpr double kWidth = 600, kRow = 24, kBar = 16, kLabelEnd = 192, kBarStart = 200, kBarMax = 330;
  constexpr std::size_t kLabelChars = 28;
  std::uint64_t max = 1;
  for (const ChartBar& bar : bars) max = std::max(max, bar.value);
  const double height = kRow * static_cast<double>(bars.size()) + 8;
  std::string out = svg_open(kWidth, height, title);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const ChartBar& bar = bars[i];
    const double y = 4 + kRow * static_cast<double>(i);
    const double length = std::max(1.0, kBarMax * static_cast<double>(bar.value) / static_cast<double>(max));
    out += "<g><title>" + html_text_clipped(bar.label, kTitleChars) + ": " + with_thousands(bar.value) + "</title>";
    out += "<text class=\"lbl\" x=\"" + number(kLabelEnd) + "\" y=\"" + number(y + kRow / 2) +
           "\" text-anchor=\"end\" dominant-baseline=\"central\">" + html_text_clipped(bar.label, kLabelChars) +
           "</text>";
    out += "<rect class=\"bar " + (bar.muted ? std::string("other") : series_colour(i)) + "\" x=\"" + number(kBarStart) + "\" y=\"" +
           number(y + (kRow - kBar) / 2) + "\" width=\"" + number(length) + "\" height=\"" + number(kBar) +
           "\" rx=\"2\"/>";
    out += "<text class=\"val\" x=\"" + number(kBarStart + length + 6) + "\" y=\"" + number(y + kRow / 2) +
           "\" dominant-baseline=\"central\">" + with_thousands(bar.value) + "</text></g>";
  }
  return out + "</svg>";
}

std::string svg_column_chart(std::span<const ChartBar> bars, std::string_view title) {
  if (bars.empty()) return {};
  constexpr double kWidth = 600, kHeight = 240, kLeft = 52, kRight = 592, kTop = 16, kBottom = 202;
  constexpr double kCharWidth = 6.5, kMinLabelWidth = 72;  // at the column labels' 11px
  std::uint64_t max = 1;
  for (const ChartBar& bar : bars) max = std::max(max, bar.value);
  const std::uint64_t step = nice_step(static_cast<double>(max) / 4);
  const std::uint64_t top = (max + step - 1) / step * step;
  const double plot_height = kBottom - kTop;
  const auto y_of = [&](std::uint64_t v) {
    return kBottom - plot_height * static_cast<double>(v) / static_cast<double>(top);
  };
  std::string out = svg_open(kWidth, kHeight, title);
  for (std::uint64_t v = 0; v <= top; v += step) {
    out += "<line class=\"grid\" x1=\"" + number(kLeft) + "\" x2=\"" + number(kRight) + "\" y1=\"" +
           number(y_of(v)) + "\" y2=\"" + number(y_of(v)) + "\"/>";
    out += "<text class=\"axis\" x=\"" + number(kLeft - 6) + "\" y=\"" + number(y_of(v)) +
           "\" text-anchor=\"end\" dominant-baseline=\"central\">" + with_thousands(v) + "</text>";
  }
  const double slot = (kRight - kLeft) / static_cast<double>(bars.size());
  // Label every `every`-th column so that labels never overlap.
  const std::size_t every = slot >= kMinLabelWidth ? 1 : static_cast<std::size_t>(std::ceil(kMinLabelWidth / slot));
  const auto label_chars = static_cast<std::size_t>(std::max(3.0, slot * static_cast<double>(every) / kCharWidth));
  const bool values_on_top = slot >= 40;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const ChartBar& bar = bars[i];
    const double x = kLeft + slot * static_cast<double>(i);
    const double y = y_of(bar.value);
    out += "<g><title>" + html_text_clipped(bar.label, kTitleChars) + ": " + with_thousands(bar.value) + "</title>";
    out += "<rect class=\"bar " + std::string(bar.muted ? "other" : "accent") + "\" x=\"" + number(x + slot * 0.15) + "\" y=\"" +
           number(y) + "\" width=\"" + number(slot * 0.7) + "\" height=\"" + number(std::max(0.0, kBottom - y)) +
           "\" rx=\"2\"/>";
    if (values_on_top) {
      out += "<text class=\"val\" x=\"" + number(x + slot / 2) + "\" y=\"" + number(y - 5) +
             "\" text-anchor=\"middle\">" + with_thousands(bar.value) + "</text>";
    }
    if (i % every == 0) {
      out += "<text class=\"lbl clbl\" x=\"" + number(x + slot / 2) + "\" y=\"" + number(kBottom + 18) +
             "\" text-anchor=\"middle\">" + html_text_clipped(bar.label, label_chars) + "</text>";
    }
    out += "</g>";
  }
  out += "<line class=\"axisline\" x1=\"" + number(kLeft) + "\" x2=\"" + number(kRight) + "\" y1=\"" +
         number(kBottom) + "\" y2=\"" + number(kBottom) + "\"/>";
  return out + "</svg>";
}

}  // namespace busytrap::analyze
