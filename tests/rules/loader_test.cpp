// The strict rule loader: every kind of broken rule file is an error with file, line
// and column, and valid packs load with ids, aliases and look-ups intact.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "rules/rules.h"

namespace vouch {
namespace {

// A valid rule; tests break one line of it. Line numbers are 1-based.
const std::string kValidRule =
    "id: test-rule-bad\n"                                 // 1
    "title: A test rule\n"                                // 2
    "severity: high\n"                                    // 3
    "theme: logging\n"                                    // 4
    "controls: [soc2:CC7.2]\n"                            // 5
    "message: \"{address} is bad\"\n"                     // 6
    "rationale: because\n"                                // 7
    "remediation: fix it\n"                               // 8
    "references: [https://example.com]\n"                 // 9
    "conditions:\n"                                       // 10
    "  terraform:\n"                                      // 11
    "    resources: [aws_thing]\n"                        // 12
    "    require: {attribute: enabled, equals: true}\n";  // 13

const std::string kPath = "pack/svc/test-rule-bad.yaml";

std::string line_of(const std::string& text, int line) {
  std::istringstream in(text);
  std::string current;
  for (int i = 0; i < line && std::getline(in, current); ++i) {
  }
  return current;
}

// Replaces line `line` of the valid rule with `replacement` (which may span lines).
std::string with_line(int line, const std::string& replacement) {
  std::istringstream in(kValidRule);
  std::string out, current;
  for (int i = 1; std::getline(in, current); ++i) out += (i == line ? replacement : current) + "\n";
  return out;
}

uint32_t col_of(const std::string& text, int line, const std::string& needle) {
  size_t at = line_of(text, line).find(needle);
  REQUIRE(at != std::string::npos);
  return static_cast<uint32_t>(at + 1);
}

std::vector<RuleError> errors_of(const std::string& text, const std::string& path = kPath) {
  std::vector<RuleError> errors;
  RuleSet set = RuleSet::load({{path, text}}, errors);
  if (!errors.empty()) CHECK(set.rules().empty());
  return errors;
}

// Exactly one error, at (line, col), whose message contains `what`.
void require_one_error(const std::string& text, uint32_t line, uint32_t col, const std::string& what) {
  std::vector<RuleError> errors = errors_of(text);
  INFO(text);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == kPath);
  CHECK(errors[0].line == line);
  CHECK(errors[0].col == col);
  CHECK_THAT(errors[0].message, Catch::Contains(what));
  // House style: messages start lower-case.
  CHECK(!std::isupper(static_cast<unsigned char>(errors[0].message.front())));
}

TEST_CASE("a valid rule loads with every field", "[rules][loader]") {
  std::vector<RuleError> errors;
  RuleSet set = RuleSet::load({{kPath, kValidRule}}, errors);
  REQUIRE(errors.empty());
  REQUIRE(set.rules().size() == 1);
  const Rule& rule = set.rules()[0];
  CHECK(rule.id == "test-rule-bad");
  CHECK(rule.title == "A test rule");
  CHECK(rule.severity == Severity::High);
  CHECK(rule.theme == Theme::Logging);
  CHECK(rule.controls == std::vector<std::string>{"soc2:CC7.2"});
  CHECK(rule.precision == "high");
  CHECK(rule.pack == "pack");
  CHECK(rule.source_path == kPath);
  REQUIRE(rule.checks.size() == 1);
  const PlatformCheck& check = rule.checks[0];
  CHECK(check.platform == Platform::Terraform);
  CHECK(check.resources == std::vector<std::string>{"aws_thing"});
  CHECK(check.require.kind == Condition::Kind::Attribute);
  CHECK(check.require.op == Condition::Op::Equals);
  CHECK(check.require.argument.is_bool());
  CHECK(check.require.line == 13);
  CHECK(format_attribute_path(check.require.path) == "enabled");
}

TEST_CASE("unknown top-level key", "[rules][loader]") {
  std::string text = with_line(7, "colour: red\nrationale: because");
  require_one_error(text, 7, 1, "unknown key `colour`");
}

TEST_CASE("unknown key in a platform check", "[rules][loader]") {
  std::string text = with_line(12, "    resources: [aws_thing]\n    severity: low");
  require_one_error(text, 13, 5, "unknown key `severity` in the terraform check");
}

TEST_CASE("unknown key inside a condition", "[rules][loader]") {
  std::string text = with_line(13, "    require: {attribute: enabled, equals: true, because: x}");
  require_one_error(text, 13, col_of(text, 13, "because"), "unknown key `because` in condition");
}

TEST_CASE("an unknown operator is an unknown key", "[rules][loader]") {
  std::string text = with_line(13, "    require: {attribute: enabled, equal: true}");
  std::vector<RuleError> errors = errors_of(text);
  REQUIRE(!errors.empty());
  CHECK(errors[0].line == 13);
  CHECK(errors[0].col == col_of(text, 13, "equal:"));
  CHECK_THAT(errors[0].message, Catch::Contains("unknown key `equal`"));
}

TEST_CASE("closed enums: severity, theme, precision, platform", "[rules][loader]") {
  require_one_error(with_line(3, "severity: severe"), 3, 11, "unknown severity `severe`");
  require_one_error(with_line(4, "theme: secrets"), 4, 8, "unknown theme `secrets`");
  require_one_error(with_line(4, "theme: logging\nprecision: perfect"), 5, 12, "unknown precision `perfect`");
  require_one_error(with_line(11, "  pulumi:"), 11, 3, "unknown platform `pulumi`");
}

TEST_CASE("missing required keys", "[rules][loader]") {
  require_one_error(with_line(2, ""), 1, 1, "missing required key `title` in rule");
  std::string text = with_line(13, "");
  require_one_error(text, 12, 5, "missing required key `require` in the terraform check");
}

TEST_CASE("id must equal the file stem", "[rules][loader]") {
  std::vector<RuleError> errors = errors_of(kValidRule, "pack/svc/other-name.yaml");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "pack/svc/other-name.yaml");
  CHECK(errors[0].line == 1);
  CHECK(errors[0].col == 5);
  CHECK_THAT(errors[0].message, Catch::Contains("differs from the file stem `other-name`"));
}

