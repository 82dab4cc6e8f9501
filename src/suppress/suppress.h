// Suppressions, exceptions and baselines: decides which findings are accepted and
// why, without ever dropping one. A suppressed finding stays in every report, marked
// with its justification; a suppression that cannot be honoured (no reason, unknown
// rule, expired, unreadable) does not suppress and is itself reported as a finding of
// the built-in rule `vouch-suppression-invalid`, so silencing a control is visible.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "engine/engine.h"
#include "graph/graph.h"
#include "rules/rules.h"

namespace vouch {

// The rule under which invalid suppressions are reported. It has no conditions: the
// suppression stage raises it, not the engine.
const Rule& suppression_invalid_rule();

// Accepted findings recorded by `vouch baseline create`, keyed by fingerprint.
struct Baseline {
  std::vector<std::string> fingerprints;  // sorted, unique
  bool contains(const std::string& fingerprint) const;
};

// Reads a baseline file; throws std::runtime_error with the reason when unreadable or malformed.
Baseline read_baseline(const std::string& path);
// The baseline file for `findings` (JSON; stable order; one entry per finding with its
// rule, address and path for a reviewer's eyes, matched only by fingerprint).
std::string render_baseline(const std::vector<Finding>& findings);

struct SuppressOptions {
  bool inline_suppressions = true;         // false: every inline suppression is ineffective
  std::string today;                       // YYYY-MM-DD; suppressions expire after this day
  std::vector<RuleException> exceptions;   // from the configuration
  const Baseline* baseline = nullptr;
};

// Marks `findings` (sorted, as the engine returns them) with the suppressions that
// apply, sets `is_new` from the baseline, and appends a `vouch-suppression-invalid`
// finding for every suppression or exception that cannot be honoured. Keeps the
// findings sorted.
void apply_suppressions(std::vector<Finding>& findings, const Graph& graph, const RuleSet& rules,
                        const SuppressOptions& options);

// Today's date in UTC as YYYY-MM-DD (SOURCE_DATE_EPOCH, when set, wins, so that
// reproducible builds and tests can pin it).
std::string today_utc();

}  // namespace vouch
