// Terraform's built-in functions (format, cidrsubnet, jsonencode, …) over vouch Values,
// with Terraform's semantics: what cannot be known before apply (timestamp(), a
// function of an unknown argument) is unknown, and a bad argument is an unknown plus
// a diagnostic, never an exception. `templatefile`, `try` and `can` need the
// expression evaluator and live there.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"
namespace vouch::terraform {
struct FunctionContext {
  std::string module_dir;  // for file(), templatefile(), fileset()
  std::string scan_root;
  bool allow_outside_root = false;
  SourceFiles* sources = nullptr;
  std::vector<Diagnostic>* diagnostics = nullptr;
  SourceRange call_range;
};
// Returns std::nullopt when vouch does not implement `name` (the caller then yields unknown
// plus a Diagnostic{Warning, "unknown-function", "function <name> is not implemented"}).
// Otherwise the result; argument errors give unknown plus a Diagnostic{Warning, "function-error", …}.
std::optional<Value> call_function(std::string_view name, const std::vector<Value>& args, FunctionContext& ctx);
// Names of every implemented function, sorted (for docs and tests).
const std::vector<std::string>& implemented_functions();
}  // namespace vouch::terraform
