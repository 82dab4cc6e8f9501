// Terraform plan and state JSON scanned end to end: detected by content, run through
// the real rule packs, and reported where the equivalent .tf scan reports.
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <tuple>

#include "scan/scan.h"

namespace {

const std::string kPlanFixtures = std::string(VOUCH_SOURCE_DIR) + "/fixtures/terraform/plan/";

vouch::ScanResult scan(const std::string& path, std::vector<std::string> rules) {
  vouch::ScanOptions options;
  options.paths = {path};
  options.only_rules = std::move(rules);
  options.no_config = true;
  options.jobs = 1;
  return vouch::run_scan(options);
}

// rule, address, file, line, column: what a reader compares between two scans.
using Place = std::tuple<std::string, std::string, std::string, uint32_t, uint32_t>;

std::set<Place> places(const vouch::ScanResult& result) {
  std::set<Place> out;
  for (const vouch::Finding& f : result.findings) {
    out.emplace(f.rule->id, f.address, std::string(f.location.path()), f.location.start_line, f.location.start_col);
  }
  return out;
}

const vouch::Finding* finding(const vouch::ScanResult& result, const std::string& rule, const std::string& address) {
  for (const vouch::Finding& f : result.findings) {
    if (f.rule->id == rule && f.address == address) return &f;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a plan reports the findings of its configuration, at the same .tf lines") {
  const std::vector<std::string> rules = {"aws-rds-storage-unencrypted", "aws-s3-bucket-encryption-not-kms"};
  const vouch::ScanResult tf = scan(kPlanFixtures + "e2e/main.tf", rules);
  const vouch::ScanResult plan = scan(kPlanFixtures + "e2e/plan.json", rules);
  CHECK(tf.diagnostics.empty());
  CHECK(plan.diagnostics.empty());
  REQUIRE(tf.findings.size() == 2);
  CHECK(places(plan) == places(tf));

  const vouch::Finding* rds = finding(plan, "aws-rds-storage-unencrypted", "aws_db_instance.orders");
  REQUIRE(rds);
  CHECK(rds->outcome == vouch::Outcome::Fail);
  CHECK(rds->location.start_line == 21);
  CHECK(rds->attribute == "storage_encrypted");

  // The bucket with the split-out AES256 configuration fails in both. In the plan its
  // inline `server_side_encryption_configuration` is provider-computed (after_unknown),
  // so the plan honestly cannot rule out KMS there: not verifiable, at the same place.
  const vouch::Finding* uploads_tf = finding(tf, "aws-s3-bucket-encryption-not-kms", "aws_s3_bucket.uploads");
  const vouch::Finding* uploads_plan = finding(plan, "aws-s3-bucket-encryption-not-kms", "aws_s3_bucket.uploads");
  REQUIRE(uploads_tf);
  REQUIRE(uploads_plan);
  CHECK(uploads_tf->outcome == vouch::Outcome::Fail);
  CHECK(uploads_plan->outcome == vouch::Outcome::Unknown);
  CHECK(uploads_plan->message.find("known after apply") != std::string::npos);
  // The bucket encrypted with KMS through the split-out resource passes in both: the
  // edge from the configuration's references is followed.
  CHECK(finding(plan, "aws-s3-bucket-encryption-not-kms", "aws_s3_bucket.logs") == nullptr);
}

TEST_CASE("a plan's module resources are reported in the module's .tf file") {
  const vouch::ScanResult plan = scan(kPlanFixtures + "modules/plan.json", {"aws-rds-storage-unencrypted"});
  REQUIRE(plan.findings.size() == 1);
  const vouch::Finding& f = plan.findings[0];
  CHECK(f.address == "module.db[0].aws_db_instance.this[0]");
  CHECK(f.outcome == vouch::Outcome::Fail);
  CHECK(std::string(f.location.path()).ends_with("fixtures/terraform/plan/modules/modules/db/main.tf"));
  CHECK(f.location.start_line == 14);
  // The `vouch:ignore` comment above the attribute in the module's .tf applies.
  REQUIRE(f.suppressions.size() == 1);
  CHECK(f.suppressions[0].justification == "holds a copy of a public data set");
}

TEST_CASE("a state file is scanned with its recorded values") {
  const vouch::ScanResult state = scan(kPlanFixtures + "state/terraform.tfstate.json",
                                       {"aws-rds-storage-unencrypted", "aws-s3-bucket-encryption-not-kms"});
  CHECK(state.diagnostics.empty());
  // The database recorded storage_encrypted = true; the bucket's recorded default
  // encryption is AES256, which is not KMS.
  REQUIRE(state.findings.size() == 1);
  const vouch::Finding& f = state.findings[0];
  CHECK(f.rule->id == "aws-s3-bucket-encryption-not-kms");
  CHECK(f.address == "aws_s3_bucket.logs");
  CHECK(f.outcome == vouch::Outcome::Fail);
  CHECK(std::string(f.location.path()).ends_with("terraform.tfstate.json"));
  CHECK(f.location.start_line > 1);
}

TEST_CASE("a plan scanned with its .tf files does not report the same finding twice") {
  const std::vector<std::string> rules = {"aws-rds-storage-unencrypted", "aws-s3-bucket-encryption-not-kms"};
  const vouch::ScanResult folder = scan(kPlanFixtures + "e2e", rules);
  const vouch::ScanResult tf = scan(kPlanFixtures + "e2e/main.tf", rules);
  CHECK(folder.files_scanned == 2);
  CHECK(places(folder) == places(tf));
  // The configuration's answer is kept where the two disagree (the plan's is unknown).
  const vouch::Finding* uploads = finding(folder, "aws-s3-bucket-encryption-not-kms", "aws_s3_bucket.uploads");
  REQUIRE(uploads);
  CHECK(uploads->outcome == vouch::Outcome::Fail);
}
