#include "analyze/report/flow_diagram.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>

#include "analyze/report/html_text.h"
#include "analyze/report/report_facts.h"
#include "analyze/report/svg_charts.h"

namespace busytrap::analyze {
namespace {

constexpr double kGap = 12;          // between nodes of a column
constexpr double kMinNodeHeight = 2;  // so that a tiny node stays visible

using NameCounts = std::map<std::string, std::uint64_t>;
using NamePairCounts = std::map<std::pair<std::string, std::string>, std::uint64_t>;

// columns[d]: count per name at depth d (0 = the first program name); links[d]: from depth d to d+1.
void collect(const PrefixNode& node, std::size_t depth, std::vector<NameCounts>& columns,
             std::vector<NamePairCounts>& links) {
  for (const PrefixNode& child : node.children) {
    if (columns.size() <= depth) columns.resize(depth + 1);
    columns[depth][child.name] += child.count;
    if (depth > 0) {
      if (links.size() < depth) links.resize(depth);
      links[depth - 1][{node.name, child.name}] += child.count;
    }
    collect(child, depth + 1, columns, links);
  }
}

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

std::string ordinal(std::size_t n) {
  const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                       : n % 10 == 1                    ? "st"
                       : n % 10 == 2                    ? "nd"
                       : n % 10 == 3                    ? "rd"
                                                        : "th";
  return std::to_string(n) + suffix;
}

std::string node_label(const FlowNode& node) {
  return node.other ? "other (" + std::to_string(node.merged) + " names)" : node.name;
}

}  // namespace

FlowDiagram layout_flow(const PrefixNode& root, std::size_t max_per_column) {
  FlowDiagram diagram;
  diagram.sessions = root.count;
  max_per_column = std::max<std::size_t>(max_per_column, 2);
  std::vector<NameCounts> columns;
  std::vector<NamePairCounts> name_links;
  collect(root, 0, columns, name_links);
  diagram.columns = columns.size();

  // Nodes: the largest names of each column, the rest merged into "other".
  std::vector<std::map<std::string, std::size_t>> node_of(columns.size());
  std::vector<std::size_t> other_of(columns.size(), SIZE_MAX);
  std::vector<std::vector<std::size_t>> column_nodes(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    std::vector<std::pair<std::string, std::uint64_t>> names(columns[c].begin(), columns[c].end());
    std::stable_sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    const std::size_t keep = names.size() <= max_per_column ? names.size() : max_per_column - 1;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i < keep) {
        node_of[c][names[i].first] = diagram.nodes.size();
        column_nodes[c].push_back(diagram.nodes.size());
        diagram.nodes.push_back(FlowNode{c, names[i].first, false, 1, names[i].second, 0, 0});
        continue;
      }
      if (other_of[c] == SIZE_MAX) {
        other_of[c] = diagram.nodes.size();
        column_nodes[c].push_back(diagram.nodes.size());
        diagram.nodes.push_back(FlowNode{c, "", true, 0, 0, 0, 0});
      }
      FlowNode& other = diagram.nodes[other_of[c]];
      ++other.merged;
      other.count += names[i].second;
      node_of[c][names[i].first] = other_of[c];
    }
  }
  std::map<std::pair<std::size_t, std::size_t>, std::uint64_t> merged_links;
  for (std::size_t c = 0; c < name_links.size(); ++c) {
    for (const auto& [pair, count] : name_links[c]) {
      merged_links[{node_of[c].at(pair.first), node_of[c + 1].at(pair.second)}] += count;
    }
  }
  for (const auto& [ends, count] : merged_links) diagram.links.push_back(FlowLink{ends.first, ends.second, count, 0, 0, 0});

  // Scale: the tallest column (nodes plus gaps) fills kFlowHeight.
  std::uint64_t widest = root.count;
  std::size_t most_nodes = 1;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    widest = std::max(widest, std::accumulate(columns[c].begin(), columns[c].end(), std::uint64_t{0},
                                              [](std::uint64_t s, const auto& kv) { return s + kv.second; }));
    most_nodes = std::max(most_nodes, column_nodes[c].size());
  }
  const double target = std::clamp(70.0 * static_cast<double>(most_nodes), kFlowMinHeight, kFlowHeight);
  const double scale =
      widest ? (target - kGap * static_cast<double>(most_nodes - 1)) / static_cast<double>(widest) : 0;

  // Order: column 0 by size; later columns by the mean height of the bands arriving (fewer
  // crossings), "other" always last. Then stack top down.
  for (std::size_t c = 0; c < columns.size(); ++c) {
    std::vector<std::size_t>& order = column_nodes[c];
    if (c > 0) {
      std::map<std::size_t, std::pair<double, double>> weight;  // node -> (sum of y*count, sum of count)
      for (const FlowLink& link : diagram.links) {
        if (diagram.nodes[link.to].column != c) continue;
        const FlowNode& from = diagram.nodes[link.from];
        auto& [sum, n] = weight[link.to];
        sum += (from.y + from.height / 2) * static_cast<double>(link.count);
        n += static_cast<double>(link.count);
      }
      const auto centre = [&](std::size_t node) {
        const auto found = weight.find(node);
        return found == weight.end() || found->second.second == 0 ? 0.0 : found->second.first / found->second.second;
      };
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (diagram.nodes[a].other != diagram.nodes[b].other) return diagram.nodes[b].other;
        return centre(a) < centre(b);
      });
    }
    double y = 0;
    for (const std::size_t index : order) {
      FlowNode& node = diagram.nodes[index];
      node.y = y;
      node.height = std::max(kMinNodeHeight, static_cast<double>(node.count) * scale);
      y += node.height + kGap;
    }
    diagram.height = std::max(diagram.height, y - kGap);
  }
  // Nodes in drawing order (column, then top down); links renumbered to match.
  std::vector<std::size_t> renumber(diagram.nodes.size());
  std::vector<FlowNode> ordered;
  for (const auto& order : column_nodes) {
    for (const std::size_t index : order) {
      renumber[index] = ordered.size();
      ordered.push_back(std::move(diagram.nodes[index]));
    }
  }
  diagram.nodes = std::move(ordered);
  for (FlowLink& link : diagram.links) {
    link.from = renumber[link.from];
    link.to = renumber[link.to];
    link.thickness = static_cast<double>(link.count) * scale;
  }

  // Bands leave a node in the order of their targets and arrive in the order of their sources.
  std::vector<std::size_t> by_target(diagram.links.size());
  std::iota(by_target.begin(), by_target.end(), std::size_t{0});
  std::vector<std::size_t> by_source = by_target;
  std::stable_sort(by_target.begin(), by_target.end(),
                   [&](std::size_t a, std::size_t b) { return diagram.links[a].to < diagram.links[b].to; });
  std::stable_sort(by_source.begin(), by_source.end(),
                   [&](std::size_t a, std::size_t b) { return diagram.links[a].from < diagram.links[b].from; });
  std::vector<double> out_offset(diagram.nodes.size(), 0), in_offset(diagram.nodes.size(), 0);
  for (const std::size_t i : by_target) {
    FlowLink& link = diagram.links[i];
    link.y_from = diagram.nodes[link.from].y + out_offset[link.from];
    out_offset[link.from] += link.thickness;
  }
  for (const std::size_t i : by_source) {
    FlowLink& link = diagram.links[i];
    link.y_to = diagram.nodes[link.to].y + in_offset[link.to];
    in_offset[link.to] += link.thickness;
  }
  return diagram;
}

