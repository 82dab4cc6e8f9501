// Converts tree-sitter's HCL concrete syntax tree into the frontend's expression tree
// (hcl_ast.h). The grammar hides `_expr_term`, so an `expression` node holds a flat
// run of children — a primary term followed by postfix `get_attr` / `index` / `splat`
// nodes — and binary operations hold their operands the same way; `convert_term`
// folds such runs back into a tree.
#include <tree_sitter/api.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/terraform/functions_support.h"
#include "frontends/terraform/hcl_ast.h"

extern "C" const TSLanguage* tree_sitter_hcl();

namespace vouch::terraform {
namespace {

// Deeper expressions than this become Invalid with a diagnostic, so hostile nesting
// cannot exhaust the stack of the converter or the evaluator.
constexpr unsigned kMaxDepth = 200;

// Symbol ids of the node types the converter dispatches on, looked up once.
struct Symbols {
  TSSymbol attribute, block, body, block_start, identifier, string_lit, expression, conditional, literal_value,
      numeric_lit, bool_lit, null_lit, template_expr, quoted_template, heredoc_template, template_literal,
      template_interpolation, template_directive, template_if, template_if_intro, template_else_intro, template_if_end,
      template_for, template_for_start, template_for_end, strip_marker, heredoc_start, heredoc_identifier,
      collection_value, tuple, object, object_elem, variable_expr, function_call, function_arguments, ellipsis,
      for_expr, for_tuple_expr, for_object_expr, for_intro, for_cond, operation, unary_operation, binary_operation,
      get_attr, index, new_index, legacy_index, splat, attr_splat, full_splat, comment, config_file,
      quoted_template_start, quoted_template_end;

  static TSSymbol named(const TSLanguage* language, const char* name) {
    return ts_language_symbol_for_name(language, name, static_cast<uint32_t>(std::strlen(name)), true);
  }

  explicit Symbols(const TSLanguage* l)
      : attribute(named(l, "attribute")),
        block(named(l, "block")),
        body(named(l, "body")),
        block_start(named(l, "block_start")),
        identifier(named(l, "identifier")),
        string_lit(named(l, "string_lit")),
        expression(named(l, "expression")),
        conditional(named(l, "conditional")),
        literal_value(named(l, "literal_value")),
        numeric_lit(named(l, "numeric_lit")),
        bool_lit(named(l, "bool_lit")),
        null_lit(named(l, "null_lit")),
        template_expr(named(l, "template_expr")),
        quoted_template(named(l, "quoted_template")),
        heredoc_template(named(l, "heredoc_template")),
        template_literal(named(l, "template_literal")),
        template_interpolation(named(l, "template_interpolation")),
        template_directive(named(l, "template_directive")),
        template_if(named(l, "template_if")),
        template_if_intro(named(l, "template_if_intro")),
        template_else_intro(named(l, "template_else_intro")),
        template_if_end(named(l, "template_if_end")),
        template_for(named(l, "template_for")),
        template_for_start(named(l, "template_for_start")),
        template_for_end(named(l, "template_for_end")),
        strip_marker(named(l, "strip_marker")),
        heredoc_start(named(l, "heredoc_start")),
        heredoc_identifier(named(l, "heredoc_identifier")),
        collection_value(named(l, "collection_value")),
        tuple(named(l, "tuple")),
        object(named(l, "object")),
        object_elem(named(l, "object_elem")),
        variable_expr(named(l, "variable_expr")),
        function_call(named(l, "function_call")),
        function_arguments(named(l, "function_arguments")),
        ellipsis(named(l, "ellipsis")),
        for_expr(named(l, "for_expr")),
        for_tuple_expr(named(l, "for_tuple_expr")),
        for_object_expr(named(l, "for_object_expr")),
        for_intro(named(l, "for_intro")),
        for_cond(named(l, "for_cond")),
        operation(named(l, "operation")),
        unary_operation(named(l, "unary_operation")),
        binary_operation(named(l, "binary_operation")),
        get_attr(named(l, "get_attr")),
        index(named(l, "index")),
        new_index(named(l, "new_index")),
        legacy_index(named(l, "legacy_index")),
        splat(named(l, "splat")),
        attr_splat(named(l, "attr_splat")),
        full_splat(named(l, "full_splat")),
        comment(named(l, "comment")),
        config_file(named(l, "config_file")),
        quoted_template_start(named(l, "quoted_template_start")),
        quoted_template_end(named(l, "quoted_template_end")) {}
};

const Symbols& symbols() {
  static const Symbols instance(tree_sitter_hcl());
  return instance;
}

// One parser per thread: TSParser is not thread-safe but is reusable.
TSParser* thread_parser() {
  struct Holder {
    TSParser* parser = ts_parser_new();
    Holder() { ts_parser_set_language(parser, tree_sitter_hcl()); }
    ~Holder() { ts_parser_delete(parser); }
    Holder(const Holder&) = delete;
    Holder& operator=(const Holder&) = delete;
  };
  thread_local Holder holder;
  return holder.parser;
}

struct TreeDeleter {
  void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;

TreePtr parse_tree(const std::string& text) {
  return TreePtr(ts_parser_parse_string(thread_parser(), nullptr, text.data(), static_cast<uint32_t>(text.size())));
}

// The children of `node`, collected with a cursor (ts_node_child is linear per call).
std::vector<TSNode> children_of(TSNode node) {
  std::vector<TSNode> out;
  out.reserve(ts_node_child_count(node));
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do out.push_back(ts_tree_cursor_current_node(&cursor));
    while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view trim_trailing_space(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

using fn::append_utf8;

// Decodes a literal chunk of a template: `$${` and `%%{` always, backslash escapes
// only in quoted strings (heredocs take backslashes literally).
std::string decode_literal(std::string_view raw, bool quoted) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if ((c == '$' || c == '%') && i + 2 < raw.size() && raw[i + 1] == c && raw[i + 2] == '{') {
      out += c;
      out += '{';
      i += 2;
      continue;
    }
    if (!quoted || c != '\\' || i + 1 >= raw.size()) {
      out += c;
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case 'u':
      case 'U': {
        size_t digits = e == 'u' ? 4 : 8;
        uint32_t cp = 0;
        if (i + digits < raw.size()) {
          auto [ptr, ec] = std::from_chars(raw.data() + i + 1, raw.data() + i + 1 + digits, cp, 16);
          if (ec == std::errc() && ptr == raw.data() + i + 1 + digits) {
            append_utf8(out, cp);
            i += digits;
            break;
          }
        }
        out += '\\';
        out += e;
        break;
      }
      default:
        out += '\\';
        out += e;
    }
  }
  return out;
}

class Converter {
 public:
  Converter(const SourceFile& file, ParsedFile& out) : file_(file), out_(out), sym_(symbols()) {}

