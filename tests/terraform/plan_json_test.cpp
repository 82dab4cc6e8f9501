// Terraform plan and state JSON (`terraform show -json`) as input: detection,
// addresses, known-after-apply values, edges from the configuration's references,
// and locations in the JSON or, when the configuration is beside it, in the .tf text.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <set>
#include <string>

#include "frontends/terraform/terraform.h"
#include "frontends/yaml/yaml.h"

namespace {

using vouch::Edge;
using vouch::GraphFragment;
using vouch::Resource;
using vouch::SourceFiles;
using vouch::Value;
namespace fs = std::filesystem;
namespace terraform = vouch::terraform;

const fs::path kFixtures = fs::path(VOUCH_SOURCE_DIR) / "fixtures" / "terraform" / "plan";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Value parse_json(const std::string& text) {
  SourceFiles sources;
  const vouch::yaml::Stream stream = vouch::yaml::load(*sources.add("doc.json", text));
  REQUIRE(stream.documents.size() == 1);
  return stream.documents[0].root;
}

// A loaded plan with the sources its ranges point into.
struct Loaded {
  std::unique_ptr<SourceFiles> sources = std::make_unique<SourceFiles>();
  const vouch::SourceFile* file = nullptr;
  GraphFragment fragment;

  const Resource& resource(const std::string& address) const {
    for (const Resource& r : fragment.resources) {
      if (r.address == address) return r;
    }
    FAIL("no resource " << address);
    throw std::logic_error("unreachable");
  }
  uint32_t index_of(const std::string& address) const {
    for (size_t i = 0; i < fragment.resources.size(); ++i) {
      if (fragment.resources[i].address == address) return static_cast<uint32_t>(i);
    }
    FAIL("no resource " << address);
    return 0;
  }
  // "path -> target" for every edge leaving `address`.
  std::set<std::string> edges_from(const std::string& address) const {
    std::set<std::string> out;
    const uint32_t from = index_of(address);
    for (const Edge& e : fragment.edges) {
      if (e.from == from) out.insert(e.path + " -> " + fragment.resources[e.to].address);
    }
    return out;
  }
};

// Loads `text` as the file `path` (which need not exist: then no .tf files are found).
Loaded load(const std::string& path, std::string text) {
  Loaded out;
  out.file = out.sources->add(path, std::move(text));
  const vouch::yaml::Stream stream = vouch::yaml::load(*out.file);
  REQUIRE(stream.diagnostics.empty());
  REQUIRE(stream.documents.size() == 1);
  REQUIRE(terraform::is_plan_json(stream.documents[0].root));
  out.fragment = terraform::load_plan_json(*out.file, stream.documents[0].root, *out.sources);
  return out;
}

Loaded load_fixture(const std::string& relative) {
  const fs::path path = kFixtures / relative;
  return load(path.generic_string(), read_file(path));
}

// The same fixture text under a path with no .tf files beside it.
Loaded load_detached(const std::string& relative) {
  return load("detached/" + relative, read_file(kFixtures / relative));
}

// 1-based line of the `occurrence`-th line containing `needle`.
uint32_t line_of(const std::string& text, const std::string& needle, int occurrence = 1) {
  uint32_t line = 1;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (std::string_view(text).substr(start, end - start).find(needle) != std::string_view::npos && --occurrence == 0) {
      return line;
    }
    start = end + 1;
    ++line;
  }
  FAIL("no line with " << needle);
  return 0;
}

}  // namespace

TEST_CASE("plan and state JSON are told apart from other JSON documents") {
  CHECK(terraform::is_plan_json(
      parse_json(R"({"format_version": "1.2", "terraform_version": "1.5.7", "planned_values": {"root_module": {}}})")));
  CHECK(terraform::is_plan_json(
      parse_json(R"({"format_version": "1.0", "terraform_version": "1.5.7", "values": {"root_module": {}}})")));
  // Provider schemas (`terraform providers schema -json`) are not a plan.
  CHECK_FALSE(terraform::is_plan_json(parse_json(R"({"format_version": "1.0", "provider_schemas": {}})")));
  // A raw state file (terraform.tfstate) has `version`, not `format_version`.
  CHECK_FALSE(terraform::is_plan_json(
      parse_json(R"({"version": 4, "terraform_version": "1.5.7", "serial": 3, "resources": []})")));
  CHECK_FALSE(terraform::is_plan_json(
      parse_json(R"({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket"}}})")));
  CHECK_FALSE(terraform::is_plan_json(parse_json(R"({"name": "app", "version": "1.0.0", "values": {}})")));
  CHECK_FALSE(terraform::is_plan_json(parse_json(R"(["format_version", "terraform_version"])")));
}

