// Regression tests for Terraform evaluation failures reported against peer scanners
// (issue #3). Each case is named after the report it reproduces; the Terraform in it is
// a minimal form of the report's example, written for this test.
#include <catch2/catch.hpp>

#include "terraform/module_harness.h"

using vouch::Value;
using vouch::test::evaluate;

TEST_CASE("checkov#2004: dynamic blocks are expanded") {
  auto m = evaluate(
      "variable \"rules\" {\n"
      "  default = [{ port = 22, cidr = \"10.0.0.0/8\" }, { port = 443, cidr = \"0.0.0.0/0\" }]\n"
      "}\n"
      "resource \"aws_security_group\" \"sg\" {\n"
      "  dynamic \"ingress\" {\n"
      "    for_each = var.rules\n"
      "    content {\n"
      "      from_port   = ingress.value.port\n"
      "      cidr_blocks = [ingress.value.cidr]\n"
      "    }\n"
      "  }\n"
      "}\n");
  Value ingress = m.at("aws_security_group.sg", "ingress");
  REQUIRE(ingress.is_list());
  REQUIRE(ingress.as_list().size() == 2);
  CHECK(m.at("aws_security_group.sg", "ingress.0.from_port").as_number() == 22);
  CHECK(m.at("aws_security_group.sg", "ingress.1.from_port").as_number() == 443);
  CHECK(m.at("aws_security_group.sg", "ingress.1.cidr_blocks.0").as_string() == "0.0.0.0/0");
}

TEST_CASE("checkov#7503: for_each over a for expression") {
  auto m = evaluate(
      "locals {\n"
      "  buckets = [{ name = \"logs\", public = false }, { name = \"web\", public = true }]\n"
      "}\n"
      "resource \"aws_s3_bucket\" \"b\" {\n"
      "  for_each = { for b in local.buckets : b.name => b if b.name != \"\" }\n"
      "  bucket   = each.key\n"
      "  acl      = each.value.public ? \"public-read\" : \"private\"\n"
      "}\n");
  CHECK(m.at("aws_s3_bucket.b[\"logs\"]", "acl").as_string() == "private");
  CHECK(m.at("aws_s3_bucket.b[\"web\"]", "acl").as_string() == "public-read");
  CHECK(m.at("aws_s3_bucket.b[\"web\"]", "bucket").as_string() == "web");
}

TEST_CASE("tfsec#1641: module outputs read through try()") {
  auto m = evaluate({
      {"main.tf",
       "module \"kms\" {\n  source = \"./kms\"\n}\n"
       "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"e\" {\n"
       "  algorithm = try(module.kms.algorithm, \"AES256\")\n"
       "  missing   = try(module.kms.not_an_output.x, \"fallback\")\n"
       "}\n"},
      {"kms/main.tf", "output \"algorithm\" {\n  value = \"aws:kms\"\n}\n"},
  });
  CHECK(m.at("aws_s3_bucket_server_side_encryption_configuration.e", "algorithm").as_string() == "aws:kms");
  // An output the module does not have is unknown: try() cannot know it would fail.
  CHECK(m.at("aws_s3_bucket_server_side_encryption_configuration.e", "missing").is_unknown());
}

TEST_CASE("tfsec#1948: variable defaults inside modules are seen") {
  auto m = evaluate({
      {"main.tf", "module \"db\" {\n  source = \"./db\"\n}\n"},
      {"db/main.tf",
       "variable \"encrypted\" {\n  type = bool\n  default = true\n}\n"
       "resource \"aws_db_instance\" \"this\" {\n  storage_encrypted = var.encrypted\n}\n"},
  });
  Value v = m.at("module.db.aws_db_instance.this", "storage_encrypted");
  REQUIRE(v.is_bool());
  CHECK(v.as_bool() == true);
}

TEST_CASE("trivy#10926: sibling module instances are evaluated with their own inputs") {
  auto m = evaluate({
      {"main.tf",
       "module \"public\" {\n  source = \"./bucket\"\n  acl = \"public-read\"\n}\n"
       "module \"private\" {\n  source = \"./bucket\"\n}\n"
       "module \"other\" {\n  source = \"./bucket\"\n  acl = \"authenticated-read\"\n}\n"},
      {"bucket/main.tf",
       "variable \"acl\" {\n  default = \"private\"\n}\n"
       "resource \"aws_s3_bucket_acl\" \"this\" {\n  acl = var.acl\n}\n"},
  });
  CHECK(m.at("module.public.aws_s3_bucket_acl.this", "acl").as_string() == "public-read");
  CHECK(m.at("module.private.aws_s3_bucket_acl.this", "acl").as_string() == "private");
  CHECK(m.at("module.other.aws_s3_bucket_acl.this", "acl").as_string() == "authenticated-read");
}

TEST_CASE("trivy#8685: missing inputs are unknown, never empty or false") {
  auto m = evaluate({
      {"main.tf",
       "variable \"encrypted\" {\n  type = bool\n}\n"
       "variable \"name\" {\n  type = string\n}\n"
       "resource \"aws_ebs_volume\" \"v\" {\n"
       "  encrypted = var.encrypted\n"
       "  name      = var.name\n"
       "  negated   = !var.encrypted\n"
       "  joined    = \"vol-${var.name}\"\n"
       "}\n"
       "module \"m\" {\n  source = \"./m\"\n}\n"},
      {"m/main.tf", "variable \"kms\" {}\nresource \"aws_ebs_volume\" \"w\" {\n  kms_key_id = var.kms\n}\n"},
  });
  for (const char* path : {"encrypted", "name", "negated", "joined"}) {
    INFO(path);
    CHECK(m.at("aws_ebs_volume.v", path).is_unknown());
  }
  Value kms = m.at("module.m.aws_ebs_volume.w", "kms_key_id");
  REQUIRE(kms.is_unknown());
  CHECK(kms.unknown_reason() == "var.kms has no value");
}

TEST_CASE("KICS: locals are evaluated") {
  auto m = evaluate(
      "locals {\n"
      "  env        = \"prod\"\n"
      "  name       = \"${local.env}-data\"\n"
      "  encryption = { enabled = local.env == \"prod\" }\n"
      "}\n"
      "resource \"aws_s3_bucket\" \"b\" {\n"
      "  bucket  = local.name\n"
      "  enabled = local.encryption.enabled\n"
      "}\n");
  CHECK(m.at("aws_s3_bucket.b", "bucket").as_string() == "prod-data");
  CHECK(m.at("aws_s3_bucket.b", "enabled").as_bool() == true);
}
