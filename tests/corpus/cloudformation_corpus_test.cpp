// The CloudFormation frontend over aws-cloudformation-templates (312 YAML/JSON files,
// see ../shared/corpus/SOURCES.tsv): every file loads without a crash, and the counts
// of templates, resources and unresolved intrinsics by function are printed.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "frontends/cloudformation/cloudformation.h"
#include "frontends/yaml/yaml.h"
#include "support/corpus.h"

namespace fs = std::filesystem;

TEST_CASE("every aws-cloudformation-templates file loads", "[corpus][cloudformation]") {
  const fs::path root = vouch::test::corpus_dir() / "aws-cloudformation__aws-cloudformation-templates";
  REQUIRE(fs::is_directory(root));
  std::vector<fs::path> paths;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".json" || ext == ".template")) {
      paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());

  size_t templates = 0, resources = 0, edges = 0, with_version = 0, version_detected = 0;
  std::map<std::string, size_t> unresolved_by_function, diagnostics_by_code;
  const auto start = std::chrono::steady_clock::now();
  for (const fs::path& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const vouch::SourceFile file{fs::relative(path, root).generic_string(), text.str()};
    const vouch::yaml::Stream stream = vouch::yaml::load(file);
    const vouch::GraphFragment fragment = vouch::cloudformation::load(file, stream, {});
    bool is_template = false;
    for (const vouch::yaml::Document& document : stream.documents) {
      is_template = is_template || vouch::cloudformation::is_template(document.root);
    }
    templates += is_template ? 1 : 0;
    if (file.text.find("AWSTemplateFormatVersion") != std::string::npos) {
      ++with_version;
      version_detected += is_template ? 1 : 0;
    }
    // Every resource points into its own file, at a real line.
    for (const vouch::Resource& r : fragment.resources) {
      CHECK(r.range.file == &file);
      CHECK(r.header.start_line > 0);
    }
    resources += fragment.resources.size();
    edges += fragment.edges.size();
    for (const vouch::Diagnostic& d : fragment.diagnostics) {
      ++diagnostics_by_code[d.code];
      if (d.code == "unresolved-intrinsic") ++unresolved_by_function[d.message.substr(0, d.message.find(' '))];
      if (d.level == vouch::DiagnosticLevel::Error) {
        std::printf("  error %s:%u: %s: %s\n", file.path.c_str(), d.range.start_line, d.code.c_str(),
                    d.message.c_str());
      }
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::printf("cloudformation corpus: %zu files, %zu templates, %zu resources, %zu edges in %.3f s\n", paths.size(),
              templates, resources, edges, seconds);
  for (const auto& [function, count] : unresolved_by_function) {
    std::printf("  unresolved %s: %zu\n", function.c_str(), count);
  }
  for (const auto& [code, count] : diagnostics_by_code) std::printf("  diagnostics %s: %zu\n", code.c_str(), count);

  CHECK(paths.size() == 312);
  // Every file that declares a template format version is found by its content.
  CHECK(version_detected == with_version);
  CHECK(resources > templates);
}
