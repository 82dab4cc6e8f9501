// Project configuration: `.vouch.yaml` at the scan root, or `--config FILE`. Read
// strictly — an unknown key or a bad value is an error with file, line and column
// (exit code 2) — because a silently ignored setting is a control that does not run.
// Every key and its default is documented in docs/configuration.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/engine.h"
#include "graph/graph.h"
#include "rules/rules.h"

namespace vouch {

// An approved exception: findings of `rule` on resources whose address matches
// `resource` (a glob: `*` matches any run of characters) are accepted, with the same
// validity rules as inline suppressions (a reason is required; past `expires` it no
// longer applies and is itself reported).
struct RuleException {
  std::string rule;
  std::string resource = "*";
  std::string reason;
  std::string owner;
  std::string expires;  // YYYY-MM-DD or ""
  SourceRange range;    // the entry in the config file
};

// A rule id or pack name written in the configuration, with where, so that naming an
// unknown one can be reported at its line.
struct ConfigName {
  std::string name;
  SourceRange range;
};

struct SeverityOverride {
  std::string rule;
  Severity severity = Severity::Medium;
  SourceRange range;
};

struct Config {
  std::string path;                        // "" when no file was read
  std::vector<ConfigName> enable;          // pack names or rule ids; empty = every rule
  std::vector<ConfigName> disable;         // pack names or rule ids
  std::vector<SeverityOverride> severity;  // per-rule severity
  std::vector<std::string> exclude;        // path globs relative to the scan root
  std::vector<std::string> var_files;      // Terraform variable files, relative to the config file
  std::vector<std::pair<std::string, std::string>> vars;
  std::optional<Severity> severity_threshold;
  bool inline_suppressions = true;
  bool soft_fail = false;
  std::vector<RuleException> exceptions;
};

struct ConfigProblem {
  std::string path;
  uint32_t line = 0;
  uint32_t col = 0;
  std::string message;
};

// Parses a configuration file's text. Problems are appended to `errors`; what could be
// read is returned either way.
Config parse_config(const SourceFile& file, std::vector<ConfigProblem>& errors);

// Checks the rule names of `config` against `rules` (ids, aliases, pack names) and
// returns the rules `rules.enable`/`rules.disable` select. Unknown names are appended
// to `errors`.
RuleSet select_rules(const Config& config, const RuleSet& rules, std::vector<ConfigProblem>& errors);

// Sets the configured severity on findings of overridden rules (SARIF then shows the
// rule's default level in its descriptor and the configured one on each result).
void apply_severity_overrides(const Config& config, const RuleSet& rules, std::vector<Finding>& findings);

// True when `text` is a real calendar date written YYYY-MM-DD.
bool is_iso_date(std::string_view text);

}  // namespace vouch