TEST_CASE("id must be kebab-case", "[rules][loader]") {
  std::vector<RuleError> errors = errors_of(with_line(1, "id: Test_Rule"), "pack/svc/Test_Rule.yaml");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 1);
  CHECK(errors[0].col == 5);
  CHECK_THAT(errors[0].message, Catch::Contains("not kebab-case"));
}

TEST_CASE("duplicate ids and aliases across sources", "[rules][loader]") {
  std::string other = kValidRule;
  other.replace(other.find("test-rule-bad"), 13, "other-rule-bad");
  other = "aliases: [test-rule-bad]\n" + other;  // line 1: the alias collides with the first rule's id
  std::vector<RuleError> errors;
  RuleSet set = RuleSet::load({{kPath, kValidRule}, {"pack/svc/other-rule-bad.yaml", other}}, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "pack/svc/other-rule-bad.yaml");
  CHECK(errors[0].line == 1);
  CHECK(errors[0].col == 11);
  CHECK_THAT(errors[0].message, Catch::Contains("duplicate rule id or alias `test-rule-bad`"));
  CHECK_THAT(errors[0].message, Catch::Contains(kPath));
  REQUIRE(set.rules().size() == 1);  // the duplicate is not loaded
  CHECK(set.rules()[0].id == "test-rule-bad");

  // The same id in two packs.
  errors.clear();
  RuleSet::load({{kPath, kValidRule}, {"other/svc/test-rule-bad.yaml", kValidRule}}, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "other/svc/test-rule-bad.yaml");
  CHECK(errors[0].line == 1);
  CHECK(errors[0].col == 5);
}

TEST_CASE("two operators in one leaf", "[rules][loader]") {
  std::string text = with_line(13, "    require: {attribute: enabled, equals: true, exists: true}");
  require_one_error(text, 13, col_of(text, 13, "exists"), "exactly one operator");
}

TEST_CASE("two shapes in one condition", "[rules][loader]") {
  std::string text =
      with_line(13, "    require: {attribute: enabled, equals: true, not: {attribute: x, exists: true}}");
  require_one_error(text, 13, col_of(text, 13, "not:"), "exactly one shape");
}

