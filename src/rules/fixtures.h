// Rule fixtures: the example files beside a rule (`<id>.tf`, `<id>.cfn.yaml`,
// `<id>.cfn.json` + `<id>.cfn.expect`, `<id>.k8s.yaml`) and their closed-world
// annotations (docs/rule-format.md, "Fixtures"). Shared by the fixture test runner
// and the docs generator, so both read fixtures the same way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"

namespace vouch {

struct FixtureAnnotation {
  enum class Kind : uint8_t { Expect, ExpectUnknown, Ok, TodoExpect, TodoOk };
  Kind kind = Kind::Expect;
  std::string rule_id;
  uint32_t line = 0;             // the line it applies to (the next non-comment line)
  uint32_t annotation_line = 0;  // where the annotation is written (the sidecar line for JSON)
};
std::string_view to_string(FixtureAnnotation::Kind kind);  // "expect", "expect-unknown", …

struct Fixture {
  std::string path;  // the fixture file
  Platform platform = Platform::Terraform;
  std::string text;
  std::vector<FixtureAnnotation> annotations;  // sorted by line
  std::vector<std::string> errors;             // malformed annotations ("path:line: what")
};

// The fixtures beside the rule file at `rule_path` (same folder, same stem), sorted by
// path, with their annotations parsed. Throws std::runtime_error when a fixture
// exists but cannot be read.
std::vector<Fixture> find_fixtures(const std::string& rule_path);

// Annotations written as `#` or `//` comment lines: `# expect: <id>` etc. An annotation
// applies to the next line that is neither blank nor a comment.
std::vector<FixtureAnnotation> parse_comment_annotations(std::string_view text, std::string_view path,
                                                         std::vector<std::string>& errors);
// A JSON fixture's sidecar: lines `<line>: <id>`, `<line>: unknown <id>`,
// `<line>: ok <id>`, `<line>: todo-expect <id>`, `<line>: todo-ok <id>`; blank lines
// and `#` comments are ignored.
std::vector<FixtureAnnotation> parse_sidecar_annotations(std::string_view text, std::string_view path,
                                                         std::vector<std::string>& errors);

// The example a docs page shows for an annotated line: the top-level block
// (Terraform), YAML document (Kubernetes) or `Resources` entry (CloudFormation)
// holding `line`, without annotation comments and without shared indentation.
std::string fixture_excerpt(const Fixture& fixture, uint32_t line);

}  // namespace vouch
