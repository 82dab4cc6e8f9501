// Location-preserving YAML (and JSON) loading shared by the Kubernetes and
// CloudFormation frontends and the rule loader. Builds vouch Values directly from
// yaml-cpp's event stream, so every node keeps its line and column, tags survive
// (CloudFormation's `!Ref`), and hostile input stays bounded: nesting deeper than
// `max_depth` and alias expansion beyond `max_alias_nodes` stop with a diagnostic
// instead of exhausting the stack or memory.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"

namespace vouch::yaml {

struct Limits {
  unsigned max_depth = 256;
  // Nodes that alias expansion may copy in one stream (billion-laughs guard).
  size_t max_alias_nodes = 100000;
};

struct Document {
  Value root;          // null for an empty document
  unsigned index = 0;  // 0-based position in the stream
};

// A non-default YAML tag ("!Ref", "!GetAtt") written on the node that starts at
// (line, col). Values have no room for tags and only CloudFormation needs them.
struct TaggedNode {
  uint32_t line = 0;
  uint32_t col = 0;
  std::string tag;
};

struct Stream {
  std::vector<Document> documents;
  std::vector<TaggedNode> tags;  // sorted by (line, col)
  std::vector<Diagnostic> diagnostics;
  // The tag written on the node whose range starts at `range`, or "".
  std::string_view tag_at(const SourceRange& range) const;
};

// Parses every document of `file`. Plain scalars become bool/number/null as the YAML
// core schema says (`true`, `10`, `~`); quoted scalars stay strings. Never throws:
// syntax errors are diagnostics with line and column, and the documents read before
// the error are kept.
Stream load(const SourceFile& file, const Limits& limits = {});

}  // namespace vouch::yaml
