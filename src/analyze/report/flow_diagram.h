#pragma once
// The flow (Sankey) diagram of session openings for the `html` report: column k shows the k-th
// program name of sessions, a band from A (column k) to B (column k+1) is as thick as the number
// of sessions whose k-th and (k+1)-th program names are A and B. Built from the report's prefix
// tree (so the diagram is exactly as deep and as wide as `--tree-depth`/`--tree-width`): tree nodes
// of the same depth and name are merged into one diagram node, and the names beyond
// `max_per_column` in a column into one "other" node. A node is taller than the bands leaving it
// by the sessions that end there (or go on to a branch the tree does not show).
// FlowDiagram is plain data (computed by layout_flow, drawn by svg_flow_diagram); thread-safe.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analyze/report/analyze_report.h"

namespace busytrap::analyze {

struct FlowNode {
  std::size_t column = 0;
  std::string name;  // raw bytes; empty for the "other" node
  bool other = false;
  std::size_t merged = 1;  // names merged into this node (> 1 only for "other")
  std::uint64_t count = 0;
  double y = 0, height = 0;  // in diagram units, top down
};

struct FlowLink {
  std::size_t from = 0, to = 0;  // indexes into FlowDiagram::nodes
  std::uint64_t count = 0;
  double y_from = 0, y_to = 0, thickness = 0;  // top of the band at each end
};

struct FlowDiagram {
  std::size_t columns = 0;
  std::uint64_t sessions = 0;  // the tree's root: sessions with a program sequence
  double height = 0;           // of the drawing area, in diagram units
  std::vector<FlowNode> nodes;  // by column, top to bottom within a column
  std::vector<FlowLink> links;
};

// Diagram units of the tallest column: 70 per node in the fullest column, within these bounds.
inline constexpr double kFlowHeight = 420;
inline constexpr double kFlowMinHeight = 150;

FlowDiagram layout_flow(const PrefixNode& root, std::size_t max_per_column = 8);

// The diagram as inline SVG (no script), every node and band with a <title> tooltip (name, count,
// share). A name has one colour wherever it appears (the largest names get distinct colours;
// bands take their source's). "" when the tree is empty.
std::string svg_flow_diagram(const FlowDiagram& diagram);

}  // namespace busytrap::analyze
