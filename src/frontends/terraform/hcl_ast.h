// Private to the Terraform frontend: the expression tree and body structure that the
// evaluator walks. The HCL native syntax (tree-sitter) and Terraform's JSON syntax
// (.tf.json) both produce it, so evaluation never sees tree-sitter nodes.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"

namespace vouch::terraform {

enum class ExprKind : uint8_t {
  Invalid,      // unreadable input (an ERROR node): evaluates to unknown
  Literal,      // `literal`
  Template,     // children are parts (Literal strings or expressions), concatenated
  TemplateIf,   // children: condition, then-template, else-template (may be null)
  TemplateFor,  // name = key variable ("" if none), name2 = value variable; children: collection, body
  Tuple,        // children: items
  Object,       // children: key0, value0, key1, value1, …
  Variable,     // name: a bare identifier (`var`, `local`, `aws_s3_bucket`, `each`, a for variable)
  GetAttr,      // children[0].name
  Index,        // children[0][children[1]]
  Splat,        // children: source, per-element expression over a SplatItem
  SplatItem,    // the element inside a splat's per-element expression
  Call,         // name(children…); flag = the last argument is expanded with `...`
  Unary,        // name = "-" or "!"; children[0]
  Binary,       // name = operator; children: left, right
  Conditional,  // children: condition, then, else
  ForTuple,     // name/name2 as TemplateFor; children: collection, value, condition (may be null)
  ForObject,    // children: collection, key, value, condition (may be null); flag = grouping `...`
};

// One expression node. Nodes live in the arena of their ParsedFile and point at each
// other with plain pointers; `literal` carries the value of Literal nodes.
struct Expr {
  ExprKind kind = ExprKind::Invalid;
  bool flag = false;
  std::string name;
  std::string name2;
  Value literal;
  std::vector<const Expr*> children;
  SourceRange range;
};

struct Block;

// The attributes and nested blocks of a file or a block, in the order written.
struct Body {
  struct Attribute {
    std::string name;
    const Expr* expr = nullptr;
    SourceRange range;  // the whole `name = expr`
  };
  std::vector<Attribute> attributes;
  std::vector<Block> blocks;

  const Attribute* find_attribute(std::string_view name) const {
    for (const Attribute& attribute : attributes)
      if (attribute.name == name) return &attribute;
    return nullptr;
  }
};

struct Block {
  std::string type;
  std::vector<std::string> labels;
  Body body;
  SourceRange range;   // the whole block
  SourceRange header;  // from the block type to the opening `{`
};

// One parsed file: its body, the arena that owns its expressions and its syntax errors.
struct ParsedFile {
  const SourceFile* file = nullptr;
  Body body;
  std::deque<Expr> arena;
  std::vector<Diagnostic> diagnostics;
};

// Parses HCL native syntax. Never throws; syntax errors are diagnostics and whatever
// tree-sitter recovered is kept.
void parse_hcl(const SourceFile& file, ParsedFile& out);

// Parses Terraform's JSON configuration syntax (.tf.json) into the same tree: `"${…}"`
// strings are templates, `"//"` keys are comments. Never throws.
void parse_tf_json(const SourceFile& file, ParsedFile& out);

// Parses a JSON variable file (.tfvars.json): one attribute per key, values as written.
void parse_tfvars_json(const SourceFile& file, ParsedFile& out);

// Number of syntax errors tree-sitter reports for `text` (no conversion).
size_t count_syntax_errors(const std::string& text);

}  // namespace vouch::terraform
