// Baselines end to end (issue #6): `vouch baseline create`, then `vouch scan
// --baseline`, and the fingerprint's promise — stable when the resource moves, when
// unrelated code changes and when the file is reformatted; new when the resource is
// renamed or another rule fires. Each case edits its own copy in a temporary folder.
#include <catch2/catch.hpp>

#include "workflow.h"

using namespace vouch::workflow_test;

namespace {

// Two findings: one on the block header (missing attribute), one on an attribute.
constexpr const char* kOriginal = R"(resource "aws_db_instance" "reports" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 40
  encrypted         = false
}
)";

constexpr const char* kRules = "--rule aws-rds-storage-unencrypted --rule aws-ebs-volume-unencrypted "
                               "--rule aws-rds-instance-publicly-accessible";

// Creates the baseline from kOriginal, writes `changed` in its place and scans it
// against the baseline; returns the SARIF results and sets `code`.
json rescan_after(const TempDir& dir, const std::string& changed, int& code) {
  write_file(dir.path() / "main.tf", kOriginal);
  const Run created = vouch_in(dir.path(), std::string("baseline create . -o ") + quote(dir / "baseline.json") + " " + kRules);
  REQUIRE(created.code == 0);
  write_file(dir.path() / "main.tf", changed);
  const Run r = vouch_in(dir.path(), std::string("scan . --format sarif --baseline baseline.json ") + kRules);
  INFO(r.err);
  code = r.code;
  return sarif_results(r.out);
}

std::string state_of(const json& results, const std::string& rule, const std::string& address) {
  const json r = find_result(results, rule, address);
  if (!r.is_object()) return "(no result)";
  return r.value("baselineState", "(none)");
}

}  // namespace

TEST_CASE("baseline create, then scan --baseline: exit 0 when nothing is new, 1 when something is",
          "[workflow][baseline]") {
  TempDir dir;
  write_file(dir.path() / "main.tf", kOriginal);
  const Run created = vouch_in(dir.path(), std::string("baseline create . -o ") + quote(dir / "baseline.json") + " " + kRules);
  CHECK(created.code == 0);
  CHECK(contains(created.err, "wrote 2 findings to "));
  const json baseline = json::parse(read_file(dir.path() / "baseline.json"));
  CHECK(baseline["version"] == 1);
  REQUIRE(baseline["findings"].size() == 2);
  for (const json& entry : baseline["findings"]) CHECK(entry["fingerprint"].get<std::string>().size() >= 16);

  const Run same = vouch_in(dir.path(), std::string("scan . --no-color --baseline baseline.json ") + kRules);
  CHECK(same.code == 0);
  CHECK(contains(same.out, "0 findings (0 critical, 0 high, 0 medium, 0 low), 0 not verifiable, 0 suppressed, "
                           "2 in baseline;"));
  const json unchanged = sarif_results(vouch_in(dir.path(), std::string("scan . --format sarif --baseline baseline.json ") + kRules).out);
  REQUIRE(unchanged.size() == 2);
  for (const json& r : unchanged) CHECK(r["baselineState"] == "unchanged");

  write_file(dir.path() / "main.tf", std::string(kOriginal) + R"(
resource "aws_db_instance" "new_one" {
  engine = "mysql"
}
)");
  const Run grown = vouch_in(dir.path(), std::string("scan . --no-color --baseline baseline.json ") + kRules);
  CHECK(grown.code == 1);
  CHECK(contains(grown.out, "aws_db_instance.new_one stores its data without encryption at rest"));
  CHECK_FALSE(contains(grown.out, "aws_db_instance.reports stores"));
  const json results = sarif_results(vouch_in(dir.path(), std::string("scan . --format sarif --baseline baseline.json ") + kRules).out);
  CHECK(state_of(results, "aws-rds-storage-unencrypted", "aws_db_instance.new_one") == "new");
  CHECK(state_of(results, "aws-rds-storage-unencrypted", "aws_db_instance.reports") == "unchanged");

  SECTION("annotations and the pull-request comment show only the new finding") {
    const Run github = vouch_in(dir.path(), std::string("scan . --format github --baseline baseline.json ") + kRules);
    CHECK(count_of(github.out, "\n") == 1);
    CHECK(contains(github.out, "aws_db_instance.new_one"));
    const Run markdown = vouch_in(dir.path(), std::string("scan . --format markdown --baseline baseline.json ") + kRules);
    CHECK(contains(markdown.out, "## vouch: 1 finding\n"));
    CHECK(contains(markdown.out, "| 0 | 1 | 0 | 0 | 0 | 0 | 2 |\n"));
  }
  SECTION("without --baseline, SARIF results carry no baselineState") {
    for (const json& r : sarif_results(vouch_in(dir.path(), std::string("scan . --format sarif ") + kRules).out)) {
      CHECK_FALSE(r.contains("baselineState"));
    }
  }
  SECTION("a baseline that cannot be read is exit code 2") {
    write_file(dir.path() / "broken.json", "{\"version\": 1}");
    const Run broken = vouch_in(dir.path(), "scan . --baseline broken.json");
    CHECK(broken.code == 2);
    CHECK(contains(broken.err, "broken.json"));
    CHECK(vouch_in(dir.path(), "scan . --baseline no-such.json").code == 2);
  }
}

