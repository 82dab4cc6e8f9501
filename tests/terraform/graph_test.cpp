// Edges between resources, count/for_each instances, dynamic blocks and inline
// suppressions.
#include <catch2/catch.hpp>

#include "terraform/module_harness.h"

using vouch::Value;
using vouch::test::evaluate;

TEST_CASE("a reference from an attribute creates an edge with the attribute's path") {
  auto m = evaluate(
      "resource \"aws_s3_bucket\" \"y\" {\n"
      "  bucket = \"data\"\n"
      "}\n"
      "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"x\" {\n"
      "  bucket = aws_s3_bucket.y.id\n"
      "  rule {\n"
      "    apply_server_side_encryption_by_default {\n"
      "      kms_master_key_id = aws_kms_key.k.arn\n"
      "    }\n"
      "  }\n"
      "}\n"
      "resource \"aws_kms_key\" \"k\" {}\n");
  auto edges = m.edges_from("aws_s3_bucket_server_side_encryption_configuration.x");
  REQUIRE(edges.size() == 2);
  CHECK(m.target(*edges[0]) == "aws_s3_bucket.y");
  CHECK(edges[0]->path == "bucket");
  CHECK(edges[0]->range.start_line == 5);
  CHECK(m.target(*edges[1]) == "aws_kms_key.k");
  CHECK(edges[1]->path == "rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id");
  // The referenced id is computed by the provider.
  CHECK(m.at("aws_s3_bucket_server_side_encryption_configuration.x", "bucket").is_unknown());
}

TEST_CASE("references inside lists of nested blocks get indexed paths") {
  auto m = evaluate(
      "resource \"aws_security_group\" \"lb\" {}\n"
      "resource \"aws_security_group\" \"app\" {\n"
      "  ingress {\n"
      "    from_port = 80\n"
      "  }\n"
      "  ingress {\n"
      "    security_groups = [aws_security_group.lb.id]\n"
      "  }\n"
      "}\n");
  auto edges = m.edges_from("aws_security_group.app");
  REQUIRE(edges.size() == 1);
  CHECK(edges[0]->path == "ingress[1].security_groups");
  CHECK(m.target(*edges[0]) == "aws_security_group.lb");
}

TEST_CASE("references through locals still create edges from the resource that uses them") {
  auto m = evaluate(
      "resource \"aws_s3_bucket\" \"b\" {}\n"
      "locals {\n"
      "  bucket_id = aws_s3_bucket.b.id\n"
      "}\n"
      "resource \"aws_s3_bucket_versioning\" \"v\" {\n"
      "  bucket = local.bucket_id\n"
      "}\n"
      "resource \"aws_s3_bucket_logging\" \"l\" {\n"
      "  bucket = local.bucket_id\n"
      "}\n");
  for (const char* from : {"aws_s3_bucket_versioning.v", "aws_s3_bucket_logging.l"}) {
    auto edges = m.edges_from(from);
    REQUIRE(edges.size() == 1);
    CHECK(edges[0]->path == "bucket");
    CHECK(m.target(*edges[0]) == "aws_s3_bucket.b");
    CHECK(edges[0]->range.start_line == 3);  // where the reference is written
  }
}

TEST_CASE("data source references create edges too") {
  auto m = evaluate(
      "data \"aws_iam_policy_document\" \"p\" {}\n"
      "resource \"aws_s3_bucket_policy\" \"bp\" {\n"
      "  policy = data.aws_iam_policy_document.p.json\n"
      "}\n");
  auto edges = m.edges_from("aws_s3_bucket_policy.bp");
  REQUIRE(edges.size() == 1);
  CHECK(m.target(*edges[0]) == "data.aws_iam_policy_document.p");
  Value policy = m.at("aws_s3_bucket_policy.bp", "policy");
  REQUIRE(policy.is_unknown());
  CHECK(policy.unknown_reason() == "data.aws_iam_policy_document.p.json is read by the data source at apply time");
}

TEST_CASE("count expands to indexed instances and count = 0 makes none") {
  auto m = evaluate(
      "variable \"create\" {\n  default = true\n}\n"
      "resource \"aws_ebs_volume\" \"v\" {\n"
      "  count = 2\n"
      "  size  = 10 + count.index\n"
      "}\n"
      "resource \"aws_ebs_volume\" \"off\" {\n"
      "  count = var.create ? 0 : 1\n"
      "}\n"
      "resource \"test_thing\" \"t\" {\n"
      "  second = aws_ebs_volume.v[1].size\n"
      "  all    = aws_ebs_volume.v[*].size\n"
      "}\n");
  REQUIRE(m.resource("aws_ebs_volume.v[0]") != nullptr);
  REQUIRE(m.resource("aws_ebs_volume.v[1]") != nullptr);
  CHECK(m.resource("aws_ebs_volume.v") == nullptr);
  CHECK(m.at("aws_ebs_volume.v[1]", "size").as_number() == 11);
  CHECK(m.resource("aws_ebs_volume.off[0]") == nullptr);
  CHECK(m.resource("aws_ebs_volume.off") == nullptr);
  CHECK(m.at("test_thing.t", "second").as_number() == 11);
  Value all = m.at("test_thing.t", "all");
  REQUIRE(all.as_list().size() == 2);
  CHECK(all.as_list()[0].as_number() == 10);
  auto edges = m.edges_from("test_thing.t");
  REQUIRE(edges.size() == 3);  // second → v[1]; all → v[0], v[1]
}

