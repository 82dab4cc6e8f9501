// Private to the Terraform frontend: evaluates the parsed files of one module into
// graph resources and edges.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "frontends/terraform/hcl_ast.h"
#include "frontends/terraform/terraform.h"

namespace vouch::terraform {

// A variable value set from outside the module (tfvars, --var), with where it was set.
struct VariableSetting {
  std::string name;
  const Expr* expr = nullptr;  // tfvars: the expression written there
  Value value;                 // --var: the value as given (used when expr is null)
  SourceRange range;           // the tfvars attribute or module argument; invalid for --var
  std::string what;            // the Origin shown to users: "var.a (terraform.tfvars)", "module.db input a"
};

struct ModuleInput {
  std::string dir;
  std::vector<const ParsedFile*> files;   // the module's .tf files, sorted by path
  std::vector<VariableSetting> settings;  // in increasing precedence
};

// The parsed .tf files of a local module's directory, sorted by path; empty when there
// are none. Called once per directory and call site; the files must outlive the
// evaluation.
using ModuleLoader = std::function<std::vector<const ParsedFile*>(const std::string& dir)>;

// Evaluates the root module `input`, and the local modules it calls, and appends their
// resources, edges and diagnostics to `out`.
void evaluate_root_module(const ModuleInput& input, const Options& options, SourceFiles& sources,
                          const ModuleLoader& loader, GraphFragment& out);

}  // namespace vouch::terraform
