#include "frontends/cloudformation/cloudformation.h"

#include <algorithm>
#include <tuple>

#include "frontends/cloudformation/template.h"

namespace vouch::cloudformation {

namespace {

// A resource type as CloudFormation writes it: AWS::S3::Bucket, Custom::Thing,
// Alexa::ASK::Skill, or a registry type Org::Service::Resource.
bool looks_like_resource_type(std::string_view type) {
  if (type.starts_with("AWS::") || type.starts_with("Custom::") || type.starts_with("Alexa::")) return true;
  const size_t first = type.find("::");
  return first != std::string_view::npos && first > 0 && type.find("::", first + 2) != std::string_view::npos;
}

// Rewrites YAML short forms into the long form JSON templates use, so the evaluator
// reads one syntax: `!Ref X` → {Ref: X}, `!GetAtt A.B` → {Fn::GetAtt: [A, B]},
// `!Condition C` → {Condition: C}, `!Sub …` → {Fn::Sub: …}. Ranges are kept: the
// rewritten call has the range of the tagged node.
class ShortFormRewriter {
 public:
  ShortFormRewriter(const yaml::Stream& stream, const SourceFile& file, GraphFragment& out)
      : stream_(stream), file_(file), out_(out) {}

  Value rewrite(const Value& node) {
    Value result = node;
    if (node.is_object()) {
      Object members;
      members.reserve(node.as_object().size());
      for (const Member& m : node.as_object()) members.push_back({m.key, rewrite(m.value), m.range});
      result = Value::object(std::move(members), node.range());
    } else if (node.is_list()) {
      List items;
      items.reserve(node.as_list().size());
      for (const Value& item : node.as_list()) items.push_back(rewrite(item));
      result = Value::list(std::move(items), node.range());
    }
    const std::string_view tag = stream_.tag_at(node.range());
    if (tag.empty()) return result;
    return apply_tag(tag, std::move(result));
  }

 private:
  Value apply_tag(std::string_view tag, Value node) {
    // Standard YAML tags (`!!str`, `tag:yaml.org,2002:…`) and verbatim tags carry no
    // CloudFormation meaning.
    if (tag.starts_with("!!") || tag.starts_with("tag:") || tag.starts_with("!<")) return node;
    if (tag.starts_with("!")) tag.remove_prefix(1);
    if (tag.empty() || !std::all_of(tag.begin(), tag.end(), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        })) {
      // A pre-processor's directive (`!Rain::Embed file.sh`): what it stands for is unknown.
      out_.diagnostics.push_back({DiagnosticLevel::Warning, "unknown-tag",
                                  "YAML tag !" + std::string(tag) + " is not evaluated", file_.path, node.range()});
      return Value::unknown("YAML tag !" + std::string(tag) + " is not evaluated", node.range());
    }
    std::string key;
    if (tag == "Ref" || tag == "Condition") {
      key = std::string(tag);
    } else {
      key = "Fn::" + std::string(tag);
    }
    const SourceRange range = node.range();
    if (key == "Fn::GetAtt" && node.is_string()) {
      // `!GetAtt Resource.Attribute`: the attribute itself may contain dots
      // (`Endpoint.Address`), the logical id never does.
      const std::string& text = node.as_string();
      const size_t dot = text.find('.');
      if (dot != std::string::npos) {
        node =
            Value::list({Value::string(text.substr(0, dot), range), Value::string(text.substr(dot + 1), range)}, range);
      }
    }
    return Value::object({Member{key, node, range}}, range);
  }

  const yaml::Stream& stream_;
  const SourceFile& file_;
  GraphFragment& out_;
};

// The YAML loader keeps the first of two equal keys and warns; among resources that
// means a whole resource is silently gone, which deserves an error of its own.
void report_duplicate_logical_ids(const SourceFile& file, const Value& root, const std::vector<Diagnostic>& loaded,
                                  GraphFragment& out) {
  const Value* resources = root.get("Resources");
  if (resources == nullptr || resources->as_object().empty()) return;
  const SourceRange& section = resources->range();
  const uint32_t entry_col = resources->as_object().front().range.start_col;
  for (const Diagnostic& d : loaded) {
    if (d.code != "duplicate-key" || d.range.start_col != entry_col) continue;
    if (d.range.start_line < section.start_line || d.range.start_line > section.end_line) continue;
    out.diagnostics.push_back({DiagnosticLevel::Error, "duplicate-logical-id",
                               "duplicate logical id in Resources: " + d.message, file.path, d.range});
  }
}

}  // namespace

bool is_template(const Value& document) {
  if (!document.is_object()) return false;
  if (document.get("AWSTemplateFormatVersion") != nullptr) return true;
  const Value* resources = document.get("Resources");
  if (resources == nullptr || !resources->is_object() || resources->as_object().empty()) return false;
  // Every entry has a Type and at least one is a resource type: pre-processed
  // templates mix in entries such as `Type: !Rain::Module file.yml`.
  bool any_resource = false;
  for (const Member& entry : resources->as_object()) {
    if (entry.key.starts_with("Fn::ForEach::")) continue;  // AWS::LanguageExtensions loops
    const Value* type = entry.value.get("Type");
    if (type == nullptr) return false;
    if (type->is_string() && looks_like_resource_type(type->as_string())) any_resource = true;
  }
  return any_resource;
}

GraphFragment load(const SourceFile& file, const yaml::Stream& stream, const Options& options) {
  GraphFragment out;
  for (const yaml::Document& document : stream.documents) {
    if (!is_template(document.root)) continue;
    const Value root =
        stream.tags.empty() ? document.root : ShortFormRewriter(stream, file, out).rewrite(document.root);
    // A stream rarely holds more than one template; when it does, each is its own root.
    std::string root_name = file.path;
    if (document.index > 0) root_name += "#" + std::to_string(document.index);
    detail::TemplateEvaluator(file, root, std::move(root_name), options, out).run();
    report_duplicate_logical_ids(file, document.root, stream.diagnostics, out);
  }
  std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(), diagnostic_less);
  // One edge per (from, to, path): `${Vpc}` twice in one string is one reference.
  std::stable_sort(out.edges.begin(), out.edges.end(), [](const Edge& a, const Edge& b) {
    return std::tie(a.from, a.to, a.path) < std::tie(b.from, b.to, b.path);
  });
  out.edges.erase(
      std::unique(out.edges.begin(), out.edges.end(),
                  [](const Edge& a, const Edge& b) { return a.from == b.from && a.to == b.to && a.path == b.path; }),
      out.edges.end());
  return out;
}

}  // namespace vouch::cloudformation
