// Terraform's JSON configuration syntax (.tf.json) gives the same graph as the native
// syntax it mirrors.
#include <catch2/catch.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "terraform/module_harness.h"

using vouch::Value;
using vouch::test::evaluate;

namespace {

const char* const kNative =
    "variable \"env\" {\n  type = string\n  default = \"prod\"\n}\n"
    "locals {\n  name = \"${var.env}-logs\"\n}\n"
    "resource \"aws_kms_key\" \"k\" {\n  description = \"key\"\n  type = \"symmetric\"\n}\n"
    "resource \"aws_s3_bucket\" \"b\" {\n"
    "  count  = 2\n"
    "  bucket = \"${local.name}-${count.index}\"\n"
    "  tags   = { Env = var.env }\n"
    "  server_side_encryption_configuration {\n"
    "    rule {\n"
    "      kms_master_key_id = aws_kms_key.k.arn\n"
    "      enabled           = var.env == \"prod\" ? true : false\n"
    "    }\n"
    "  }\n"
    "  depends_on = [aws_kms_key.k]\n"
    "}\n"
    "resource \"aws_s3_bucket_policy\" \"p\" {\n"
    "  bucket = aws_s3_bucket.b[0].id\n"
    "  names  = [for b in aws_s3_bucket.b : upper(b.bucket)]\n"
    "  escaped = \"$${literal}\"\n"
    "}\n";

const char* const kJson = R"({
  "//": "the same module as kNative, in JSON",
  "variable": {"env": {"type": "string", "default": "prod"}},
  "locals": {"name": "${var.env}-logs"},
  "resource": {
    "aws_kms_key": {"k": {"description": "key", "type": "symmetric"}},
    "aws_s3_bucket": {
      "b": {
        "//": "a comment inside a body",
        "count": 2,
        "bucket": "${local.name}-${count.index}",
        "tags": {"Env": "${var.env}"},
        "server_side_encryption_configuration": {
          "rule": {
            "kms_master_key_id": "${aws_kms_key.k.arn}",
            "enabled": "${var.env == \"prod\" ? true : false}"
          }
        },
        "depends_on": ["aws_kms_key.k"]
      }
    },
    "aws_s3_bucket_policy": {
      "p": {
        "bucket": "${aws_s3_bucket.b[0].id}",
        "names": "${[for b in aws_s3_bucket.b : upper(b.bucket)]}",
        "escaped": "$${literal}"
      }
    }
  }
}
)";

using EdgeKey = std::tuple<std::string, std::string, std::string>;

