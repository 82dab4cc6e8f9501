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
  // Absolute folder that SARIF's %SRCROOT% stands for; paths inside it are written
  // relative to it. Empty = the current working directory.
  std::string source_root;
};

// Counts behind every report's summary and the exit code. "Active" findings are
// failures that are neither suppressed nor accepted by a baseline; not-verifiable
// results never count as failures.
struct ReportSummary {
  size_t active_by_severity[4] = {0, 0, 0, 0};  // indexed by Severity
  size_t active = 0;
  size_t at_or_above_threshold = 0;
  size_t not_verifiable = 0;
  size_t suppressed = 0;
  size_t baselined = 0;
  size_t errors = 0;    // diagnostics of level error: input that could not be read
  size_t warnings = 0;
  size_t notes = 0;
};
ReportSummary summarize(const ReportInput& input);

struct TextOptions {
  bool color = false;
};

void write_text(const ReportInput& input, std::ostream& out, const TextOptions& options = {});
void write_json(const ReportInput& input, std::ostream& out);
void write_sarif(const ReportInput& input, std::ostream& out);

}  // namespace vouch
