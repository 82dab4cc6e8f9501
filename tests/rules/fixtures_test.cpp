// Fixture annotations: comment forms, the sidecar for JSON, excerpts for the docs.
#include "rules/fixtures.h"

#include <catch2/catch.hpp>

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
