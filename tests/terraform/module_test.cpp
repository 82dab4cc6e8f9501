// Local modules: instantiated per call with their inputs, outputs flowing back,
// count/for_each on calls, cycles and the scan root.
#include <catch2/catch.hpp>

#include "terraform/module_harness.h"

using vouch::Value;
using vouch::test::evaluate;

TEST_CASE("a local module is instantiated with its inputs and its outputs flow back") {
  auto m = evaluate({
      {"main.tf",
       "module \"logs\" {\n"
       "  source    = \"./modules/bucket\"\n"
       "  name      = \"logs\"\n"
       "  encrypted = true\n"
       "}\n"
       "resource \"aws_s3_bucket_policy\" \"p\" {\n"
       "  bucket = module.logs.bucket_name\n"
       "  target = module.logs.bucket_id\n"
       "}\n"},
      {"modules/bucket/main.tf",
       "variable \"name\" {}\n"
       "variable \"encrypted\" {\n  default = false\n}\n"
       "resource \"aws_s3_bucket\" \"this\" {\n"
       "  bucket    = \"${var.name}-bucket\"\n"
       "  encrypted = var.encrypted\n"
       "}\n"
       "output \"bucket_name\" {\n  value = aws_s3_bucket.this.bucket\n}\n"
       "output \"bucket_id\" {\n  value = aws_s3_bucket.this.id\n}\n"},
  });
  const vouch::Resource* bucket = m.resource("module.logs.aws_s3_bucket.this");
  REQUIRE(bucket != nullptr);
  CHECK(bucket->module == "module.logs");
  CHECK(bucket->root == m.dir);
  CHECK(m.at("module.logs.aws_s3_bucket.this", "bucket").as_string() == "logs-bucket");
  Value encrypted = m.at("module.logs.aws_s3_bucket.this", "encrypted");
  CHECK(encrypted.as_bool() == true);
  REQUIRE(encrypted.origins().size() == 1);
  CHECK(encrypted.origins()[0].what == "module.logs input encrypted");
  CHECK(encrypted.origins()[0].range.start_line == 4);
  CHECK(m.at("aws_s3_bucket_policy.p", "bucket").as_string() == "logs-bucket");
  CHECK(m.at("aws_s3_bucket_policy.p", "target").is_unknown());
  // References through module outputs become edges into the module.
  auto edges = m.edges_from("aws_s3_bucket_policy.p");
  REQUIRE(edges.size() == 2);
  CHECK(m.target(*edges[0]) == "module.logs.aws_s3_bucket.this");
}

TEST_CASE("count and for_each on a module call give instance addresses") {
  auto m = evaluate({
      {"main.tf",
       "module \"db\" {\n"
       "  source = \"./db\"\n"
       "  count  = 2\n"
       "  index  = count.index\n"
       "}\n"
       "module \"vol\" {\n"
       "  source   = \"./db\"\n"
       "  for_each = toset([\"a\"])\n"
       "  index    = each.key\n"
       "}\n"},
      {"db/main.tf",
       "variable \"index\" {}\nresource \"aws_db_instance\" \"this\" {\n  identifier = \"db-${var.index}\"\n}\n"},
  });
  CHECK(m.at("module.db[0].aws_db_instance.this", "identifier").as_string() == "db-0");
  CHECK(m.at("module.db[1].aws_db_instance.this", "identifier").as_string() == "db-1");
  CHECK(m.at("module.vol[\"a\"].aws_db_instance.this", "identifier").as_string() == "db-a");
  CHECK(m.resource("module.db[1].aws_db_instance.this")->module == "module.db[1]");
}

TEST_CASE("a module that calls itself is a diagnostic, not a hang") {
  auto m = evaluate({
      {"main.tf", "module \"a\" {\n  source = \"./a\"\n}\n"},
      {"a/main.tf", "module \"again\" {\n  source = \"../a\"\n}\nresource \"test_thing\" \"t\" {}\n"},
  });
  auto cycles = m.diagnostics("module-cycle");
  REQUIRE(cycles.size() == 1);
  CHECK(cycles[0].message.find("calls itself") != std::string::npos);
  CHECK(m.resource("module.a.test_thing.t") != nullptr);
}

TEST_CASE("a module outside the scan root is not read") {
  auto m = evaluate({{"main.tf",
                      "module \"x\" {\n  source = \"../../elsewhere\"\n}\n"
                      "resource \"test_thing\" \"t\" {\n  v = module.x.out\n}\n"}});
  CHECK(m.diagnostics("module-outside-root").size() == 1);
  CHECK(m.at("test_thing.t", "v").is_unknown());
}

