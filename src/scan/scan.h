// A whole scan, as `vouch scan` runs it: discover → frontends (in parallel) → graph →
// rules → findings. The command line and the end-to-end tests both go through here.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/engine.h"
#include "graph/graph.h"
#include "rules/rules.h"

namespace vouch {

// A usage or configuration problem (bad rule pack, unreadable --var-file): exit code 2.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
  std::vector<RuleError> rule_errors;
};

struct ScanOptions {
  std::vector<std::string> paths;           // folders or files; "-" reads standard input
  std::vector<std::string> rule_dirs;       // --rules, added to the built-in packs
  std::vector<std::string> only_rules;      // empty = all
  std::vector<std::pair<std::string, std::string>> vars;  // --var
  std::vector<std::string> var_files;       // --var-file
  std::vector<std::string> exclude_globs;   // --exclude, relative to each scan path
  unsigned jobs = 0;                        // 0 = hardware concurrency
};

struct ScanResult {
  std::unique_ptr<SourceFiles> sources;
  RuleSet rules;
  Graph graph;
  std::vector<Finding> findings;        // fail and unknown, sorted
  std::vector<Diagnostic> diagnostics;  // sorted
  size_t files_scanned = 0;
};

// Loads the built-in packs plus every `rule_dirs` pack, keeping only `only_rules`
// (ids or aliases) when given. Throws ConfigError when a pack is broken.
RuleSet load_rules(const std::vector<std::string>& rule_dirs, const std::vector<std::string>& only_rules = {});

// Throws ConfigError for usage and configuration errors.
ScanResult run_scan(const ScanOptions& options);

// The benchmark's baseline: every Terraform file under `paths` read and parsed by
// tree-sitter only, on `jobs` threads (0 = hardware concurrency).
struct ParseOnlyStats {
  size_t files = 0;
  size_t lines = 0;
  size_t bytes = 0;
  size_t syntax_errors = 0;
};
ParseOnlyStats parse_terraform_only(const std::vector<std::string>& paths, unsigned jobs = 0);

}  // namespace vouch