TEST_CASE("a leaf without an operator", "[rules][loader]") {
  std::string text = with_line(13, "    require: {attribute: enabled}");
  require_one_error(text, 13, col_of(text, 13, "attribute"), "needs one operator");
}

TEST_CASE("a malformed attribute path", "[rules][loader]") {
  std::string text = with_line(13, "    require: {attribute: \"ingress[x\", exists: true}");
  require_one_error(text, 13, col_of(text, 13, "\"ingress"), "malformed attribute path");
  text = with_line(13, "    require: {attribute: \"a[99999999999999999999999]\", exists: true}");
  require_one_error(text, 13, col_of(text, 13, "\"a["), "malformed attribute path");
}

TEST_CASE("a regex RE2 rejects", "[rules][loader]") {
  std::string text = with_line(13, "    require: {attribute: name, matches: \"(unclosed\"}");
  require_one_error(text, 13, col_of(text, 13, "\"(unclosed"), "rejected by re2");
}

TEST_CASE("covers_any without port_range", "[rules][loader]") {
  std::string text = with_line(13, "    require: {attribute: from_port, covers_any: [22]}");
  require_one_error(text, 13, col_of(text, 13, "covers_any"), "`covers_any` needs `port_range`");
}

TEST_CASE("operator arguments are typed", "[rules][loader]") {
  std::string text = with_line(13, "    require: {attribute: size, gt: ten}");
  require_one_error(text, 13, col_of(text, 13, "ten"), "takes a number");
  text = with_line(13, "    require: {attribute: size, exists: yes-please}");
  require_one_error(text, 13, col_of(text, 13, "yes-please"), "takes true or false");
}

TEST_CASE("quantifiers need where, graph queries need type and via", "[rules][loader]") {
  std::string text = with_line(13, "    require: {some: ingress}");
  require_one_error(text, 13, col_of(text, 13, "some"), "`some` needs `where`");
  text = with_line(13, "    require: {referenced_by: {type: [aws_flow_log]}}");
  require_one_error(text, 13, col_of(text, 13, "{type"), "missing required key `via` in referenced_by");
}

TEST_CASE("message must name the resource", "[rules][loader]") {
  require_one_error(with_line(6, "message: \"the thing is bad\""), 6, 10, "`{address}`");
  require_one_error(with_line(6, "message: \"{address} is {colour}\""), 6, 10, "unknown placeholder `{colour}`");
  std::string text = with_line(13, "    require: {attribute: enabled, equals: true}\n    message: \"it is bad\"");
  require_one_error(text, 14, 14, "`{address}`");
}

TEST_CASE("data_sources is for terraform only", "[rules][loader]") {
  std::string text = with_line(11, "  kubernetes:\n    data_sources: true");
  require_one_error(text, 12, 5, "terraform checks only");
}

TEST_CASE("yaml syntax errors carry their position", "[rules][loader]") {
  std::vector<RuleError> errors = errors_of(with_line(5, "controls: [soc2:CC7.2"));
  REQUIRE(!errors.empty());
  CHECK(errors[0].path == kPath);
  CHECK(errors[0].line >= 5);
  CHECK(errors[0].col >= 1);
}

