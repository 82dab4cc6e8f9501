// Fixture annotations: comment forms, instance addresses, the sidecar for JSON, fixture
// folders and their discovery beside the rule, excerpts for the docs.
#include "rules/fixtures.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "rules/docs.h"
#include "rules/rules.h"

namespace vouch {
namespace {

using Kind = FixtureAnnotation::Kind;

TEST_CASE("comment annotations apply to the next code line", "[rules][fixtures]") {
  const char* text =
      "# a fixture\n"                                  // 1
      "# expect: rule-a\n"                             // 2
      "resource \"x\" \"bad\" {\n"                     // 3
      "  # ok: rule-a  (explained here, at length)\n"  // 4
      "\n"                                             // 5
      "  // todo-expect: rule-a, rule-b\n"             // 6
      "  size = 1\n"                                   // 7
      "}\n"                                            // 8
      "# expect-unknown: rule-a\n"                     // 9
      "# todo-ok: rule-a\n"                            // 10
      "key: value\n"                                   // 11
      "# okay, not an annotation\n";                   // 12
  std::vector<std::string> errors;
  std::vector<FixtureAnnotation> a = parse_comment_annotations(text, "f.tf", errors);
  CHECK(errors.empty());
  REQUIRE(a.size() == 6);
  CHECK((a[0].kind == Kind::Expect && a[0].line == 3 && a[0].annotation_line == 2 && a[0].rule_id == "rule-a"));
  CHECK((a[1].kind == Kind::Ok && a[1].line == 7 && a[1].rule_id == "rule-a"));
  CHECK((a[2].kind == Kind::TodoExpect && a[2].line == 7 && a[2].rule_id == "rule-a"));
  CHECK((a[3].kind == Kind::TodoExpect && a[3].line == 7 && a[3].rule_id == "rule-b"));
  CHECK((a[4].kind == Kind::ExpectUnknown && a[4].line == 11));
  CHECK((a[5].kind == Kind::TodoOk && a[5].line == 11));
}

TEST_CASE("malformed comment annotations are errors with their line", "[rules][fixtures]") {
  std::vector<std::string> errors;
  parse_comment_annotations("# expect:\nx\n# expect: Not_An_Id\ny\n# ok: rule-a\n", "f.tf", errors);
  REQUIRE(errors.size() == 3);
  CHECK_THAT(errors[0], Catch::StartsWith("f.tf:1:"));
  CHECK_THAT(errors[1], Catch::StartsWith("f.tf:3:"));
  CHECK_THAT(errors[2], Catch::StartsWith("f.tf:5:") && Catch::Contains("not followed"));
}

TEST_CASE("sidecar annotations for JSON fixtures", "[rules][fixtures]") {
  std::vector<std::string> errors;
  std::vector<FixtureAnnotation> a = parse_sidecar_annotations(
      "# comment\n12: rule-a\n3: ok rule-a\n\n20: unknown rule-a\n21: todo-expect rule-a\n22: todo-ok rule-a\n"
      "x: rule-a\n5: maybe rule-a\n",
      "f.cfn.expect", errors);
  REQUIRE(a.size() == 5);
  CHECK((a[0].line == 3 && a[0].kind == Kind::Ok));
  CHECK((a[1].line == 12 && a[1].kind == Kind::Expect && a[1].annotation_line == 2));
  CHECK((a[2].line == 20 && a[2].kind == Kind::ExpectUnknown));
  CHECK(a[3].kind == Kind::TodoExpect);
  CHECK(a[4].kind == Kind::TodoOk);
  REQUIRE(errors.size() == 2);
  CHECK_THAT(errors[0], Catch::StartsWith("f.cfn.expect:8:"));
  CHECK_THAT(errors[1], Catch::StartsWith("f.cfn.expect:9:") && Catch::Contains("maybe"));
}

TEST_CASE("`@ <address>` limits an annotation to one resource instance", "[rules][fixtures]") {
  const char* text =
      "resource \"x\" \"v\" {\n"                                                    // 1
      "  # expect: rule-a @ module.legacy.x.v\n"                                    // 2
      "  # ok: rule-a @module.prod.x.v  the production call\n"                      // 3
      "  # expect-unknown: rule-a, rule-b @ x.v[\"my key\"] because it is unset\n"  // 4
      "  # todo-ok: rule-a because @ is only an address right after an id\n"        // 5
      "  size = var.size\n"                                                         // 6
      "}\n";
  std::vector<std::string> errors;
  std::vector<FixtureAnnotation> a = parse_comment_annotations(text, "m/main.tf", errors);
  CHECK(errors.empty());
  REQUIRE(a.size() == 5);
  for (const FixtureAnnotation& each : a) CHECK((each.line == 6 && each.path == "m/main.tf"));
  CHECK((a[0].kind == Kind::Expect && a[0].rule_id == "rule-a" && a[0].address == "module.legacy.x.v"));
  CHECK((a[1].kind == Kind::Ok && a[1].address == "module.prod.x.v"));
  CHECK((a[2].rule_id == "rule-a" && a[2].address == "x.v[\"my key\"]"));
  CHECK((a[3].rule_id == "rule-b" && a[3].address == "x.v[\"my key\"]"));
  CHECK((a[4].kind == Kind::TodoOk && a[4].address.empty()));

  parse_comment_annotations("# expect: rule-a @\nx\n# ok: rule-a@x.v\ny\n", "f.tf", errors);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Catch::StartsWith("f.tf:1:") && Catch::Contains("no resource address"));