std::string svg_flow_diagram(const FlowDiagram& diagram) {
  if (diagram.nodes.empty()) return {};
  constexpr double kWidth = 1180, kLeft = 4, kNodeWidth = 12, kLabelSpace = 200, kTop = 28, kMinLabelHeight = 11;
  // Colours: by the sessions a name has in the whole diagram, largest first.
  std::map<std::string, std::uint64_t> by_name;
  for (const FlowNode& node : diagram.nodes) {
    if (!node.other) by_name[node.name] += node.count;
  }
  std::vector<std::pair<std::string, std::uint64_t>> ranked(by_name.begin(), by_name.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::map<std::string, std::string> colour;
  for (std::size_t i = 0; i < ranked.size(); ++i) colour[ranked[i].first] = series_colour(i);
  const auto colour_of = [&](const FlowNode& node) { return node.other ? std::string("other") : colour[node.name]; };
  constexpr std::size_t kLabelChars = 22;
  const double span = kWidth - kLeft - kNodeWidth - kLabelSpace;
  const auto x_of = [&](std::size_t column) {
    return diagram.columns > 1 ? kLeft + span * static_cast<double>(column) / static_cast<double>(diagram.columns - 1)
                               : kLeft;
  };
  const auto share = [&](std::uint64_t count) {
    return percent(diagram.sessions ? static_cast<double>(count) / static_cast<double>(diagram.sessions) : 0);
  };
  std::string out = "<svg class=\"chart flow\" width=\"" + number(kWidth) + "\" viewBox=\"0 0 " + number(kWidth) + " " +
                    number(diagram.height + kTop + 6) +
                    "\" role=\"img\" aria-label=\"Flow of session openings\" xmlns=\"http://www.w3.org/2000/svg\">";
  for (std::size_t c = 0; c < diagram.columns; ++c) {
    out += "<text class=\"axis\" x=\"" + number(x_of(c)) + "\" y=\"14\">" + ordinal(c + 1) + " program</text>";
  }
  for (const FlowLink& link : diagram.links) {
    const FlowNode& from = diagram.nodes[link.from];
    const FlowNode& to = diagram.nodes[link.to];
    const double x0 = x_of(from.column) + kNodeWidth, x1 = x_of(to.column), xm = (x0 + x1) / 2;
    const double y0 = kTop + link.y_from, y1 = kTop + link.y_to, t = std::max(link.thickness, 0.5);
    out += "<path class=\"band " + colour_of(from) + "\" d=\"M" +
           number(x0) + " " + number(y0) + "C" + number(xm) + " " + number(y0) + " " + number(xm) + " " + number(y1) +
           " " + number(x1) + " " + number(y1) + "L" + number(x1) + " " + number(y1 + t) + "C" + number(xm) + " " +
           number(y1 + t) + " " + number(xm) + " " + number(y0 + t) + " " + number(x0) + " " + number(y0 + t) +
           "Z\"><title>" + html_text_clipped(node_label(from), kTitleChars) + " \u21d2 " +
           html_text_clipped(node_label(to), kTitleChars) + ": " + with_thousands(link.count) + " sessions</title></path>";
  }
  for (const FlowNode& node : diagram.nodes) {
    const double x = x_of(node.column), y = kTop + node.y;
    out += "<g><title>" + html_text_clipped(node_label(node), kTitleChars) + " (" + ordinal(node.column + 1) +
           " program): " + with_thousands(node.count) + " sessions, " + share(node.count) + "</title>";
    out += "<rect class=\"node " + colour_of(node) + "\" x=\"" +
           number(x) + "\" y=\"" + number(y) + "\" width=\"" + number(kNodeWidth) + "\" height=\"" +
           number(node.height) + "\"/>";
    if (node.height >= kMinLabelHeight) {
      out += "<text class=\"lbl" + std::string(node.other ? " otherlbl" : "") + "\" x=\"" +
             number(x + kNodeWidth + 5) + "\" y=\"" + number(y + node.height / 2) +
             "\" dominant-baseline=\"central\">" + html_text_clipped(node_label(node), kLabelChars) +
             " <tspan class=\"cnt\">" + with_thousands(node.count) + "</tspan></text>";
    }
    out += "</g>";
  }
  return out + "</svg>";
}

}  // namespace busytrap::analyze
