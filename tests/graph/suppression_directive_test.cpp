#include <catch2/catch.hpp>

#include "graph/graph.h"

using namespace vouch;

TEST_CASE("ignore directives are read from comment text") {
  InlineSuppression s;
  REQUIRE(parse_ignore_directive(" vouch:ignore aws-rds-storage-unencrypted reason=\"snapshots only\" expires=2027-01-31",
                                 s));
  CHECK(s.rule_id == "aws-rds-storage-unencrypted");
  CHECK(s.reason == "snapshots only");
  CHECK(s.expires == "2027-01-31");
  CHECK(s.parse_error.empty());

  REQUIRE(parse_ignore_directive("vouch:ignore some-rule */", s));
  CHECK(s.rule_id == "some-rule");
  CHECK(s.reason.empty());
  CHECK(s.parse_error.empty());

  CHECK_FALSE(parse_ignore_directive(" just a comment", s));

  REQUIRE(parse_ignore_directive("vouch:ignore some-rule because=yes", s));
  CHECK(s.parse_error.find("unknown key 'because'") != std::string::npos);
  REQUIRE(parse_ignore_directive("vouch:ignore reason=\"x\"", s));
  CHECK(s.parse_error.find("names no rule") != std::string::npos);
  REQUIRE(parse_ignore_directive("vouch:ignore r reason=\"unterminated", s));
  CHECK(s.parse_error.find("unterminated") != std::string::npos);
}
