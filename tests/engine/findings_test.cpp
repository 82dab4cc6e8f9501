// What a finding carries: where it points (attribute or header), its message,
// provenance, fingerprint, and the order findings come in.
#include "engine_support.h"

namespace vouch {
namespace {

using test::evaluate_one;
using test::load_rules;
using test::rule_text;
using test::TestGraph;

TEST_CASE("a wrong attribute is blamed at its own line", "[engine][blame]") {
  test::SingleResult r =
      evaluate_one("{attribute: storage_encrypted, equals: true}", "engine: postgres\nstorage_encrypted: false\n");
  REQUIRE(r.outcome == Outcome::Fail);
  CHECK(r.finding.location.start_line == 3);  // line 1 is the header
  CHECK(r.finding.location.start_col == 1);
  CHECK(r.finding.attribute == "storage_encrypted");
  CHECK(r.finding.location.path() == "aws_thing.a.yaml");
}

TEST_CASE("a missing attribute is blamed at the block header", "[engine][blame]") {
  test::SingleResult r = evaluate_one("{attribute: storage_encrypted, equals: true}", "engine: postgres\n");
  REQUIRE(r.outcome == Outcome::Fail);
  CHECK(r.finding.location.start_line == 1);
  CHECK(r.finding.attribute.empty());
}

TEST_CASE("blame follows the deciding child", "[engine][blame]") {
  const char* attributes = "a: true\nb: false\nc: false\n";
  // all: the first false child.
  CHECK(
      evaluate_one("{all: [{attribute: a, equals: true}, {attribute: c, equals: true}, {attribute: b, equals: true}]}",
                   attributes)
          .finding.attribute == "c");
  // not: the child that was true.
  CHECK(evaluate_one("{not: {attribute: a, equals: true}}", attributes).finding.attribute == "a");
  // any, all false: a present wrong value beats a missing one.
  CHECK(evaluate_one("{any: [{attribute: missing, exists: true}, {attribute: b, equals: true}]}", attributes)
            .finding.attribute == "b");
  // A wildcard blames the value that decided it, with its concrete path.
  test::SingleResult r = evaluate_one("{not: {attribute: \"rules[*].cidr\", cidr_allows_internet: true}}",
                                      "rules:\n  - cidr: 10.0.0.0/8\n  - cidr: 0.0.0.0/0\n");
  CHECK(r.finding.attribute == "rules[1].cidr");
  CHECK(r.finding.location.start_line == 4);
}

TEST_CASE("inside a quantifier a missing attribute points at the element", "[engine][blame]") {
  test::SingleResult r =
      evaluate_one("{every: containers, where: {attribute: securityContext.runAsNonRoot, equals: true}}",
                   "containers:\n  - name: a\n    securityContext: {runAsNonRoot: true}\n"
                   "  - name: b\n");
  REQUIRE(r.outcome == Outcome::Fail);
  CHECK(r.finding.attribute == "containers[1]");
  CHECK(r.finding.location.start_line == 5);
}

TEST_CASE("message placeholders and the not-verifiable suffix", "[engine][message]") {
  TestGraph g;
  g.add("aws_db_instance", "aws_db_instance.db", "storage_encrypted: false\n");
  g.add("aws_db_instance", "aws_db_instance.other", "engine: x\n");
  g.add("aws_db_instance", "aws_db_instance.var", "storage_encrypted: \"(unknown: var.encrypted has no value)\"\n");
  RuleSet rules = load_rules({rule_text("test-rule", "{attribute: storage_encrypted, equals: true}", "",
                                        "{address} ({type}) sets {attribute} to {value}")});
  std::vector<Finding> findings = evaluate(rules, g.graph());
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].message == "aws_db_instance.db (aws_db_instance) sets storage_encrypted to false");
  CHECK(findings[1].message == "aws_db_instance.other (aws_db_instance) sets storage_encrypted to null");
  CHECK(findings[2].outcome == Outcome::Unknown);
  CHECK(findings[2].message ==
        "aws_db_instance.var (aws_db_instance) sets storage_encrypted to <unknown>: not verifiable, "
        "var.encrypted has no value");
  CHECK(findings[0].rule == &rules.rules()[0]);
  CHECK(findings[0].severity == Severity::High);
  CHECK(findings[0].resource_type == "aws_db_instance");
  CHECK(findings[0].platform == Platform::Terraform);
}

TEST_CASE("a platform check's message overrides the rule's", "[engine][message]") {
  std::string text = rule_text("test-rule", "{attribute: a, equals: true}");
  text += "    message: \"{address} overridden\"\n";
  TestGraph g;
  g.add("aws_thing", "aws_thing.a", "a: false\n");
  RuleSet rules = load_rules({text});
  std::vector<Finding> findings = evaluate(rules, g.graph());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "aws_thing.a overridden");
}

TEST_CASE("provenance is the blamed value's origins", "[engine][provenance]") {
  TestGraph g;
  uint32_t i = g.add("aws_db_instance", "aws_db_instance.db", "storage_encrypted: false\n");
  Resource& r = g.resources()[i];
  const Member& m = *r.attributes.find("storage_encrypted");
  SourceRange variable_line{r.range.file, 9, 3, 9, 20};
  Value traced = m.value.with_origin({"var.encrypted", variable_line});
  r.attributes = Value::object({{m.key, traced, m.range}}, r.attributes.range());
  RuleSet rules = load_rules({rule_text("test-rule", "{attribute: storage_encrypted, equals: true}")});
  std::vector<Finding> findings = evaluate(rules, g.graph());
  REQUIRE(findings.size() == 1);
  REQUIRE(findings[0].provenance.size() == 1);
  CHECK(findings[0].provenance[0].what == "var.encrypted");
  CHECK(findings[0].provenance[0].range.start_line == 9);
}

