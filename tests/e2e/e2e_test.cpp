// End-to-end tests: the built `vouch` binary, run from the project root as a user
// would, its output captured in temporary files. Inputs come from fixtures/example and
// fixtures/e2e; anything a test must change is copied to a temporary folder first.
#include <catch2/catch.hpp>

#include "support/files.h"
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using vouch::test::read_file;
using vouch::test::Run;
using vouch::test::write_file;

class TempDir : public vouch::test::TempDir {
 public:
  TempDir() : vouch::test::TempDir("vouch-e2e-") {}
};

// Runs `vouch <args>` from the project root through the shell (arguments are written
// by the tests, never taken from input). `env` is prefixed as VAR=value assignments.
Run run_vouch(const std::string& args, const std::string& env = "", const std::string& stdin_file = "") {
  std::string command = "env -u NO_COLOR " + env + " " + vouch::test::quote(VOUCH_BINARY) + " " + args;
  if (!stdin_file.empty()) command += " <" + vouch::test::quote(stdin_file);
  return vouch::test::shell(VOUCH_SOURCE_DIR, command);
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("exit code 0 when nothing is found") {
  const Run r = run_vouch("scan fixtures/e2e/clean");
  CHECK(r.code == 0);
  CHECK(contains(r.out, "0 findings"));
  CHECK(r.err.empty());
}

TEST_CASE("exit code 1 and the example's findings") {
  const Run r = run_vouch("scan fixtures/example");
  CHECK(r.code == 1);
  // Paths are relative to the working directory, without "./".
  CHECK(contains(r.out, "fixtures/example/database.tf:9:3: high: aws_db_instance.main"));
  CHECK(contains(r.out, "[aws-rds-storage-unencrypted]"));
  CHECK(contains(r.out, "via var.db_encrypted (fixtures/example/variables.tf:"));
  CHECK(contains(r.out, "[aws-security-group-ssh-open-to-internet]"));
  CHECK(contains(r.out, "[aws-s3-bucket-encryption-not-kms]"));
  // The clean resources stay quiet.
  CHECK_FALSE(contains(r.out, "aws_sqs_queue.orders"));
  CHECK_FALSE(contains(r.out, "aws_s3_bucket.logs "));

  SECTION("the threshold decides what fails") {
    CHECK(run_vouch("scan --severity-threshold critical fixtures/example").code == 0);
    CHECK(run_vouch("scan --severity-threshold high fixtures/example").code == 1);
  }
}

TEST_CASE("exit code 2 for usage errors") {
  CHECK(run_vouch("scan --no-such-flag fixtures/example").code == 2);
  CHECK(run_vouch("scan --format xml fixtures/example").code == 2);
  CHECK(run_vouch("scan --severity-threshold severe fixtures/example").code == 2);
  CHECK(run_vouch("scan --var novalue fixtures/example").code == 2);
  CHECK(run_vouch("scan --var-file fixtures/e2e/no-such.tfvars fixtures/example").code == 2);
  CHECK(run_vouch("scan --rules fixtures/e2e/no-such-folder fixtures/example").code == 2);
  CHECK(run_vouch("scan fixtures/e2e/no-such-folder").code == 2);
  CHECK(run_vouch("").code == 2);
}

TEST_CASE("--exclude skips paths relative to the scanned folder") {
  const Run without_broken = run_vouch("scan --exclude broken.tf fixtures/e2e/syntax-error");
  CHECK(without_broken.code == 1);
  CHECK_FALSE(contains(without_broken.out, "syntax-error]"));
  const Run without_queues = run_vouch("scan --exclude 'queues/**' fixtures/e2e/syntax-error");
  CHECK(without_queues.code == 3);
  CHECK_FALSE(contains(without_queues.out, "queues/main.tf"));
}

TEST_CASE("a broken --rules pack is exit code 2 with file, line and column") {
  const Run r = run_vouch("scan --rules fixtures/e2e/broken-rules fixtures/e2e/clean");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "fixtures/e2e/broken-rules/custom/acme-queue-unnamed.yaml:10:1: error: "));
  CHECK(contains(r.err, "colour"));
  CHECK(r.out.empty());
}

