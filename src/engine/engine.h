// The rule engine: evaluates every applicable rule on every resource of the graph
// with three-valued logic. A false `require` is a failure, an unknown one is "not
// verifiable" (never a pass, never a failure); both become findings. Passing
// evaluations are kept too, for JUnit's passing cases and evidence reports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "rules/rules.h"

namespace vouch {

enum class Outcome : uint8_t { Pass, Fail, Unknown };
std::string_view to_string(Outcome outcome);  // "pass", "fail", "unknown"

// Why a finding is not reported as active (issue #6 fills these in).
struct Suppression {
  enum class Kind : uint8_t { Inline, Config, Baseline } kind = Kind::Inline;
  std::string justification;
  std::string owner;
  std::string expires;
  SourceRange range;  // the comment, annotation or config entry
};

// Finding::resource of a finding about no resource (a broken configuration exception).
inline constexpr uint32_t kNoResource = UINT32_MAX;

// One rule evaluated on one resource.
struct Finding {
  const Rule* rule = nullptr;
  Outcome outcome = Outcome::Fail;
  Severity severity = Severity::Medium;  // the rule's, after configured overrides
  uint32_t resource = 0;                 // index into Graph::resources(), or kNoResource
  std::string address;                   // the resource's address
  std::string resource_type;
  Platform platform = Platform::Terraform;
  // The wrong attribute, or the block header when the attribute is missing.
  SourceRange location;
  std::string attribute;                 // dotted path of the blamed attribute, "" = block
  std::string message;                   // lower-case, no trailing period, names the resource
  // Where the blamed value came from (variables, locals, module inputs), use first.
  std::vector<Origin> provenance;
  // Stable across moves, reformatting and unrelated edits; changes with rule or resource.
  std::string fingerprint;
  std::vector<Suppression> suppressions;  // non-empty → suppressed
  bool is_new = true;                      // false when matched by a baseline
};

struct EngineOptions {
  unsigned jobs = 1;  // results do not depend on it
  // Also return passing evaluations (Outcome::Pass, one per rule and applicable
  // resource) for JUnit passing cases and evidence reports. Costs nothing extra to
  // compute; off by default so callers that only report problems need not filter.
  bool include_passes = false;
};

// Evaluates `rules` on `graph`. Returns fail and unknown findings (and passes when
// `options.include_passes`), in deterministic order: by location path, line, column,
// rule id, address. A check's `where` that is unknown makes a failing `require`
// unknown (the rule may not apply), and a passing one a pass.
std::vector<Finding> evaluate(const RuleSet& rules, const Graph& graph, const EngineOptions& options = {});

// The fingerprint of a finding (exposed for baselines and tests).
std::string fingerprint(const Finding& finding, const Graph& graph);

}  // namespace vouch
