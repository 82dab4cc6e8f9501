#include <catch2/catch.hpp>

#include "suppress/suppress.h"

using namespace vouch;

namespace {

const char* kRule = R"(id: test-bucket-unencrypted
aliases: [test-old-id]
title: Bucket is unencrypted
severity: high
theme: encryption-at-rest
controls: [soc2:CC6.1]
message: "{address} is unencrypted"
rationale: r
remediation: r
references: [https://example.com]
conditions:
  terraform:
    resources: [aws_s3_bucket]
    require: {attribute: encrypted, equals: true}
)";

RuleSet load_rules() {
  std::vector<RuleError> errors;
  RuleSet rules = RuleSet::load({{"test/s3/test-bucket-unencrypted.yaml", kRule}}, errors);
  REQUIRE(errors.empty());
  return rules;
}

struct World {
  SourceFiles files;
  const SourceFile* file = files.add("main.tf", "");
  RuleSet rules = load_rules();
  std::vector<GraphFragment> fragments;
  Graph graph;
  std::vector<Finding> findings;

  void add_resource(const std::string& address, std::vector<InlineSuppression> suppressions, uint32_t line) {
    if (fragments.empty()) fragments.emplace_back();
    Resource r;
    r.type = "aws_s3_bucket";
    r.address = address;
    r.root = ".";
    r.attributes = Value::object({});
    r.range = r.header = SourceRange{file, line, 1, line, 20};
    for (auto& s : suppressions) s.range = SourceRange{file, line - 1, 1, line - 1, 40};
    r.suppressions = std::move(suppressions);
    fragments[0].resources.push_back(std::move(r));
  }

  void finish() {
    graph = Graph::merge(std::move(fragments));
    for (uint32_t i = 0; i < graph.resources().size(); ++i) {
      Finding f;
      f.rule = &rules.rules()[0];
      f.resource = i;
      f.address = graph.resources()[i].address;
      f.location = graph.resources()[i].header;
      f.attribute = "encrypted";
      f.message = f.address + " is unencrypted";
      f.fingerprint = fingerprint(f, graph);
      findings.push_back(f);
    }
  }

  const Finding& finding_for(const std::string& address) const {
    for (const Finding& f : findings) {
      if (f.address == address && f.rule->id != "vouch-suppression-invalid") return f;
    }
    FAIL("no finding for " << address);
    return findings.front();
  }

  std::vector<const Finding*> invalid() const {
    std::vector<const Finding*> out;
    for (const Finding& f : findings) {
      if (f.rule->id == "vouch-suppression-invalid") out.push_back(&f);
    }
    return out;
  }
};

InlineSuppression ignore(std::string rule, std::string reason, std::string expires = "") {
  InlineSuppression s;
  s.rule_id = std::move(rule);
  s.reason = std::move(reason);
  s.expires = std::move(expires);
  return s;
}

}  // namespace

TEST_CASE("a valid inline suppression marks the finding and keeps it") {
  World w;
  w.add_resource("aws_s3_bucket.a", {ignore("test-bucket-unencrypted", "public website assets")}, 5);
  w.add_resource("aws_s3_bucket.b", {}, 10);
  w.finish();
  apply_suppressions(w.findings, w.graph, w.rules, SuppressOptions{true, "2026-11-26", {}, nullptr});
  REQUIRE(w.findings.size() == 2);
  const Finding& a = w.finding_for("aws_s3_bucket.a");
  REQUIRE(a.suppressions.size() == 1);
  CHECK(a.suppressions[0].kind == Suppression::Kind::Inline);
  CHECK(a.suppressions[0].justification == "public website assets");
  CHECK(w.finding_for("aws_s3_bucket.b").suppressions.empty());
  CHECK(w.invalid().empty());
}

TEST_CASE("an alias of the rule id suppresses too") {
  World w;
  w.add_resource("aws_s3_bucket.a", {ignore("test-old-id", "renamed rule")}, 5);
  w.finish();
  apply_suppressions(w.findings, w.graph, w.rules, SuppressOptions{true, "2026-11-26", {}, nullptr});
  CHECK(w.finding_for("aws_s3_bucket.a").suppressions.size() == 1);
}

