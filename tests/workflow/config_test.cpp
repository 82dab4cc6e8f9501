// `.vouch.yaml` end to end (issue #6): every key changes what a scan reports or how it
// exits, and a configuration that cannot be read strictly is exit code 2 with
// file:line:col on standard error.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "workflow.h"

using namespace vouch::workflow_test;

namespace {

// A database whose encryption and exposure come from variables, and an example folder
// that a team would exclude.
void write_project(const TempDir& dir) {
  write_file(dir.path() / "main.tf", R"(variable "encrypted" {
  type    = bool
  default = false
}

variable "public" {
  type    = bool
  default = true
}

resource "aws_db_instance" "main" {
  engine              = "postgres"
  storage_encrypted   = var.encrypted
  publicly_accessible = var.public
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}
)");
  write_file(dir.path() / "env/prod.tfvars", "encrypted = true\n");
  write_file(dir.path() / "examples/demo/main.tf", R"(resource "aws_db_instance" "demo" {
  engine = "postgres"
}
)");
  write_file(dir.path() / "k8s/pod.yaml", R"(apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: prod
spec:
  containers:
    - name: web
      image: nginx:latest
)");
}

std::vector<std::string> rule_ids(const std::string& sarif) {
  std::vector<std::string> ids;
  for (const json& r : sarif_results(sarif)) ids.push_back(r["ruleId"].get<std::string>());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

bool has(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

bool any_starts_with(const std::vector<std::string>& items, const std::string& prefix) {
  return std::any_of(items.begin(), items.end(), [&](const std::string& s) { return s.rfind(prefix, 0) == 0; });
}

}  // namespace

TEST_CASE(".vouch.yaml is read from the scan root, and --config names another file", "[workflow][config]") {
  TempDir dir;
  write_project(dir);
  const std::vector<std::string> all = rule_ids(vouch_in(dir.path(), "scan . --format sarif").out);
  REQUIRE(has(all, "aws-rds-storage-unencrypted"));
  REQUIRE(any_starts_with(all, "k8s-"));

  write_file(dir.path() / ".vouch.yaml", "rules:\n  enable: [kubernetes]\n");
  // From inside the project and from its parent folder alike.
  const std::vector<std::string> from_root = rule_ids(vouch_in(dir.path(), "scan . --format sarif").out);
  const std::vector<std::string> from_parent =
      rule_ids(vouch_in(dir.path().parent_path(), "scan " + quote(dir.path().filename().string()) + " --format sarif").out);
  CHECK(from_root == from_parent);
  CHECK_FALSE(any_starts_with(from_root, "aws-"));
  CHECK(any_starts_with(from_root, "k8s-"));

  write_file(dir.path() / "ci/vouch.yaml", "rules:\n  enable: [aws-rds-storage-unencrypted]\n");
  CHECK(rule_ids(vouch_in(dir.path(), "scan . --config ci/vouch.yaml --format sarif").out) ==
        std::vector<std::string>{"aws-rds-storage-unencrypted"});
}

TEST_CASE("rules.enable and rules.disable select packs and ids; disable wins", "[workflow][config]") {
  TempDir dir;
  write_project(dir);
  write_file(dir.path() / ".vouch.yaml", R"(rules:
  enable: [aws, k8s-container-image-latest]
  disable: [aws-rds-instance-publicly-accessible, aws-sns-topic-unencrypted]
)");
  const std::vector<std::string> ids = rule_ids(vouch_in(dir.path(), "scan . --format sarif").out);
  CHECK(has(ids, "aws-rds-storage-unencrypted"));
  CHECK(has(ids, "k8s-container-image-latest"));
  CHECK_FALSE(has(ids, "aws-rds-instance-publicly-accessible"));
  CHECK_FALSE(has(ids, "aws-sns-topic-unencrypted"));
  CHECK_FALSE(has(ids, "k8s-container-privilege-escalation-allowed"));
  // The SARIF rule table lists the selected rules only.
  const json run = json::parse(vouch_in(dir.path(), "scan . --format sarif").out)["runs"][0];
  for (const json& rule : run["tool"]["driver"]["rules"]) {
    const std::string id = rule["id"];
    CHECK((id.rfind("aws-", 0) == 0 || id == "k8s-container-image-latest"));
    CHECK(id != "aws-sns-topic-unencrypted");
  }
}

TEST_CASE("rules.severity overrides change the level of SARIF results and the threshold", "[workflow][config]") {
  TempDir dir;
  write_project(dir);
  const json before = find_result(sarif_results(vouch_in(dir.path(), "scan . --format sarif").out),
                                  "aws-rds-storage-unencrypted", "aws_db_instance.main");
  REQUIRE(before.is_object());
  CHECK(before["level"] == "error");

  write_file(dir.path() / ".vouch.yaml", R"(rules:
  enable: [aws-rds-storage-unencrypted]
  severity:
    aws-rds-storage-unencrypted: low
)");
  const Run r = vouch_in(dir.path(), "scan . --format sarif --severity-threshold medium");
  CHECK(r.code == 0);  // the only finding is now low, under the threshold
  const json after = find_result(sarif_results(r.out), "aws-rds-storage-unencrypted", "aws_db_instance.main");
  REQUIRE(after.is_object());
  CHECK(after["level"] == "note");
  const Run text = vouch_in(dir.path(), "scan . --no-color");
  CHECK(contains(text.out, "main.tf:13:3: low: aws_db_instance.main"));
}

TEST_CASE("exclude globs in .vouch.yaml skip paths relative to the scan root", "[workflow][config]") {
  TempDir dir;
  write_project(dir);
  write_file(dir.path() / ".vouch.yaml", "rules:\n  enable: [aws-rds-storage-unencrypted]\n");
  CHECK(contains(vouch_in(dir.path(), "scan . --no-color").out, "aws_db_instance.demo"));
  write_file(dir.path() / ".vouch.yaml", "rules:\n  enable: [aws-rds-storage-unencrypted]\nexclude: [\"examples/**\"]\n");
  const Run r = vouch_in(dir.path().parent_path(), "scan " + quote(dir.path().filename().string()) + " --no-color");
  CHECK_FALSE(contains(r.out, "aws_db_instance.demo"));
  CHECK(contains(r.out, "aws_db_instance.main"));
}

TEST_CASE("var_files (relative to the configuration) and vars feed Terraform variables", "[workflow][config]") {
  TempDir dir;
  write_project(dir);
  const std::string rules = "rules:\n  enable: [aws-rds-storage-unencrypted, aws-rds-instance-publicly-accessible]\n";
  const std::string args = "scan . --exclude examples --no-color";
  write_file(dir.path() / ".vouch.yaml", rules);
  const Run plain = vouch_in(dir.path(), args);
  CHECK(contains(plain.out, "[aws-rds-storage-unencrypted]"));
  CHECK(contains(plain.out, "[aws-rds-instance-publicly-accessible]"));

  // The configuration lives in ci/: its var_files path is relative to ci/.
  write_file(dir.path() / "ci/vouch.yaml", rules + "var_files: [../env/prod.tfvars]\nvars:\n  public: false\n");
  const Run configured = vouch_in(dir.path(), args + " --config ci/vouch.yaml");
  INFO(configured.out << configured.err);
  CHECK(configured.code == 0);
  CHECK_FALSE(contains(configured.out, "[aws-rds-storage-unencrypted]"));
  CHECK_FALSE(contains(configured.out, "[aws-rds-instance-publicly-accessible]"));

  SECTION("--var on the command line wins over vars") {
    const Run overridden = vouch_in(dir.path(), args + " --config ci/vouch.yaml --var public=true");
    CHECK(overridden.code == 1);
    CHECK(contains(overridden.out, "[aws-rds-instance-publicly-accessible]"));
  }
}

TEST_CASE("severity_threshold and soft_fail decide the exit code; the command line wins", "[workflow][config]") {
  TempDir dir;
  write_project(dir);
  const std::string rules = "rules:\n  enable: [aws-sns-topic-unencrypted]\n";  // one medium finding
  write_file(dir.path() / ".vouch.yaml", rules);
  CHECK(vouch_in(dir.path(), "scan .").code == 1);
  write_file(dir.path() / ".vouch.yaml", rules + "severity_threshold: high\n");
  const Run high = vouch_in(dir.path(), "scan . --no-color");
  CHECK(high.code == 0);
  CHECK(contains(high.out, "[aws-sns-topic-unencrypted]"));  // still reported
  CHECK(vouch_in(dir.path(), "scan . --severity-threshold medium").code == 1);

  write_file(dir.path() / ".vouch.yaml", rules + "soft_fail: true\n");
  const Run soft = vouch_in(dir.path(), "scan . --no-color");
  CHECK(soft.code == 0);
  CHECK(contains(soft.out, "[aws-sns-topic-unencrypted]"));
}

TEST_CASE("exceptions accept findings on matching addresses, with reason, owner and expiry", "[workflow][config]") {
  TempDir dir;
  write_file(dir.path() / "main.tf", R"(module "legacy" {
  source = "./modules/db"
}

resource "aws_db_instance" "current" {
  engine = "postgres"
}
)");
  write_file(dir.path() / "modules/db/main.tf", "resource \"aws_db_instance\" \"this\" {\n  engine = \"postgres\"\n}\n");
  write_file(dir.path() / ".vouch.yaml", R"(rules:
  enable: [aws-rds-storage-unencrypted]
exclude: [modules]
exceptions:
  - rule: aws-rds-storage-unencrypted
    resource: "module.legacy.*"
    reason: legacy reporting database, replaced in Q3
    owner: platform@example.com
    expires: "2027-03-01"
)");
  const Run r = vouch_in(dir.path(), "scan . --format sarif");
  INFO(r.out << r.err);
  CHECK(r.code == 1);  // aws_db_instance.current is not excepted
  const json results = sarif_results(r.out);
  const json legacy = find_result(results, "aws-rds-storage-unencrypted", "module.legacy.aws_db_instance.this");
  const json current = find_result(results, "aws-rds-storage-unencrypted", "aws_db_instance.current");
  REQUIRE(legacy.is_object());
  REQUIRE(current.is_object());
  REQUIRE(legacy.contains("suppressions"));
  CHECK(legacy["suppressions"][0]["kind"] == "external");
  CHECK(legacy["suppressions"][0]["justification"] == "legacy reporting database, replaced in Q3");
  CHECK_FALSE(current.contains("suppressions"));

  const json report = json::parse(vouch_in(dir.path(), "scan . --format json").out);
  bool seen_owner = false;
  for (const json& f : report["findings"]) {
    if (f["resource"]["address"] == "module.legacy.aws_db_instance.this") {
      CHECK(f["status"] == "suppressed");
      CHECK(f["suppressions"][0]["owner"] == "platform@example.com");
      CHECK(f["suppressions"][0]["expires"] == "2027-03-01");
      seen_owner = true;
    }
  }
  CHECK(seen_owner);

  SECTION("after its expiry the exception no longer applies and is itself a finding") {
    const Run later = vouch_in(dir.path(), "scan . --no-color", "SOURCE_DATE_EPOCH=1804000000");  // 2027-03-02
    INFO(later.out);
    CHECK(contains(later.out, "module.legacy.aws_db_instance.this stores its data"));
    CHECK(contains(later.out, "exception for aws-rds-storage-unencrypted on module.legacy.* expired on 2027-03-01 "
                              "[vouch-suppression-invalid]"));
    CHECK(contains(later.out, ".vouch.yaml:5:5: medium: "));
  }
  SECTION("an exception without a reason does not apply") {
    write_file(dir.path() / ".vouch.yaml", R"(rules:
  enable: [aws-rds-storage-unencrypted]
exclude: [modules]
exceptions:
  - rule: aws-rds-storage-unencrypted
    resource: "module.legacy.*"
)");
    const Run no_reason = vouch_in(dir.path(), "scan . --no-color");
    CHECK(contains(no_reason.out, "has no reason [vouch-suppression-invalid]"));
    CHECK(contains(no_reason.out, "0 suppressed;"));
  }
}

