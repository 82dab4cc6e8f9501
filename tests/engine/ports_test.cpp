// port_range + covers_any: protocols that mean every port or none, ranges, unknowns.
#include "engine_support.h"

namespace vouch {
namespace {

using test::evaluate_one;
using test::outcome_of;
constexpr Outcome T = Outcome::Pass;
constexpr Outcome F = Outcome::Fail;
constexpr Outcome U = Outcome::Unknown;

const std::string kSsh = "{port_range: {from: from_port, to: to_port, protocol: protocol}, covers_any: [22, 3389]}";

TEST_CASE("port ranges", "[engine][ports]") {
  CHECK(outcome_of(kSsh, "from_port: 22\nto_port: 22\nprotocol: tcp") == T);
  CHECK(outcome_of(kSsh, "from_port: 0\nto_port: 65535\nprotocol: tcp") == T);
  CHECK(outcome_of(kSsh, "from_port: 80\nto_port: 443\nprotocol: tcp") == F);
  CHECK(outcome_of(kSsh, "from_port: 3389\nto_port: 3390\nprotocol: \"6\"") == T);
  CHECK(outcome_of(kSsh, "from_port: \"20\"\nto_port: \"30\"\nprotocol: tcp") == T);  // CloudFormation strings
  CHECK(outcome_of(kSsh, "from_port: 22\nprotocol: tcp") == T);                       // one port given
}

TEST_CASE("protocols covering every port or none", "[engine][ports]") {
  CHECK(outcome_of(kSsh, "from_port: 0\nto_port: 0\nprotocol: \"-1\"") == T);
  CHECK(outcome_of(kSsh, "from_port: 0\nto_port: 0\nprotocol: -1") == T);
  CHECK(outcome_of(kSsh, "protocol: all") == T);  // missing ports with protocol all
  CHECK(outcome_of(kSsh, "protocol: \"-1\"") == T);
  CHECK(outcome_of(kSsh, "from_port: 0\nto_port: 65535\nprotocol: icmp") == F);
  CHECK(outcome_of(kSsh, "from_port: 0\nto_port: 65535\nprotocol: \"58\"") == F);
  CHECK(outcome_of(kSsh, "protocol: tcp") == F);  // no ports, specific protocol
  // Without a protocol path, the range alone decides.
  CHECK(outcome_of("{port_range: {from: a, to: b}, covers_any: [22]}", "a: 10\nb: 30") == T);
}

TEST_CASE("unknown ports and protocols", "[engine][ports]") {
  CHECK(outcome_of(kSsh, "from_port: \"(unknown: var.port)\"\nto_port: 22\nprotocol: tcp") == U);
  CHECK(outcome_of(kSsh, "from_port: 0\nto_port: 0\nprotocol: \"(unknown: var.proto)\"") == U);
  test::SingleResult r = evaluate_one(kSsh, "from_port: 0\nto_port: \"(unknown: var.to is unset)\"\nprotocol: tcp");
  CHECK(r.outcome == U);
  CHECK_THAT(r.finding.message, Catch::EndsWith(": not verifiable, var.to is unset"));
}

TEST_CASE("port ranges inside quantifiers", "[engine][ports]") {
  std::string rule =
      "{none: ingress, where: {all: [" + kSsh + ", {attribute: cidr_blocks, cidr_allows_internet: true}]}}";
  const char* open =
      "ingress:\n"
      "  - {from_port: 80, to_port: 80, protocol: tcp, cidr_blocks: [0.0.0.0/0]}\n"
      "  - {from_port: 22, to_port: 22, protocol: tcp, cidr_blocks: [0.0.0.0/0]}\n";
  const char* internal =
      "ingress:\n"
      "  - {from_port: 22, to_port: 22, protocol: tcp, cidr_blocks: [10.0.0.0/8]}\n";
  test::SingleResult r = evaluate_one(rule, open);
  CHECK(r.outcome == F);
  CHECK(r.finding.location.start_line == 4);  // the second ingress block (line 1 is the header)
  CHECK(outcome_of(rule, internal) == T);
}

}  // namespace
}  // namespace vouch
