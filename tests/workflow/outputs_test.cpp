// The CI outputs end to end (issue #6): GitHub workflow commands, JUnit XML, the
// Markdown pull-request comment, several formats in one run, --soft-fail and
// --severity-threshold.
#include <catch2/catch.hpp>

#include "workflow.h"

using namespace vouch::workflow_test;

namespace {

// Findings of each kind: active (high and medium), suppressed, not verifiable, passing.
constexpr const char* kProject = R"(variable "encrypted" {
  type = bool
}

resource "aws_db_instance" "orders" {
  engine = "postgres"
}

# vouch:ignore aws-rds-storage-unencrypted reason="reference data & <public>"
resource "aws_db_instance" "reference" {
  engine = "postgres"
}

resource "aws_db_instance" "unknown" {
  engine            = "postgres"
  storage_encrypted = var.encrypted
}

resource "aws_db_instance" "good" {
  engine            = "postgres"
  storage_encrypted = true
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}
)";

constexpr const char* kRules = "--rule aws-rds-storage-unencrypted --rule aws-sns-topic-unencrypted";

bool xmllint_available() { return std::system("command -v xmllint >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("--format github prints one workflow command per active finding, properties escaped", "[workflow][outputs]") {
  TempDir dir;
  // A folder name with the characters a property must escape, and a key with % and ,.
  write_file(dir.path() / "we,ird:dir/main.tf", std::string(kProject) + R"(
resource "aws_db_instance" "keyed" {
  for_each = toset(["50%", "a,b"])
  engine   = "postgres"
}
)");
  const Run r = vouch_in(dir.path(), std::string("scan . --format github ") + kRules);
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  CHECK(r.err.empty());
  const std::string file = "file=we%2Cird%3Adir/main.tf";
  CHECK(contains(r.out, "::error " + file + ",line=5,col=1,endLine=5,endColumn=38,"
                        "title=aws-rds-storage-unencrypted (high)::aws_db_instance.orders stores its data without "
                        "encryption at rest\n"));
  CHECK(contains(r.out, "::warning " + file + ",line=24,col=1,endLine=24,endColumn=36,"
                        "title=aws-sns-topic-unencrypted (medium)::aws_sns_topic.alerts stores its messages without kms "
                        "encryption\n"));
  CHECK(contains(r.out, "::notice " + file + ",line=16,col=3,"));
  // Data escapes % (and newlines) but keeps ',' and ':'.
  CHECK(contains(r.out, "::aws_db_instance.keyed[\"50%25\"] stores its data"));
  CHECK(contains(r.out, "::aws_db_instance.keyed[\"a,b\"] stores its data"));
  // Suppressed and passing resources make no annotation.
  CHECK_FALSE(contains(r.out, "aws_db_instance.reference"));
  CHECK_FALSE(contains(r.out, "aws_db_instance.good"));
  // One line per active or not-verifiable finding: orders, alerts, unknown, two keyed.
  CHECK(count_of(r.out, "\n") == 5);
  CHECK(count_of(r.out, "::error ") == 3);
}

TEST_CASE("--format junit is well-formed XML with a suite per rule and a case per resource", "[workflow][outputs]") {
  TempDir dir;
  write_file(dir.path() / "main.tf", kProject);
  const Run r = vouch_in(dir.path(), std::string("scan . --format junit:report.xml ") + kRules);
  CHECK(r.code == 1);
  const std::string xml = read_file(dir.path() / "report.xml");
  INFO(xml);
  if (xmllint_available()) {
    const Run lint = shell(dir.path(), "xmllint --noout report.xml");
    INFO(lint.err);
    CHECK(lint.code == 0);
  } else {
    WARN("xmllint not installed (Debian: libxml2-utils): well-formedness not checked");
  }
  CHECK(contains(xml, "<testsuites name=\"vouch\" tests=\"5\" failures=\"2\" errors=\"0\" skipped=\"2\">"));
  CHECK(contains(xml, "<testsuite name=\"aws-rds-storage-unencrypted\" tests=\"4\" failures=\"1\" errors=\"0\" "
                      "skipped=\"2\">"));
  CHECK(contains(xml, "<testsuite name=\"aws-sns-topic-unencrypted\" tests=\"1\" failures=\"1\" errors=\"0\" "
                      "skipped=\"0\">"));
  CHECK(count_of(xml, "<testsuite ") == 2);
  // A passing case for the passing resource, a failure per finding, skipped for the rest.
  CHECK(contains(xml, "<testcase classname=\"aws-rds-storage-unencrypted\" name=\"aws_db_instance.good\" "
                      "file=\"main.tf\" line=\"21\"/>"));
  CHECK(contains(xml, "name=\"aws_db_instance.orders\" file=\"main.tf\" line=\"5\">\n      <failure type=\"high\" "
                      "message=\"aws_db_instance.orders stores its data without encryption at rest\">"));
  CHECK(contains(xml, "<skipped message=\"accepted: reference data &amp; &lt;public&gt;\"/>"));
  CHECK(contains(xml, "<skipped message=\"not verifiable: "));
}

TEST_CASE("--format markdown: counts, a table of new findings, suppressions folded away", "[workflow][outputs]") {
  TempDir dir;
  write_file(dir.path() / "main.tf", kProject);
  const Run r = vouch_in(dir.path(), std::string("scan . --format markdown ") + kRules);
  INFO(r.out);
  CHECK(r.code == 1);
  CHECK(contains(r.out, "## vouch: 2 findings\n"));
  CHECK(contains(r.out, "| critical | high | medium | low | not verifiable | suppressed | baselined |\n"));
  CHECK(contains(r.out, "| 0 | 1 | 1 | 0 | 1 | 1 | 0 |\n"));
  CHECK(contains(r.out, "### New findings\n"));
  CHECK(contains(r.out, "| high | `aws-rds-storage-unencrypted` | `aws_db_instance.orders` | `main.tf:5:1` | "));
  CHECK(contains(r.out, "<details><summary>Suppressed and baselined (1)</summary>"));
  const size_t details = r.out.find("<details><summary>Suppressed");
  const size_t reason = r.out.find("reference data & <public>");
  CHECK(details != std::string::npos);
  CHECK(reason > details);
  CHECK(reason != std::string::npos);
  CHECK(contains(r.out, "</details>"));
  CHECK_FALSE(contains(r.out, "omitted"));

  SECTION("on GitHub Actions, locations link to the commit under review") {
    const Run linked = vouch_in(dir.path(), std::string("scan . --format markdown ") + kRules,
                                "GITHUB_SERVER_URL=https://github.com GITHUB_REPOSITORY=acme/infra GITHUB_SHA=abc123");
    CHECK(contains(linked.out, "[`main.tf:5:1`](https://github.com/acme/infra/blob/abc123/main.tf#L5)"));
  }
}

TEST_CASE("--format markdown stays under 65,536 characters with a truncation note", "[workflow][outputs]") {
  TempDir dir;
  std::string big;
  for (int i = 0; i < 40; ++i) {
    big += "resource \"aws_db_instance\" \"database_with_a_rather_long_name_" + std::to_string(i) +
           "\" {\n  count  = 25\n  engine = \"postgres\"\n}\n\n";
  }
  big += "# vouch:ignore aws-rds-storage-unencrypted reason=\"reference data\"\n"
         "resource \"aws_db_instance\" \"reference\" {\n  engine = \"postgres\"\n}\n";
  write_file(dir.path() / "main.tf", big);
  const Run r = vouch_in(dir.path(), "scan . --format markdown --rule aws-rds-storage-unencrypted");
  CHECK(r.code == 1);
  // Many findings do not crowd the suppressions out: reviewers still see the exception.
  CHECK(contains(r.out, "<details><summary>Suppressed and baselined (1)</summary>"));
  CHECK(contains(r.out, "| `aws-rds-storage-unencrypted` | `aws_db_instance.reference` | `main.tf:"));
  CHECK(contains(r.out, "| reference data |\n"));
  CHECK(contains(r.out, "## vouch: 1000 findings\n"));
  CHECK(r.out.size() < 65536);
  CHECK(r.out.size() > 60000);  // the room is used, not wasted
  const size_t rows = count_of(r.out, "| high | `aws-rds-storage-unencrypted` |");
  CHECK(rows > 100);
  CHECK(rows < 1000);
  CHECK(contains(r.out, "_" + std::to_string(1000 - rows) + " more row(s) omitted to stay under GitHub's comment size limit"));
  // The note is the last thing in the comment, so a reader sees it.
  CHECK(r.out.substr(r.out.rfind("\n_")).find("omitted") != std::string::npos);
}

TEST_CASE("several formats in one run, each to its own destination", "[workflow][outputs]") {
  TempDir dir;
  write_file(dir.path() / "main.tf", kProject);
  const Run r = vouch_in(dir.path(), std::string("scan . --format sarif:a.sarif --format text --format junit:j.xml "
                                                 "--format markdown:c.md --no-color ") + kRules);
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(contains(r.out, "main.tf:5:1: high: aws_db_instance.orders"));
  const json sarif = json::parse(read_file(dir.path() / "a.sarif"));
  CHECK(sarif["version"] == "2.1.0");
  CHECK(sarif["runs"][0]["results"].size() == 4);
  CHECK(contains(read_file(dir.path() / "j.xml"), "<testsuites name=\"vouch\""));
  CHECK(contains(read_file(dir.path() / "c.md"), "## vouch: 2 findings"));

  SECTION("two formats cannot share standard output") {
    const Run clash = vouch_in(dir.path(), "scan . --format sarif --format text");
    CHECK(clash.code == 2);
    CHECK(contains(clash.err, "give each its own file with FORMAT:FILE"));
  }
  SECTION("--output is the destination of the format given without a file") {
    const Run out = vouch_in(dir.path(), std::string("scan . --format json -o r.json --format github:g.txt ") + kRules);
    CHECK(out.code == 1);
    CHECK(out.out.empty());
    CHECK(json::parse(read_file(dir.path() / "r.json"))["format"] == "vouch-report");
    CHECK(contains(read_file(dir.path() / "g.txt"), "::error "));
  }
}

TEST_CASE("--soft-fail exits 0 and --severity-threshold decides what fails", "[workflow][outputs]") {
  TempDir dir;
  write_file(dir.path() / "main.tf", kProject);
  const Run soft = vouch_in(dir.path(), std::string("scan . --soft-fail --no-color ") + kRules);
  CHECK(soft.code == 0);
  CHECK(contains(soft.out, "2 findings (0 critical, 1 high, 1 medium, 0 low)"));
  CHECK(vouch_in(dir.path(), std::string("scan . --severity-threshold high ") + kRules).code == 1);
  CHECK(vouch_in(dir.path(), std::string("scan . --severity-threshold critical ") + kRules).code == 0);
  CHECK(vouch_in(dir.path(), "scan . --severity-threshold high --rule aws-sns-topic-unencrypted").code == 0);
  CHECK(vouch_in(dir.path(), "scan . --severity-threshold medium --rule aws-sns-topic-unencrypted").code == 1);
}

TEST_CASE("--format junit reports input that could not be parsed as erroring cases", "[workflow][outputs]") {
  TempDir dir;
  write_file(dir.path() / "broken.tf", "resource \"aws_sns_topic\" \"t\" {\n  name = \n");
  write_file(dir.path() / "ok/main.tf", "resource \"aws_sns_topic\" \"alerts\" {\n  name = \"alerts\"\n}\n");
  const Run r = vouch_in(dir.path(), "scan . --format junit:report.xml --rule aws-sns-topic-unencrypted");
  CHECK(r.code == 1);
  const std::string xml = read_file(dir.path() / "report.xml");
  INFO(xml);
  if (xmllint_available()) CHECK(shell(dir.path(), "xmllint --noout report.xml").code == 0);
  CHECK(contains(xml, "<testsuite name=\"vouch-input\" tests=\""));
  CHECK(contains(xml, "<testcase classname=\"vouch-input\" name=\"broken.tf\" file=\"broken.tf\" line=\"1\">\n"
                      "      <error type=\"syntax-error\""));
  CHECK_FALSE(contains(xml, "<testsuites name=\"vouch\" tests=\"1\" failures=\"1\" errors=\"0\""));
}
