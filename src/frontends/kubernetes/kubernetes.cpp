#include "frontends/kubernetes/kubernetes.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "frontends/kubernetes/objects.h"

namespace vouch::kubernetes {
namespace {

using detail::lookup;
using detail::lookup_member;
using detail::string_at;

// The annotation that carries inline suppressions: one per line, either
// `<rule-id>: reason [expires=YYYY-MM-DD]` (the form docs/configuration.md shows) or
// the comment directive `<rule-id> reason="…" expires=YYYY-MM-DD` (a leading
// `vouch:ignore` is optional).
constexpr std::string_view kIgnoreAnnotation = "vouch.dev/ignore";

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// `<rule-id>: free-text reason [expires=YYYY-MM-DD]`; false when the line is not of this form.
bool parse_colon_form(std::string_view line, InlineSuppression& out) {
  line = trim_blanks(line);
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view id = line.substr(0, colon);
  const bool id_like = std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
  if (!id_like || id == "vouch") return false;  // `vouch:ignore …` is the directive form
  out = InlineSuppression{};
  out.rule_id = std::string(id);
  std::string_view rest = trim_blanks(line.substr(colon + 1));
  if (const size_t at = rest.rfind("expires="); at != std::string_view::npos &&
                                                 (at == 0 || rest[at - 1] == ' ' || rest[at - 1] == '\t')) {
    std::string_view date = trim_blanks(rest.substr(at + 8));
    if (date.size() >= 2 && date.front() == '"' && date.back() == '"') date = date.substr(1, date.size() - 2);
    out.expires = std::string(date);
    rest = trim_blanks(rest.substr(0, at));
  }
  if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') rest = rest.substr(1, rest.size() - 2);
  out.reason = std::string(rest);
  return true;
}

void read_suppressions(const Value& object, Resource& resource) {
  const Member* annotation = lookup_member(object, {"metadata", "annotations", kIgnoreAnnotation});
  if (annotation == nullptr || !annotation->value.is_string()) return;
  std::string_view text = annotation->value.as_string();
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    InlineSuppression colon_form;
    if (parse_colon_form(line, colon_form)) {
      colon_form.range = annotation->range;
      resource.suppressions.push_back(std::move(colon_form));
      continue;
    }
    std::string directive(line);
    if (directive.find("vouch:ignore") == std::string::npos) directive.insert(0, "vouch:ignore ");
    InlineSuppression suppression;
    if (parse_ignore_directive(directive, suppression)) {
      suppression.range = annotation->range;
      resource.suppressions.push_back(std::move(suppression));
    }
  }
}

// The line "missing attribute" findings point at: the object's first written line
// (usually `apiVersion:`), where a reader sees the object begin.
SourceRange header_of(const Value& object) {
  const Member* first = nullptr;
  for (const Member& member : object.as_object()) {
    if (first == nullptr || std::tie(member.range.start_line, member.range.start_col) <
                                std::tie(first->range.start_line, first->range.start_col)) {
      first = &member;
    }
  }
  if (first == nullptr) return object.range();
  SourceRange header = first->range;
  if (header.end_line != header.start_line) {
    // Keep the header to one line even when the first member is a nested block.
    header.end_line = header.start_line;
    header.end_col = header.start_col + static_cast<uint32_t>(first->key.size()) + 1;  // `key:`
  }
  return header;
}

class StreamLoader {
 public:
  StreamLoader(const SourceFile& file, GraphFragment& out) : file_(file), out_(out) {}

  void add_document(const Value& root, unsigned index) {
    if (!root.is_object()) return;
    const std::string kind = string_at(root, {"kind"});
    const Value* items = root.get("items");
    const bool is_list =
        items != nullptr && items->is_list() && kind.size() >= 4 && kind.compare(kind.size() - 4, 4, "List") == 0;
    if (is_list) {
      // A typed list (DeploymentList) may leave kind and apiVersion off its items.
      const std::string item_kind = kind == "List" ? "" : kind.substr(0, kind.size() - 4);
      const std::string list_api_version = string_at(root, {"apiVersion"});
      for (const Value& item : items->as_list()) {
        if (!item.is_object()) continue;
        if (is_kubernetes_document(item)) {
          add_object(item, index);
        } else if (!item_kind.empty() && item.get("kind") == nullptr && item.get("apiVersion") == nullptr) {
          Object members = item.as_object();
          members.push_back(Member{"apiVersion", Value::string(list_api_version, item.range()), item.range()});
          members.push_back(Member{"kind", Value::string(item_kind, item.range()), item.range()});
          add_object(Value::object(std::move(members), item.range()), index);
        }
      }
      return;
    }
    if (is_kubernetes_document(root)) add_object(root, index);
  }

  void report_duplicates() {
    std::map<std::string, const Resource*> first;
    for (const Resource& resource : out_.resources) {
      auto [it, inserted] = first.emplace(resource.address, &resource);
      if (inserted) continue;
      out_.diagnostics.push_back(Diagnostic{DiagnosticLevel::Warning, "duplicate-address",
                                            resource.address +
                                                " is defined more than once in this file (first at line " +
                                                std::to_string(it->second->header.start_line) +
                                                "); the later definition replaces the earlier when applied",
                                            file_.path, resource.header});
    }
  }

