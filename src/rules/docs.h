// Rule documentation generated from the rule files and their fixtures (never written
// by hand): one Markdown page per rule with fixed headings — what it checks, why it
// matters, failing and fixed examples, remediation, references — and an index page.
// `vouch rules docs --output DIR` writes what this returns; CI compares it with docs/rules/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "rules/fixtures.h"
#include "rules/rules.h"

namespace vouch {

// File name ("<id>.md", "README.md" for the index) → content. Fixtures are looked up
// beside each rule file: `rulepack_dir` joined with Rule::source_path (built-in rules'
// paths are relative to the rulepacks folder); an empty `rulepack_dir` takes
// source_path as it is. A rule without fixtures gets a page without examples.
std::map<std::string, std::string> render_rule_docs(const RuleSet& rules, const std::string& rulepack_dir);

// One rule's page, from the rule and its fixtures.
std::string render_rule_page(const Rule& rule, const std::vector<Fixture>& fixtures);
// The index: every rule grouped by pack, with severity, theme and platforms.
std::string render_rule_index(const RuleSet& rules);
// A condition written back in the rule-file syntax, for docs and `rules explain`.
std::string format_condition(const Condition& condition, unsigned indent = 0);

}  // namespace vouch
