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
//
// Details a caller may rely on:
// - Scalars. Plain: `null` `Null` `NULL` `~` and empty → null; `true`/`false` (also
//   `True`, `TRUE`, …) → bool; decimal, `0x…`, `0o…` and `0…` integers (the last as
//   octal, as Kubernetes' go-yaml reads `defaultMode: 0644`) and decimal floats →
//   number; everything else, including YAML 1.1's `yes`/`no`/`on`/`off` and `.inf`/
//   `.nan`, → string. Quoted and block scalars, and scalars with a custom tag
//   (`!Ref 10`), are strings. Standard tags are honoured (`!!str 10` is a string,
//   `!!int "10"` a number; text that does not fit its tag stays a string with a
//   "yaml-tag-mismatch" warning). Mapping keys are the text as written (`1: x` has
//   key "1").
// - Ranges. Every node starts where it is written, properties included (`!Ref x`
//   starts at `!`, `&a x` at `&`); a scalar ends after its last character (closing
//   quote, last content line of a block scalar), a flow collection after its closing
//   bracket, a block collection with its last child. A Member spans key to value. An
//   empty value (`key:`) is an empty range just after its key. Columns count bytes;
//   a UTF-8 byte-order mark counts on line 1.
// - Aliases copy the anchored value with the copy's top node placed at the alias
//   (nodes inside keep the anchored ranges); a tag on the anchored node is recorded at
//   the alias too. Every node an alias copies, mapping keys included, counts against
//   `max_alias_nodes` for the whole stream. Merge keys (`<<: *base`, `<<: [*a, *b]`)
//   add the members that are not written explicitly.
// - Duplicate keys: the first wins, each later one is a "duplicate-key" warning.
// - Limits: a collection deeper than `max_depth` ("yaml-too-deep") or an alias over
//   the budget ("yaml-alias-budget") becomes null, and the rest of that document is
//   skipped; what was read before is kept. yaml-cpp's own nesting guard (about 500
//   levels) is reported as "yaml-too-deep" too.
// - Syntax errors ("yaml-syntax-error") drop the document they occur in; reading
//   resumes at the next `---` line, and later documents keep their stream index.
// - JSON is read as YAML; its escaped surrogate pairs (`\ud83d\ude00`), which
//   yaml-cpp 0.7 rejects, are rewritten before parsing with ranges unchanged.
Stream load(const SourceFile& file, const Limits& limits = {});

}  // namespace vouch::yaml
