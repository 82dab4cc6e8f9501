// referenced_by / references over hand-built edges, inside one root, with the rule for
// unknown, unlinked `via` attributes.
#include "engine_support.h"

namespace vouch {
namespace {

using test::load_rules;
using test::rule_text;
using test::TestGraph;

const std::string kEncrypted =
    "{any: [{attribute: server_side_encryption_configuration, exists: true},"
    " {referenced_by: {type: [aws_s3_bucket_server_side_encryption_configuration], via: bucket,"
    " where: {attribute: \"rule.apply_server_side_encryption_by_default.sse_algorithm\", equals: \"aws:kms\"}}}]}";

// The outcome for resource `address`, or Pass when it has no finding.
Outcome outcome_for(const std::vector<Finding>& findings, const std::string& address) {
  for (const Finding& f : findings) {
    if (f.address == address) return f.outcome;
  }
  return Outcome::Pass;
}

std::vector<Finding> run(const TestGraph& g, const std::string& require,
                         const std::string& resources = "[aws_s3_bucket]") {
  RuleSet rules = load_rules({rule_text("test-rule", require, "", "{address} is bad", resources)});
  static std::vector<RuleSet> keep;  // findings point at their rule
  keep.push_back(rules);
  return evaluate(keep.back(), g.graph());
}

TEST_CASE("referenced_by with and without a linked resource", "[engine][graph]") {
  TestGraph g;
  uint32_t linked = g.add("aws_s3_bucket", "aws_s3_bucket.linked", "bucket: a");
  g.add("aws_s3_bucket", "aws_s3_bucket.alone", "bucket: b");
  uint32_t sse = g.add("aws_s3_bucket_server_side_encryption_configuration",
                       "aws_s3_bucket_server_side_encryption_configuration.x",
                       "bucket: \"(unknown: aws_s3_bucket.linked.id is computed)\"\n"
                       "rule:\n  - apply_server_side_encryption_by_default:\n      - sse_algorithm: \"aws:kms\"\n");
  g.link(sse, linked, "bucket");
  std::vector<Finding> findings = run(g, kEncrypted);
  CHECK(outcome_for(findings, "aws_s3_bucket.linked") == Outcome::Pass);
  CHECK(outcome_for(findings, "aws_s3_bucket.alone") == Outcome::Fail);
}

TEST_CASE("referenced_by: the related resource's where decides", "[engine][graph]") {
  TestGraph g;
  uint32_t bucket = g.add("aws_s3_bucket", "aws_s3_bucket.b", "bucket: a");
  uint32_t sse = g.add("aws_s3_bucket_server_side_encryption_configuration", "sse.aes",
                       "rule:\n  - apply_server_side_encryption_by_default:\n      - sse_algorithm: AES256\n");
  g.link(sse, bucket, "bucket");
  CHECK(outcome_for(run(g, kEncrypted), "aws_s3_bucket.b") == Outcome::Fail);

  TestGraph unknown;
  bucket = unknown.add("aws_s3_bucket", "aws_s3_bucket.b", "bucket: a");
  sse = unknown.add(
      "aws_s3_bucket_server_side_encryption_configuration", "sse.var",
      "rule:\n  - apply_server_side_encryption_by_default:\n      - sse_algorithm: \"(unknown: var.algo)\"\n");
  unknown.link(sse, bucket, "bucket");
  std::vector<Finding> findings = run(unknown, kEncrypted);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].outcome == Outcome::Unknown);
  CHECK_THAT(findings[0].message, Catch::Contains("var.algo"));
}

TEST_CASE("referenced_by: an unlinked unknown via might refer to this resource", "[engine][graph]") {
  const std::string flow_logged = "{referenced_by: {type: [aws_flow_log], via: vpc_id}}";
  TestGraph g;
  g.add("aws_vpc", "aws_vpc.main", "cidr_block: 10.0.0.0/16");
  g.add("aws_flow_log", "aws_flow_log.x", "vpc_id: \"(unknown: var.vpc_id is unset)\"");
  std::vector<Finding> findings = run(g, flow_logged, "[aws_vpc]");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].outcome == Outcome::Unknown);
  CHECK_THAT(findings[0].message, Catch::Contains("aws_flow_log.x.vpc_id is unknown"));

  // A flow log linked to another VPC does not make this one unknown.
  TestGraph linked;
  linked.add("aws_vpc", "aws_vpc.main", "cidr_block: 10.0.0.0/16");
  uint32_t other = linked.add("aws_vpc", "aws_vpc.other", "cidr_block: 10.1.0.0/16");
  uint32_t log = linked.add("aws_flow_log", "aws_flow_log.x", "vpc_id: \"(unknown: aws_vpc.other.id is computed)\"");
  linked.link(log, other, "vpc_id");
  findings = run(linked, flow_logged, "[aws_vpc]");
  CHECK(outcome_for(findings, "aws_vpc.main") == Outcome::Fail);
  CHECK(outcome_for(findings, "aws_vpc.other") == Outcome::Pass);

  // An unlinked unknown candidate whose own `where` is false cannot make it unknown.
  TestGraph filtered;
  filtered.add("aws_vpc", "aws_vpc.main", "cidr_block: 10.0.0.0/16");
  filtered.add("aws_flow_log", "aws_flow_log.x", "vpc_id: \"(unknown: u)\"\ntraffic_type: REJECT");
  CHECK(outcome_for(
            run(filtered,
                "{referenced_by: {type: [aws_flow_log], via: vpc_id, where: {attribute: traffic_type, equals: ALL}}}",
                "[aws_vpc]"),
            "aws_vpc.main") == Outcome::Fail);

  // A known via that refers to nothing here is no candidate.
  TestGraph known;
  known.add("aws_vpc", "aws_vpc.main", "cidr_block: 10.0.0.0/16");
  known.add("aws_flow_log", "aws_flow_log.x", "vpc_id: vpc-123456");
  CHECK(outcome_for(run(known, flow_logged, "[aws_vpc]"), "aws_vpc.main") == Outcome::Fail);
}

