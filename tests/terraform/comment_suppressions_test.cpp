#include <catch2/catch.hpp>

#include "frontends/terraform/terraform.h"

using namespace vouch;

TEST_CASE("vouch:ignore comments above a block are found in every comment style") {
  SourceFiles files;
  const SourceFile* file = files.add("main.tf", R"(# unrelated
# vouch:ignore aws-rds-storage-unencrypted reason="reference data" expires=2027-01-31
// vouch:ignore aws-rds-instance-publicly-accessible reason="public dataset"
/* vouch:ignore aws-rds-x reason="block comment" */
resource "aws_db_instance" "a" {
  storage_encrypted = false

  /*
    vouch:ignore aws-rds-y reason="multi-line"
  */
  publicly_accessible = true # vouch:ignore aws-rds-z reason="trailing"
}

# vouch:ignore not-attached reason="a blank line separates it"

resource "aws_s3_bucket" "b" {}
)");
  auto above_block = terraform::comment_suppressions_at(*file, 5);
  REQUIRE(above_block.size() == 3);
  CHECK(above_block[0].rule_id == "aws-rds-x");
  CHECK(above_block[1].rule_id == "aws-rds-instance-publicly-accessible");
  CHECK(above_block[2].rule_id == "aws-rds-storage-unencrypted");
  CHECK(above_block[2].reason == "reference data");
  CHECK(above_block[2].expires == "2027-01-31");
  CHECK(above_block[2].range.start_line == 2);
  CHECK(above_block[2].range.start_col == 1);

  auto attribute = terraform::comment_suppressions_at(*file, 11);
  REQUIRE(attribute.size() == 2);
  CHECK(attribute[0].rule_id == "aws-rds-z");
  CHECK(attribute[0].range.start_line == 11);
  CHECK(attribute[1].rule_id == "aws-rds-y");

  CHECK(terraform::comment_suppressions_at(*file, 6).empty());
  CHECK(terraform::comment_suppressions_at(*file, 16).empty());
  CHECK(terraform::comment_suppressions_at(*file, 999).empty());
}

TEST_CASE("a malformed directive is kept with its error, not dropped") {
  SourceFiles files;
  const SourceFile* file = files.add("main.tf", "# vouch:ignore\nresource \"a\" \"b\" {}\n");
  auto found = terraform::comment_suppressions_at(*file, 2);
  REQUIRE(found.size() == 1);
  CHECK_FALSE(found[0].parse_error.empty());
}