std::vector<EdgeKey> edge_keys(const vouch::test::EvaluatedModule& m) {
  std::vector<EdgeKey> keys;
  for (const vouch::Edge& e : m.fragment.edges)
    keys.emplace_back(m.fragment.resources[e.from].address, m.target(e), e.path);
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace

TEST_CASE("a module in JSON syntax gives the same resources, values and edges as in HCL") {
  auto native = evaluate({{"main.tf", kNative}});
  auto json = evaluate({{"main.tf.json", kJson}});
  CHECK(json.fragment.diagnostics.empty());
  for (const vouch::Diagnostic& d : json.fragment.diagnostics) INFO(d.code + ": " + d.message);
  REQUIRE(native.fragment.resources.size() == 4);
  REQUIRE(json.fragment.resources.size() == native.fragment.resources.size());
  for (const vouch::Resource& r : native.fragment.resources) {
    INFO(r.address);
    const vouch::Resource* other = json.resource(r.address);
    REQUIRE(other != nullptr);
    CHECK(other->type == r.type);
    // depends_on is kept as reference text in both; everything else must be equal.
    CHECK(other->attributes.to_display() == r.attributes.to_display());
  }
  CHECK(json.at("aws_s3_bucket.b[1]", "bucket").as_string() == "prod-logs-1");
  CHECK(json.at("aws_s3_bucket.b[0]", "server_side_encryption_configuration.0.rule.0.enabled").as_bool() == true);
  CHECK(json.at("aws_s3_bucket_policy.p", "escaped").as_string() == "${literal}");
  CHECK(json.at("aws_kms_key.k", "type").as_string() == "symmetric");
  CHECK(json.at("aws_s3_bucket_policy.p", "names.1").as_string() == "PROD-LOGS-1");
  CHECK(edge_keys(json) == edge_keys(native));
  CHECK(edge_keys(json).size() >= 4);
}

TEST_CASE("JSON values point at the JSON text they were written in") {
  auto m = evaluate({{"main.tf.json",
                      "{\n"
                      "  \"resource\": {\"aws_ebs_volume\": {\"v\": {\n"
                      "    \"encrypted\": true,\n"
                      "    \"size\": \"${1 + 1}\"\n"
                      "  }}}\n"
                      "}\n"}});
  const vouch::Resource* v = m.resource("aws_ebs_volume.v");
  REQUIRE(v != nullptr);
  CHECK(v->range.start_line == 2);
  Value encrypted = m.at("aws_ebs_volume.v", "encrypted");
  CHECK(encrypted.as_bool() == true);
  CHECK(encrypted.range().start_line == 3);
  CHECK(encrypted.range().start_col == 18);
  Value size = m.at("aws_ebs_volume.v", "size");
  CHECK(size.as_number() == 2);
  CHECK(size.range().start_line == 4);
}

TEST_CASE("a broken template in a JSON string is a diagnostic at the string") {
  auto m = evaluate(
      {{"main.tf.json", "{\"resource\": {\"test_thing\": {\"t\": {\n\"a\": \"${oops(\",\n\"b\": \"fine\"}}}}\n"}});
  auto errors = m.diagnostics("syntax-error");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].range.start_line == 2);
  CHECK(m.at("test_thing.t", "a").is_unknown());
  CHECK(m.at("test_thing.t", "b").as_string() == "fine");
}

TEST_CASE("a module may be written in JSON and called from HCL") {
  auto m = evaluate({
      {"main.tf", "module \"m\" {\n  source = \"./m\"\n  name = \"x\"\n}\n"},
      {"m/main.tf.json",
       R"({"variable": {"name": {}}, "resource": {"test_thing": {"t": {"name": "${var.name}-y"}}},
          "output": {"name": {"value": "${test_thing.t.name}"}}})"},
  });
  CHECK(m.at("module.m.test_thing.t", "name").as_string() == "x-y");
}

TEST_CASE("JSON dynamic blocks, typed variables and lifecycle blocks evaluate as in HCL") {
  auto m = evaluate({{"main.tf.json", R"json({
  "variable": {
    "ports": {"type": "list(number)", "default": ["22", 443],
              "validation": {"condition": "${length(var.ports) > 0}", "error_message": "empty"}}
  },
  "resource": {"aws_security_group": {"sg": {
    "dynamic": {"ingress": {
      "for_each": "${var.ports}",
      "iterator": "port",
      "content": {"from_port": "${port.value}", "cidr_blocks": ["0.0.0.0/0"]}
    }},
    "lifecycle": {"ignore_changes": ["tags"]},
    "tags": {"Name": "sg"}
  }}}
})json"}});
  CHECK(m.fragment.diagnostics.empty());
  CHECK(m.at("aws_security_group.sg", "ingress.0.from_port").as_number() == 22);
  CHECK(m.at("aws_security_group.sg", "ingress.1.from_port").as_number() == 443);
  CHECK(m.at("aws_security_group.sg", "ingress.1.cidr_blocks.0").as_string() == "0.0.0.0/0");
  CHECK(m.at("aws_security_group.sg", "lifecycle.0.ignore_changes.0").as_string() == "tags");
  CHECK(m.at("aws_security_group.sg", "tags.Name").as_string() == "sg");
}

TEST_CASE("hostile JSON stays bounded: deep nesting is a diagnostic") {
  std::string deep = "{\"locals\": {\"x\": ";
  for (int i = 0; i < 5000; ++i) deep += "[";
  for (int i = 0; i < 5000; ++i) deep += "]";
  deep += "}}";
  auto m = evaluate({{"main.tf.json", deep}});
  CHECK_FALSE(m.diagnostics("yaml-too-deep").empty());
}