TEST_CASE("an unknown key or a bad value in .vouch.yaml is exit code 2 with file:line:col", "[workflow][config]") {
  TempDir dir;
  write_project(dir);
  struct Case {
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"rules:\n  enable: [aws]\n  disabel: [aws-sns-topic-unencrypted]\n", ".vouch.yaml:3:3: error: unknown key 'disabel'"},
      {"severity_threshold: severe\n", ".vouch.yaml:1:21: error: severity_threshold must be one of low, medium, high, critical"},
      {"soft_fail: maybe\n", ".vouch.yaml:1:12: error: soft_fail must be true or false"},
      {"inline_suppressions: 0\n", ".vouch.yaml:1:22: error: inline_suppressions must be true or false"},
      {"rules:\n  enable: [no-such-pack]\n", ".vouch.yaml:2:12: error: rules.enable names 'no-such-pack'"},
      {"rules:\n  severity:\n    aws-rds-storage-unencrypted: urgent\n", ".vouch.yaml:3:34: error: rules.severity.aws-rds-storage-unencrypted must be one of"},
      {"rules:\n  severity:\n    no-such-rule: low\n", ".vouch.yaml:3:5: error: rules.severity names unknown rule 'no-such-rule'"},
      {"exclude: examples\n", ".vouch.yaml:1:10: error: exclude must be a list of strings"},
      {"exceptions:\n  - rule: aws-rds-storage-unencrypted\n    expires: next year\n    reason: x\n",
       ".vouch.yaml:3:14: error: exception expires must be a date written YYYY-MM-DD"},
      {"exceptions:\n  - resource: \"*\"\n    reason: x\n", ".vouch.yaml:2:5: error: an exception needs 'rule'"},
      {"vars:\n  tags: [a, b]\n", ".vouch.yaml:2:9: error: vars.tags must be a string, number or bool"},
      {"rules: [aws]\n", ".vouch.yaml:1:8: error: rules must be a mapping"},
  };
  for (const Case& c : cases) {
    write_file(dir.path() / ".vouch.yaml", c.text);
    const Run r = vouch_in(dir.path(), "scan .");
    INFO(c.text << "---\n" << r.err);
    CHECK(r.code == 2);
    CHECK(contains(r.err, c.expected));
    CHECK(r.out.empty());
  }

  SECTION("names in the configuration are checked even when --rule selects the rules") {
    write_file(dir.path() / ".vouch.yaml", "rules:\n  disable: [no-such-rule]\n");
    const Run r = vouch_in(dir.path(), "scan . --rule aws-rds-storage-unencrypted");
    CHECK(r.code == 2);
    CHECK(contains(r.err, ".vouch.yaml:2:13: error: rules.disable names 'no-such-rule'"));
  }
  SECTION("a --config file that does not exist is exit code 2") {
    const Run r = vouch_in(dir.path(), "scan . --config missing.yaml");
    CHECK(r.code == 2);
    CHECK(contains(r.err, "missing.yaml"));
  }
}

