// Helpers for the CloudFormation frontend tests: load a template written in the test,
// then look up resources, attributes, edges and diagnostics by name.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "frontends/cloudformation/cloudformation.h"
#include "frontends/yaml/yaml.h"
#include "graph/graph.h"

namespace vouch::cloudformation::test {

// A template loaded from text, with its SourceFile kept alive for the ranges.
struct Loaded {
  std::unique_ptr<SourceFile> file;
  yaml::Stream stream;
  GraphFragment fragment;

  Loaded(std::string path, std::string text, const Options& options = {})
      : file(std::make_unique<SourceFile>(SourceFile{std::move(path), std::move(text)})),
        stream(yaml::load(*file)),
        fragment(load(*file, stream, options)) {}

  const Resource* resource(std::string_view address) const {
    for (const Resource& r : fragment.resources) {
      if (r.address == address) return &r;
    }
    return nullptr;
  }

  // The attribute at a dotted path of a resource (`Tags[0].Value`), or nullptr.
  const Value* attribute(std::string_view address, std::string_view path) const {
    const Resource* r = resource(address);
    if (r == nullptr) return nullptr;
    AttributePath segments;
    std::string error;
    if (!parse_attribute_path(path, segments, error)) return nullptr;
    const Value* at = &r->attributes;
    for (const PathSegment& s : segments) {
      if (s.kind == PathSegment::Kind::Key) {
        at = at->get(s.key);
      } else if (s.kind == PathSegment::Kind::Index && s.index < at->as_list().size()) {
        at = &at->as_list()[s.index];
      } else {
        at = nullptr;
      }
      if (at == nullptr) return nullptr;
    }
    return at;
  }

  // Renders an edge as "From -> To via path" for readable comparisons.
  std::vector<std::string> edges() const {
    std::vector<std::string> out;
    for (const Edge& e : fragment.edges) {
      out.push_back(fragment.resources[e.from].address + " -> " + fragment.resources[e.to].address + " via " + e.path);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  std::vector<const Diagnostic*> diagnostics(std::string_view code) const {
    std::vector<const Diagnostic*> out;
    for (const Diagnostic& d : fragment.diagnostics) {
      if (d.code == code) out.push_back(&d);
    }
    return out;
  }
};

inline std::string fixture(std::string_view name) {
  return std::string(VOUCH_SOURCE_DIR) + "/fixtures/cloudformation/" + std::string(name);
}

}  // namespace vouch::cloudformation::test