TEST_CASE("invalid inline suppressions do not suppress and are reported") {
  World w;
  w.add_resource("aws_s3_bucket.no_reason", {ignore("test-bucket-unencrypted", "")}, 5);
  w.add_resource("aws_s3_bucket.expired", {ignore("test-bucket-unencrypted", "temporary", "2026-01-31")}, 10);
  w.add_resource("aws_s3_bucket.unknown", {ignore("no-such-rule", "typo")}, 15);
  w.finish();
  apply_suppressions(w.findings, w.graph, w.rules, SuppressOptions{true, "2026-11-26", {}, nullptr});
  CHECK(w.finding_for("aws_s3_bucket.no_reason").suppressions.empty());
  CHECK(w.finding_for("aws_s3_bucket.expired").suppressions.empty());
  auto invalid = w.invalid();
  REQUIRE(invalid.size() == 3);
  CHECK(invalid[0]->message == "vouch:ignore test-bucket-unencrypted on aws_s3_bucket.no_reason has no reason");
  CHECK(invalid[1]->message == "vouch:ignore test-bucket-unencrypted on aws_s3_bucket.expired expired on 2026-01-31");
  CHECK(invalid[2]->message == "vouch:ignore no-such-rule on aws_s3_bucket.unknown names unknown rule 'no-such-rule'");
  CHECK(invalid[1]->location.start_line == 9);
  CHECK_FALSE(invalid[0]->fingerprint.empty());
}

TEST_CASE("an expiry today still holds") {
  World w;
  w.add_resource("aws_s3_bucket.a", {ignore("test-bucket-unencrypted", "until today", "2026-11-26")}, 5);
  w.finish();
  apply_suppressions(w.findings, w.graph, w.rules, SuppressOptions{true, "2026-11-26", {}, nullptr});
  CHECK(w.finding_for("aws_s3_bucket.a").suppressions.size() == 1);
  CHECK(w.invalid().empty());
}

TEST_CASE("--no-inline-suppressions makes every inline suppression ineffective") {
  World w;
  w.add_resource("aws_s3_bucket.a", {ignore("test-bucket-unencrypted", "fine")}, 5);
  w.finish();
  apply_suppressions(w.findings, w.graph, w.rules, SuppressOptions{false, "2026-11-26", {}, nullptr});
  CHECK(w.finding_for("aws_s3_bucket.a").suppressions.empty());
}

TEST_CASE("config exceptions apply by address glob and carry their owner") {
  World w;
  w.add_resource("module.legacy.aws_s3_bucket.a", {}, 5);
  w.add_resource("aws_s3_bucket.b", {}, 10);
  w.finish();
  RuleException e;
  e.rule = "test-bucket-unencrypted";
  e.resource = "module.legacy.*";
  e.reason = "migrating";
  e.owner = "platform@example.com";
  e.expires = "2027-01-01";
  apply_suppressions(w.findings, w.graph, w.rules, SuppressOptions{true, "2026-11-26", {e}, nullptr});
  const Finding& a = w.finding_for("module.legacy.aws_s3_bucket.a");
  REQUIRE(a.suppressions.size() == 1);
  CHECK(a.suppressions[0].kind == Suppression::Kind::Config);
  CHECK(a.suppressions[0].owner == "platform@example.com");
  CHECK(w.finding_for("aws_s3_bucket.b").suppressions.empty());
}

TEST_CASE("an exception without a reason is reported, not honoured") {
  World w;
  w.add_resource("aws_s3_bucket.a", {}, 5);
  w.finish();
  RuleException e;
  e.rule = "test-bucket-unencrypted";
  apply_suppressions(w.findings, w.graph, w.rules, SuppressOptions{true, "2026-11-26", {e}, nullptr});
  CHECK(w.finding_for("aws_s3_bucket.a").suppressions.empty());
  auto invalid = w.invalid();
  REQUIRE(invalid.size() == 1);
  CHECK(invalid[0]->resource == kNoResource);
  CHECK(invalid[0]->message == "exception for test-bucket-unencrypted on * has no reason");
}

TEST_CASE("baselines mark known findings as not new") {
  World w;
  w.add_resource("aws_s3_bucket.a", {}, 5);
  w.add_resource("aws_s3_bucket.b", {}, 10);
  w.finish();
  Baseline baseline;
  baseline.fingerprints = {w.finding_for("aws_s3_bucket.a").fingerprint};
  apply_suppressions(w.findings, w.graph, w.rules, SuppressOptions{true, "2026-11-26", {}, &baseline});
  CHECK_FALSE(w.finding_for("aws_s3_bucket.a").is_new);
  CHECK(w.finding_for("aws_s3_bucket.b").is_new);
}

TEST_CASE("a rendered baseline reads back") {
  World w;
  w.add_resource("aws_s3_bucket.a", {}, 5);
  w.add_resource("aws_s3_bucket.b", {}, 10);
  w.finish();
  const std::string text = render_baseline(w.findings);
  CHECK(text.find("\"rule\": \"test-bucket-unencrypted\"") != std::string::npos);
  const std::string path = "/tmp/vouch-suppress-test-baseline.json";
  {
    FILE* out = std::fopen(path.c_str(), "w");
    REQUIRE(out);
    std::fputs(text.c_str(), out);
    std::fclose(out);
  }
  Baseline b = read_baseline(path);
  std::remove(path.c_str());
  CHECK(b.fingerprints.size() == 2);
  CHECK(b.contains(w.findings[0].fingerprint));
  CHECK_THROWS(read_baseline("/nonexistent/baseline.json"));
}
