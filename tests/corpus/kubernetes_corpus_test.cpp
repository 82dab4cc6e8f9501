// Every YAML and JSON file of the shared corpus goes through yaml::load and the
// Kubernetes frontend (and link) without a crash; prints what was found and how
// long it took. Kubernetes manifests, CloudFormation templates, CI workflows and
// Helm charts are all in there: the frontend must take the manifests and pass
// over the rest.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "frontends/kubernetes/kubernetes.h"
#include "frontends/yaml/yaml.h"
#include "support/corpus.h"

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("the Kubernetes frontend loads every YAML and JSON file of the corpus", "[corpus][kubernetes]") {
  namespace fs = std::filesystem;
  const fs::path corpus = vouch::test::corpus_dir();
  std::vector<fs::path> paths;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    if (!entry.is_regular_file()) continue;
    const std::string ext = entry.path().extension().string();
    if (ext == ".yaml" || ext == ".yml" || ext == ".json") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  REQUIRE(!paths.empty());

  const auto start = std::chrono::steady_clock::now();
  vouch::SourceFiles sources;
  std::vector<vouch::GraphFragment> fragments;
  size_t manifest_files = 0, helm_templates = 0, yaml_diagnostics = 0, bytes = 0;
  for (const fs::path& path : paths) {
    std::string text = read_file(path);
    bytes += text.size();
    const vouch::SourceFile* file = sources.add(fs::relative(path, corpus).generic_string(), std::move(text));
    vouch::yaml::Stream stream = vouch::yaml::load(*file);
    if (vouch::kubernetes::is_helm_template(*file)) {
      ++helm_templates;
      continue;
    }
    yaml_diagnostics += stream.diagnostics.size();
    const bool any_kubernetes =
        std::any_of(stream.documents.begin(), stream.documents.end(),
                    [](const vouch::yaml::Document& d) { return vouch::kubernetes::is_kubernetes_document(d.root); });
    if (!any_kubernetes) continue;
    ++manifest_files;
    fragments.push_back(vouch::kubernetes::load(*file, stream));
  }
  std::vector<vouch::GraphFragment*> pointers;
  for (vouch::GraphFragment& fragment : fragments) pointers.push_back(&fragment);
  vouch::kubernetes::link(pointers);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  size_t objects = 0, edges = 0, frontend_diagnostics = 0, workloads = 0;
  std::map<std::string, size_t> by_kind;
  for (const vouch::GraphFragment& fragment : fragments) {
    objects += fragment.resources.size();
    edges += fragment.edges.size();
    frontend_diagnostics += fragment.diagnostics.size();
    for (const vouch::Resource& r : fragment.resources) {
      if (r.attributes.get("$pod") != nullptr) ++workloads;
      ++by_kind[r.type];
    }
  }
  std::printf(
      "kubernetes corpus: %zu yaml/json files (%.1f MB), %zu with Kubernetes objects, %zu Helm templates "
      "passed over\n",
      paths.size(), static_cast<double>(bytes) / 1e6, manifest_files, helm_templates);
  std::printf(
      "kubernetes corpus: %zu objects (%zu workloads, %zu types), %zu edges, %zu frontend diagnostics, "
      "%zu yaml diagnostics, %.2f s\n",
      objects, workloads, by_kind.size(), edges, frontend_diagnostics, yaml_diagnostics, seconds);
  CHECK(objects > 0);
  CHECK(workloads > 0);
  CHECK(edges > 0);
  // Every resource moved into the first fragment so cross-file edges share one index space.
  for (size_t i = 1; i < fragments.size(); ++i) CHECK(fragments[i].resources.empty());
}