  void convert_root(TSNode root) {
    for (TSNode child : children_of(root)) {
      TSSymbol s = ts_node_symbol(child);
      if (s == sym_.body) {
        convert_body(child, out_.body);
      } else if (ts_node_is_error(child)) {
        convert_body(child, out_.body);  // recover the blocks tree-sitter kept inside
      }
    }
  }

 private:
  std::string_view text(TSNode node) const {
    uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
    return std::string_view(file_.text).substr(start, end - start);
  }

  SourceRange range(TSNode first, TSNode last) const {
    TSPoint a = ts_node_start_point(first), b = ts_node_end_point(last);
    return SourceRange{&file_, a.row + 1, a.column + 1, b.row + 1, b.column + 1};
  }
  SourceRange range(TSNode node) const { return range(node, node); }

  Expr* make(ExprKind kind, SourceRange r) {
    Expr& e = out_.arena.emplace_back();
    e.kind = kind;
    e.range = r;
    return &e;
  }

  Expr* invalid(SourceRange r) { return make(ExprKind::Invalid, r); }

  Expr* string_literal(std::string s, SourceRange r) {
    Expr* e = make(ExprKind::Literal, r);
    e->literal = Value::string(std::move(s), r);
    return e;
  }

  void too_deep(SourceRange r) {
    if (reported_depth_) return;
    reported_depth_ = true;
    out_.diagnostics.push_back(Diagnostic{DiagnosticLevel::Error, "nesting-too-deep",
                                          "expression nested deeper than " + std::to_string(kMaxDepth) + " levels",
                                          file_.path, r});
  }

  // Keeps the depth counter balanced on every return path.
  struct DepthGuard {
    unsigned& depth;
    explicit DepthGuard(unsigned& d) : depth(d) { ++depth; }
    ~DepthGuard() { --depth; }
  };

  void convert_body(TSNode node, Body& body) {
    for (TSNode child : children_of(node)) {
      TSSymbol s = ts_node_symbol(child);
      if (s == sym_.attribute) {
        convert_attribute(child, body);
      } else if (s == sym_.block) {
        convert_block(child, body);
      } else if (s == sym_.body || ts_node_is_error(child)) {
        convert_body(child, body);
      }
    }
  }

  void convert_attribute(TSNode node, Body& body) {
    Body::Attribute attribute;
    attribute.range = range(node);
    for (TSNode child : children_of(node)) {
      TSSymbol s = ts_node_symbol(child);
      if (s == sym_.identifier && attribute.name.empty()) {
        attribute.name = std::string(text(child));
      } else if (s == sym_.expression) {
        attribute.expr = convert_expression(child);
      }
    }
    if (attribute.name.empty()) return;
    if (!attribute.expr) attribute.expr = invalid(attribute.range);
    body.attributes.push_back(std::move(attribute));
  }

