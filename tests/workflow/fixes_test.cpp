// SARIF `fixes` end to end (issue #6): every fix vouch proposes for the rule fixtures
// is applied to a copy, as an editor or a bot would apply it, and the copy re-scanned:
// the finding is gone, nothing else changed, and the file still parses. Then a log
// carrying suppressions, fixes and baselineState is checked by the SARIF validators.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "workflow.h"

using namespace vouch::workflow_test;

namespace {

const fs::path kSource = VOUCH_SOURCE_DIR;

// Byte offset of a 1-based line and column in `text` (columns count bytes, as vouch
// writes them; the fixtures are ASCII, where that equals SARIF's UTF-16 columns).
size_t offset_of(const std::string& text, int line, int column) {
  size_t pos = 0;
  for (int l = 1; l < line; ++l) {
    const size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) return text.size();
    pos = nl + 1;
  }
  return std::min(text.size(), pos + static_cast<size_t>(column - 1));
}

// Applies one SARIF fix's replacements to the files of `dir` (URIs relative to it).
// deletedRegion: 1-based, end column exclusive; an empty region is an insertion.
void apply_sarif_fix(const fs::path& dir, const json& fix) {
  for (const json& change : fix["artifactChanges"]) {
    const fs::path file = dir / change["artifactLocation"]["uri"].get<std::string>();
    std::string text = read_file(file);
    REQUIRE(!text.empty());
    std::vector<json> replacements(change["replacements"].begin(), change["replacements"].end());
    // Last first, so earlier offsets stay valid.
    std::sort(replacements.begin(), replacements.end(), [](const json& a, const json& b) {
      const json &ra = a["deletedRegion"], &rb = b["deletedRegion"];
      return std::make_pair(ra["startLine"].get<int>(), ra["startColumn"].get<int>()) >
             std::make_pair(rb["startLine"].get<int>(), rb["startColumn"].get<int>());
    });
    for (const json& r : replacements) {
      const json& region = r["deletedRegion"];
      const int start_line = region["startLine"];
      const size_t begin = offset_of(text, start_line, region.value("startColumn", 1));
      const size_t end = std::max(begin, offset_of(text, region.value("endLine", start_line), region.value("endColumn", 1)));
      const std::string inserted = r.contains("insertedContent") ? r["insertedContent"]["text"].get<std::string>() : "";
      text = text.substr(0, begin) + inserted + text.substr(end);
    }
    write_file(file, text);
  }
}

struct Scan {
  json results;
  size_t notifications = 0;
};

Scan sarif_scan(const fs::path& dir, const std::string& rule) {
  const Run r = vouch_in(dir, "scan . --format sarif --rule " + rule);
  INFO(r.err);
  REQUIRE(r.code <= 3);
  const json log = json::parse(r.out);
  Scan scan;
  scan.results = log["runs"][0]["results"];
  if (log["runs"][0].contains("invocations")) {
    scan.notifications = log["runs"][0]["invocations"][0].value("toolExecutionNotifications", json::array()).size();
  }
  return scan;
}

std::set<std::string> fingerprints(const json& results) {
  std::set<std::string> out;
  for (const json& r : results) out.insert(r["partialFingerprints"]["vouchFindingHash/v1"].get<std::string>());
  return out;
}

// Rule files (`<id>.yaml`, not fixtures like `<id>.cfn.yaml`) that declare a fix template.
// A fixture is a file or a folder (`<id>.modules.tf.d/`) beside the rule.
std::vector<fs::path> rules_with_fix() {
  std::vector<fs::path> rules;
  for (const auto& entry : fs::recursive_directory_iterator(kSource / "rulepacks")) {
    const fs::path& p = entry.path();
    if (!entry.is_regular_file() || p.extension() != ".yaml" || p.stem().has_extension()) continue;
    if (contains(read_file(p), "\n    fix:\n")) rules.push_back(p);
  }
  std::sort(rules.begin(), rules.end());
  return rules;
}

std::vector<fs::path> fixtures_of(const fs::path& rule_file) {
  std::vector<fs::path> fixtures;
  const std::string prefix = rule_file.stem().string() + ".";
  for (const auto& entry : fs::directory_iterator(rule_file.parent_path())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || entry.path() == rule_file || entry.path().extension() == ".expect") continue;
    fixtures.push_back(entry.path());
  }
  std::sort(fixtures.begin(), fixtures.end());
  return fixtures;
}

}  // namespace

