// Smoke test of the Terraform frontend on real modules: every directory of .tf files
// in the corpus is evaluated as a root module without a crash, and the numbers that
// say how much of it vouch understands are printed.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "frontends/terraform/terraform.h"
#include "support/corpus.h"

namespace {

namespace fs = std::filesystem;

// Counts the leaves of a value (scalars and empty collections) and how many are known.
void count_leaves(const vouch::Value& v, size_t& known, size_t& total) {
  if (v.is_list() && !v.as_list().empty()) {
    for (const vouch::Value& item : v.as_list()) count_leaves(item, known, total);
  } else if (v.is_object() && !v.as_object().empty()) {
    for (const vouch::Member& m : v.as_object()) count_leaves(m.value, known, total);
  } else {
    ++total;
    if (!v.is_unknown()) ++known;
  }
}

bool hidden_or_cache(const fs::path& p) {
  for (const fs::path& part : p) {
    std::string name = part.string();
    if (name == ".terraform" || (name.size() > 1 && name[0] == '.' && name != "..")) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("every Terraform module of the corpus evaluates", "[corpus][terraform]") {
  const fs::path corpus = vouch::test::corpus_dir();
  std::map<std::string, std::vector<std::string>> modules;  // dir → .tf files
  for (auto it = fs::recursive_directory_iterator(corpus, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    const fs::path& path = it->path();
    if (it->is_directory() && hidden_or_cache(fs::relative(path, corpus))) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && path.extension() == ".tf")
      modules[path.parent_path().string()].push_back(path.string());
  }
  REQUIRE_FALSE(modules.empty());

  size_t files = 0, resources = 0, edges = 0, syntax_errors = 0, known = 0, total = 0;
  std::map<std::string, size_t> diagnostics_by_code;
  vouch::SourceFiles sources;
  auto cache = vouch::terraform::make_parse_cache();  // as a scan shares parses between roots
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  for (const auto& [dir, tf_files] : modules) {
    vouch::terraform::Options options;
    options.scan_root = corpus.string();
    options.parse_cache = cache;
    vouch::GraphFragment fragment = vouch::terraform::evaluate_module(dir, tf_files, options, sources);
    files += tf_files.size();
    resources += fragment.resources.size();
    edges += fragment.edges.size();
    for (const vouch::Resource& r : fragment.resources) count_leaves(r.attributes, known, total);
    for (const vouch::Diagnostic& d : fragment.diagnostics) {
      ++diagnostics_by_code[d.code];
      if (d.code == "syntax-error") ++syntax_errors;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;

  size_t read = 0;
  for (const auto& [dir, tf_files] : modules)
    for (const std::string& f : tf_files) read += sources.find(f) != nullptr;

  // The baseline: tree-sitter alone, once per file.
  auto parse_start = std::chrono::steady_clock::now();
  std::clock_t parse_cpu_start = std::clock();
  size_t parse_errors = 0;
  for (const auto& [dir, tf_files] : modules)
    for (const std::string& f : tf_files)
      if (const vouch::SourceFile* file = sources.find(f)) parse_errors += vouch::terraform::parse_only(file->text);
  double parse_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - parse_start).count();
  double parse_cpu_seconds = static_cast<double>(std::clock() - parse_cpu_start) / CLOCKS_PER_SEC;
  std::printf("terraform corpus: tree-sitter alone %.2f s (%.2f s CPU, %zu syntax errors)\n", parse_seconds,
              parse_cpu_seconds, parse_errors);

  std::printf(
      "terraform corpus: %zu modules, %zu files, %zu resources, %zu edges, %zu syntax errors, "
      "%.1f%% of %zu attribute values known, %.2f s (%.2f s CPU)\n",
      modules.size(), files, resources, edges, syntax_errors, total ? 100.0 * known / total : 0.0, total, seconds,
      cpu_seconds);
  for (const auto& [code, count] : diagnostics_by_code) std::printf("  diagnostics %-22s %zu\n", code.c_str(), count);

  CHECK(read == files);  // every file was read
  CHECK(resources > 1000);
  CHECK(syntax_errors == 0);  // the corpus is valid Terraform
}