  void convert_block(TSNode node, Body& body) {
    Block block;
    block.range = range(node);
    bool have_type = false, header_done = false;
    for (TSNode child : children_of(node)) {
      TSSymbol s = ts_node_symbol(child);
      if (s == sym_.identifier && !header_done) {
        if (!have_type) {
          block.type = std::string(text(child));
          have_type = true;
        } else {
          block.labels.emplace_back(text(child));
        }
      } else if (s == sym_.string_lit && !header_done) {
        block.labels.push_back(string_lit_text(child));
      } else if (s == sym_.block_start) {
        block.header = range(node, child);
        header_done = true;
      } else if (s == sym_.body) {
        convert_body(child, block.body);
      } else if (ts_node_is_error(child)) {
        convert_body(child, block.body);
      }
    }
    if (!have_type) return;
    if (!header_done) block.header = block.range;
    body.blocks.push_back(std::move(block));
  }

  // The text between the quotes (template_literal nodes do not always cover spaces).
  std::string string_lit_text(TSNode node) {
    uint32_t from = 0, to = 0;
    bool have_open = false, have_close = false;
    for (TSNode child : children_of(node)) {
      TSSymbol s = ts_node_symbol(child);
      if (s == sym_.quoted_template_start)
        from = ts_node_end_byte(child), have_open = true;
      else if (s == sym_.quoted_template_end)
        to = ts_node_start_byte(child), have_close = true;
    }
    if (!have_open || !have_close || to < from) return std::string();
    return decode_literal(std::string_view(file_.text).substr(from, to - from), true);
  }

  const Expr* convert_expression(TSNode node) {
    DepthGuard guard(depth_);
    if (depth_ > kMaxDepth) {
      too_deep(range(node));
      return invalid(range(node));
    }
    std::vector<TSNode> kids = children_of(node);
    if (kids.size() == 1 && ts_node_symbol(kids[0]) == sym_.conditional) return convert_conditional(kids[0]);
    return convert_term(kids, 0, kids.size(), range(node));
  }

  // Folds a primary term and its postfix traversals (kids[begin, end)) into a tree.
  const Expr* convert_term(const std::vector<TSNode>& kids, size_t begin, size_t end, SourceRange whole) {
    if (begin >= end) return invalid(whole);
    const Expr* current = nullptr;
    size_t i = begin;
    TSNode first = kids[begin];
    if (!ts_node_is_named(first) && text(first) == "(") {
      // `( expression )`: the parenthesised expression is the primary term.
      size_t close = i + 1;
      while (close < end && !(!ts_node_is_named(kids[close]) && text(kids[close]) == ")")) ++close;
      current = (i + 1 < end && ts_node_symbol(kids[i + 1]) == sym_.expression) ? convert_expression(kids[i + 1])
                                                                                : invalid(whole);
      i = close < end ? close + 1 : end;
    } else {
      current = convert_primary(first);
      ++i;
    }
    for (; i < end; ++i) {
      TSNode post = kids[i];
      SourceRange r = range(first, post);
      TSSymbol s = ts_node_symbol(post);
      if (s == sym_.get_attr) {
        current = convert_get_attr(post, current, r);
      } else if (s == sym_.index) {
        current = convert_index(post, current, r);
      } else if (s == sym_.splat) {
        current = convert_splat(post, current, r);
      } else if (s == sym_.comment) {
        continue;
      } else {
        return invalid(whole);
      }
    }
    return current;
  }

  const Expr* convert_get_attr(TSNode node, const Expr* object, SourceRange r) {
    Expr* e = make(ExprKind::GetAttr, r);
    e->children.push_back(object);
    for (TSNode child : children_of(node))
      if (ts_node_symbol(child) == sym_.identifier) e->name = std::string(text(child));
    return e;
  }

  const Expr* convert_index(TSNode node, const Expr* collection, SourceRange r) {
    Expr* e = make(ExprKind::Index, r);
    e->children.push_back(collection);
    const Expr* key = nullptr;
    for (TSNode inner : children_of(node)) {
      TSSymbol s = ts_node_symbol(inner);
      if (s == sym_.new_index) {
        for (TSNode child : children_of(inner))
          if (ts_node_symbol(child) == sym_.expression) key = convert_expression(child);
      } else if (s == sym_.legacy_index) {
        // `.0`: the digits after the dot.
        std::string_view digits = text(inner).substr(1);
        Expr* literal = make(ExprKind::Literal, range(inner));
        double n = 0;
        std::from_chars(digits.data(), digits.data() + digits.size(), n);
        literal->literal = Value::number(n, literal->range);
        key = literal;
      }
    }
    e->children.push_back(key ? key : invalid(r));
    return e;
  }

  const Expr* convert_splat(TSNode node, const Expr* source, SourceRange r) {
    Expr* e = make(ExprKind::Splat, r);
    e->children.push_back(source);
    std::vector<TSNode> inner;
    for (TSNode child : children_of(node)) {
      TSSymbol s = ts_node_symbol(child);
      if (s == sym_.attr_splat || s == sym_.full_splat) inner = children_of(child);
    }
    const Expr* each = make(ExprKind::SplatItem, r);
    for (TSNode post : inner) {
      TSSymbol s = ts_node_symbol(post);
      SourceRange pr = range(node, post);
      if (s == sym_.get_attr)
        each = convert_get_attr(post, each, pr);
      else if (s == sym_.index)
        each = convert_index(post, each, pr);
    }
    e->children.push_back(each);
    return e;
  }