TEST_CASE("a file that does not parse is a diagnostic, exit code 3, and the rest is still scanned") {
  const Run r = run_vouch("scan --severity-threshold high fixtures/e2e/syntax-error");
  CHECK(r.code == 3);
  CHECK(contains(r.out, "fixtures/e2e/syntax-error/broken.tf:3:"));
  CHECK(contains(r.out, "error: "));
  CHECK(contains(r.out, "[syntax-error]"));
  // The module beside it was scanned: its (medium) finding is reported.
  CHECK(contains(r.out, "fixtures/e2e/syntax-error/queues/main.tf:3:3: medium:"));

  SECTION("findings at or above the threshold win over parse errors") {
    CHECK(run_vouch("scan fixtures/e2e/syntax-error").code == 1);
  }
  SECTION("the diagnostic is in every format") {
    const json j = json::parse(run_vouch("scan --format json --severity-threshold high fixtures/e2e/syntax-error").out);
    REQUIRE(!j["diagnostics"].empty());
    CHECK(j["diagnostics"][0]["code"] == "syntax-error");
    CHECK(j["diagnostics"][0]["location"]["path"] == "fixtures/e2e/syntax-error/broken.tf");
    const json s = json::parse(run_vouch("scan --format sarif fixtures/e2e/syntax-error").out);
    const json& invocation = s["runs"][0]["invocations"][0];
    CHECK(invocation["executionSuccessful"] == false);
    REQUIRE(!invocation["toolExecutionNotifications"].empty());
    CHECK(invocation["toolExecutionNotifications"][0]["descriptor"]["id"] == "syntax-error");
  }
}

TEST_CASE("--output writes the report to a file and nothing to standard output") {
  TempDir tmp;
  const std::string report = tmp / "report.json";
  const Run r = run_vouch("scan --format json --output '" + report + "' fixtures/example");
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  const json j = json::parse(read_file(report));
  CHECK(j["summary"]["findings"] == 3);
}

TEST_CASE("--format json is valid and complete") {
  const Run r = run_vouch("scan --format json fixtures/example");
  CHECK(r.code == 1);
  const json j = json::parse(r.out);
  CHECK(j["format"] == "vouch-report");
  CHECK(j["format_version"] == 1);
  CHECK(j["tool"]["name"] == "vouch");
  REQUIRE(j["findings"].size() == 3);
  for (const json& f : j["findings"]) {
    CHECK(f["status"] == "fail");
    CHECK(f["resource"]["platform"] == "terraform");
    CHECK(f["location"]["path"].get<std::string>().rfind("fixtures/example/", 0) == 0);
    CHECK(!f["fingerprint"].get<std::string>().empty());
  }
  CHECK(j["summary"]["files"] == 6);
  CHECK(j["summary"]["by_severity"]["high"] == 2);
}

