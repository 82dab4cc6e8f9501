// Where variable values come from, in Terraform's order of precedence, and how a
// variable's type converts them.
#include <catch2/catch.hpp>

#include "terraform/module_harness.h"

using vouch::Value;
using vouch::test::evaluate;

namespace {

const char* const kFourVariables =
    "variable \"a\" {\n  default = \"default\"\n}\n"
    "variable \"b\" {\n  default = \"default\"\n}\n"
    "variable \"c\" {\n  default = \"default\"\n}\n"
    "variable \"d\" {\n  default = \"default\"\n}\n"
    "variable \"e\" {\n  default = \"default\"\n}\n"
    "resource \"test_thing\" \"t\" {\n  a = var.a\n  b = var.b\n  c = var.c\n  d = var.d\n  e = var.e\n}\n";

}  // namespace

TEST_CASE("TF_VAR_ environment variables sit between defaults and tfvars files") {
  vouch::terraform::Options options;
  options.env_vars = {{"TF_VAR_a", "env"}, {"TF_VAR_b", "env"},  {"TF_VAR_c", "env"},
                      {"TF_VAR_d", "env"}, {"PATH", "/usr/bin"}, {"TF_VAR_", "nameless"}};
  options.vars = {{"d", "cli"}};
  auto m = evaluate({{"main.tf", kFourVariables},
                     {"terraform.tfvars", "b = \"tfvars\"\n"},
                     {"terraform.tfvars.json", "{\"c\": \"tfvars-json\"}\n"}},
                    options);
  CHECK(m.at("test_thing.t", "a").as_string() == "env");
  CHECK(m.at("test_thing.t", "b").as_string() == "tfvars");
  CHECK(m.at("test_thing.t", "c").as_string() == "tfvars-json");
  CHECK(m.at("test_thing.t", "d").as_string() == "cli");
  CHECK(m.at("test_thing.t", "e").as_string() == "default");
  Value a = m.at("test_thing.t", "a");
  REQUIRE(a.origins().size() == 1);
  CHECK(a.origins()[0].what == "var.a (TF_VAR_a)");
}

TEST_CASE("tfvars files load in Terraform's order: tfvars, tfvars.json, then auto files lexically") {
  vouch::terraform::Options options;
  options.var_files = {"extra.tfvars.json"};
  auto m = evaluate({{"main.tf", kFourVariables},
                     {"terraform.tfvars", "a = \"tfvars\"\nb = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\n"},
                     {"terraform.tfvars.json", "{\"b\": \"tfvars-json\", \"c\": \"tfvars-json\", \"d\": \"x\"}"},
                     {"a.auto.tfvars.json", "{\"c\": \"a-auto-json\", \"d\": \"a-auto-json\"}"},
                     {"b.auto.tfvars", "d = \"b-auto\"\n"},
                     {"extra.tfvars.json", "{\"e\": [1, \"${not_a_template}\"]}"}},
                    options);
  CHECK(m.at("test_thing.t", "a").as_string() == "tfvars");
  CHECK(m.at("test_thing.t", "b").as_string() == "tfvars-json");
  CHECK(m.at("test_thing.t", "c").as_string() == "a-auto-json");
  CHECK(m.at("test_thing.t", "d").as_string() == "b-auto");
  // JSON variable files hold values, not templates.
  CHECK(m.at("test_thing.t", "e.1").as_string() == "${not_a_template}");
  Value c = m.at("test_thing.t", "c");
  REQUIRE(c.origins().size() == 1);
  CHECK(c.origins()[0].what == "var.c (a.auto.tfvars.json)");
  CHECK(c.origins()[0].range.start_line == 1);
}