  std::vector<std::string> sidecar_errors;
  std::vector<FixtureAnnotation> b = parse_sidecar_annotations(
      "4: rule-a @ Bucket\n5: ok rule-a @ Bucket\n6: rule-a @\n7: rule-a @ A B\n", "f.cfn.expect", sidecar_errors);
  REQUIRE(b.size() == 2);
  CHECK((b[0].kind == Kind::Expect && b[0].rule_id == "rule-a" && b[0].address == "Bucket"));
  CHECK((b[1].kind == Kind::Ok && b[1].address == "Bucket"));
  REQUIRE(sidecar_errors.size() == 2);
  CHECK_THAT(sidecar_errors[0], Catch::StartsWith("f.cfn.expect:3:"));
  CHECK_THAT(sidecar_errors[1], Catch::StartsWith("f.cfn.expect:4:"));
}

// A rule folder in the temporary directory, removed afterwards.
struct TempRuleFolder {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("vouch-fixtures-test-" + std::to_string(::getpid()));
  TempRuleFolder() {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~TempRuleFolder() { std::filesystem::remove_all(dir); }
  std::string write(const std::string& relative, const std::string& text) const {
    std::filesystem::path path = dir / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.generic_string();
  }
};

TEST_CASE("fixture folders beside the rule are found with the annotations of all their files", "[rules][fixtures]") {
  TempRuleFolder rules;
  std::string rule = rules.write("r-a.yaml", "id: r-a\n");
  std::string single = rules.write("r-a.tf", "# ok: r-a\nresource \"x\" \"a\" {}\n");
  std::string root = rules.write("r-a.tf.d/main.tf", "# expect: r-a\nresource \"x\" \"b\" {}\n");
  std::string vars = rules.write("r-a.two-calls.tf.d/terraform.tfvars", "size = 1\n");
  std::string caller = rules.write("r-a.two-calls.tf.d/main.tf", "module \"m\" {\n  source = \"./modules/m\"\n}\n");
  std::string module = rules.write("r-a.two-calls.tf.d/modules/m/main.tf",
                                   "resource \"x\" \"c\" {\n  # expect: r-a @ module.m.x.c\n  size = 1\n}\n");
  rules.write("r-a.two-calls.tf.d/settings.yaml", "# expect: r-a\nkey: value\n");  // neither .tf nor .tfvars
  // Not fixtures of r-a: another rule's folder, a malformed case name, a file, another suffix.
  rules.write("r-a-b.tf.d/main.tf", "# expect: r-a-b\nresource \"x\" \"d\" {}\n");
  rules.write("r-a.Bad_Case.tf.d/main.tf", "resource \"x\" \"e\" {}\n");
  rules.write("r-a.file.tf.d", "resource \"x\" \"f\" {}\n");
  rules.write("r-a.tf.d.bak/main.tf", "resource \"x\" \"g\" {}\n");

  std::vector<Fixture> fixtures = find_fixtures(rule);  // sorted by path: r-a.tf, r-a.tf.d, r-a.two-calls.tf.d
  REQUIRE(fixtures.size() == 3);
  CHECK((fixtures[0].path == single && !fixtures[0].folder && fixtures[0].files == std::vector<std::string>{single}));
  CHECK((fixtures[0].annotations.size() == 1 && fixtures[0].annotations[0].path == single));

  const Fixture& two_calls = fixtures[2];
  CHECK((two_calls.path == (rules.dir / "r-a.two-calls.tf.d").generic_string() && two_calls.folder));
  CHECK(two_calls.platform == Platform::Terraform);
  CHECK(two_calls.text.empty());
  CHECK(two_calls.errors.empty());
  CHECK(two_calls.files == std::vector<std::string>{caller, module, vars});
  REQUIRE(two_calls.annotations.size() == 1);
  CHECK((two_calls.annotations[0].path == module && two_calls.annotations[0].line == 3 &&
         two_calls.annotations[0].address == "module.m.x.c"));

  const Fixture& plain = fixtures[1];
  CHECK((plain.path == (rules.dir / "r-a.tf.d").generic_string() && plain.files == std::vector<std::string>{root}));
  REQUIRE(plain.annotations.size() == 1);
  CHECK((plain.annotations[0].path == root && plain.annotations[0].line == 2));

  rules.write("r-a.empty.tf.d/README.md", "nothing to evaluate\n");
  fixtures = find_fixtures(rule);
  REQUIRE(fixtures.size() == 4);
  CHECK((fixtures[0].path == (rules.dir / "r-a.empty.tf.d").generic_string() && fixtures[0].errors.size() == 1));
}

TEST_CASE("files inside fixture folders are never loaded as rules", "[rules][fixtures]") {
  TempRuleFolder rules;
  std::string rule = rules.write("pack/svc/r-a.yaml", "id: r-a\n");
  rules.write("pack/svc/r-a.tf.d/config.yaml", "ports: [22]\n");
  rules.write("pack/svc/r-a.case.tf.d/modules/m/values.yaml", "size: 1\n");
  std::vector<RuleSource> sources = read_rule_directory(rules.dir.string());
  REQUIRE(sources.size() == 1);
  CHECK(sources[0].path == rule);
}

TEST_CASE("rule pages take their examples from single-file fixtures, not folders", "[rules][fixtures]") {
  Rule rule;
  rule.id = "r-a";
  rule.checks.emplace_back();  // a Terraform check
  Fixture folder;
  folder.path = "r-a.a.tf.d";  // sorts before the file
  folder.folder = true;
  folder.annotations = {{Kind::Expect, "r-a", "", "r-a.a.tf.d/main.tf", 1, 1}};
  Fixture file;
  file.path = "r-a.tf";
  file.text = "# expect: r-a\nresource \"x\" \"from_the_file\" {}\n";
  file.annotations = {{Kind::Expect, "r-a", "", "r-a.tf", 2, 1}};
  std::string page = render_rule_page(rule, {folder, file});
  CHECK_THAT(page, Catch::Contains("resource \"x\" \"from_the_file\" {}") && Catch::Contains("`r-a.tf`"));
  CHECK_THAT(page, !Catch::Contains("r-a.a.tf.d"));
}

TEST_CASE("excerpts show the whole block without annotations", "[rules][fixtures]") {
  Fixture tf;
  tf.platform = Platform::Terraform;
  tf.path = "x.tf";
  tf.text =
      "# expect: rule-a\n"
      "resource \"a\" \"b\" {\n"
      "  # expect: rule-a\n"
      "  enabled = false\n"
      "  nested {\n"
      "    x = 1\n"
      "  }\n"
      "}\n"
      "\n"
      "resource \"a\" \"c\" {}\n";
  const char* block = "resource \"a\" \"b\" {\n  enabled = false\n  nested {\n    x = 1\n  }\n}\n";
  CHECK(fixture_excerpt(tf, 4) == block);
  CHECK(fixture_excerpt(tf, 2) == block);
  CHECK(fixture_excerpt(tf, 10) == "resource \"a\" \"c\" {}\n");

  Fixture k8s;
  k8s.platform = Platform::Kubernetes;
  k8s.path = "x.k8s.yaml";
  k8s.text = "apiVersion: v1\nkind: Pod\n# expect: rule-a\nspec: {}\n---\napiVersion: v1\nkind: Service\n";
  CHECK(fixture_excerpt(k8s, 4) == "apiVersion: v1\nkind: Pod\nspec: {}\n");
  CHECK(fixture_excerpt(k8s, 7) == "apiVersion: v1\nkind: Service\n");

  Fixture cfn;
  cfn.platform = Platform::CloudFormation;
  cfn.path = "x.cfn.yaml";
  cfn.text =
      "AWSTemplateFormatVersion: \"2010-09-09\"\n"
      "Resources:\n"
      "  Bad:\n"
      "    Type: AWS::RDS::DBInstance\n"
      "    Properties:\n"
      "      StorageEncrypted: false\n"
      "  Good:\n"
      "    Type: AWS::RDS::DBInstance\n";
  CHECK(fixture_excerpt(cfn, 6) == "Bad:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    StorageEncrypted: false\n");
  CHECK(fixture_excerpt(cfn, 99).empty());

  Fixture json;
  json.platform = Platform::CloudFormation;
  json.path = "x.cfn.json";
  json.text =
      "{\n"
      "  \"Resources\": {\n"
      "    \"Bad\": {\n"
      "      \"Type\": \"AWS::RDS::DBInstance\",\n"
      "      \"Properties\": {\"StorageEncrypted\": false}\n"
      "    },\n"
      "    \"Good\": {\"Type\": \"AWS::RDS::DBInstance\"}\n"
      "  }\n"
      "}\n";
  CHECK(fixture_excerpt(json, 5) ==
        "\"Bad\": {\n  \"Type\": \"AWS::RDS::DBInstance\",\n"
        "  \"Properties\": {\"StorageEncrypted\": false}\n},\n");
  CHECK(fixture_excerpt(json, 7) == "\"Good\": {\"Type\": \"AWS::RDS::DBInstance\"}\n");
}

}  // namespace
}  // namespace vouch