TEST_CASE("every SARIF fix on the rule fixtures removes its finding and keeps the file parsing", "[workflow][fixes]") {
  const std::vector<fs::path> rules = rules_with_fix();
  REQUIRE(rules.size() >= 10);
  size_t applied = 0;
  for (const fs::path& rule_file : rules) {
    const std::string rule = rule_file.stem().string();
    for (const fs::path& fixture : fixtures_of(rule_file)) {
      const std::string name = fixture.filename().string();
      TempDir original;
      fs::copy(fixture, original.path() / name, fs::copy_options::recursive);
      const Scan before = sarif_scan(original.path(), rule);
      for (const json& result : before.results) {
        if (!result.contains("fixes")) continue;
        const std::string fingerprint = result["partialFingerprints"]["vouchFindingHash/v1"];
        const std::string address = address_of(result);
        TempDir copy;
        fs::copy(fixture, copy.path() / name, fs::copy_options::recursive);
        apply_sarif_fix(copy.path(), result["fixes"][0]);
        const Scan after = sarif_scan(copy.path(), rule);
        INFO(rule << ": " << name << ": fix for " << address << " ("
                  << result["fixes"][0]["description"]["text"].get<std::string>() << ")\n--- fixed file:\n"
                  << (fs::is_directory(fixture) ? std::string("(a folder)") : read_file(copy.path() / name)));
        // The fixed file still parses: no new problem reported.
        CHECK(after.notifications <= before.notifications);
        // That finding is gone, and the fix brought no new one. (A fix in a module's
        // source fixes every instance of it, so others may go too.)
        std::set<std::string> allowed = fingerprints(before.results);
        allowed.erase(fingerprint);
        const std::set<std::string> remaining = fingerprints(after.results);
        CHECK(std::includes(allowed.begin(), allowed.end(), remaining.begin(), remaining.end()));
        CHECK(remaining.count(fingerprint) == 0);
        CHECK(find_result(after.results, rule, address).is_null() ==
              (std::count_if(before.results.begin(), before.results.end(),
                             [&](const json& r) { return address_of(r) == address; }) == 1));
        ++applied;
      }
    }
  }
  // Enough fixes were exercised for the test to mean something.
  CHECK(applied >= 30);
}

TEST_CASE("a SARIF log with suppressions, fixes and baselineState passes the SARIF validators", "[workflow][fixes]") {
  const fs::path multitool = kSource / "tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool";
  if (!fs::exists(multitool) || std::system("command -v node >/dev/null 2>&1") != 0) {
    WARN("SARIF tools not installed (make test-tools): validation skipped");
    return;
  }
  TempDir dir;
  write_file(dir.path() / "project/main.tf", R"(# vouch:ignore aws-rds-storage-unencrypted reason="reference data"
resource "aws_db_instance" "reference" {
  engine = "postgres"
}

resource "aws_db_instance" "orders" {
  engine            = "postgres"
  storage_encrypted = false
}

resource "aws_kms_key" "data" {
  description = "data"
}
)");
  REQUIRE(vouch_in(dir.path(), "baseline create project -o baseline.json").code == 0);
  write_file(dir.path() / "project/more.tf", "resource \"aws_ebs_volume\" \"new\" {\n  availability_zone = \"a\"\n  size = 1\n}\n");
  const Run r = vouch_in(dir.path(), "scan project --baseline baseline.json --format sarif:log.sarif");
  REQUIRE(r.code == 1);
  const json results = json::parse(read_file(dir.path() / "log.sarif"))["runs"][0]["results"];
  const auto has = [&](const char* what, const json& value) {
    return std::any_of(results.begin(), results.end(), [&](const json& x) { return x.contains(what) && (value.is_null() || x[what] == value); });
  };
  REQUIRE(has("suppressions", nullptr));
  REQUIRE(has("fixes", nullptr));
  REQUIRE(has("baselineState", "new"));
  REQUIRE(has("baselineState", "unchanged"));

  const Run validation = shell(dir.path(), "node " + quote((kSource / "tools/sarif/validate.mjs").string()) + " log.sarif");
  INFO(validation.out << validation.err);
  CHECK(validation.code == 0);
  CHECK(contains(validation.out, "sarif validation: 0 problem(s) in 1 file(s)"));
}