TEST_CASE("for_each expands to keyed instances with each.key and each.value") {
  auto m = evaluate(
      "resource \"aws_ebs_volume\" \"x\" {\n"
      "  for_each  = { cache = 10, data = 20 }\n"
      "  size      = each.value\n"
      "  encrypted = each.key == \"data\"\n"
      "}\n"
      "resource \"aws_iam_user\" \"u\" {\n"
      "  for_each = toset([\"bob\", \"alice\"])\n"
      "  name     = each.key\n"
      "}\n");
  CHECK(m.at("aws_ebs_volume.x[\"cache\"]", "size").as_number() == 10);
  CHECK(m.at("aws_ebs_volume.x[\"cache\"]", "encrypted").as_bool() == false);
  CHECK(m.at("aws_ebs_volume.x[\"data\"]", "encrypted").as_bool() == true);
  CHECK(m.at("aws_iam_user.u[\"alice\"]", "name").as_string() == "alice");
  CHECK(m.at("aws_iam_user.u[\"bob\"]", "name").as_string() == "bob");
}

TEST_CASE("an unknown count keeps one representative instance with unknowns") {
  auto m = evaluate(
      "variable \"n\" {}\n"
      "resource \"aws_ebs_volume\" \"v\" {\n"
      "  count     = var.n\n"
      "  encrypted = true\n"
      "  name      = \"v-${count.index}\"\n"
      "}\n");
  REQUIRE(m.fragment.resources.size() == 1);
  CHECK(m.fragment.resources[0].address == "aws_ebs_volume.v");
  CHECK(m.at("aws_ebs_volume.v", "encrypted").as_bool() == true);
  CHECK(m.at("aws_ebs_volume.v", "name").is_unknown());
}

TEST_CASE("dynamic blocks expand into nested blocks") {
  auto m = evaluate(
      "locals {\n"
      "  ports = [22, 443]\n"
      "}\n"
      "resource \"aws_security_group\" \"sg\" {\n"
      "  ingress {\n"
      "    from_port = 80\n"
      "  }\n"
      "  dynamic \"ingress\" {\n"
      "    for_each = local.ports\n"
      "    content {\n"
      "      from_port = ingress.value\n"
      "      note      = \"rule ${ingress.key}\"\n"
      "    }\n"
      "  }\n"
      "  dynamic \"egress\" {\n"
      "    for_each = { all = \"0.0.0.0/0\" }\n"
      "    iterator = rule\n"
      "    content {\n"
      "      cidr_blocks = [rule.value]\n"
      "    }\n"
      "  }\n"
      "}\n");
  Value ingress = m.at("aws_security_group.sg", "ingress");
  REQUIRE(ingress.as_list().size() == 3);
  CHECK(m.at("aws_security_group.sg", "ingress.0.from_port").as_number() == 80);
  CHECK(m.at("aws_security_group.sg", "ingress.2.from_port").as_number() == 443);
  CHECK(m.at("aws_security_group.sg", "ingress.2.note").as_string() == "rule 1");
  CHECK(m.at("aws_security_group.sg", "egress.0.cidr_blocks.0").as_string() == "0.0.0.0/0");
}

TEST_CASE("inline suppressions above a resource and above an attribute are recorded") {
  auto m = evaluate(
      "# vouch:ignore aws-s3-bucket-unencrypted reason=\"public website\" expires=2027-01-31\n"
      "resource \"aws_s3_bucket\" \"site\" {\n"
      "  # vouch:ignore aws-s3-bucket-no-logging\n"
      "  bucket = \"site\"\n"
      "}\n"
      "\n"
      "# vouch:ignore some-rule reason=\"detached\"\n"
      "\n"
      "resource \"aws_s3_bucket\" \"other\" {}\n");
  const vouch::Resource* site = m.resource("aws_s3_bucket.site");
  REQUIRE(site != nullptr);
  REQUIRE(site->suppressions.size() == 2);
  CHECK(site->suppressions[0].rule_id == "aws-s3-bucket-unencrypted");
  CHECK(site->suppressions[0].reason == "public website");
  CHECK(site->suppressions[0].expires == "2027-01-31");
  CHECK(site->suppressions[0].attribute.empty());
  CHECK(site->suppressions[0].range.start_line == 1);
  CHECK(site->suppressions[1].rule_id == "aws-s3-bucket-no-logging");
  CHECK(site->suppressions[1].reason.empty());
  CHECK(site->suppressions[1].attribute == "bucket");
  // A blank line separates the comment from the block: it does not apply.
  CHECK(m.resource("aws_s3_bucket.other")->suppressions.empty());
}

TEST_CASE("a malformed suppression is recorded with its parse error") {
  auto m = evaluate(
      "resource \"aws_s3_bucket\" \"b\" {\n"
      "  # vouch:ignore\n"
      "  bucket = \"b\"\n"
      "}\n");
  const vouch::Resource* b = m.resource("aws_s3_bucket.b");
  REQUIRE(b->suppressions.size() == 1);
  CHECK(b->suppressions[0].attribute == "bucket");
  CHECK_FALSE(b->suppressions[0].parse_error.empty());
}
