#include <catch2/catch.hpp>

#include "config/config.h"

using namespace vouch;

namespace {
struct Parsed {
  Config config;
  std::vector<ConfigProblem> problems;
};

Parsed parse(const std::string& text) {
  static SourceFiles files;
  static int counter = 0;
  const SourceFile* file = files.add(".vouch-" + std::to_string(counter++) + ".yaml", text);
  Parsed p;
  p.config = parse_config(*file, p.problems);
  return p;
}

bool has_problem(const Parsed& p, uint32_t line, const std::string& fragment) {
  for (const ConfigProblem& e : p.problems) {
    if (e.line == line && e.message.find(fragment) != std::string::npos) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("a full configuration is read with every key") {
  Parsed p = parse(R"(rules:
  enable: [aws, kubernetes]
  disable: [aws-s3-bucket-logging-disabled]
  severity:
    aws-ebs-volume-unencrypted: critical
exclude: ["examples/**"]
var_files: [prod.tfvars]
vars:
  env: prod
  replicas: 3
severity_threshold: medium
inline_suppressions: false
soft_fail: true
exceptions:
  - rule: aws-rds-storage-unencrypted
    resource: "module.legacy.*"
    reason: legacy database, migrating in Q3
    owner: platform@example.com
    expires: "2027-03-01"
)");
  REQUIRE(p.problems.empty());
  const Config& c = p.config;
  REQUIRE(c.enable.size() == 2);
  CHECK(c.enable[0].name == "aws");
  CHECK(c.enable[1].name == "kubernetes");
  REQUIRE(c.disable.size() == 1);
  CHECK(c.disable[0].name == "aws-s3-bucket-logging-disabled");
  CHECK(c.disable[0].range.start_line == 3);
  REQUIRE(c.severity.size() == 1);
  CHECK(c.severity[0].rule == "aws-ebs-volume-unencrypted");
  CHECK(c.severity[0].severity == Severity::Critical);
  CHECK(c.exclude == std::vector<std::string>{"examples/**"});
  CHECK(c.var_files == std::vector<std::string>{"prod.tfvars"});
  REQUIRE(c.vars.size() == 2);
  CHECK(c.vars[0] == std::pair<std::string, std::string>{"env", "prod"});
  CHECK(c.vars[1] == std::pair<std::string, std::string>{"replicas", "3"});
  CHECK(c.severity_threshold == Severity::Medium);
  CHECK_FALSE(c.inline_suppressions);
  CHECK(c.soft_fail);
  REQUIRE(c.exceptions.size() == 1);
  CHECK(c.exceptions[0].rule == "aws-rds-storage-unencrypted");
  CHECK(c.exceptions[0].resource == "module.legacy.*");
  CHECK(c.exceptions[0].owner == "platform@example.com");
  CHECK(c.exceptions[0].expires == "2027-03-01");
  CHECK(c.exceptions[0].range.start_line == 15);
}

TEST_CASE("defaults apply when keys are absent") {
  Parsed p = parse("{}\n");
  REQUIRE(p.problems.empty());
  CHECK(p.config.inline_suppressions);
  CHECK_FALSE(p.config.soft_fail);
  CHECK_FALSE(p.config.severity_threshold.has_value());
  CHECK(p.config.enable.empty());
  Parsed empty = parse("");
  CHECK(empty.problems.empty());
}

TEST_CASE("unknown keys are errors with their line") {
  Parsed p = parse("rules:\n  enabled: [aws]\nthreshold: high\n");
  CHECK(has_problem(p, 2, "unknown key 'enabled'"));
  CHECK(has_problem(p, 3, "unknown key 'threshold'"));
}

TEST_CASE("bad values are errors with their line") {
  Parsed p = parse(R"(severity_threshold: severe
inline_suppressions: "no"
exclude: "*.tf"
rules:
  severity:
    some-rule: urgent
exceptions:
  - resource: x
    expires: next week
)");
  CHECK(has_problem(p, 1, "severity_threshold must be one of"));
  CHECK(has_problem(p, 2, "inline_suppressions must be true or false"));
  CHECK(has_problem(p, 3, "exclude must be a list"));
  CHECK(has_problem(p, 6, "rules.severity.some-rule"));
  CHECK(has_problem(p, 8, "needs 'rule'"));
  CHECK(has_problem(p, 9, "YYYY-MM-DD"));
}

TEST_CASE("a YAML syntax error is a configuration error with its position") {
  Parsed p = parse("rules: [unclosed\n");
  REQUIRE_FALSE(p.problems.empty());
  CHECK(p.problems[0].line >= 1);
}

TEST_CASE("dates are checked against the calendar") {
  CHECK(is_iso_date("2027-03-01"));
  CHECK(is_iso_date("2024-02-29"));
  CHECK_FALSE(is_iso_date("2023-02-29"));
  CHECK_FALSE(is_iso_date("2027-13-01"));
  CHECK_FALSE(is_iso_date("2027-3-1"));
  CHECK_FALSE(is_iso_date("tomorrow"));
}
