// Rules as data: loading rule files (strictly) into Rule objects whose conditions
// the engine evaluates. The file format is documented in docs/rule-format.md; this
// header is the in-memory form of exactly that format.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/graph.h"

namespace re2 {
class RE2;
}

namespace vouch {

enum class Severity : uint8_t { Low, Medium, High, Critical };
std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

// Closed set; adding a theme is a deliberate change here and in docs/rule-format.md.
enum class Theme : uint8_t { EncryptionAtRest, NetworkExposure, Logging, WorkloadIsolation };
std::string_view to_string(Theme theme);
std::optional<Theme> parse_theme(std::string_view text);

// One node of a condition tree (see docs/rule-format.md, "Conditions").
struct Condition {
  enum class Kind : uint8_t {
    All, Any, Not,             // children
    Attribute,                 // leaf: `attribute: PATH` + one operator
    PortRange,                 // leaf: `port_range: {from, to, protocol}` + covers_any
    ResourceType,              // leaf: `resource_type: [globs]`
    Some, Every, None,         // quantifiers over the elements at `path`, `children[0]` per element
    ReferencedBy, References,  // graph queries; optional `children[0]` on the other resource
  };
  enum class Op : uint8_t {
    Exists, Equals, OneOf, Matches, Contains, Gt, Gte, Lt, Lte, CidrAllowsInternet, CoversAny,
  };

  Kind kind = Kind::All;
  std::vector<Condition> children;

  AttributePath path;         // Attribute, quantifiers, graph `via`
  Op op = Op::Exists;         // Attribute
  Value argument;             // equals/one_of/contains/comparisons/exists/cidr (bool)
  std::shared_ptr<const re2::RE2> regex;  // Matches

  AttributePath from_port, to_port, protocol;  // PortRange (protocol may be empty)
  std::vector<double> ports;                   // PortRange: covers_any

  std::vector<std::string> types;  // ResourceType, ReferencedBy, References (globs)

  uint32_t line = 0;  // where the condition is written in the rule file
};

// A fix template (issue #6 extends this): text inserted into the resource's block
// when a required attribute is missing, or replacing the wrong attribute's value.
struct FixTemplate {
  std::string insert;   // e.g. "storage_encrypted = true"
  std::string replace;  // replacement text for the blamed attribute's value
};

// The condition of one rule for one platform.
struct PlatformCheck {
  Platform platform = Platform::Terraform;
  std::vector<std::string> resources;   // resource type globs the check applies to
  bool data_sources = false;            // Terraform: also `data` blocks of those types
  std::optional<Condition> where;       // applicability filter
  Condition require;                    // false → finding; unknown → not verifiable
  std::string message;                  // overrides Rule::message when non-empty
  std::optional<FixTemplate> fix;
  uint32_t line = 0;
};

struct Rule {
  std::string id;
  std::vector<std::string> aliases;
  std::string title;
  Severity severity = Severity::Medium;
  Theme theme = Theme::EncryptionAtRest;
  std::vector<std::string> controls;  // "soc2:CC6.1", "cis-aws-foundations:3.5"
  std::string rationale;
  std::string remediation;
  std::vector<std::string> references;
  std::string precision = "high";     // SARIF precision: very-high, high, medium, low
  std::string message;                // "{address} …"; placeholders in docs/rule-format.md
  std::vector<PlatformCheck> checks;
  std::string pack;                   // first folder under rulepacks/: "aws", "kubernetes"
  std::string source_path;            // path of the rule file as loaded
};

// A rule file's text and the path it is known by ("aws/rds/aws-rds-storage-unencrypted.yaml"
// for built-in packs, a filesystem path for --rules).
struct RuleSource {
  std::string path;
  std::string text;
};

// A broken rule pack: file, line, column and what is wrong. Any of these is exit code 2.
struct RuleError {
  std::string path;
  uint32_t line = 0;
  uint32_t col = 0;
  std::string message;
};

class RuleSet {
 public:
  // Loads and validates every source; returns the rules that loaded. `errors` gets
  // one entry per problem (unknown keys, bad enums, duplicate ids across all sources,
  // id ≠ file stem, malformed conditions, uncompilable regexes).
  static RuleSet load(const std::vector<RuleSource>& sources, std::vector<RuleError>& errors);

  const std::vector<Rule>& rules() const { return rules_; }  // sorted by id
  // By id or alias; nullptr when unknown.
  const Rule* find(std::string_view id_or_alias) const;
  // A copy holding only the rules whose id is listed (used by fixture tests, --rule).
  RuleSet only(const std::vector<std::string>& ids) const;

 private:
  std::vector<Rule> rules_;
};

// The packs under rulepacks/, embedded at build time.
std::vector<RuleSource> builtin_rule_sources();
// Every rule file under `dir` (recursively; fixtures excluded). Throws std::runtime_error
// when `dir` cannot be read.
std::vector<RuleSource> read_rule_directory(const std::string& dir);

}  // namespace vouch
