// Reporter tests on a hand-built scan: one failing finding with provenance, one not
// verifiable, one suppressed, one parse diagnostic. The three formats are compared with
// golden files (UPDATE_GOLDEN=1 rewrites them; review the diff), and the properties
// that matter are also asserted one by one so a golden update cannot hide a regression.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/report.h"

namespace fs = std::filesystem;
using namespace vouch;

namespace {

const char* kRule = R"(id: test-db-unencrypted
title: Database storage is not encrypted
severity: high
theme: encryption-at-rest
controls: [soc2:CC6.1]
message: "{address} is not encrypted"
rationale: |
  Data at rest must be encrypted.
remediation: |
  Set storage_encrypted = true.
references:
  - https://example.com/db
conditions:
  terraform:
    resources: [aws_db_instance]
    require:
      attribute: storage_encrypted
      equals: true
)";

SourceRange range(const SourceFile* file, uint32_t line, uint32_t col, uint32_t end_col) {
  return SourceRange{file, line, col, line, end_col};
}

// Everything a ReportInput points at, kept alive together.
struct Fixture {
  SourceFiles sources;
  RuleSet rules;
  Graph graph;
  std::vector<Finding> findings;
  std::vector<Diagnostic> diagnostics;
  ReportInput input;

  Fixture() {
    std::vector<RuleError> errors;
    rules = RuleSet::load({{"test/db/test-db-unencrypted.yaml", kRule}}, errors);
    REQUIRE(errors.empty());
    const Rule* rule = rules.find("test-db-unencrypted");
    REQUIRE(rule);

    const SourceFile* main = sources.add("infra/main.tf",
                                         "resource \"aws_db_instance\" \"a\" {\n"
                                         "  storage_encrypted = var.encrypted\n"
                                         "}\n"
                                         "resource \"aws_db_instance\" \"b\" {\n"
                                         "  storage_encrypted = var.unset\n"
                                         "}\n");
    const SourceFile* vars = sources.add("infra/variables.tf", "variable \"encrypted\" {\n  default = false\n}\n");
    const SourceFile* broken = sources.add("infra/broken.tf", "resource \"x\" {\n");

    GraphFragment fragment;
    for (const char* name : {"a", "b"}) {
      Resource r;
      r.type = "aws_db_instance";
      r.address = std::string("aws_db_instance.") + name;
      r.attributes = Value::object({});
      r.range = range(main, name[0] == 'a' ? 1 : 4, 1, 2);
      r.header = r.range;
      r.root = "infra";
      fragment.resources.push_back(r);
    }
    graph = Graph::merge({fragment});

    Finding fail;
    fail.rule = rule;
    fail.severity = Severity::High;
    fail.resource = 0;
    fail.address = "aws_db_instance.a";
    fail.resource_type = "aws_db_instance";
    fail.location = range(main, 2, 3, 36);
    fail.attribute = "storage_encrypted";
    fail.message = "aws_db_instance.a is not encrypted";
    fail.provenance = {Origin{"var.encrypted", range(vars, 2, 13, 18)}};
    fail.fingerprint = "fp-a";
    findings.push_back(fail);

    Finding unknown = fail;
    unknown.outcome = Outcome::Unknown;
    unknown.resource = 1;
    unknown.address = "aws_db_instance.b";
    unknown.location = range(main, 5, 3, 32);
    unknown.message = "aws_db_instance.b is not encrypted: not verifiable, var.unset has no value";
    unknown.provenance = {};
    unknown.fingerprint = "fp-b";
    findings.push_back(unknown);

    Finding suppressed = fail;
    suppressed.fingerprint = "fp-c";
    suppressed.suppressions = {Suppression{Suppression::Kind::Inline, "test data", "", "", range(main, 1, 1, 10)}};
    findings.push_back(suppressed);

    Diagnostic d;
    d.code = "syntax-error";
    d.message = "unclosed block";
    d.path = broken->path;
    d.range = range(broken, 1, 14, 15);
    diagnostics.push_back(d);

    input.rules = &rules;
    input.graph = &graph;
    input.findings = &findings;
    input.diagnostics = &diagnostics;
    input.tool_version = "9.9.9";
    input.files_scanned = 3;
    input.resources_evaluated = 2;
    input.threshold = Severity::Medium;
    input.source_root = "/src/project";
  }
};

