#include <catch2/catch.hpp>

#include "graph/graph.h"

using namespace vouch;

TEST_CASE("globs match paths, addresses and types") {
  CHECK(glob_match("module.legacy.*", "module.legacy.aws_db_instance.this"));
  CHECK_FALSE(glob_match("module.legacy.*", "module.other.aws_db_instance.this"));
  CHECK(glob_match("aws_s3_bucket.*", "aws_s3_bucket.logs[\"a\"]"));
  CHECK(glob_match("examples/**", "examples/complete/main.tf"));
  CHECK_FALSE(glob_match("examples/*", "examples/complete/main.tf"));
  CHECK(glob_match("*.tf", "main.tf"));
  CHECK_FALSE(glob_match("*.tf", "modules/main.tf"));
  CHECK(glob_match("**/*.tf", "modules/a/main.tf"));
  CHECK(glob_match("**/*.tf", "main.tf"));
  CHECK(glob_match("Deployment/prod/*", "Deployment/prod/api"));
  CHECK(glob_match("a?c", "abc"));
  CHECK_FALSE(glob_match("a?c", "a/c"));
  CHECK(glob_match("*", ""));
  // Without a separator, `*` runs across '/' (Kubernetes addresses, API groups).
  CHECK(glob_match("Deployment/*", "Deployment/prod/api", '\0'));
  CHECK_FALSE(glob_match("Deployment/*", "Deployment/prod/api"));
  CHECK(glob_match("*/Deployment", "apps/v1/Deployment", '\0'));
  CHECK(glob_match("networking.k8s.io/*/NetworkPolicy", "networking.k8s.io/v1/NetworkPolicy", '\0'));
  CHECK(glob_match("a?c", "a/c", '\0'));
}