TEST_CASE("fingerprint: the resource moves to another line -> unchanged", "[workflow][baseline]") {
  TempDir dir;
  int code = -1;
  const json results = rescan_after(dir, std::string("# Reporting database.\n\n\n/* moved down */\n\n") + kOriginal, code);
  CHECK(code == 0);
  CHECK(state_of(results, "aws-rds-storage-unencrypted", "aws_db_instance.reports") == "unchanged");
  CHECK(state_of(results, "aws-ebs-volume-unencrypted", "aws_ebs_volume.scratch") == "unchanged");
}

TEST_CASE("fingerprint: unrelated code changes around it -> unchanged", "[workflow][baseline]") {
  TempDir dir;
  int code = -1;
  const json results = rescan_after(dir, R"(locals {
  team = "reporting"
}

resource "aws_db_instance" "reports" {
  engine            = "postgres"
  instance_class    = "db.m5.large"
  allocated_storage = 100
  tags              = { team = local.team }
}

resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = true
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1b"
  size              = 80
  encrypted         = false
}
)",
                                    code);
  CHECK(code == 0);
  CHECK(state_of(results, "aws-rds-storage-unencrypted", "aws_db_instance.reports") == "unchanged");
  CHECK(state_of(results, "aws-ebs-volume-unencrypted", "aws_ebs_volume.scratch") == "unchanged");
}

TEST_CASE("fingerprint: the file is reformatted (indentation, attribute order) -> unchanged", "[workflow][baseline]") {
  TempDir dir;
  int code = -1;
  const json results = rescan_after(dir, R"(resource "aws_ebs_volume" "scratch" {
    encrypted = false
    size = 40
    availability_zone = "eu-west-1a"
}
resource "aws_db_instance" "reports" {
	instance_class = "db.t3.micro"
	engine = "postgres"
}
)",
                                    code);
  CHECK(code == 0);
  CHECK(state_of(results, "aws-rds-storage-unencrypted", "aws_db_instance.reports") == "unchanged");
  CHECK(state_of(results, "aws-ebs-volume-unencrypted", "aws_ebs_volume.scratch") == "unchanged");
}

TEST_CASE("fingerprint: the resource is renamed -> new", "[workflow][baseline]") {
  TempDir dir;
  int code = -1;
  std::string renamed = kOriginal;
  renamed.replace(renamed.find("\"reports\""), 9, "\"analytics\"");
  const json results = rescan_after(dir, renamed, code);
  CHECK(code == 1);
  CHECK(state_of(results, "aws-rds-storage-unencrypted", "aws_db_instance.analytics") == "new");
  CHECK(state_of(results, "aws-ebs-volume-unencrypted", "aws_ebs_volume.scratch") == "unchanged");
}

TEST_CASE("fingerprint: a different rule fires on the same resource -> new", "[workflow][baseline]") {
  TempDir dir;
  int code = -1;
  std::string changed = kOriginal;
  changed.replace(changed.find("  instance_class"), 0, "  publicly_accessible = true\n");
  const json results = rescan_after(dir, changed, code);
  CHECK(code == 1);
  CHECK(state_of(results, "aws-rds-instance-publicly-accessible", "aws_db_instance.reports") == "new");
  CHECK(state_of(results, "aws-rds-storage-unencrypted", "aws_db_instance.reports") == "unchanged");
}

TEST_CASE("baseline create leaves suppressed findings out and scan --baseline still honours suppressions",
          "[workflow][baseline][suppress]") {
  TempDir dir;
  write_file(dir.path() / "main.tf", R"(# vouch:ignore aws-rds-storage-unencrypted reason="reference data"
resource "aws_db_instance" "reference" {
  engine = "postgres"
}
)");
  const Run created = vouch_in(dir.path(), "baseline create . -o baseline.json --rule aws-rds-storage-unencrypted");
  CHECK(created.code == 0);
  CHECK(json::parse(read_file(dir.path() / "baseline.json"))["findings"].empty());
  const Run r = vouch_in(dir.path(), "scan . --baseline baseline.json --rule aws-rds-storage-unencrypted --no-color");
  CHECK(r.code == 0);
  CHECK(contains(r.out, "1 suppressed;"));
}