TEST_CASE("a registry module that terraform init did not download is a note; its outputs are unknown") {
  auto m = evaluate(
      "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n"
      "resource \"test_thing\" \"t\" {\n  v = module.vpc.vpc_id\n}\n");
  CHECK(m.at("test_thing.t", "v").is_unknown());
  auto notes = m.diagnostics("remote-module-not-downloaded");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].level == vouch::DiagnosticLevel::Note);
  CHECK(notes[0].message ==
        "remote module vpc (source terraform-aws-modules/vpc/aws) not downloaded; its outputs are unknown");
  CHECK(notes[0].range.start_line == 2);
}

TEST_CASE("modules downloaded by terraform init are read through .terraform/modules/modules.json") {
  auto m = evaluate({
      {"main.tf",
       "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.0.0\"\n  cidr = \"10.0.0.0/16\"\n}\n"
       "resource \"test_thing\" \"t\" {\n  v = module.vpc.cidr\n}\n"},
      {".terraform/modules/modules.json",
       "{\"Modules\":[{\"Key\":\"\",\"Source\":\"\",\"Dir\":\".\"},"
       "{\"Key\":\"vpc\",\"Source\":\"registry.terraform.io/terraform-aws-modules/vpc/aws\",\"Version\":\"5.0.0\","
       "\"Dir\":\".terraform/modules/vpc\"},"
       "{\"Key\":\"vpc.flow\",\"Source\":\"git::https://example.com/flow.git\",\"Dir\":\".terraform/modules/vpc.flow\"}]}"},
      {".terraform/modules/vpc/main.tf",
       "variable \"cidr\" {}\n"
       "resource \"aws_vpc\" \"this\" {\n  cidr_block = var.cidr\n}\n"
       "module \"flow\" {\n  source = \"git::https://example.com/flow.git\"\n  vpc = aws_vpc.this.cidr_block\n}\n"
       "module \"missing\" {\n  source = \"git::https://example.com/missing.git\"\n}\n"
       "output \"cidr\" {\n  value = aws_vpc.this.cidr_block\n}\n"},
      {".terraform/modules/vpc.flow/main.tf",
       "variable \"vpc\" {}\nresource \"aws_flow_log\" \"this\" {\n  vpc = var.vpc\n}\n"},
  });
  CHECK(m.at("module.vpc.aws_vpc.this", "cidr_block").as_string() == "10.0.0.0/16");
  CHECK(m.at("test_thing.t", "v").as_string() == "10.0.0.0/16");
  // Nested calls are found by their dotted key.
  CHECK(m.at("module.vpc.module.flow.aws_flow_log.this", "vpc").as_string() == "10.0.0.0/16");
  auto notes = m.diagnostics("remote-module-not-downloaded");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].message.find("remote module missing") == 0);
}

TEST_CASE("module arguments are evaluated when read, so two modules may use each other's outputs") {
  auto m = evaluate({
      {"main.tf",
       "resource \"aws_kms_key\" \"k\" {}\n"
       "module \"a\" {\n  source = \"./m\"\n  name = \"a\"\n  peer = module.b.name\n  key = aws_kms_key.k.arn\n}\n"
       "module \"b\" {\n  source = \"./m\"\n  name = \"b\"\n  peer = module.a.name\n  key = null\n}\n"},
      {"m/main.tf",
       "variable \"name\" {}\nvariable \"peer\" {}\nvariable \"key\" {}\n"
       "resource \"test_thing\" \"t\" {\n  peer = var.peer\n  kms_key_id = var.key\n}\n"
       "output \"name\" {\n  value = var.name\n}\n"},
  });
  CHECK(m.diagnostics("reference-cycle").empty());
  CHECK(m.at("module.a.test_thing.t", "peer").as_string() == "b");
  CHECK(m.at("module.b.test_thing.t", "peer").as_string() == "a");
  // A module's resource that receives a reference through an argument gets the edge.
  auto edges = m.edges_from("module.a.test_thing.t");
  REQUIRE(edges.size() == 1);
  CHECK(m.target(*edges[0]) == "aws_kms_key.k");
  CHECK(edges[0]->path == "kms_key_id");
}

TEST_CASE("a null argument for a variable with nullable = false takes the default") {
  auto m = evaluate({
      {"main.tf", "module \"m\" {\n  source = \"./m\"\n  create = null\n  name = null\n}\n"},
      {"m/main.tf",
       "variable \"create\" {\n  default = true\n  nullable = false\n}\n"
       "variable \"name\" {\n  default = \"d\"\n}\n"
       "resource \"test_thing\" \"t\" {\n  create = var.create\n  name = var.name\n}\n"},
  });
  CHECK(m.at("module.m.test_thing.t", "create").as_bool() == true);
  CHECK(m.at("module.m.test_thing.t", "name").is_null());
}