 private:
  void add_object(const Value& object, unsigned index) {
    const std::string api_version = string_at(object, {"apiVersion"});
    const std::string kind = string_at(object, {"kind"});
    std::string name = string_at(object, {"metadata", "name"});
    if (name.empty()) name = string_at(object, {"metadata", "generateName"});

    std::string ns;
    if (!detail::is_cluster_scoped(api_version, kind)) {
      ns = string_at(object, {"metadata", "namespace"});
      if (ns.empty()) ns = "default";
    }

    Resource resource;
    resource.platform = Platform::Kubernetes;
    resource.type = api_version + "/" + kind;
    resource.module = file_.path + "#" + std::to_string(index);
    // Component configuration files and other unnamed objects are told apart by
    // the document they are in.
    resource.address = name.empty() ? kind + "/" + resource.module : detail::make_address(kind, ns, name);
    resource.root = std::string(detail::kRoot);
    resource.range = object.range();
    resource.header = header_of(object);

    Object members = object.as_object();
    detail::add_synthetic_attributes(object, api_version, kind, ns, members);
    resource.attributes = Value::object(std::move(members), object.range());
    read_suppressions(object, resource);
    out_.resources.push_back(std::move(resource));
  }

  const SourceFile& file_;
  GraphFragment& out_;
};

bool resource_less(const Resource& a, const Resource& b) {
  return std::make_tuple(a.range.path(), a.range.start_line, a.range.start_col, std::string_view(a.address)) <
         std::make_tuple(b.range.path(), b.range.start_line, b.range.start_col, std::string_view(b.address));
}

}  // namespace

bool is_kubernetes_document(const Value& document) {
  if (!document.is_object()) return false;
  const Value* api_version = document.get("apiVersion");
  const Value* kind = document.get("kind");
  if (api_version == nullptr || kind == nullptr || !api_version->is_string() || !kind->is_string()) return false;
  if (api_version->as_string().empty() || kind->as_string().empty()) return false;
  // kustomization.yaml tells kustomize how to build manifests; it is not one.
  return detail::api_group(api_version->as_string()) != "kustomize.config.k8s.io";
}

bool is_helm_template(const SourceFile& file) {
  // Template actions Helm charts use; Argo Workflows' `{{inputs.parameters.x}}`
  // (no leading dot or keyword) is data inside a real manifest and stays.
  static const RE2 kHelmAction(
      R"(\{\{-?\s*(?:\.|\$|/\*|(?:include|if|else|end|range|with|template|define|toYaml|tpl|printf|required|default|quote|nindent|indent)\b))");
  if (file.text.find("{{") == std::string::npos || !RE2::PartialMatch(file.text, kHelmAction)) return false;
  // Other Go-template YAML (.terraform-docs.yml, goreleaser) is no manifest either,
  // but calling it a Helm template would mislead: a chart's templates live in
  // `templates/` or at least template a Kubernetes object.
  const bool in_templates_folder =
      file.path.starts_with("templates/") || file.path.find("/templates/") != std::string::npos;
  static const RE2 kManifestKey(R"((?m)^\s*(?:-\s+)?(?:apiVersion|kind):)");
  return in_templates_folder || RE2::PartialMatch(file.text, kManifestKey);
}

GraphFragment load(const SourceFile& file, const yaml::Stream& stream) {
  GraphFragment fragment;
  if (is_helm_template(file)) return fragment;
  StreamLoader loader(file, fragment);
  for (const yaml::Document& document : stream.documents) loader.add_document(document.root, document.index);
  loader.report_duplicates();
  fragment.edges = detail::resolve_edges(fragment.resources);
  return fragment;
}

void link(std::vector<GraphFragment*> fragments) {
  fragments.erase(std::remove(fragments.begin(), fragments.end(), nullptr), fragments.end());
  if (fragments.empty()) return;
  std::vector<Resource> all;
  for (GraphFragment* fragment : fragments) {
    for (Resource& resource : fragment->resources) all.push_back(std::move(resource));
    fragment->resources.clear();
    fragment->edges.clear();
  }
  std::stable_sort(all.begin(), all.end(), resource_less);

  // Duplicates within one file were reported by load(); report those that only
  // clash with a definition in another file, once, at the later definition.
  std::map<std::string_view, std::vector<const Resource*>> by_address;
  for (const Resource& resource : all) by_address[resource.address].push_back(&resource);
  GraphFragment& target = *fragments.front();
  for (const auto& [address, definitions] : by_address) {
    for (size_t i = 1; i < definitions.size(); ++i) {
      const Resource& later = *definitions[i];
      const bool same_file_earlier =
          std::any_of(definitions.begin(), definitions.begin() + static_cast<long>(i),
                      [&](const Resource* r) { return r->range.path() == later.range.path(); });
      if (same_file_earlier) continue;
      const Resource& first = *definitions[0];
      target.diagnostics.push_back(Diagnostic{
          DiagnosticLevel::Warning, "duplicate-address",
          std::string(address) + " is also defined at " + std::string(first.range.path()) + ":" +
              std::to_string(first.header.start_line) + "; the later definition replaces the earlier when applied",
          std::string(later.range.path()), later.header});
    }
  }

  target.edges = detail::resolve_edges(all);
  target.resources = std::move(all);
}

}  // namespace vouch::kubernetes