  // The grammar makes `?:` left-associative, so `a ? b : c ? d : e` arrives as
  // `(a ? b : c) ? d : e`; HCL means `a ? b : (c ? d : e)`. Unparenthesised chains are
  // flattened into their operands and rebuilt to the right.
  const Expr* convert_conditional(TSNode node) {
    std::vector<TSNode> operands;  // a, b, c, d, e, … in source order
    std::vector<TSNode> tails;     // (d, e), (f, g), … from the outermost inwards
    TSNode current = node;
    for (;;) {
      std::vector<TSNode> parts;
      for (TSNode child : children_of(current))
        if (ts_node_symbol(child) == sym_.expression) parts.push_back(child);
      if (parts.size() != 3) return invalid(range(node));
      tails.push_back(parts[2]);
      tails.push_back(parts[1]);
      std::vector<TSNode> condition_kids = children_of(parts[0]);
      if (condition_kids.size() == 1 && ts_node_symbol(condition_kids[0]) == sym_.conditional) {
        current = condition_kids[0];
        continue;
      }
      operands.push_back(parts[0]);
      break;
    }
    for (auto it = tails.rbegin(); it != tails.rend(); ++it) operands.push_back(*it);
    return build_conditional(operands, 0);
  }

  const Expr* build_conditional(const std::vector<TSNode>& operands, size_t i) {
    if (i + 1 >= operands.size()) return convert_expression(operands[i]);
    Expr* e = make(ExprKind::Conditional, range(operands[i], operands.back()));
    e->children.push_back(convert_expression(operands[i]));
    e->children.push_back(convert_expression(operands[i + 1]));
    e->children.push_back(build_conditional(operands, i + 2));
    return e;
  }

  const Expr* convert_primary(TSNode node) {
    DepthGuard guard(depth_);
    SourceRange r = range(node);
    if (depth_ > kMaxDepth) {
      too_deep(r);
      return invalid(r);
    }
    TSSymbol s = ts_node_symbol(node);
    if (s == sym_.literal_value) return convert_literal(node);
    if (s == sym_.template_expr) {
      for (TSNode child : children_of(node)) {
        TSSymbol t = ts_node_symbol(child);
        if (t == sym_.quoted_template) return convert_template(child, false);
        if (t == sym_.heredoc_template) return convert_template(child, true);
      }
      return invalid(r);
    }
    if (s == sym_.collection_value) {
      for (TSNode child : children_of(node)) {
        TSSymbol t = ts_node_symbol(child);
        if (t == sym_.tuple) return convert_tuple(child);
        if (t == sym_.object) return convert_object(child);
      }
      return invalid(r);
    }
    if (s == sym_.variable_expr) {
      Expr* e = make(ExprKind::Variable, r);
      e->name = std::string(text(node));
      return e;
    }
    if (s == sym_.function_call) return convert_call(node);
    if (s == sym_.for_expr) {
      for (TSNode child : children_of(node)) {
        TSSymbol t = ts_node_symbol(child);
        if (t == sym_.for_tuple_expr || t == sym_.for_object_expr) return convert_for(child, t == sym_.for_object_expr);
      }
      return invalid(r);
    }
    if (s == sym_.operation) {
      for (TSNode child : children_of(node)) {
        TSSymbol t = ts_node_symbol(child);
        if (t == sym_.unary_operation) return convert_unary(child);
        if (t == sym_.binary_operation) return convert_binary(child);
      }
      return invalid(r);
    }
    if (s == sym_.expression) return convert_expression(node);
    return invalid(r);
  }

  const Expr* convert_literal(TSNode node) {
    SourceRange r = range(node);
    Expr* e = make(ExprKind::Literal, r);
    for (TSNode child : children_of(node)) {
      TSSymbol s = ts_node_symbol(child);
      std::string_view t = text(child);
      if (s == sym_.numeric_lit) {
        double n = 0;
        if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
          n = static_cast<double>(std::strtoull(std::string(t.substr(2)).c_str(), nullptr, 16));
        } else {
          std::from_chars(t.data(), t.data() + t.size(), n);
        }
        e->literal = Value::number(n, r);
      } else if (s == sym_.bool_lit) {
        e->literal = Value::boolean(t == "true", r);
      } else if (s == sym_.null_lit) {
        e->literal = Value::null(r);
      } else if (s == sym_.string_lit) {
        e->literal = Value::string(string_lit_text(child), r);
      }
    }
    return e;
  }

