// Reporters: turn a finished scan into text for people, JSON for programs and SARIF
// 2.1.0 for code scanning and editors. Pure functions of their input: the same scan
// gives the same bytes.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "graph/graph.h"
#include "rules/rules.h"

namespace vouch {

struct ReportInput {
  const RuleSet* rules = nullptr;
  const Graph* graph = nullptr;
  const std::vector<Finding>* findings = nullptr;       // fail and unknown, sorted
  const std::vector<Diagnostic>* diagnostics = nullptr;  // sorted
  std::string tool_version;
  size_t files_scanned = 0;
  size_t resources_evaluated = 0;
  Severity threshold = Severity::Low;
};

struct TextOptions {
  bool color = false;
};

void write_text(const ReportInput& input, std::ostream& out, const TextOptions& options = {});
void write_json(const ReportInput& input, std::ostream& out);
void write_sarif(const ReportInput& input, std::ostream& out);

}  // namespace vouch
