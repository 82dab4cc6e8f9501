// A whole scan, as `vouch scan` runs it: discover → frontends (in parallel) → graph →
// rules → findings. The command line and the end-to-end tests both go through here.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
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
  std::vector<std::pair<std::string, std::string>> cfn_params;  // --cfn-param
  std::vector<std::string> cfn_param_files;  // --cfn-param-file (AWS CLI JSON format)
  std::vector<std::string> exclude_globs;   // --exclude, relative to each scan path
  unsigned jobs = 0;                        // 0 = hardware concurrency
  // .vouch.yaml: this file, or (when empty) `.vouch.yaml` in the scan root if present.
  std::string config_path;
  bool no_config = false;                   // tests: read no configuration file at all
  bool inline_suppressions = true;          // --no-inline-suppressions sets false
  std::string baseline_path;                // --baseline
  std::string diff_base;                    // --diff-base REV: report only what changed since REV
  bool diff_lines = false;                  // --diff-lines: only changed lines, not whole files
  std::string today;                        // YYYY-MM-DD for suppression expiry; "" = today (UTC)
  bool include_passes = false;              // keep passing evaluations (JUnit, evidence)
};

struct ScanResult {
  std::unique_ptr<SourceFiles> sources;
  RuleSet rules;
  Config config;                        // what .vouch.yaml said (defaults when none)
  bool baseline_used = false;
  Graph graph;
  std::vector<Finding> findings;        // fail and unknown, suppressions applied, sorted
  std::vector<Finding> passes;          // with ScanOptions::include_passes
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