TEST_CASE("a variable's type converts its value as Terraform does") {
  auto m = evaluate({
      {"main.tf",
       "variable \"port\" {\n  type = number\n  default = \"8080\"\n}\n"
       "variable \"enabled\" {\n  type = bool\n  default = \"true\"\n}\n"
       "variable \"name\" {\n  type = string\n  default = 42\n}\n"
       "variable \"ports\" {\n  type = list(number)\n  default = [\"1\", 2]\n}\n"
       "variable \"zones\" {\n  type = set(string)\n  default = [\"b\", \"a\", \"b\"]\n}\n"
       "variable \"flags\" {\n  type = map(bool)\n  default = { x = \"false\" }\n}\n"
       "variable \"pair\" {\n  type = tuple([string, number])\n  default = [true, \"3\"]\n}\n"
       "variable \"db\" {\n"
       "  type = object({ name = string, size = optional(number, 20), extra = optional(string) })\n"
       "  default = { name = 1, unused = \"dropped\" }\n"
       "}\n"
       "resource \"test_thing\" \"t\" {\n"
       "  port = var.port\n  enabled = var.enabled\n  name = var.name\n  ports = var.ports\n"
       "  zones = var.zones\n  flags = var.flags\n  pair = var.pair\n  db = var.db\n"
       "}\n"},
  });
  CHECK(m.at("test_thing.t", "port").as_number() == 8080);
  CHECK(m.at("test_thing.t", "enabled").as_bool() == true);
  CHECK(m.at("test_thing.t", "name").as_string() == "42");
  CHECK(m.at("test_thing.t", "ports").to_display() == "[1, 2]");
  CHECK(m.at("test_thing.t", "zones").to_display() == "[\"a\", \"b\"]");
  CHECK(m.at("test_thing.t", "flags.x").as_bool() == false);
  CHECK(m.at("test_thing.t", "pair").to_display() == "[\"true\", 3]");
  CHECK(m.at("test_thing.t", "db").to_display() == "{extra = null, name = \"1\", size = 20}");
  CHECK(m.fragment.diagnostics.empty());
}

TEST_CASE("a value that does not fit the variable's type is unknown with a diagnostic at the variable") {
  vouch::terraform::Options options;
  options.vars = {{"count_of", "many"}};
  auto m = evaluate(
      {
          {"main.tf",
           "variable \"count_of\" {\n  type = number\n}\n"
           "variable \"db\" {\n  type = object({ name = string })\n  default = { size = 1 }\n}\n"
           "variable \"flag\" {\n  type = bool\n  default = [true]\n}\n"
           "resource \"test_thing\" \"t\" {\n  n = var.count_of\n  db = var.db\n  flag = var.flag\n}\n"},
      },
      options);
  CHECK(m.at("test_thing.t", "n").is_unknown());
  CHECK(m.at("test_thing.t", "db").is_unknown());
  CHECK(m.at("test_thing.t", "flag").is_unknown());
  auto problems = m.diagnostics("invalid-variable-value");
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].range.start_line == 1);
  CHECK(problems[0].message == "var.count_of: cannot convert \"many\" to number");
  CHECK(problems[1].range.start_line == 4);
  CHECK(problems[1].message.find("attribute name is required") != std::string::npos);
  CHECK(problems[2].range.start_line == 8);
}

TEST_CASE("--var and TF_VAR_ values of collection types are read as expressions") {
  vouch::terraform::Options options;
  options.vars = {{"zones", "[\"b\", \"a\"]"}};
  options.env_vars = {{"TF_VAR_tags", "{ env = \"prod\" }"}, {"TF_VAR_size", "10"}};
  auto m = evaluate(
      {
          {"main.tf",
           "variable \"zones\" {\n  type = list(string)\n}\n"
           "variable \"tags\" {\n  type = map(string)\n}\n"
           "variable \"size\" {\n  type = number\n}\n"
           "resource \"test_thing\" \"t\" {\n  zones = var.zones\n  tags = var.tags\n  size = var.size\n}\n"},
      },
      options);
  CHECK(m.at("test_thing.t", "zones").to_display() == "[\"b\", \"a\"]");
  CHECK(m.at("test_thing.t", "tags.env").as_string() == "prod");
  CHECK(m.at("test_thing.t", "size").as_number() == 10);
}

TEST_CASE("nullable = false turns a null input into the default, also from tfvars") {
  auto m = evaluate({
      {"main.tf",
       "variable \"create\" {\n  type = bool\n  default = true\n  nullable = false\n}\n"
       "resource \"test_thing\" \"t\" {\n  create = var.create\n}\n"},
      {"terraform.tfvars", "create = null\n"},
  });
  CHECK(m.at("test_thing.t", "create").as_bool() == true);
}