  const Expr* convert_tuple(TSNode node) {
    Expr* e = make(ExprKind::Tuple, range(node));
    for (TSNode child : children_of(node))
      if (ts_node_symbol(child) == sym_.expression) e->children.push_back(convert_expression(child));
    return e;
  }

  const Expr* convert_object(TSNode node) {
    Expr* e = make(ExprKind::Object, range(node));
    for (TSNode elem : children_of(node)) {
      if (ts_node_symbol(elem) != sym_.object_elem) continue;
      TSNode key = ts_node_child_by_field_name(elem, "key", 3);
      TSNode val = ts_node_child_by_field_name(elem, "val", 3);
      if (ts_node_is_null(key) || ts_node_is_null(val)) continue;
      // A bare identifier key is the key's name, not a variable reference.
      const Expr* key_expr = nullptr;
      std::vector<TSNode> key_kids = children_of(key);
      if (key_kids.size() == 1 && ts_node_symbol(key_kids[0]) == sym_.variable_expr) {
        key_expr = string_literal(std::string(text(key_kids[0])), range(key));
      } else {
        key_expr = convert_expression(key);
      }
      e->children.push_back(key_expr);
      e->children.push_back(convert_expression(val));
    }
    return e;
  }

  const Expr* convert_call(TSNode node) {
    Expr* e = make(ExprKind::Call, range(node));
    for (TSNode child : children_of(node)) {
      TSSymbol s = ts_node_symbol(child);
      if (s == sym_.identifier && e->name.empty()) {
        e->name = std::string(text(child));
      } else if (s == sym_.function_arguments) {
        for (TSNode arg : children_of(child)) {
          TSSymbol t = ts_node_symbol(arg);
          if (t == sym_.expression)
            e->children.push_back(convert_expression(arg));
          else if (t == sym_.ellipsis)
            e->flag = true;
        }
      }
    }
    // Provider-defined functions (`provider::aws::arn_parse`) keep their full name.
    return e;
  }

  const Expr* convert_for(TSNode node, bool object) {
    Expr* e = make(object ? ExprKind::ForObject : ExprKind::ForTuple, range(node));
    const Expr* collection = nullptr;
    std::vector<const Expr*> bodies;
    const Expr* condition = nullptr;
    for (TSNode child : children_of(node)) {
      TSSymbol s = ts_node_symbol(child);
      if (s == sym_.for_intro) {
        std::vector<std::string> names;
        for (TSNode part : children_of(child)) {
          TSSymbol t = ts_node_symbol(part);
          if (t == sym_.identifier)
            names.emplace_back(text(part));
          else if (t == sym_.expression)
            collection = convert_expression(part);
        }
        if (names.size() == 2) {
          e->name = names[0];
          e->name2 = names[1];
        } else if (names.size() == 1) {
          e->name2 = names[0];
        }
      } else if (s == sym_.expression) {
        bodies.push_back(convert_expression(child));
      } else if (s == sym_.ellipsis) {
        e->flag = true;
      } else if (s == sym_.for_cond) {
        for (TSNode part : children_of(child))
          if (ts_node_symbol(part) == sym_.expression) condition = convert_expression(part);
      }
    }
    size_t wanted = object ? 2 : 1;
    if (!collection || bodies.size() != wanted || e->name2.empty()) return invalid(e->range);
    e->children.push_back(collection);
    for (const Expr* b : bodies) e->children.push_back(b);
    e->children.push_back(condition);
    return e;
  }

  const Expr* convert_unary(TSNode node) {
    std::vector<TSNode> kids = children_of(node);
    SourceRange r = range(node);
    if (kids.size() < 2) return invalid(r);
    Expr* e = make(ExprKind::Unary, r);
    e->name = std::string(text(kids[0]));
    e->children.push_back(convert_term(kids, 1, kids.size(), r));
    return e;
  }

  static bool is_binary_operator(std::string_view t) {
    static constexpr std::string_view ops[] = {"*", "/", "%", "+", "-", ">", ">=", "<", "<=", "==", "!=", "&&", "||"};
    for (std::string_view op : ops)
      if (t == op) return true;
    return false;
  }

  const Expr* convert_binary(TSNode node) {
    std::vector<TSNode> kids = children_of(node);
    SourceRange r = range(node);
    size_t op = 0;
    while (op < kids.size() && (ts_node_is_named(kids[op]) || !is_binary_operator(text(kids[op])))) ++op;
    if (op == 0 || op + 1 >= kids.size()) return invalid(r);
    Expr* e = make(ExprKind::Binary, r);
    e->name = std::string(text(kids[op]));
    e->children.push_back(convert_term(kids, 0, op, range(kids[0], kids[op - 1])));
    e->children.push_back(convert_term(kids, op + 1, kids.size(), range(kids[op + 1], kids.back())));
    return e;
  }

  // ---- templates ----
  //
  // Whitespace inside a template is not always covered by `template_literal` nodes
  // (the grammar treats some of it as extras), so literal text is taken from the raw
  // bytes between the structural children: interpolations, directives and tags.

