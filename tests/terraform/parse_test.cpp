// Parsing: resources, ranges, nested blocks and syntax errors.
#include <catch2/catch.hpp>

#include "frontends/terraform/terraform.h"
#include "terraform/module_harness.h"

using vouch::Value;
using vouch::test::evaluate;

TEST_CASE("a resource gets its type, address, block range and header") {
  auto m = evaluate(
      "# leading comment\n"
      "resource \"aws_s3_bucket\" \"logs\" {\n"
      "  bucket = \"my-logs\"\n"
      "}\n");
  const vouch::Resource* r = m.resource("aws_s3_bucket.logs");
  REQUIRE(r != nullptr);
  CHECK(r->type == "aws_s3_bucket");
  CHECK_FALSE(r->data_source);
  CHECK(r->module.empty());
  CHECK(r->root == m.dir);
  CHECK(r->range.start_line == 2);
  CHECK(r->range.start_col == 1);
  CHECK(r->range.end_line == 4);
  CHECK(r->range.end_col == 2);
  CHECK(r->header.start_line == 2);
  CHECK(r->header.end_line == 2);
  CHECK(r->header.end_col == 34);  // one past the `{` in column 33
  CHECK(r->range.path() == m.dir + "/main.tf");
}

TEST_CASE("an attribute member spans `name = value` and its value spans the expression") {
  auto m = evaluate(
      "resource \"aws_s3_bucket\" \"b\" {\n"
      "  bucket    = \"x\"\n"
      "}\n");
  const vouch::Member* member = m.resource("aws_s3_bucket.b")->attributes.find("bucket");
  REQUIRE(member != nullptr);
  CHECK(member->range.start_line == 2);
  CHECK(member->range.start_col == 3);
  CHECK(member->range.end_col == 18);
  CHECK(member->value.range().start_col == 15);
  CHECK(member->value.range().end_col == 18);
  CHECK(member->value.as_string() == "x");
}

TEST_CASE("nested blocks become lists of objects in the order written") {
  auto m = evaluate(
      "resource \"aws_security_group\" \"sg\" {\n"
      "  name = \"web\"\n"
      "  ingress {\n"
      "    from_port = 443\n"
      "    cidr_blocks = [\"0.0.0.0/0\"]\n"
      "  }\n"
      "  ingress {\n"
      "    from_port = 22\n"
      "  }\n"
      "  egress {\n"
      "    to_port = 0\n"
      "  }\n"
      "}\n");
  Value ingress = m.at("aws_security_group.sg", "ingress");
  REQUIRE(ingress.is_list());
  REQUIRE(ingress.as_list().size() == 2);
  CHECK(m.at("aws_security_group.sg", "ingress.0.from_port").as_number() == 443);
  CHECK(m.at("aws_security_group.sg", "ingress.1.from_port").as_number() == 22);
  CHECK(m.at("aws_security_group.sg", "ingress.0.cidr_blocks.0").as_string() == "0.0.0.0/0");
  CHECK(m.at("aws_security_group.sg", "egress.0.to_port").as_number() == 0);
  const vouch::Member* member = m.resource("aws_security_group.sg")->attributes.find("ingress");
  REQUIRE(member != nullptr);
  CHECK(member->range.start_line == 3);
  CHECK(ingress.as_list()[1].range().start_line == 7);
  CHECK(ingress.as_list()[1].range().end_line == 9);
}

TEST_CASE("data sources are resources with data_source set") {
  auto m = evaluate("data \"aws_iam_policy_document\" \"p\" {\n  statement {\n    actions = [\"s3:*\"]\n  }\n}\n");
  const vouch::Resource* r = m.resource("data.aws_iam_policy_document.p");
  REQUIRE(r != nullptr);
  CHECK(r->data_source);
  CHECK(r->type == "aws_iam_policy_document");
  CHECK(m.at("data.aws_iam_policy_document.p", "statement.0.actions.0").as_string() == "s3:*");
}

TEST_CASE("a syntax error is reported with line and column and the rest of the file is evaluated") {
  auto m = evaluate(
      "resource \"aws_s3_bucket\" \"a\" {\n"
      "  bucket = \"a\"\n"
      "}\n"
      "\n"
      "resource \"aws_s3_bucket\" \"broken\" {\n"
      "  bucket = = \"oops\"\n"
      "}\n"
      "\n"
      "resource \"aws_kms_key\" \"k\" {\n"
      "  enable_key_rotation = true\n"
      "}\n");
  auto errors = m.diagnostics("syntax-error");
  REQUIRE_FALSE(errors.empty());
  CHECK(errors[0].level == vouch::DiagnosticLevel::Error);
  CHECK(errors[0].range.start_line == 6);
  CHECK(errors[0].range.start_col >= 3);
  CHECK(errors[0].path == m.dir + "/main.tf");
  CHECK(m.at("aws_s3_bucket.a", "bucket").as_string() == "a");
  CHECK(m.at("aws_kms_key.k", "enable_key_rotation").as_bool() == true);
}

TEST_CASE("an unclosed block is a syntax error, not a crash") {
  auto m = evaluate("resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a\"\n");
  CHECK_FALSE(m.diagnostics("syntax-error").empty());
}

TEST_CASE("parse_only counts syntax errors") {
  CHECK(vouch::terraform::parse_only("a = 1\n") == 0);
  CHECK(vouch::terraform::parse_only("a = = 1\n") >= 1);
}

TEST_CASE("hostile nesting is bounded by a diagnostic") {
  std::string deep = "a = " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  auto m = evaluate({{"main.tf", "locals {\n" + deep + "}\n"}});
  CHECK(m.fragment.resources.empty());  // and no stack overflow
}