TEST_CASE("plan resources keep Terraform's addresses, module instances and data mode") {
  const Loaded plan = load_detached("modules/plan.json");
  std::set<std::string> addresses;
  for (const Resource& r : plan.fragment.resources) addresses.insert(r.address);
  CHECK(addresses == std::set<std::string>{
                         "aws_s3_bucket.data[\"a\"]",
                         "aws_s3_bucket.data[\"b\"]",
                         "aws_s3_bucket_versioning.data[\"a\"]",
                         "aws_s3_bucket_versioning.data[\"b\"]",
                         "data.aws_caller_identity.current",
                         "module.db[0].aws_db_instance.this[0]",
                         "module.db[0].aws_db_subnet_group.this",
                     });
  const Resource& db = plan.resource("module.db[0].aws_db_instance.this[0]");
  CHECK(db.type == "aws_db_instance");
  CHECK(db.platform == vouch::Platform::Terraform);
  CHECK(db.module == "module.db[0]");
  CHECK(db.root == "detached/modules/plan.json");
  CHECK_FALSE(db.data_source);
  CHECK(plan.resource("aws_s3_bucket.data[\"a\"]").module.empty());
  const Resource& identity = plan.resource("data.aws_caller_identity.current");
  CHECK(identity.data_source);
  CHECK(identity.type == "aws_caller_identity");
  CHECK(plan.fragment.diagnostics.empty());
}

TEST_CASE("plan values become attributes; nulls are unset and after_unknown is unknown") {
  const Loaded plan = load_detached("modules/plan.json");
  const Resource& db = plan.resource("module.db[0].aws_db_instance.this[0]");
  REQUIRE(db.attributes.get("storage_encrypted"));
  CHECK(db.attributes.get("storage_encrypted")->is_bool());
  CHECK_FALSE(db.attributes.get("storage_encrypted")->as_bool());
  CHECK(db.attributes.get("allocated_storage")->as_number() == 20);
  // `"replicate_source_db": null` is an unset argument, as in HCL.
  CHECK(db.attributes.get("replicate_source_db") == nullptr);
  // Left out of `values` and marked in after_unknown: known after apply, not missing.
  REQUIRE(db.attributes.get("kms_key_id"));
  CHECK(db.attributes.get("kms_key_id")->is_unknown());
  CHECK(db.attributes.get("kms_key_id")->unknown_reason() == "known after apply");

  const Resource& versioning = plan.resource("aws_s3_bucket_versioning.data[\"a\"]");
  REQUIRE(versioning.attributes.get("bucket"));
  CHECK(versioning.attributes.get("bucket")->is_unknown());
  // Nested blocks are lists of objects, as the HCL frontend writes them.
  const Value* config = versioning.attributes.get("versioning_configuration");
  REQUIRE(config);
  REQUIRE(config->as_list().size() == 1);
  CHECK(config->as_list()[0].get("status")->as_string() == "Enabled");
  CHECK(config->as_list()[0].get("mfa_delete") == nullptr);
}

TEST_CASE("sensitive values stay visible to rules and are marked as sensitive") {
  const Loaded plan = load_detached("e2e/plan.json");
  const Value* password = plan.resource("aws_db_instance.orders").attributes.get("password");
  REQUIRE(password);
  CHECK(password->as_string() == "not-a-real-password");
  REQUIRE(password->origins().size() == 1);
  CHECK(password->origins()[0].what == "sensitive value (plan JSON)");
  CHECK(password->origins()[0].range.start_line == line_of(plan.file->text, "\"password\": \"not-a-real"));
  // Located at the block header, not at the JSON line that shows the secret.
  const Resource& db = plan.resource("aws_db_instance.orders");
  CHECK(password->range().start_line == db.header.start_line);
  CHECK(db.attributes.find("password")->range.start_line == db.header.start_line);
  CHECK(db.attributes.get("username")->origins().empty());
  CHECK(db.attributes.find("username")->range.start_line == line_of(plan.file->text, "\"username\": \"app\""));
}