  // A template part under construction; strip flags come from `~` markers and trim
  // the whitespace of the neighbouring literal parts.
  struct Part {
    const Expr* expr = nullptr;  // an expression or directive part
    std::string literal;         // a literal part when expr == nullptr
    SourceRange range;
    bool strip_before = false;
    bool strip_after = false;
  };

  static void apply_strips(std::vector<Part>& parts) {
    for (size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].expr == nullptr) continue;
      if (parts[i].strip_before && i > 0 && parts[i - 1].expr == nullptr) {
        std::string& s = parts[i - 1].literal;
        s.resize(trim_trailing_space(s).size());
      }
      if (parts[i].strip_after && i + 1 < parts.size() && parts[i + 1].expr == nullptr) {
        std::string& s = parts[i + 1].literal;
        size_t n = 0;
        while (n < s.size() && is_space(s[n])) ++n;
        s.erase(0, n);
      }
    }
  }

  static void trim_edges(std::vector<Part>& parts, bool start, bool end) {
    if (parts.empty()) return;
    if (start && parts.front().expr == nullptr) {
      std::string& s = parts.front().literal;
      size_t n = 0;
      while (n < s.size() && is_space(s[n])) ++n;
      s.erase(0, n);
    }
    if (end && parts.back().expr == nullptr) {
      std::string& s = parts.back().literal;
      s.resize(trim_trailing_space(s).size());
    }
  }

  // Strip markers on a directive's or interpolation's tag: {before the tag, after
  // it}. Also hands out the tag's expression and identifiers (`for k, v in coll`).
  std::pair<bool, bool> strip_flags(TSNode tag, const Expr** expression = nullptr,
                                    std::vector<std::string>* names = nullptr) {
    bool before = false, after = false, seen_content = false;
    for (TSNode part : children_of(tag)) {
      std::string_view t = text(part);
      if (ts_node_symbol(part) == sym_.strip_marker) {
        (seen_content ? after : before) = true;
      } else if (ts_node_symbol(part) == sym_.expression) {
        seen_content = true;
        if (expression) *expression = convert_expression(part);
      } else if (ts_node_symbol(part) == sym_.identifier) {
        seen_content = true;
        if (names) names->emplace_back(t);
      } else if (t != "%{" && t != "${") {
        seen_content = true;
      }
    }
    return {before, after};
  }

  Expr* finish_template(std::vector<Part>& parts, SourceRange r, bool heredoc_indented) {
    apply_strips(parts);
    if (heredoc_indented) strip_heredoc_indent(parts);
    Expr* e = make(ExprKind::Template, r);
    for (Part& part : parts) {
      if (part.expr) {
        e->children.push_back(part.expr);
      } else if (!part.literal.empty()) {
        e->children.push_back(string_literal(std::move(part.literal), part.range));
      }
    }
    return e;
  }

  // `<<-EOT` removes the smallest indentation of its lines.
  static void strip_heredoc_indent(std::vector<Part>& parts) {
    size_t min_indent = std::string::npos;
    bool at_line_start = true;
    for (const Part& part : parts) {
      if (part.expr) {
        at_line_start = false;
        continue;
      }
      const std::string& s = part.literal;
      for (size_t i = 0; i < s.size(); ++i) {
        if (at_line_start) {
          size_t n = 0;
          while (i + n < s.size() && (s[i + n] == ' ' || s[i + n] == '\t')) ++n;
          bool blank = i + n < s.size() && s[i + n] == '\n';
          if (!blank && i + n < s.size()) min_indent = std::min(min_indent, n);
          at_line_start = false;
        }
        if (s[i] == '\n') at_line_start = true;
      }
    }
    if (min_indent == 0 || min_indent == std::string::npos) return;
    at_line_start = true;
    for (Part& part : parts) {
      if (part.expr) {
        at_line_start = false;
        continue;
      }
      std::string out;
      const std::string& s = part.literal;
      for (size_t i = 0; i < s.size(); ++i) {
        if (at_line_start) {
          size_t n = 0;
          while (n < min_indent && i + n < s.size() && (s[i + n] == ' ' || s[i + n] == '\t')) ++n;
          i += n;
          at_line_start = false;
          if (i >= s.size()) break;
        }
        out += s[i];
        if (s[i] == '\n') at_line_start = true;
      }
      part.literal = std::move(out);
    }
  }

  void add_literal(std::vector<Part>& parts, uint32_t from, uint32_t to, TSPoint at, bool quoted) {
    if (to <= from) return;
    std::string decoded = decode_literal(std::string_view(file_.text).substr(from, to - from), quoted);
    if (!parts.empty() && parts.back().expr == nullptr) {
      parts.back().literal += decoded;
      return;
    }
    SourceRange r{&file_, at.row + 1, at.column + 1, at.row + 1, at.column + 1};
    parts.push_back(Part{nullptr, std::move(decoded), r, false, false});
  }