TEST_CASE("SARIF has every field code scanning needs") {
  const Run r = run_vouch("scan --format sarif fixtures/example");
  CHECK(r.code == 1);
  const json s = json::parse(r.out);
  CHECK(s["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(s["version"] == "2.1.0");
  const json& run = s["runs"][0];
  const json& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "vouch");
  CHECK(driver["version"].is_string());
  CHECK(driver["informationUri"].get<std::string>().rfind("https://", 0) == 0);
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] ==
        "file://" + fs::path(VOUCH_SOURCE_DIR).lexically_normal().generic_string() + "/");

  // Rules: sorted by id, each fully described.
  const json& rules = driver["rules"];
  REQUIRE(rules.size() > 3);
  for (size_t i = 0; i < rules.size(); ++i) {
    const json& rule = rules[i];
    INFO("rule " << rule["id"]);
    if (i > 0) CHECK(rules[i - 1]["id"].get<std::string>() < rule["id"].get<std::string>());
    CHECK(rule["name"].is_string());
    CHECK(!rule["shortDescription"]["text"].get<std::string>().empty());
    CHECK(!rule["fullDescription"]["text"].get<std::string>().empty());
    CHECK(!rule["help"]["text"].get<std::string>().empty());
    CHECK(!rule["help"]["markdown"].get<std::string>().empty());
    const std::string level = rule["defaultConfiguration"]["level"];
    CHECK((level == "error" || level == "warning" || level == "note"));
    const json& tags = rule["properties"]["tags"];
    CHECK(std::find(tags.begin(), tags.end(), "security") != tags.end());
    CHECK(std::find(tags.begin(), tags.end(), rule["properties"]["theme"]) != tags.end());
    CHECK(std::stod(rule["properties"]["security-severity"].get<std::string>()) > 0);
    CHECK(rule["properties"]["precision"].is_string());
  }

  const json& results = run["results"];
  REQUIRE(results.size() == 3);
  bool saw_provenance = false;
  for (const json& result : results) {
    INFO("result " << result.dump());
    const json& rule = rules[result["ruleIndex"].get<size_t>()];
    CHECK(rule["id"] == result["ruleId"]);
    CHECK(result["kind"] == "fail");
    CHECK(result["level"] == rule["defaultConfiguration"]["level"]);
    CHECK(!result["message"]["text"].get<std::string>().empty());
    const json& phys = result["locations"][0]["physicalLocation"];
    CHECK(phys["artifactLocation"]["uri"].get<std::string>().rfind("fixtures/example/", 0) == 0);
    CHECK(phys["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    CHECK(phys["region"]["startLine"].get<int>() >= 1);
    CHECK(phys["region"]["startColumn"].get<int>() >= 1);
    CHECK(phys["region"]["endLine"].get<int>() >= phys["region"]["startLine"].get<int>());
    CHECK(phys["region"]["endColumn"].get<int>() >= 1);
    const json& logical = result["locations"][0]["logicalLocations"][0];
    CHECK(logical["kind"] == "resource");
    CHECK(logical["fullyQualifiedName"].get<std::string>().find('.') != std::string::npos);
    CHECK(!result["partialFingerprints"].empty());
    if (result.contains("relatedLocations")) {
      saw_provenance = true;
      const json& related = result["relatedLocations"][0];
      CHECK(related["physicalLocation"]["artifactLocation"]["uri"] == "fixtures/example/variables.tf");
      CHECK(related["message"]["text"] == "via var.db_encrypted");
    }
  }
  CHECK(saw_provenance);
  CHECK(run["invocations"][0]["executionSuccessful"] == true);
  CHECK(run["invocations"][0]["toolExecutionNotifications"].empty());
}

TEST_CASE("SARIF fingerprints survive the resource moving to another line") {
  TempDir tmp;
  for (const char* name : {"database.tf", "variables.tf"}) {
    fs::copy_file(fs::path(VOUCH_SOURCE_DIR) / "fixtures/example" / name, tmp.path() / name);
  }
  auto fingerprint = [&] {
    const json s = json::parse(run_vouch("scan --format sarif '" + tmp.path().string() + "'").out);
    REQUIRE(s["runs"][0]["results"].size() == 1);
    const json& result = s["runs"][0]["results"][0];
    return std::make_pair(result["partialFingerprints"].dump(),
                          result["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>());
  };
  const auto before = fingerprint();
  write_file(tmp.path() / "database.tf",
             "# a comment and blank lines push the resource down\n\n\n" + read_file(tmp.path() / "database.tf"));
  const auto after = fingerprint();
  CHECK(after.second == before.second + 3);
  CHECK(after.first == before.first);
}

TEST_CASE("not-verifiable results are SARIF kind open, level none, and never fail the scan") {
  TempDir tmp;
  write_file(tmp.path() / "main.tf",
             "variable \"encrypted\" {\n  type = bool\n}\n\n"
             "resource \"aws_db_instance\" \"db\" {\n  engine            = \"postgres\"\n"
             "  storage_encrypted = var.encrypted\n}\n");
  const Run text = run_vouch("scan '" + tmp.path().string() + "'");
  CHECK(text.code == 0);
  CHECK(contains(text.out, "not verifiable"));
  const json s = json::parse(run_vouch("scan --format sarif '" + tmp.path().string() + "'").out);
  REQUIRE(s["runs"][0]["results"].size() == 1);
  CHECK(s["runs"][0]["results"][0]["kind"] == "open");
  CHECK(s["runs"][0]["results"][0]["level"] == "none");
}

TEST_CASE("output is byte-identical whatever --jobs is") {
  const std::string paths = "fixtures/example fixtures/e2e/clean fixtures/e2e/syntax-error fixtures/e2e/kubernetes";
  for (const char* format : {"text", "json", "sarif"}) {
    INFO("format " << format);
    const Run one = run_vouch(std::string("scan --format ") + format + " --jobs 1 " + paths);
    const Run four = run_vouch(std::string("scan --format ") + format + " --jobs 4 " + paths);
    CHECK(one.code == 1);
    CHECK(one.code == four.code);
    CHECK(one.out == four.out);
    CHECK(!one.out.empty());
  }
}

TEST_CASE("a single Terraform file is evaluated with its module but reports only itself") {
  const Run r = run_vouch("scan fixtures/example/database.tf");
  CHECK(r.code == 1);
  // The default in variables.tf was read (the module was evaluated as a whole) …
  CHECK(contains(r.out, "[aws-rds-storage-unencrypted]"));
  CHECK(contains(r.out, "via var.db_encrypted (fixtures/example/variables.tf:"));
  // … but only database.tf's findings are reported.
  CHECK_FALSE(contains(r.out, "network.tf:"));
  CHECK_FALSE(contains(r.out, "storage.tf:"));
}

TEST_CASE("- reads Kubernetes manifests from standard input") {
  const Run r = run_vouch("scan -", "", std::string(VOUCH_SOURCE_DIR) + "/fixtures/e2e/kubernetes/deployment.yaml");
  CHECK(r.code == 1);
  CHECK(contains(r.out, "<stdin>:19:13: critical: "));
  CHECK(contains(r.out, "[k8s-container-privileged]"));
}

TEST_CASE("--var overrides a variable default") {
  CHECK(run_vouch("scan --rule aws-rds-storage-unencrypted fixtures/example").code == 1);
  CHECK(run_vouch("scan --rule aws-rds-storage-unencrypted --var db_encrypted=true fixtures/example").code == 0);
}

TEST_CASE("rules list, rules explain and version") {
  const Run list = run_vouch("rules list");
  CHECK(list.code == 0);
  CHECK(list.out.rfind("ID ", 0) == 0);
  CHECK(contains(list.out, "SEVERITY"));
  CHECK(contains(list.out, "aws-rds-storage-unencrypted"));
  // Columns are aligned: every row's severity starts where the heading's does.
  std::istringstream lines(list.out);
  std::string heading, row;
  std::getline(lines, heading);
  const size_t column = heading.find("SEVERITY");
  while (std::getline(lines, row)) {
    if (row.find(' ') == std::string::npos || contains(row, " rules")) continue;
    INFO(row);
    CHECK(row[column - 1] == ' ');
    CHECK(row[column] != ' ');
  }

  const Run explain = run_vouch("rules explain aws-rds-storage-unencrypted");
  CHECK(explain.code == 0);
  CHECK(contains(explain.out, "aws-rds-storage-unencrypted: RDS storage is not encrypted at rest"));
  CHECK(contains(explain.out, "Rationale:"));
  CHECK(contains(explain.out, "Remediation:"));
  CHECK(contains(explain.out, "soc2:CC6.1"));
  CHECK(contains(explain.out, "require:"));
  CHECK(run_vouch("rules explain no-such-rule").code == 2);

  const Run version = run_vouch("version");
  CHECK(version.code == 0);
  CHECK(version.out.rfind("vouch ", 0) == 0);
}

TEST_CASE("rules docs writes the rule reference into the folder it is given") {
  TempDir tmp;
  const Run r = run_vouch("rules docs --output '" + (tmp / "rules") + "'");
  CHECK(r.code == 0);
  CHECK(contains(read_file(tmp.path() / "rules" / "README.md"), "aws-rds-storage-unencrypted"));
  CHECK(contains(read_file(tmp.path() / "rules" / "aws-rds-storage-unencrypted.md"), "# aws-rds-storage-unencrypted"));
  CHECK(run_vouch("rules docs").code == 2);  // --output is required
}

TEST_CASE("colour only on a terminal, and never with NO_COLOR") {
  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    WARN("`script` (util-linux) is not installed: the terminal case cannot be exercised");
    return;
  }
  // `script` gives the binary a pseudo-terminal as its standard output.
  auto run_in_pty = [](const std::string& env) {
    TempDir tmp;
    const std::string out = tmp / "out";
    const std::string command = "cd '" + std::string(VOUCH_SOURCE_DIR) + "' && env -u NO_COLOR TERM=xterm " + env +
                                " script -qec \"'" + std::string(VOUCH_BINARY) +
                                "' scan fixtures/example\" /dev/null >'" + out + "' 2>&1 </dev/null";
    const int status = std::system(command.c_str());
    (void)status;
    return read_file(out);
  };
  CHECK(contains(run_in_pty(""), "\x1b["));
  CHECK_FALSE(contains(run_in_pty("NO_COLOR=1"), "\x1b["));
  // Not a terminal: no colour even without NO_COLOR.
  CHECK_FALSE(contains(run_vouch("scan fixtures/example").out, "\x1b["));
}