TEST_CASE("graph queries stay inside the resource's root", "[engine][graph]") {
  TestGraph g;
  uint32_t vpc = g.add("aws_vpc", "aws_vpc.main", "cidr_block: 10.0.0.0/16", Platform::Terraform, "envs/prod");
  uint32_t log = g.add("aws_flow_log", "aws_flow_log.x", "vpc_id: v", Platform::Terraform, "envs/dev");
  g.link(log, vpc, "vpc_id");  // a frontend would never do this; the engine must still not follow it
  g.add("aws_flow_log", "aws_flow_log.y", "vpc_id: \"(unknown: u)\"", Platform::Terraform, "envs/dev");
  CHECK(outcome_for(run(g, "{referenced_by: {type: [aws_flow_log], via: vpc_id}}", "[aws_vpc]"), "aws_vpc.main") ==
        Outcome::Fail);
}

TEST_CASE("via matches edge paths with indices and wildcards", "[engine][graph]") {
  TestGraph g;
  uint32_t sg = g.add("aws_security_group", "aws_security_group.web", "name: web");
  uint32_t instance = g.add("aws_instance", "aws_instance.a", "vpc_security_group_ids: [x]");
  g.link(instance, sg, "vpc_security_group_ids[0]");
  uint32_t lb = g.add("aws_lb", "aws_lb.a", "subnet_mapping: [{subnet_id: s}]");
  g.link(lb, sg, "ingress[1].security_groups[0]");
  CHECK(outcome_for(
            run(g, "{referenced_by: {type: [aws_instance], via: vpc_security_group_ids}}", "[aws_security_group]"),
            "aws_security_group.web") == Outcome::Pass);
  CHECK(
      outcome_for(run(g, "{referenced_by: {type: [\"aws_*\"], via: ingress.security_groups}}", "[aws_security_group]"),
                  "aws_security_group.web") == Outcome::Pass);
  CHECK(outcome_for(
            run(g, "{referenced_by: {type: [aws_lb], via: \"ingress[*].security_groups\"}}", "[aws_security_group]"),
            "aws_security_group.web") == Outcome::Pass);
  CHECK(outcome_for(
            run(g, "{referenced_by: {type: [aws_lb], via: \"ingress[0].security_groups\"}}", "[aws_security_group]"),
            "aws_security_group.web") == Outcome::Fail);
  CHECK(outcome_for(run(g, "{referenced_by: {type: [aws_instance], via: subnet_id}}", "[aws_security_group]"),
                    "aws_security_group.web") == Outcome::Fail);
}

TEST_CASE("references", "[engine][graph]") {
  const std::string cmk =
      "{references: {type: [aws_kms_key], via: kms_key_id, where: {attribute: enable_key_rotation, equals: true}}}";
  TestGraph g;
  uint32_t key = g.add("aws_kms_key", "aws_kms_key.rotated", "enable_key_rotation: true");
  uint32_t stale = g.add("aws_kms_key", "aws_kms_key.stale", "enable_key_rotation: false");
  uint32_t a = g.add("aws_ebs_volume", "aws_ebs_volume.a", "kms_key_id: \"(unknown: aws_kms_key.rotated.arn)\"");
  uint32_t b = g.add("aws_ebs_volume", "aws_ebs_volume.b", "kms_key_id: \"(unknown: aws_kms_key.stale.arn)\"");
  g.add("aws_ebs_volume", "aws_ebs_volume.c", "kms_key_id: \"(unknown: var.key is unset)\"");
  g.add("aws_ebs_volume", "aws_ebs_volume.d", "kms_key_id: arn:aws:kms:eu-west-1:1:key/abc");
  g.add("aws_ebs_volume", "aws_ebs_volume.e", "size: 1");
  g.link(a, key, "kms_key_id");
  g.link(b, stale, "kms_key_id");
  std::vector<Finding> findings = run(g, cmk, "[aws_ebs_volume]");
  CHECK(outcome_for(findings, "aws_ebs_volume.a") == Outcome::Pass);
  CHECK(outcome_for(findings, "aws_ebs_volume.b") == Outcome::Fail);
  CHECK(outcome_for(findings, "aws_ebs_volume.c") == Outcome::Unknown);
  CHECK(outcome_for(findings, "aws_ebs_volume.d") == Outcome::Fail);  // a key from elsewhere: not this rule's proof
  CHECK(outcome_for(findings, "aws_ebs_volume.e") == Outcome::Fail);
  for (const Finding& f : findings) {
    if (f.address == "aws_ebs_volume.b") CHECK(f.attribute == "kms_key_id");  // blames its own via attribute
    if (f.address == "aws_ebs_volume.e") CHECK(f.attribute.empty());
  }
}

}  // namespace
}  // namespace vouch