  // Collects the parts of template content between byte offsets [from, to), given the
  // content's child nodes: literal text from the gaps, interpolations and directives
  // from the children.
  void collect_span(const std::vector<TSNode>& kids, uint32_t from, TSPoint from_point, uint32_t to,
                    std::vector<Part>& parts, bool quoted) {
    uint32_t cursor = from;
    TSPoint cursor_point = from_point;
    for (TSNode child : kids) {
      uint32_t start = ts_node_start_byte(child);
      if (start < from || ts_node_end_byte(child) > to) continue;
      TSSymbol s = ts_node_symbol(child);
      if (s != sym_.template_interpolation && s != sym_.template_directive) continue;
      add_literal(parts, cursor, start, cursor_point, quoted);
      if (s == sym_.template_interpolation) {
        Part part;
        part.range = range(child);
        auto [before, after] = strip_flags(child, &part.expr);
        part.strip_before = before;
        part.strip_after = after;
        if (!part.expr) part.expr = invalid(part.range);
        parts.push_back(std::move(part));
      } else {
        for (TSNode directive : children_of(child)) {
          TSSymbol t = ts_node_symbol(directive);
          if (t == sym_.template_if)
            parts.push_back(convert_template_if(directive, quoted));
          else if (t == sym_.template_for)
            parts.push_back(convert_template_for(directive, quoted));
        }
      }
      cursor = ts_node_end_byte(child);
      cursor_point = ts_node_end_point(child);
    }
    add_literal(parts, cursor, to, cursor_point, quoted);
  }

  Part convert_template_if(TSNode node, bool quoted) {
    DepthGuard guard(depth_);
    Part result;
    result.range = range(node);
    Expr* e = make(ExprKind::TemplateIf, result.range);
    const Expr* condition = nullptr;
    std::vector<TSNode> kids = children_of(node);
    TSNode intro{}, else_intro{}, end{};
    bool has_else = false;
    for (TSNode child : kids) {
      TSSymbol s = ts_node_symbol(child);
      if (s == sym_.template_if_intro)
        intro = child;
      else if (s == sym_.template_else_intro)
        else_intro = child, has_else = true;
      else if (s == sym_.template_if_end)
        end = child;
    }
    if (ts_node_is_null(intro) || ts_node_is_null(end) || depth_ > kMaxDepth) {
      result.expr = invalid(result.range);
      return result;
    }
    auto [intro_before, intro_after] = strip_flags(intro, &condition);
    auto [end_before, end_after] = strip_flags(end);
    result.strip_before = intro_before;
    result.strip_after = end_after;
    std::vector<Part> then_parts, else_parts;
    TSNode then_end = has_else ? else_intro : end;
    collect_span(kids, ts_node_end_byte(intro), ts_node_end_point(intro), ts_node_start_byte(then_end), then_parts,
                 quoted);
    if (has_else) {
      auto [else_before, else_after] = strip_flags(else_intro);
      trim_edges(then_parts, intro_after, else_before);
      collect_span(kids, ts_node_end_byte(else_intro), ts_node_end_point(else_intro), ts_node_start_byte(end),
                   else_parts, quoted);
      trim_edges(else_parts, else_after, end_before);
    } else {
      trim_edges(then_parts, intro_after, end_before);
    }
    e->children.push_back(condition ? condition : invalid(result.range));
    e->children.push_back(finish_template(then_parts, result.range, false));
    e->children.push_back(has_else ? finish_template(else_parts, result.range, false) : nullptr);
    result.expr = e;
    return result;
  }

  Part convert_template_for(TSNode node, bool quoted) {
    DepthGuard guard(depth_);
    Part result;
    result.range = range(node);
    Expr* e = make(ExprKind::TemplateFor, result.range);
    const Expr* collection = nullptr;
    std::vector<std::string> names;
    std::vector<TSNode> kids = children_of(node);
    TSNode start{}, end{};
    for (TSNode child : kids) {
      TSSymbol s = ts_node_symbol(child);
      if (s == sym_.template_for_start)
        start = child;
      else if (s == sym_.template_for_end)
        end = child;
    }
    if (ts_node_is_null(start) || ts_node_is_null(end) || depth_ > kMaxDepth) {
      result.expr = invalid(result.range);
      return result;
    }
    auto [start_before, start_after] = strip_flags(start, &collection, &names);
    auto [end_before, end_after] = strip_flags(end);
    result.strip_before = start_before;
    result.strip_after = end_after;
    std::vector<Part> body;
    collect_span(kids, ts_node_end_byte(start), ts_node_end_point(start), ts_node_start_byte(end), body, quoted);
    trim_edges(body, start_after, end_before);
    if (names.size() == 2) {
      e->name = names[0];
      e->name2 = names[1];
    } else if (names.size() == 1) {
      e->name2 = names[0];
    }
    e->children.push_back(collection ? collection : invalid(result.range));
    e->children.push_back(finish_template(body, result.range, false));
    result.expr = e;
    return result;
  }