TEST_CASE("references in the configuration become edges inside the module instance") {
  const Loaded plan = load_detached("modules/plan.json");
  // `aws_s3_bucket.data[each.key].id`: the instance with the same key, not both.
  CHECK(plan.edges_from("aws_s3_bucket_versioning.data[\"a\"]") ==
        std::set<std::string>{"bucket -> aws_s3_bucket.data[\"a\"]"});
  CHECK(plan.edges_from("aws_s3_bucket_versioning.data[\"b\"]") ==
        std::set<std::string>{"bucket -> aws_s3_bucket.data[\"b\"]"});
  // Resolved in module.db's configuration, between instances of module.db[0].
  CHECK(plan.edges_from("module.db[0].aws_db_instance.this[0]") ==
        std::set<std::string>{"db_subnet_group_name -> module.db[0].aws_db_subnet_group.this"});
  CHECK(plan.edges_from("aws_s3_bucket.data[\"a\"]").empty());

  const Loaded e2e = load_detached("e2e/plan.json");
  CHECK(e2e.edges_from("aws_s3_bucket_server_side_encryption_configuration.logs") ==
        std::set<std::string>{"bucket -> aws_s3_bucket.logs"});
}

TEST_CASE("without the .tf files, resources and attributes point into the plan JSON") {
  const Loaded plan = load_detached("e2e/plan.json");
  const std::string& text = plan.file->text;
  const Resource& db = plan.resource("aws_db_instance.orders");
  CHECK(db.range.path() == "detached/e2e/plan.json");
  // The header is the `"values": {` line of the first resource of planned_values.
  CHECK(db.header.start_line == line_of(text, "\"values\": {"));
  CHECK(db.header.end_line == db.header.start_line);
  const vouch::Member* encrypted = db.attributes.find("storage_encrypted");
  REQUIRE(encrypted);
  CHECK(encrypted->range.path() == "detached/e2e/plan.json");
  CHECK(encrypted->range.start_line == line_of(text, "\"storage_encrypted\": false"));
  CHECK(encrypted->value.range().start_line == encrypted->range.start_line);
  // An unknown value has nothing written: it points at the header.
  const Value* address = db.attributes.get("address");
  REQUIRE(address);
  CHECK(address->range().start_line == db.header.start_line);
}

TEST_CASE("with the .tf files beside the plan, locations point at the configuration") {
  const Loaded plan = load_fixture("modules/plan.json");
  const std::string module_tf =
      (kFixtures / "modules" / "modules" / "db" / "main.tf").lexically_normal().generic_string();
  const std::string root_tf = (kFixtures / "modules" / "main.tf").lexically_normal().generic_string();

  // A local module call's resources are found under its `source` folder.
  const Resource& db = plan.resource("module.db[0].aws_db_instance.this[0]");
  CHECK(db.header.path() == module_tf);
  CHECK(db.header.start_line == 6);
  CHECK(db.range.start_line == 6);
  CHECK(db.range.end_line == 15);
  const vouch::Member* encrypted = db.attributes.find("storage_encrypted");
  REQUIRE(encrypted);
  CHECK(encrypted->range.path() == module_tf);
  CHECK(encrypted->range.start_line == 14);
  CHECK(encrypted->value.range().start_line == 14);
  CHECK(encrypted->value.range().start_col == 26);  // after `=`: the expression
  CHECK(plan.resource("module.db[0].aws_db_subnet_group.this").attributes.find("name")->range.start_line == 2);

  const Resource& versioning = plan.resource("aws_s3_bucket_versioning.data[\"b\"]");
  CHECK(versioning.header.path() == root_tf);
  CHECK(versioning.header.start_line == 15);
  // A nested block points at its first line.
  CHECK(versioning.attributes.find("versioning_configuration")->range.start_line == 19);
  CHECK(plan.resource("data.aws_caller_identity.current").header.start_line == 24);
  // Edges point where the reference is written.
  for (const Edge& e : plan.fragment.edges) {
    if (plan.fragment.resources[e.from].address == "aws_s3_bucket_versioning.data[\"b\"]") {
      CHECK(e.range.path() == root_tf);
      CHECK(e.range.start_line == 17);
    }
  }
  // The .tf text was added to the scan's sources for code frames and suppressions.
  CHECK(plan.sources->find(module_tf) != nullptr);
}

