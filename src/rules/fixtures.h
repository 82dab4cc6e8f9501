// Rule fixtures: the example files beside a rule (`<id>.tf`, `<id>.cfn.yaml`,
// `<id>.cfn.json` + `<id>.cfn.expect`, `<id>.k8s.yaml`), the Terraform fixture folders
// (`<id>.tf.d/`, `<id>.<case>.tf.d/`: one root module with its tfvars and local
// modules) and their closed-world annotations (docs/rule-format.md, "Fixtures").
// Shared by the fixture test runner and the docs generator, so both read fixtures the
// same way.
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
  // `@ <address>` after the ids: only findings on that resource match, so one line
  // shared by several instances (a module called twice, `for_each`) can fire for one
  // instance and stay quiet for another. Empty: any resource on the line.
  std::string address;
  std::string path;              // the file `line` is in (a folder fixture has several)
  uint32_t line = 0;             // the line it applies to (the next non-comment line)
  uint32_t annotation_line = 0;  // where the annotation is written (the sidecar line for JSON)
};
std::string_view to_string(FixtureAnnotation::Kind kind);  // "expect", "expect-unknown", …

struct Fixture {
  std::string path;  // the fixture file, or the fixture folder
  Platform platform = Platform::Terraform;
  bool folder = false;  // a `.tf.d` folder evaluated as one root module
  std::string text;     // the fixture file's text; empty for a folder
  // What the fixture is made of: the file itself, or every `.tf` and `.tfvars` file of
  // the folder and its subfolders (local modules), sorted.
  std::vector<std::string> files;
  std::vector<FixtureAnnotation> annotations;  // sorted by path, then line
  std::vector<std::string> errors;             // malformed annotations ("path:line: what")
};

// The fixtures beside the rule file at `rule_path` (same folder, same stem: files
// `<stem>.<ext>` and folders `<stem>.tf.d`, `<stem>.<case>.tf.d`), sorted by path, with
// their annotations parsed. Throws std::runtime_error when a fixture exists but cannot
// be read.
std::vector<Fixture> find_fixtures(const std::string& rule_path);

// Annotations written as `#` or `//` comment lines: `# expect: <id>[, <id>…] [@ <address>]`
// etc. An annotation applies to the next line that is neither blank nor a comment.
std::vector<FixtureAnnotation> parse_comment_annotations(std::string_view text, std::string_view path,
                                                         std::vector<std::string>& errors);
// A JSON fixture's sidecar: lines `<line>: <id>`, `<line>: unknown <id>`,
// `<line>: ok <id>`, `<line>: todo-expect <id>`, `<line>: todo-ok <id>`, each optionally
// ending in `@ <address>`; blank lines and `#` comments are ignored. The annotations'
// `path` is left empty: the caller knows which file the lines are in.
std::vector<FixtureAnnotation> parse_sidecar_annotations(std::string_view text, std::string_view path,
                                                         std::vector<std::string>& errors);

// The example a docs page shows for an annotated line: the top-level block
// (Terraform), YAML document (Kubernetes) or `Resources` entry (CloudFormation)
// holding `line`, without annotation comments and without shared indentation.
std::string fixture_excerpt(const Fixture& fixture, uint32_t line);

}  // namespace vouch
