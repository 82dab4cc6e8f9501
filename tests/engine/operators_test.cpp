// Every leaf operator, with known and unknown values, wildcards and missing paths.
#include "engine_support.h"

namespace vouch {
namespace {

using test::outcome_of;
constexpr Outcome T = Outcome::Pass;
constexpr Outcome F = Outcome::Fail;
constexpr Outcome U = Outcome::Unknown;

TEST_CASE("exists", "[engine][operators]") {
  CHECK(outcome_of("{attribute: a, exists: true}", "a: 1") == T);
  CHECK(outcome_of("{attribute: a, exists: true}", "a: null") == F);
  CHECK(outcome_of("{attribute: a, exists: true}", "b: 1") == F);
  // Unknown: something will be set.
  CHECK(outcome_of("{attribute: a, exists: true}", "a: \"(unknown: var.a is unset)\"") == T);
  CHECK(outcome_of("{attribute: a, exists: false}", "b: 1") == T);
  CHECK(outcome_of("{attribute: a, exists: false}", "a: ~") == T);
  CHECK(outcome_of("{attribute: a, exists: false}", "a: x") == F);
  CHECK(outcome_of("{attribute: a, exists: false}", "a: \"(unknown: x)\"") == F);
}

TEST_CASE("equals converts like Terraform", "[engine][operators]") {
  CHECK(outcome_of("{attribute: a, equals: true}", "a: true") == T);
  CHECK(outcome_of("{attribute: a, equals: true}", "a: \"true\"") == T);
  CHECK(outcome_of("{attribute: a, equals: \"true\"}", "a: true") == T);
  CHECK(outcome_of("{attribute: a, equals: true}", "a: false") == F);
  CHECK(outcome_of("{attribute: a, equals: true}", "a: \"yes\"") == F);
  CHECK(outcome_of("{attribute: a, equals: true}", "a: 1") == F);
  CHECK(outcome_of("{attribute: a, equals: 10}", "a: \"10\"") == T);
  CHECK(outcome_of("{attribute: a, equals: 10}", "a: \"10.0\"") == T);
  CHECK(outcome_of("{attribute: a, equals: \"10\"}", "a: 10") == T);
  CHECK(outcome_of("{attribute: a, equals: 10}", "a: \"ten\"") == F);
  CHECK(outcome_of("{attribute: a, equals: abc}", "a: abc") == T);
  CHECK(outcome_of("{attribute: a, equals: abc}", "a: Abc") == F);
  CHECK(outcome_of("{attribute: a, equals: null}", "b: 1") == T);  // missing is tested as null
  CHECK(outcome_of("{attribute: a, equals: true}", "b: 1") == F);
  CHECK(outcome_of("{attribute: a, equals: true}", "a: \"(unknown: var.x)\"") == U);
  CHECK(outcome_of("{attribute: a, equals: true}", "a: [true]") == F);
}

TEST_CASE("one_of", "[engine][operators]") {
  CHECK(outcome_of("{attribute: a, one_of: [x, y]}", "a: y") == T);
  CHECK(outcome_of("{attribute: a, one_of: [x, 1]}", "a: \"1\"") == T);
  CHECK(outcome_of("{attribute: a, one_of: [x, y]}", "a: z") == F);
  CHECK(outcome_of("{attribute: a, one_of: [x, y]}", "a: \"(unknown: u)\"") == U);
}

TEST_CASE("matches", "[engine][operators]") {
  CHECK(outcome_of("{attribute: a, matches: \"^arn:aws:kms:\"}", "a: \"arn:aws:kms:eu-west-1:1:key/x\"") == T);
  CHECK(outcome_of("{attribute: a, matches: \"kms\"}", "a: \"my-kms-key\"") == T);  // RE2 finds, not anchors
  CHECK(outcome_of("{attribute: a, matches: \"^kms$\"}", "a: \"my-kms-key\"") == F);
  CHECK(outcome_of("{attribute: a, matches: \"^1[0-9]$\"}", "a: 12") == T);  // numbers as Terraform prints them
  CHECK(outcome_of("{attribute: a, matches: \"x\"}", "a: {x: 1}") == F);
  CHECK(outcome_of("{attribute: a, matches: \"^--privileged\"}", "a: [--x, --privileged]") == T);
  CHECK(outcome_of("{attribute: a, matches: \"x\"}", "a: \"(unknown: u)\"") == U);
  CHECK(outcome_of("{attribute: a, matches: \"x\"}", "b: x") == F);
}

TEST_CASE("contains", "[engine][operators]") {
  CHECK(outcome_of("{attribute: a, contains: audit}", "a: [api, audit]") == T);
  CHECK(outcome_of("{attribute: a, contains: audit}", "a: [api]") == F);
  CHECK(outcome_of("{attribute: a, contains: audit}", "a: [api, \"(unknown: u)\"]") == U);
  CHECK(outcome_of("{attribute: a, contains: audit}", "a: [audit, \"(unknown: u)\"]") == T);
  CHECK(outcome_of("{attribute: a, contains: \"0.0\"}", "a: \"10.0.0.0/8\"") == T);
  CHECK(outcome_of("{attribute: a, contains: key}", "a: {key: 1}") == T);
  CHECK(outcome_of("{attribute: a, contains: key}", "a: 5") == F);
  CHECK(outcome_of("{attribute: a, contains: key}", "a: \"(unknown: u)\"") == U);
}

TEST_CASE("comparisons", "[engine][operators]") {
  CHECK(outcome_of("{attribute: a, gt: 7}", "a: 8") == T);
  CHECK(outcome_of("{attribute: a, gt: 7}", "a: 7") == F);
  CHECK(outcome_of("{attribute: a, gte: 7}", "a: 7") == T);
  CHECK(outcome_of("{attribute: a, lt: 7}", "a: \"6\"") == T);  // numeric strings compare as numbers
  CHECK(outcome_of("{attribute: a, lte: 7}", "a: 8") == F);
  CHECK(outcome_of("{attribute: a, gt: 7}", "a: many") == F);
  CHECK(outcome_of("{attribute: a, gt: 7}", "b: 8") == F);
  CHECK(outcome_of("{attribute: a, gt: 7}", "a: \"(unknown: u)\"") == U);
}

TEST_CASE("cidr_allows_internet", "[engine][operators]") {
  CHECK(outcome_of("{attribute: c, cidr_allows_internet: true}", "c: 0.0.0.0/0") == T);
  CHECK(outcome_of("{attribute: c, cidr_allows_internet: true}", "c: \"::/0\"") == T);
  CHECK(outcome_of("{attribute: c, cidr_allows_internet: true}", "c: 10.0.0.0/8") == F);
  CHECK(outcome_of("{attribute: c, cidr_allows_internet: true}", "c: [10.0.0.0/8, 0.0.0.0/0]") == T);
  CHECK(outcome_of("{attribute: c, cidr_allows_internet: true}", "c: [10.0.0.0/8]") == F);
  CHECK(outcome_of("{attribute: c, cidr_allows_internet: true}", "c: [10.0.0.0/8, \"(unknown: u)\"]") == U);
  CHECK(outcome_of("{attribute: c, cidr_allows_internet: true}", "c: [0.0.0.0/0, \"(unknown: u)\"]") == T);
  CHECK(outcome_of("{attribute: c, cidr_allows_internet: true}", "d: 1") == F);
  CHECK(outcome_of("{attribute: c, cidr_allows_internet: false}", "c: [10.0.0.0/8]") == T);
  CHECK(outcome_of("{attribute: c, cidr_allows_internet: false}", "c: 0.0.0.0/0") == F);
}

TEST_CASE("paths: nesting, indices, quoted keys", "[engine][paths]") {
  CHECK(outcome_of("{attribute: a.b.c, equals: 1}", "a: {b: {c: 1}}") == T);
  CHECK(outcome_of("{attribute: \"a[1]\", equals: y}", "a: [x, y]") == T);
  CHECK(outcome_of("{attribute: \"a[2]\", exists: true}", "a: [x, y]") == F);
  CHECK(outcome_of("{attribute: \"m[\\\"vouch.dev/ignore\\\"]\", equals: yes}", "m: {vouch.dev/ignore: yes}") == T);
  // An unknown part way down makes the whole path unknown.
  CHECK(outcome_of("{attribute: a.b.c, equals: 1}", "a: \"(unknown: dynamic block)\"") == U);
}

TEST_CASE("a key applied to a list applies to each element", "[engine][paths]") {
  const char* blocks = "logging:\n  - target_bucket: logs\n  - target_bucket: other\n";
  CHECK(outcome_of("{attribute: logging.target_bucket, equals: other}", blocks) == T);
  CHECK(outcome_of("{attribute: \"logging[*].target_bucket\", equals: other}", blocks) == T);
  CHECK(outcome_of("{attribute: \"logging[0].target_bucket\", equals: other}", blocks) == F);
  CHECK(outcome_of("{attribute: logging.target_bucket, equals: none}", blocks) == F);
}

TEST_CASE("wildcards: true if any reached value holds, unknown before false", "[engine][paths]") {
  const char* containers =
      "containers:\n  - {name: a, privileged: false}\n  - {name: b, privileged: \"(unknown: u)\"}\n";
  CHECK(outcome_of("{attribute: \"containers[*].privileged\", equals: true}", containers) == U);
  CHECK(outcome_of("{attribute: \"containers[*].name\", equals: b}", containers) == T);
  CHECK(outcome_of("{attribute: \"containers[*].name\", equals: c}", containers) == F);
  // `*` over an object's members.
  CHECK(outcome_of("{attribute: \"labels.*\", equals: prod}", "labels: {env: prod, team: x}") == T);
  CHECK(outcome_of("{attribute: \"labels[*]\", equals: dev}", "labels: {env: prod, team: x}") == F);
  // A wildcard that reaches nothing is tested against null.
  CHECK(outcome_of("{attribute: \"containers[*].image\", exists: false}", "containers: []") == T);
}

}  // namespace
}  // namespace vouch
