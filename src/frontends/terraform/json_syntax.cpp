// Terraform's JSON configuration syntax (.tf.json) and JSON variable files
// (.tfvars.json), read into the same Body/Expr tree as the native syntax so the
// evaluator cannot tell them apart.
//
// JSON carries no schema, so where Terraform would ask the provider whether `"x": {…}`
// is a nested block or a map attribute, an object value is taken as a nested block
// unless its name is one of the usual map attributes (tags, labels, …). Strings are
// templates parsed by the native parser (as a heredoc body, which processes no
// backslash escapes, as JSON strings are already decoded); the few arguments that are
// expressions rather than templates (a variable's `type`, `depends_on`, `provider`,
// `iterator`, `ignore_changes`) are parsed as expressions.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/terraform/hcl_ast.h"
#include "frontends/yaml/yaml.h"

namespace vouch::terraform {
namespace {

// Labels each top-level block type takes; the others take none.
size_t label_count(std::string_view type) {
  if (type == "resource" || type == "data") return 2;
  if (type == "variable" || type == "output" || type == "module" || type == "provider" || type == "check") return 1;
  return 0;
}

// Object-valued arguments that are maps, not nested blocks, in common providers.
bool is_map_attribute(std::string_view name) {
  static constexpr std::string_view names[] = {
      "tags",     "tags_all",    "labels",           "annotations", "variables", "environment",
      "triggers", "parameters",  "default_tags_map", "metadata",    "providers", "options",
      "settings", "user_labels", "resource_labels",  "attributes",  "context",   "inputs"};
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

enum class BodyKind : uint8_t { Resource, Arguments, Variable, Dynamic };

// Arguments whose strings are expressions (traversals, type constraints), not templates.
bool is_expression_argument(std::string_view name, BodyKind kind) {
  if (kind == BodyKind::Variable) return name == "type";
  return name == "depends_on" || name == "provider" || name == "iterator" || name == "ignore_changes" ||
         name == "replace_triggered_by";
}

class JsonConverter {
 public:
  JsonConverter(const SourceFile& file, ParsedFile& out) : file_(file), out_(out) {}

  void convert_configuration(const Value& root) {
    for (const Member& member : root.as_object()) {
      if (member.key == "//") continue;
      if (member.key == "locals") {
        for_each_object(
            member.value,
            [&](const Value& object, const SourceRange& range) {
              Block block;
              block.type = "locals";
              block.range = range;
              block.header = header_of(range, member.key);
              convert_arguments(object, block.body, BodyKind::Arguments);
              out_.body.blocks.push_back(std::move(block));
            },
            member.range);
        continue;
      }
      add_labelled(member.key, member.value, label_count(member.key), {}, member.range, out_.body);
    }
    sort_body(out_.body);
  }

  void convert_variables(const Value& root) {
    for (const Member& member : root.as_object())
      out_.body.attributes.push_back(Body::Attribute{member.key, literal_tree(member.value), member.range});
    sort_body(out_.body);
  }

 private:
  template <typename F>
  void for_each_object(const Value& v, F&& f, const SourceRange& range) {
    if (v.is_object()) {
      f(v, range);
    } else if (v.is_list()) {
      for (const Value& item : v.as_list()) for_each_object(item, f, item.range());
    } else {
      error(v.range(), "expected a JSON object here");
    }
  }

  // `"resource": {"type": {"name": {…}}}`: one object level per label, then the body
  // (or an array of bodies).
  void add_labelled(const std::string& type, const Value& v, size_t labels_left, std::vector<std::string> labels,
                    const SourceRange& range, Body& into) {
    if (labels_left == 0) {
      for_each_object(
          v,
          [&](const Value& object, const SourceRange& body_range) {
            Block block;
            block.type = type;
            block.labels = labels;
            block.range = labels.empty() ? body_range : range;
            block.header = header_of(block.range, labels.empty() ? type : labels.back());
            convert_arguments(object, block.body, body_kind(type));
            into.blocks.push_back(std::move(block));
          },
          range);
      return;
    }
    if (!v.is_object()) {
      error(v.range(), type + " block needs " + std::to_string(labels_left) + " more label(s) as object keys");
      return;
    }
    for (const Member& member : v.as_object()) {
      if (member.key == "//") continue;
      std::vector<std::string> more = labels;
      more.push_back(member.key);
      add_labelled(type, member.value, labels_left - 1, std::move(more), member.range, into);
    }
  }

  static BodyKind body_kind(std::string_view type) {
    if (type == "resource" || type == "data" || type == "provider" || type == "terraform") return BodyKind::Resource;
    if (type == "dynamic") return BodyKind::Dynamic;
    if (type == "variable") return BodyKind::Variable;
    return BodyKind::Arguments;
  }

  void convert_arguments(const Value& object, Body& body, BodyKind kind) {
    for (const Member& member : object.as_object()) {
      const std::string& key = member.key;
      if (key == "//") continue;
      const Value& v = member.value;
      bool block = false;
      if (kind == BodyKind::Resource) {
        block = key == "dynamic" || key == "lifecycle" || key == "provisioner" || key == "connection" ||
                (v.is_object() && !is_map_attribute(key));
      } else if (kind == BodyKind::Dynamic) {
        block = key == "content";
      } else {
        block = key == "validation" || key == "precondition" || key == "postcondition";
      }
      if (!block) {
        body.attributes.push_back(
            Body::Attribute{key, expression_tree(v, is_expression_argument(key, kind)), member.range});
        continue;
      }
      if (key == "dynamic" || key == "provisioner") {
        add_labelled(key, v, 1, {}, member.range, body);
        continue;
      }
      for_each_object(
          v,
          [&](const Value& nested, const SourceRange& range) {
            Block b;
            b.type = key;
            b.range = v.is_list() ? range : member.range;
            b.header = header_of(b.range, key);
            BodyKind nested_kind = kind == BodyKind::Dynamic ? BodyKind::Resource : kind;
            if (nested_kind == BodyKind::Variable) nested_kind = BodyKind::Arguments;  // validation blocks
            convert_arguments(nested, b.body, nested_kind);
            body.blocks.push_back(std::move(b));
          },
          member.range);
    }
    sort_body(body);
  }

  // Value objects are sorted by key; put everything back in the order written.
  static void sort_body(Body& body) {
    std::stable_sort(body.attributes.begin(), body.attributes.end(),
                     [](const Body::Attribute& a, const Body::Attribute& b) { return range_less(a.range, b.range); });
    std::stable_sort(body.blocks.begin(), body.blocks.end(),
                     [](const Block& a, const Block& b) { return range_less(a.range, b.range); });
  }

  SourceRange header_of(const SourceRange& range, std::string_view key) const {
    SourceRange header = range;
    header.end_line = range.start_line;
    header.end_col = range.start_col + static_cast<uint32_t>(key.size()) + 2;
    return header;
  }

  Expr* make(ExprKind kind, const SourceRange& range) {
    Expr& e = out_.arena.emplace_back();
    e.kind = kind;
    e.range = range;
    return &e;
  }

  const Expr* literal(Value v) {
    Expr* e = make(ExprKind::Literal, v.range());
    e->literal = std::move(v);
    return e;
  }

  // A tfvars.json value: taken as written, no templates.
  const Expr* literal_tree(const Value& v) { return literal(v); }

  const Expr* expression_tree(const Value& v, bool strings_are_expressions) {
    if (v.is_string()) return parse_string(v, strings_are_expressions);
    if (v.is_list()) {
      Expr* e = make(ExprKind::Tuple, v.range());
      for (const Value& item : v.as_list()) e->children.push_back(expression_tree(item, strings_are_expressions));
      return e;
    }
    if (v.is_object()) {
      Expr* e = make(ExprKind::Object, v.range());
      std::vector<const Member*> members;
      for (const Member& m : v.as_object()) members.push_back(&m);
      std::stable_sort(members.begin(), members.end(),
                       [](const Member* a, const Member* b) { return range_less(a->range, b->range); });
      for (const Member* m : members) {
        SourceRange key_range = m->range;
        key_range.end_line = key_range.start_line;
        key_range.end_col = key_range.start_col + static_cast<uint32_t>(m->key.size()) + 2;
        e->children.push_back(parse_string(Value::string(m->key, key_range), false));
        e->children.push_back(expression_tree(m->value, strings_are_expressions));
      }
      return e;
    }
    return literal(v);
  }

  // A JSON string as a template (or, for expression arguments, an expression). The
  // native parser reads it from a scratch file; its nodes are copied into this file's
  // arena and all point at the JSON string.
  const Expr* parse_string(const Value& v, bool as_expression) {
    const std::string& text = v.as_string();
    if (!as_expression && text.find("${") == std::string::npos && text.find("%{") == std::string::npos)
      return literal(v);
    std::string wrapped;
    bool ends_with_newline = !text.empty() && text.back() == '\n';
    if (as_expression) {
      wrapped = "t = " + text + "\n";
    } else {
      std::string marker = "VOUCH_JSON_END";
      while (text.find(marker) != std::string::npos) marker += "_";
      wrapped = "t = <<" + marker + "\n" + text + (ends_with_newline ? "" : "\n") + marker + "\n";
    }
    SourceFile scratch{file_.path, std::move(wrapped)};
    ParsedFile parsed;
    parse_hcl(scratch, parsed);
    const Body::Attribute* attribute = parsed.body.find_attribute("t");
    if (!parsed.diagnostics.empty() || !attribute) {
      error(v.range(), std::string(as_expression ? "invalid expression" : "invalid template") +
                           " in JSON string: " + (parsed.diagnostics.empty() ? text : parsed.diagnostics[0].message));
      return make(ExprKind::Invalid, v.range());
    }
    Expr* copy = copy_tree(attribute->expr, v.range());
    // A heredoc body ends with the newline before its marker; the JSON string did not.
    if (!as_expression && !ends_with_newline && copy->kind == ExprKind::Literal && copy->literal.is_string()) {
      std::string s = copy->literal.as_string();
      if (!s.empty() && s.back() == '\n') s.pop_back();
      copy->literal = Value::string(std::move(s), v.range());
    } else if (!as_expression && !ends_with_newline && copy->kind == ExprKind::Template && !copy->children.empty()) {
      const Expr* last = copy->children.back();
      if (last->kind == ExprKind::Literal && last->literal.is_string()) {
        std::string s = last->literal.as_string();
        if (!s.empty() && s.back() == '\n') s.pop_back();
        copy->children.pop_back();
        if (!s.empty()) copy->children.push_back(literal(Value::string(std::move(s), v.range())));
      }
    }
    return copy;
  }

  Expr* copy_tree(const Expr* e, const SourceRange& range) {
    if (!e) return nullptr;
    Expr* copy = make(e->kind, range);
    copy->flag = e->flag;
    copy->name = e->name;
    copy->name2 = e->name2;
    copy->literal = e->literal;
    copy->literal.set_range(range);
    for (const Expr* child : e->children) copy->children.push_back(copy_tree(child, range));
    return copy;
  }

  void error(const SourceRange& range, std::string message) {
    out_.diagnostics.push_back(
        Diagnostic{DiagnosticLevel::Error, "syntax-error", std::move(message), file_.path, range});
  }

  const SourceFile& file_;
  ParsedFile& out_;
};

// Loads the JSON document of `file`; false (with diagnostics) when there is no object.
bool load_object(const SourceFile& file, ParsedFile& out, Value& root) {
  out.file = &file;
  yaml::Stream stream = yaml::load(file);
  out.diagnostics.insert(out.diagnostics.end(), stream.diagnostics.begin(), stream.diagnostics.end());
  if (stream.documents.empty() || stream.documents[0].root.is_null()) return false;
  root = stream.documents[0].root;
  if (!root.is_object()) {
    out.diagnostics.push_back(Diagnostic{DiagnosticLevel::Error, "syntax-error",
                                         "a Terraform JSON file must hold one JSON object", file.path, root.range()});
    return false;
  }
  return true;
}

}  // namespace

void parse_tf_json(const SourceFile& file, ParsedFile& out) {
  Value root;
  if (load_object(file, out, root)) JsonConverter(file, out).convert_configuration(root);
}

void parse_tfvars_json(const SourceFile& file, ParsedFile& out) {
  Value root;
  if (load_object(file, out, root)) JsonConverter(file, out).convert_variables(root);
}

}  // namespace vouch::terraform