TEST_CASE("provenance through a module input: tfvars, root variable, module argument, module variable") {
  auto m = evaluate({
      {"main.tf",
       "variable \"encrypted\" {\n  type = bool\n}\n"
       "module \"db\" {\n"
       "  source            = \"./db\"\n"
       "  storage_encrypted = var.encrypted\n"
       "}\n"},
      {"terraform.tfvars", "\n\nencrypted = false\n"},
      {"db/main.tf",
       "variable \"storage_encrypted\" {\n  type = bool\n  default = true\n}\n"
       "resource \"aws_db_instance\" \"this\" {\n  storage_encrypted = var.storage_encrypted\n}\n"},
  });
  Value v = m.at("module.db.aws_db_instance.this", "storage_encrypted");
  REQUIRE(v.is_bool());
  CHECK(v.as_bool() == false);
  // The value points at the attribute inside the module…
  CHECK(v.range().path() == m.dir + "/db/main.tf");
  CHECK(v.range().start_line == 6);
  // …and its origins lead back, use first: the call's argument, then the tfvars line.
  REQUIRE(v.origins().size() == 2);
  CHECK(v.origins()[0].what == "module.db input storage_encrypted");
  CHECK(v.origins()[0].range.path() == m.dir + "/main.tf");
  CHECK(v.origins()[0].range.start_line == 6);
  CHECK(v.origins()[0].range.start_col == 3);
  CHECK(v.origins()[1].what == "var.encrypted (terraform.tfvars)");
  CHECK(v.origins()[1].range.path() == m.dir + "/terraform.tfvars");
  CHECK(v.origins()[1].range.start_line == 3);
}

TEST_CASE("a reference to a module output gets an edge to the resource the output refers to") {
  auto m = evaluate({
      {"main.tf",
       "module \"x\" {\n  source = \"./bucket\"\n}\n"
       "module \"keyed\" {\n  source = \"./bucket\"\n  for_each = toset([\"a\", \"b\"])\n}\n"
       "module \"outer\" {\n  source = \"./outer\"\n}\n"
       "resource \"aws_s3_bucket_public_access_block\" \"pab\" {\n"
       "  bucket = module.x.bucket_id\n"
       "  other  = module.keyed[\"b\"].bucket_id\n"
       "  nested = module.outer.inner_bucket_id\n"
       "}\n"},
      {"bucket/main.tf",
       "resource \"aws_s3_bucket\" \"this\" {}\n"
       "resource \"aws_kms_key\" \"unrelated\" {}\n"
       "output \"bucket_id\" {\n  value = aws_s3_bucket.this.id\n}\n"},
      {"outer/main.tf",
       "module \"inner\" {\n  source = \"../bucket\"\n}\n"
       "output \"inner_bucket_id\" {\n  value = module.inner.bucket_id\n}\n"},
  });
  std::vector<std::pair<std::string, std::string>> found;
  for (const vouch::Edge* e : m.edges_from("aws_s3_bucket_public_access_block.pab"))
    found.emplace_back(e->path, m.target(*e));
  std::sort(found.begin(), found.end());
  std::vector<std::pair<std::string, std::string>> expected = {
      {"bucket", "module.x.aws_s3_bucket.this"},
      {"nested", "module.outer.module.inner.aws_s3_bucket.this"},
      {"other", "module.keyed[\"b\"].aws_s3_bucket.this"},
  };
  CHECK(found == expected);
}

TEST_CASE("suppressions reach module resources: from the call, and from the module's own comments") {
  auto m = evaluate({
      {"main.tf",
       "// vouch:ignore aws-rds-storage-unencrypted reason=\"legacy reporting database\"\n"
       "module \"legacy\" {\n  source = \"./modules/db\"\n}\n"
       "module \"current\" {\n  source = \"./modules/db\"\n}\n"},
      {"modules/db/main.tf",
       "resource \"aws_db_instance\" \"this\" {\n"
       "  engine = \"postgres\"\n"
       "  # vouch:ignore aws-rds-instance-publicly-accessible reason=\"behind a proxy\"\n"
       "  publicly_accessible = true\n"
       "}\n"},
  });
  const vouch::Resource* legacy = m.resource("module.legacy.aws_db_instance.this");
  const vouch::Resource* current = m.resource("module.current.aws_db_instance.this");
  REQUIRE(legacy != nullptr);
  REQUIRE(current != nullptr);
  auto ids = [](const vouch::Resource& r) {
    std::vector<std::string> out;
    for (const auto& s : r.suppressions) out.push_back(s.rule_id + "@" + s.attribute);
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(ids(*legacy) == std::vector<std::string>{"aws-rds-instance-publicly-accessible@publicly_accessible",
                                                 "aws-rds-storage-unencrypted@"});
  CHECK(ids(*current) == std::vector<std::string>{"aws-rds-instance-publicly-accessible@publicly_accessible"});
}