TEST_CASE("vouch:ignore comments in the .tf apply to the plan's resources") {
  const Loaded plan = load_fixture("modules/plan.json");
  for (const char* address : {"aws_s3_bucket.data[\"a\"]", "aws_s3_bucket.data[\"b\"]"}) {
    const Resource& bucket = plan.resource(address);
    REQUIRE(bucket.suppressions.size() == 1);
    CHECK(bucket.suppressions[0].rule_id == "aws-s3-bucket-access-logging-disabled");
    CHECK(bucket.suppressions[0].reason == "scratch data, no audit value");
    CHECK(bucket.suppressions[0].attribute.empty());
    CHECK(bucket.suppressions[0].range.start_line == 9);
  }
  const Resource& db = plan.resource("module.db[0].aws_db_instance.this[0]");
  REQUIRE(db.suppressions.size() == 1);
  CHECK(db.suppressions[0].rule_id == "aws-rds-storage-unencrypted");
  CHECK(db.suppressions[0].attribute == "storage_encrypted");
  CHECK(plan.resource("aws_s3_bucket_versioning.data[\"a\"]").suppressions.empty());
  // Without the .tf text there is nothing to read them from.
  CHECK(load_detached("modules/plan.json").resource("aws_s3_bucket.data[\"a\"]").suppressions.empty());
}

TEST_CASE("attributes of a nested block written once point at the .tf too") {
  const Loaded plan = load_fixture("e2e/plan.json");
  const Resource& config = plan.resource("aws_s3_bucket_server_side_encryption_configuration.logs");
  const Value& rule = config.attributes.get("rule")->as_list().at(0);
  CHECK(rule.range().start_line == 32);
  const Value& by_default = rule.get("apply_server_side_encryption_by_default")->as_list().at(0);
  CHECK(by_default.range().start_line == 33);
  const vouch::Member* algorithm = by_default.find("sse_algorithm");
  REQUIRE(algorithm);
  CHECK(algorithm->range.path().ends_with("e2e/main.tf"));
  CHECK(algorithm->range.start_line == 34);
  CHECK(algorithm->value.range().start_col == 23);
  // Set by the provider, not written: stays in the JSON.
  CHECK(by_default.find("kms_master_key_id") == nullptr);  // null: not set
}

TEST_CASE("blocks written several times keep their JSON positions, the text scan skips comments and strings") {
  const fs::path dir = fs::temp_directory_path() / ("vouch-plan-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  std::ofstream(dir / "main.tf") << "/* resource \"aws_security_group\" \"web\" { */\n"
                                    "resource \"aws_security_group\" \"web\" {\n"
                                    "  description = \"braces } in \\\" a string\" # and { in a comment\n"
                                    "  ingress {\n"
                                    "    from_port = 443\n"
                                    "  }\n"
                                    "  ingress {\n"
                                    "    from_port = 22\n"
                                    "  }\n"
                                    "  name = \"web\"\n"
                                    "}\n";
  const std::string text = R"({
  "format_version": "1.2", "terraform_version": "1.5.7",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": "web",
     "values": {"description": "braces } in \" a string", "name": "web",
                "ingress": [{"from_port": 22}, {"from_port": 443}]}}
  ]}},
  "configuration": {"root_module": {"resources": [
    {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": "web",
     "expressions": {}}
  ]}}
})";
  const Loaded plan = load((dir / "plan.json").generic_string(), text);
  const Resource& group = plan.resource("aws_security_group.web");
  CHECK(group.header.start_line == 2);
  CHECK(group.range.end_line == 11);
  CHECK(group.attributes.find("name")->range.start_line == 10);
  CHECK(group.attributes.find("description")->range.start_line == 3);
  // Sorted by value in the plan: which ingress block is which is not known from the text.
  const Value* ingress = group.attributes.get("ingress");
  REQUIRE(ingress);
  CHECK(ingress->as_list()[0].find("from_port")->range.path() == (dir / "plan.json").generic_string());
  CHECK(ingress->as_list()[0].find("from_port")->range.start_line == 6);
  fs::remove_all(dir);
}