// Compares with tests/report/golden/<name>, or rewrites it when UPDATE_GOLDEN is set.
void check_golden(const std::string& name, const std::string& actual) {
  const fs::path path = fs::path(VOUCH_SOURCE_DIR) / "tests" / "report" / "golden" / name;
  if (std::getenv("UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    WARN("rewrote " << path.string());
    return;
  }
  std::ifstream in(path, std::ios::binary);
  INFO("golden file " << path.string() << " (run with UPDATE_GOLDEN=1 to create or update it)");
  REQUIRE(in);
  std::stringstream expected;
  expected << in.rdbuf();
  CHECK(actual == expected.str());
}

}  // namespace

TEST_CASE("text report: location, caret, provenance, not verifiable, diagnostics, summary") {
  Fixture fx;
  std::ostringstream out;
  write_text(fx.input, out);
  const std::string text = out.str();
  CHECK(text.find("infra/main.tf:2:3: high: aws_db_instance.a is not encrypted [test-db-unencrypted]\n") !=
        std::string::npos);
  // Columns 3 to 35 (end column 36 is one past the end): a caret and 32 tildes.
  CHECK(text.find("  2 |   storage_encrypted = var.encrypted\n"
                  "    |   ^" + std::string(32, '~') + "\n") != std::string::npos);
  CHECK(text.find("  via var.encrypted (infra/variables.tf:2:13)\n") != std::string::npos);
  CHECK(text.find("infra/main.tf:5:3: not verifiable (high): aws_db_instance.b is not encrypted [test-db-unencrypted]\n") !=
        std::string::npos);
  CHECK(text.find("  because var.unset has no value\n") != std::string::npos);
  CHECK(text.find("infra/broken.tf:1:14: error: unclosed block [syntax-error]") != std::string::npos);
  CHECK(text.find("1 finding (0 critical, 1 high, 0 medium, 0 low), 1 not verifiable, 1 suppressed; "
                  "1 input error; 3 files, 2 resources scanned\n") != std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
  // Files are grouped in path order: broken.tf's diagnostic before main.tf's findings.
  CHECK(text.find("infra/broken.tf") < text.find("infra/main.tf"));
  check_golden("report.txt", text);
}

TEST_CASE("text report uses ANSI colour only when asked") {
  Fixture fx;
  std::ostringstream out;
  write_text(fx.input, out, TextOptions{true});
  CHECK(out.str().find("\x1b[") != std::string::npos);
}

TEST_CASE("summary counts active failures only") {
  Fixture fx;
  const ReportSummary s = summarize(fx.input);
  CHECK(s.active == 1);
  CHECK(s.at_or_above_threshold == 1);
  CHECK(s.not_verifiable == 1);
  CHECK(s.suppressed == 1);
  CHECK(s.errors == 1);
  fx.input.threshold = Severity::Critical;
  CHECK(summarize(fx.input).at_or_above_threshold == 0);
}

TEST_CASE("json report follows docs/json-format.md") {
  Fixture fx;
  std::ostringstream out;
  write_json(fx.input, out);
  const auto doc = nlohmann::json::parse(out.str());
  CHECK(doc["format"] == "vouch-report");
  CHECK(doc["format_version"] == 1);
  REQUIRE(doc["findings"].size() == 3);
  const auto& f = doc["findings"][0];
  CHECK(f["rule"] == "test-db-unencrypted");
  CHECK(f["status"] == "fail");
  CHECK(f["location"]["path"] == "infra/main.tf");
  CHECK(f["location"]["start_line"] == 2);
  CHECK(f["provenance"][0]["what"] == "var.encrypted");
  CHECK(doc["findings"][1]["status"] == "not-verifiable");
  CHECK(doc["findings"][2]["status"] == "suppressed");
  CHECK(doc["diagnostics"][0]["code"] == "syntax-error");
  CHECK(doc["summary"]["findings"] == 1);
  CHECK(doc["summary"]["at_or_above_threshold"] == 1);
  check_golden("report.json", out.str());
}

TEST_CASE("sarif report: rules, results, locations, fingerprints, notifications") {
  Fixture fx;
  std::ostringstream out;
  write_sarif(fx.input, out);
  const auto doc = nlohmann::json::parse(out.str());
  CHECK(doc["version"] == "2.1.0");
  CHECK(doc["$schema"].get<std::string>().find("sarif") != std::string::npos);
  const auto& run = doc["runs"][0];
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///src/project/");
  const auto& rule = run["tool"]["driver"]["rules"][0];
  CHECK(rule["id"] == "test-db-unencrypted");
  CHECK(rule["name"] == "TestDbUnencrypted");
  CHECK(rule["defaultConfiguration"]["level"] == "error");
  CHECK(rule["properties"]["security-severity"] == "8.0");
  CHECK(rule["properties"]["tags"] == nlohmann::json::array({"security", "encryption-at-rest", "soc2:CC6.1"}));
  const auto& result = run["results"][0];
  CHECK(result["kind"] == "fail");
  CHECK(result["level"] == "error");
  CHECK(result["ruleIndex"] == 0);
  const auto& phys = result["locations"][0]["physicalLocation"];
  CHECK(phys["artifactLocation"]["uri"] == "infra/main.tf");
  CHECK(phys["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  CHECK(phys["region"]["startLine"] == 2);
  CHECK(phys["region"]["endColumn"] == 36);
  CHECK(result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "aws_db_instance.a");
  CHECK(result["partialFingerprints"]["vouchFindingHash/v1"] == "fp-a");
  CHECK(result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "infra/variables.tf");
  CHECK(run["results"][1]["kind"] == "open");
  CHECK(run["results"][1]["level"] == "none");
  CHECK(run["results"][2]["suppressions"][0]["kind"] == "inSource");
  CHECK(run["invocations"][0]["executionSuccessful"] == false);
  CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["descriptor"]["id"] == "syntax-error");
  check_golden("report.sarif", out.str());
}

TEST_CASE("reports are the same bytes every time") {
  Fixture a, b;
  std::ostringstream ta, tb, sa, sb;
  write_text(a.input, ta);
  write_text(b.input, tb);
  write_sarif(a.input, sa);
  write_sarif(b.input, sb);
  CHECK(ta.str() == tb.str());
  CHECK(sa.str() == sb.str());
}

TEST_CASE("a very long source line is cut to a window around the column") {
  Fixture fx;
  const std::string padding(5000, 'x');
  const SourceFile* minified = fx.sources.add("min.json", "{\"a\": \"" + padding + "\", \"Encrypted\": false}\n");
  const uint32_t col = static_cast<uint32_t>(8 + padding.size() + 4);  // 1-based column of "Encrypted"
  std::vector<Finding> findings = {fx.findings[0]};
  findings[0].location = SourceRange{minified, 1, col, 1, col + 18};
  findings[0].provenance.clear();
  fx.input.findings = &findings;
  fx.input.diagnostics = nullptr;
  std::ostringstream out;
  write_text(fx.input, out);
  std::istringstream lines(out.str());
  std::string header, source, caret;
  std::getline(lines, header);
  std::getline(lines, source);
  std::getline(lines, caret);
  CHECK(source.size() < 200);
  CHECK(source.find("...") != std::string::npos);
  CHECK(source.find("\"Encrypted\": false}") != std::string::npos);
  // The caret stands under the E of Encrypted.
  REQUIRE(caret.find('^') != std::string::npos);
  CHECK(source.substr(caret.find('^'), 9) == "Encrypted");
}
