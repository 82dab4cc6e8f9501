// The Terraform frontend: parses HCL (tree-sitter) and evaluates a root module the way
// Terraform would before apply — variables, locals, references, expressions — into
// resources of the graph. What cannot be known before deploy stays unknown.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "graph/graph.h"

namespace vouch::terraform {

// Parsed files shared by the evaluations of one scan, so that a module many roots
// call (every example calling `../..`) is parsed once. Thread-safe. It must not
// outlive the SourceFiles it was used with.
class ParseCache;
std::shared_ptr<ParseCache> make_parse_cache();

struct Options {
  // `--var K=V` in command-line order (later wins), then `--var-file` files.
  std::vector<std::pair<std::string, std::string>> vars;
  std::vector<std::string> var_files;
  // The process environment as name/value pairs, read once per scan by the caller
  // (tests set it directly); `TF_VAR_<name>` entries set variables, above defaults and
  // below every tfvars file, as in Terraform.
  std::vector<std::pair<std::string, std::string>> env_vars;
  // Module sources and file() reads may not leave this directory unless allowed.
  std::string scan_root = ".";
  bool allow_outside_root = false;
  // Optional (make_parse_cache()); without it every evaluation parses its files.
  std::shared_ptr<ParseCache> parse_cache;
};

// Evaluates the module made of `files` (its .tf / .tf.json files, all in `dir`) as a
// root module. Every resource and data source becomes a Resource; references between
// them become Edges; syntax errors and evaluation problems become diagnostics and the
// rest of the module is still evaluated. Thread-safe: call it for several modules at once.
GraphFragment evaluate_module(const std::string& dir, const std::vector<std::string>& files,
                              const Options& options, SourceFiles& sources);

// Parses `text` with tree-sitter only (no evaluation): the baseline the benchmark
// compares the full scan with. Returns the number of syntax errors found.
size_t parse_only(const std::string& text);

// The `vouch:ignore` directives in the comments directly above `line` of an HCL file
// (`#`, `//`, `/* */`; a blank line ends the run) and in a trailing comment on the
// line itself. Each carries the comment's range; `attribute` is left for the caller.
std::vector<InlineSuppression> comment_suppressions_at(const SourceFile& file, uint32_t line);

// Terraform plan and state JSON (`terraform show -json`): a document with
// `format_version`, `terraform_version` and `planned_values` (a plan) or `values`
// (a state).
bool is_plan_json(const Value& document);

// The resources of a plan or state document loaded from `file` (by vouch::yaml, so
// values keep their JSON lines): addresses as Terraform writes them, `values` as
// attributes (null ones unset), a plan's `after_unknown` attributes unknown ("known
// after apply"), edges from the `configuration` section's references (a state's from
// `depends_on`). Where the configuration's .tf files sit beside the plan (the working
// directory for "<stdin>"; for local module calls, their source folders), resources,
// their attributes and their `vouch:ignore` comments come from the .tf text, which is
// then added to `sources`; otherwise they point into the JSON.
GraphFragment load_plan_json(const SourceFile& file, const Value& document, SourceFiles& sources);

}  // namespace vouch::terraform
