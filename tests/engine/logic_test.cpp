// Kleene logic for all/any/not, quantifiers, and `where` as an implication.
#include "engine_support.h"

namespace vouch {
namespace {

using test::evaluate_one;
using test::outcome_of;
constexpr Outcome T = Outcome::Pass;
constexpr Outcome F = Outcome::Fail;
constexpr Outcome U = Outcome::Unknown;

// Leaves that are true, false and unknown on kValues.
const char* kValues = "t: true\nf: false\nu: \"(unknown: var.u is unset)\"\n";
std::string leaf(char which) {
  return std::string("{attribute: ") + which + ", equals: true}";
}

TEST_CASE("Kleene truth tables", "[engine][logic]") {
  struct Row {
    char a, b;
    Outcome all, any;
  };
  const Row table[] = {
      {'t', 't', T, T}, {'t', 'f', F, T}, {'t', 'u', U, T}, {'f', 't', F, T}, {'f', 'f', F, F},
      {'f', 'u', F, U}, {'u', 't', U, T}, {'u', 'f', F, U}, {'u', 'u', U, U},
  };
  for (const Row& row : table) {
    INFO(row.a << " " << row.b);
    std::string pair = "[" + leaf(row.a) + ", " + leaf(row.b) + "]";
    CHECK(outcome_of("{all: " + pair + "}", kValues) == row.all);
    CHECK(outcome_of("{any: " + pair + "}", kValues) == row.any);
  }
  CHECK(outcome_of("{not: " + leaf('t') + "}", kValues) == F);
  CHECK(outcome_of("{not: " + leaf('f') + "}", kValues) == T);
  CHECK(outcome_of("{not: " + leaf('u') + "}", kValues) == U);
}

TEST_CASE("some, every, none", "[engine][quantifiers]") {
  const char* rules = "ingress:\n  - {port: 22, open: true}\n  - {port: 80, open: false}\n";
  CHECK(outcome_of("{some: ingress, where: {attribute: open, equals: true}}", rules) == T);
  CHECK(outcome_of("{every: ingress, where: {attribute: open, equals: true}}", rules) == F);
  CHECK(outcome_of("{none: ingress, where: {attribute: open, equals: true}}", rules) == F);
  CHECK(outcome_of("{none: ingress, where: {attribute: port, equals: 443}}", rules) == T);
  // No elements: some is false, every and none are true.
  CHECK(outcome_of("{some: ingress, where: {attribute: open, equals: true}}", "ingress: []") == F);
  CHECK(outcome_of("{every: ingress, where: {attribute: open, equals: true}}", "x: 1") == T);
  CHECK(outcome_of("{none: ingress, where: {attribute: open, equals: true}}", "x: 1") == T);
  // Unknown elements and unknown lists.
  const char* partly = "ingress:\n  - {open: false}\n  - {open: \"(unknown: u)\"}\n";
  CHECK(outcome_of("{some: ingress, where: {attribute: open, equals: true}}", partly) == U);
  CHECK(outcome_of("{none: ingress, where: {attribute: open, equals: true}}", partly) == U);
  CHECK(outcome_of("{every: ingress, where: {attribute: open, equals: false}}", partly) == U);
  CHECK(outcome_of("{every: ingress, where: {attribute: open, equals: true}}", partly) == F);
  CHECK(outcome_of("{some: ingress, where: {attribute: open, equals: true}}", "ingress: \"(unknown: dynamic)\"") == U);
  // A single block written as an object is one element.
  CHECK(outcome_of("{some: vpc_config, where: {attribute: public, equals: true}}", "vpc_config: {public: true}") == T);
  // Paths inside `where` are relative to the element.
  CHECK(outcome_of("{some: spec.containers, where: {attribute: sc.privileged, equals: true}}",
                   "spec: {containers: [{sc: {privileged: false}}, {sc: {privileged: true}}]}") == T);
}

TEST_CASE("where is an implication: false skips, unknown weakens a failure", "[engine][logic]") {
  CHECK_FALSE(evaluate_one(leaf('f'), kValues, leaf('f')).applicable);
  CHECK(evaluate_one(leaf('f'), kValues, leaf('t')).outcome == F);
  CHECK(evaluate_one(leaf('t'), kValues, leaf('u')).outcome == T);
  test::SingleResult weak = evaluate_one(leaf('f'), kValues, leaf('u'));
  CHECK(weak.outcome == U);
  CHECK_THAT(weak.finding.message, Catch::Contains("unknown whether the rule applies: var.u is unset"));
  CHECK(evaluate_one(leaf('u'), kValues, leaf('t')).outcome == U);
}

}  // namespace
}  // namespace vouch