  const Expr* convert_template(TSNode node, bool heredoc) {
    SourceRange r = range(node);
    std::vector<TSNode> kids = children_of(node);
    bool indented = false;
    // The content lies between the opening and closing delimiters: the quotes, or the
    // two heredoc identifiers.
    TSNode open{}, close{};
    for (TSNode child : kids) {
      TSSymbol s = ts_node_symbol(child);
      if (s == sym_.heredoc_start) indented = text(child) == "<<-";
      bool delimiter =
          heredoc ? s == sym_.heredoc_identifier : s == sym_.quoted_template_start || s == sym_.quoted_template_end;
      if (!delimiter) continue;
      if (ts_node_is_null(open))
        open = child;
      else
        close = child;
    }
    if (ts_node_is_null(open) || ts_node_is_null(close)) return invalid(r);
    std::vector<Part> parts;
    collect_span(kids, ts_node_end_byte(open), ts_node_end_point(open), ts_node_start_byte(close), parts, !heredoc);
    if (heredoc && !parts.empty() && parts.front().expr == nullptr) {
      // The text starts on the line after `<<EOT`; the closing line's indentation
      // before `EOT` is not text.
      std::string& first = parts.front().literal;
      size_t newline = first.find('\n');
      first.erase(0, newline == std::string::npos ? first.size() : newline + 1);
    }
    if (heredoc && !parts.empty() && parts.back().expr == nullptr) {
      std::string& last = parts.back().literal;
      size_t newline = last.rfind('\n');
      if (newline != std::string::npos && last.find_first_not_of(" \t", newline + 1) == std::string::npos)
        last.resize(newline + 1);
    }
    Expr* e = finish_template(parts, r, heredoc && indented);
    // A template that is a single literal is a plain string literal.
    if (e->children.size() == 1 && e->children[0]->kind == ExprKind::Literal) {
      Expr* literal = make(ExprKind::Literal, r);
      literal->literal = Value::string(e->children[0]->literal.as_string(), r);
      return literal;
    }
    if (e->children.empty()) return string_literal("", r);
    return e;
  }

  const SourceFile& file_;
  ParsedFile& out_;
  const Symbols& sym_;
  unsigned depth_ = 0;
  bool reported_depth_ = false;
};

// One line of context for a syntax error message: the start of the offending text.
std::string snippet(std::string_view text) {
  size_t end = text.find('\n');
  std::string_view line = text.substr(0, std::min<size_t>(end == std::string_view::npos ? text.size() : end, 40));
  return std::string(line);
}

// Walks the tree once for syntax errors (ERROR and MISSING nodes, outermost only).
// Iterative, so deep trees cannot overflow the stack.
void report_syntax_errors(TSNode root, const SourceFile& file, ParsedFile& out) {
  if (!ts_node_has_error(root)) return;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    bool descend = ts_node_has_error(node);
    TSPoint start = ts_node_start_point(node), end = ts_node_end_point(node);
    SourceRange r{&file, start.row + 1, start.column + 1, end.row + 1, end.column + 1};
    if (ts_node_is_error(node)) {
      std::string what = snippet(std::string_view(file.text).substr(ts_node_start_byte(node)));
      out.diagnostics.push_back(Diagnostic{DiagnosticLevel::Error, "syntax-error",
                                           what.empty() ? "syntax error" : "syntax error near `" + what + "`",
                                           file.path, r});
      descend = false;
    } else if (ts_node_is_missing(node)) {
      out.diagnostics.push_back(Diagnostic{DiagnosticLevel::Error, "syntax-error",
                                           std::string("syntax error: missing `") + ts_node_type(node) + "`", file.path,
                                           r});
    }
    if (descend && ts_tree_cursor_goto_first_child(&cursor)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return;
      }
    }
  }
}

}  // namespace

void parse_hcl(const SourceFile& file, ParsedFile& out) {
  out.file = &file;
  TreePtr tree = parse_tree(file.text);
  if (!tree) {
    out.diagnostics.push_back(Diagnostic{DiagnosticLevel::Error, "syntax-error", "file could not be parsed", file.path,
                                         SourceRange{&file, 1, 1, 1, 1}});
    return;
  }
  TSNode root = ts_tree_root_node(tree.get());
  report_syntax_errors(root, file, out);
  Converter(file, out).convert_root(root);
}

size_t count_syntax_errors(const std::string& text) {
  TreePtr tree = parse_tree(text);
  if (!tree) return 1;
  TSNode root = ts_tree_root_node(tree.get());
  if (!ts_node_has_error(root)) return 0;
  size_t errors = 0;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    bool descend = ts_node_has_error(node);
    if (ts_node_is_error(node)) {
      ++errors;
      descend = false;
    } else if (ts_node_is_missing(node)) {
      ++errors;
    }
    if (descend && ts_tree_cursor_goto_first_child(&cursor)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return errors;
      }
    }
  }
}

}  // namespace vouch::terraform