TEST_CASE("resource selection: types, platforms, data sources", "[engine][select]") {
  TestGraph g;
  g.add("aws_db_instance", "aws_db_instance.a", "x: 1");
  g.add("aws_db_cluster", "aws_db_cluster.a", "x: 1");
  g.add("aws_s3_bucket", "aws_s3_bucket.a", "x: 1");
  g.add("aws_db_instance", "Db", "x: 1", Platform::CloudFormation);
  uint32_t data = g.add("aws_db_instance", "data.aws_db_instance.a", "x: 1");
  g.resources()[data].data_source = true;
  RuleSet rules =
      load_rules({rule_text("test-rule", "{attribute: x, equals: 2}", "", "{address} is bad", "[\"aws_db_*\"]")});
  std::vector<Finding> findings = evaluate(rules, g.graph());
  std::vector<std::string> addresses;
  for (const Finding& f : findings) addresses.push_back(f.address);
  CHECK(addresses == std::vector<std::string>{"aws_db_cluster.a", "aws_db_instance.a"});
}

TEST_CASE("passes are returned only when asked for", "[engine][passes]") {
  TestGraph g;
  g.add("aws_thing", "aws_thing.good", "a: true");
  g.add("aws_thing", "aws_thing.bad", "a: false");
  RuleSet rules = load_rules({rule_text("test-rule", "{attribute: a, equals: true}")});
  CHECK(evaluate(rules, g.graph()).size() == 1);
  EngineOptions options;
  options.include_passes = true;
  std::vector<Finding> all = evaluate(rules, g.graph(), options);
  REQUIRE(all.size() == 2);
  CHECK(all[0].address == "aws_thing.bad");
  CHECK(all[1].address == "aws_thing.good");
  CHECK(all[1].outcome == Outcome::Pass);
  CHECK(to_string(Outcome::Pass) == "pass");
  CHECK(to_string(Outcome::Fail) == "fail");
  CHECK(to_string(Outcome::Unknown) == "unknown");
}

std::string only_fingerprint(const TestGraph& g, const std::string& rule_id) {
  RuleSet rules = load_rules({rule_text(rule_id, "{attribute: a, equals: true}")});
  Graph graph = g.graph();
  std::vector<Finding> findings = evaluate(rules, graph);
  REQUIRE(findings.size() == 1);
  CHECK(fingerprint(findings[0], graph) == findings[0].fingerprint);
  return findings[0].fingerprint;
}

TEST_CASE("fingerprints survive moves and change with rule or resource", "[engine][fingerprint]") {
  TestGraph original;
  original.add("aws_thing", "aws_thing.a", "a: false");
  TestGraph moved;  // the same resource, ten lines further down
  moved.add("aws_thing", "aws_thing.a", "a: false", Platform::Terraform, "root", 10);
  TestGraph renamed;
  renamed.add("aws_thing", "aws_thing.b", "a: false");
  std::string base = only_fingerprint(original, "test-rule");
  CHECK(base.size() == 32);
  CHECK(base == only_fingerprint(moved, "test-rule"));
  CHECK(base != only_fingerprint(renamed, "test-rule"));
  CHECK(base != only_fingerprint(original, "other-rule"));
  TestGraph other_root;
  other_root.add("aws_thing", "aws_thing.a", "a: false", Platform::Terraform, "envs/dev");
  CHECK(base != only_fingerprint(other_root, "test-rule"));
}

TEST_CASE("findings are sorted and identical for any number of jobs", "[engine][determinism]") {
  TestGraph g;
  // Enough resources that several threads get work, spread over files out of order.
  for (int i = 299; i >= 0; --i) {
    std::string attributes = (i % 3 == 0)   ? "a: false\nb: false"
                             : (i % 3 == 1) ? "b: \"(unknown: u)\""
                                            : "a: true\nb: true";
    g.add("aws_thing", "aws_thing.r" + std::to_string(i), attributes, Platform::Terraform, "root", 0,
          "file" + std::to_string(i % 7) + ".yaml#" + std::to_string(i));
  }
  RuleSet rules = load_rules(
      {rule_text("rule-a", "{attribute: a, equals: true}"), rule_text("rule-b", "{attribute: b, equals: true}")});
  Graph graph = g.graph();
  EngineOptions one, four;
  four.jobs = 4;
  std::vector<Finding> serial = evaluate(rules, graph, one);
  std::vector<Finding> parallel = evaluate(rules, graph, four);
  REQUIRE(serial.size() == parallel.size());
  REQUIRE(serial.size() == 100 * 2 + 100 * 2);
  for (size_t i = 0; i < serial.size(); ++i) {
    CHECK(serial[i].fingerprint == parallel[i].fingerprint);
    CHECK(serial[i].outcome == parallel[i].outcome);
  }
  for (size_t i = 1; i < serial.size(); ++i) {
    const Finding& a = serial[i - 1];
    const Finding& b = serial[i];
    auto key = [](const Finding& f) {
      return std::tuple(f.location.path(), f.location.start_line, f.location.start_col, f.rule->id, f.address);
    };
    CHECK(key(a) < key(b));
  }
}

}  // namespace
}  // namespace vouch
