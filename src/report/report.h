// Reporters: turn a finished scan into text for people, JSON for programs and SARIF
// 2.1.0 for code scanning and editors. Pure functions of their input: the same scan
// gives the same bytes.
#pragma once

#include <optional>
#include <ostream>
#include <string_view>
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
  // Passing evaluations (JUnit's passing cases); may be null.
  const std::vector<Finding>* passes = nullptr;
  // A baseline was given: SARIF then marks each result's baselineState.
  bool baseline_used = false;
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

// A text edit that fixes a finding, from its rule's fix template: replace `deleted`
// (empty range = a pure insertion at its start) with `inserted`.
struct FixEdit {
  std::string description;
  SourceRange deleted;
  std::string inserted;
};
// The edit for `finding`, when its rule has a fix template for its platform and the
// source allows an exact edit (the attribute is written in the resource's own file).
std::optional<FixEdit> compute_fix(const Finding& finding, const Graph& graph);
// `text` with `edit` applied (lines and columns as in the edit's range).
std::string apply_fix(std::string_view text, const FixEdit& edit);

struct MarkdownOptions {
  // Prefix that turns "path#Lline" into a link (e.g. https://github.com/o/r/blob/<sha>/);
  // empty = locations as code, not links.
  std::string link_base;
  size_t max_chars = 65536;  // GitHub's limit for a pull-request comment
};

void write_text(const ReportInput& input, std::ostream& out, const TextOptions& options = {});
void write_json(const ReportInput& input, std::ostream& out);
void write_sarif(const ReportInput& input, std::ostream& out);
// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` per active finding.
void write_github(const ReportInput& input, std::ostream& out);
// JUnit XML: a test suite per rule, a test case per evaluated resource.
void write_junit(const ReportInput& input, std::ostream& out);
// A pull-request comment, kept under `options.max_chars`.
void write_markdown(const ReportInput& input, std::ostream& out, const MarkdownOptions& options = {});

}  // namespace vouch
