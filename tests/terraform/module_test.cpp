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

TEST_CASE("outputs of registry modules are unknown without a diagnostic") {
  auto m = evaluate(
      "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n"
      "resource \"test_thing\" \"t\" {\n  v = module.vpc.vpc_id\n}\n");
  CHECK(m.at("test_thing.t", "v").is_unknown());
  CHECK(m.fragment.diagnostics.empty());
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