TEST_CASE("every condition shape loads", "[rules][loader]") {
  std::string require =
      "    require:\n"
      "      all:\n"
      "        - any: [{attribute: a, exists: true}, {attribute: b, one_of: [x, 1, true]}]\n"
      "        - not: {attribute: c, matches: \"^x$\"}\n"
      "        - {attribute: d, contains: y}\n"
      "        - {attribute: e, gte: 1}\n"
      "        - {attribute: \"f[*].g\", cidr_allows_internet: true}\n"
      "        - none: ingress\n"
      "          where: {port_range: {from: from_port, to: to_port, protocol: protocol}, covers_any: [22, 3389]}\n"
      "        - every: containers\n"
      "          where: {attribute: image, lt: 3}\n"
      "        - {resource_type: [\"aws_*\"]}\n"
      "        - referenced_by: {type: [aws_flow_log], via: vpc_id, where: {attribute: x, lte: 2}}\n"
      "        - references: {type: aws_kms_key, via: kms_key_id}";
  std::vector<RuleError> errors;
  RuleSet set = RuleSet::load({{kPath, with_line(13, require)}}, errors);
  for (const RuleError& e : errors) UNSCOPED_INFO(e.line << ":" << e.col << " " << e.message);
  REQUIRE(errors.empty());
  const Condition& all = set.rules()[0].checks[0].require;
  REQUIRE(all.kind == Condition::Kind::All);
  REQUIRE(all.children.size() == 10);
  CHECK(all.children[0].kind == Condition::Kind::Any);
  CHECK(all.children[1].kind == Condition::Kind::Not);
  CHECK(all.children[1].children[0].regex != nullptr);
  CHECK(all.children[5].kind == Condition::Kind::None);
  const Condition& ports = all.children[5].children[0];
  CHECK(ports.kind == Condition::Kind::PortRange);
  CHECK(ports.ports == std::vector<double>{22, 3389});
  CHECK(format_attribute_path(ports.protocol) == "protocol");
  CHECK(all.children[7].types == std::vector<std::string>{"aws_*"});
  CHECK(all.children[8].kind == Condition::Kind::ReferencedBy);
  CHECK(all.children[8].children.size() == 1);
  CHECK(all.children[9].kind == Condition::Kind::References);
  CHECK(all.children[6].line == 22);  // where `every:` is written
}

TEST_CASE("find by id and alias; only", "[rules][loader]") {
  std::string second = kValidRule;
  second.replace(second.find("test-rule-bad"), 13, "another-rule-bad");
  second = "aliases: [old-name, older-name]\n" + second;
  std::vector<RuleError> errors;
  RuleSet set = RuleSet::load({{"b/x/another-rule-bad.yaml", second}, {kPath, kValidRule}}, errors);
  REQUIRE(errors.empty());
  REQUIRE(set.rules().size() == 2);
  CHECK(set.rules()[0].id == "another-rule-bad");  // sorted by id
  CHECK(set.find("test-rule-bad") == &set.rules()[1]);
  CHECK(set.find("older-name") == &set.rules()[0]);
  CHECK(set.find("no-such-rule") == nullptr);
  RuleSet only = set.only({"test-rule-bad"});
  REQUIRE(only.rules().size() == 1);
  CHECK(only.rules()[0].id == "test-rule-bad");
  CHECK(set.only({}).rules().empty());
}

TEST_CASE("read_rule_directory finds rule files and skips fixtures", "[rules][loader]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("vouch-rules-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "pack" / "svc");
  auto write = [&](const fs::path& p, const std::string& text) { std::ofstream(p) << text; };
  write(dir / "pack" / "svc" / "test-rule-bad.yaml", kValidRule);
  write(dir / "pack" / "svc" / "test-rule-bad.cfn.yaml", "Resources: {}\n");
  write(dir / "pack" / "svc" / "test-rule-bad.k8s.yaml", "kind: Pod\n");
  write(dir / "pack" / "svc" / "test-rule-bad.tf", "");
  write(dir / "pack" / "a-first.yaml", "id: a-first\n");
  std::vector<RuleSource> sources = read_rule_directory(dir.string());
  REQUIRE(sources.size() == 2);
  CHECK(sources[0].path == (dir / "pack" / "a-first.yaml").generic_string());
  CHECK(sources[1].path == (dir / "pack" / "svc" / "test-rule-bad.yaml").generic_string());
  CHECK(sources[1].text == kValidRule);
  fs::remove_all(dir);
  CHECK_THROWS_AS(read_rule_directory(dir.string()), std::runtime_error);
}

TEST_CASE("the built-in packs load without errors", "[rules][loader]") {
  std::vector<RuleError> errors;
  RuleSet set = RuleSet::load(builtin_rule_sources(), errors);
  for (const RuleError& e : errors) UNSCOPED_INFO(e.path << ":" << e.line << ":" << e.col << ": " << e.message);
  REQUIRE(errors.empty());
  CHECK(set.rules().size() == builtin_rule_sources().size());
}

}  // namespace
}  // namespace vouch