TEST_CASE("an exception's resource glob matches addresses with '/' (Kubernetes), and defaults to every resource",
          "[workflow][config]") {
  TempDir dir;
  write_file(dir.path() / "pods.yaml", R"(apiVersion: v1
kind: Pod
metadata:
  name: agent
  namespace: kube-system
spec:
  containers:
    - name: agent
      image: example/agent:1.0
      securityContext:
        privileged: true
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: prod
spec:
  containers:
    - name: web
      image: example/web:1.0
      securityContext:
        privileged: true
)");
  const std::string args = "scan . --rule k8s-container-privileged --format json";
  auto statuses = [&]() {
    std::map<std::string, std::string> by_address;
    const json report = json::parse(vouch_in(dir.path(), args).out);
    for (const json& f : report["findings"]) {
      by_address[f["resource"]["address"].get<std::string>()] = f["status"].get<std::string>();
    }
    return by_address;
  };
  write_file(dir.path() / ".vouch.yaml",
             "exceptions:\n  - rule: k8s-container-privileged\n    resource: \"Pod/kube-system/*\"\n    reason: node agent\n");
  std::map<std::string, std::string> scoped = statuses();
  CHECK(scoped["Pod/kube-system/agent"] == "suppressed");
  CHECK(scoped["Pod/prod/web"] == "fail");

  write_file(dir.path() / ".vouch.yaml", "exceptions:\n  - rule: k8s-container-privileged\n    reason: lab cluster\n");
  std::map<std::string, std::string> everywhere = statuses();
  CHECK(everywhere["Pod/kube-system/agent"] == "suppressed");
  CHECK(everywhere["Pod/prod/web"] == "suppressed");
}