TEST_CASE("an attribute the .tf does not write keeps its JSON location") {
  const Loaded plan = load_fixture("e2e/plan.json");
  const Resource& db = plan.resource("aws_db_instance.orders");
  CHECK(db.header.path().substr(db.header.path().size() - 7) == "main.tf");
  const vouch::Member* monitoring = db.attributes.find("monitoring_interval");
  REQUIRE(monitoring);
  CHECK(monitoring->range.path().substr(monitoring->range.path().size() - 9) == "plan.json");
  CHECK(monitoring->range.start_line == line_of(plan.file->text, "\"monitoring_interval\": 0"));
}

TEST_CASE("state JSON is read from values") {
  const Loaded state = load_detached("state/terraform.tfstate.json");
  REQUIRE(state.fragment.resources.size() == 4);
  const Resource& bucket = state.resource("aws_s3_bucket.logs");
  const Value* rule = bucket.attributes.get("server_side_encryption_configuration");
  REQUIRE(rule);
  CHECK(rule->as_list()[0]
            .get("rule")
            ->as_list()[0]
            .get("apply_server_side_encryption_by_default")
            ->as_list()[0]
            .get("sse_algorithm")
            ->as_string() == "AES256");
  const Resource& db = state.resource("module.db.aws_db_instance.this");
  CHECK(db.module == "module.db");
  CHECK(db.attributes.get("storage_encrypted")->as_bool());
  CHECK(db.attributes.get("password")->origins().size() == 1);
}

TEST_CASE("state edges come from depends_on, through the attribute holding the target's id") {
  const Loaded state = load_detached("state/terraform.tfstate.json");
  CHECK(state.edges_from("aws_s3_bucket_server_side_encryption_configuration.archive") ==
        std::set<std::string>{"bucket -> aws_s3_bucket.archive"});
  REQUIRE(state.fragment.edges.size() == 1);
  CHECK(state.fragment.edges[0].range.start_line == line_of(state.file->text, "\"bucket\": \"acme-archive\"", 2));
}

TEST_CASE("a malformed resource entry is a diagnostic and the rest is still read") {
  const Loaded plan = load("bad/plan.json", R"({
  "format_version": "1.2",
  "terraform_version": "1.5.7",
  "planned_values": {
    "root_module": {
      "resources": [
        {"mode": "managed", "type": "aws_s3_bucket", "values": {}},
        {"address": "aws_s3_bucket.ok", "mode": "managed", "type": "aws_s3_bucket", "name": "ok",
         "values": {"bucket": "ok"}}
      ]
    }
  }
})");
  REQUIRE(plan.fragment.resources.size() == 1);
  CHECK(plan.fragment.resources[0].address == "aws_s3_bucket.ok");
  REQUIRE(plan.fragment.diagnostics.size() == 1);
  CHECK(plan.fragment.diagnostics[0].code == "plan-json-invalid");
  CHECK(plan.fragment.diagnostics[0].range.start_line == 7);
  CHECK(plan.fragment.diagnostics[0].range.start_col == 9);
}

TEST_CASE("an empty plan has no resources and no problems") {
  const Loaded plan =
      load("empty/plan.json",
           R"({"format_version": "1.2", "terraform_version": "1.5.7", "planned_values": {"outputs": {}}})");
  CHECK(plan.fragment.resources.empty());
  CHECK(plan.fragment.diagnostics.empty());
}
