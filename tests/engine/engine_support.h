// Small graphs and rules for engine tests. Resource attributes are written as YAML
// (so every value has a real line and column); a string "(unknown: why)" becomes an
// unknown value with that reason, since YAML has no way to say "unknown".
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "frontends/yaml/yaml.h"
#include "rules/rules.h"

namespace vouch::test {

inline Value with_unknowns(const Value& v) {
  if (v.is_string() && v.as_string().starts_with("(unknown: ") && v.as_string().ends_with(")")) {
    const std::string& s = v.as_string();
    Value u = Value::unknown(s.substr(10, s.size() - 11), v.range());
    u.set_origins(v.origins());
    return u;
  }
  if (v.is_list()) {
    List items;
    for (const Value& item : v.as_list()) items.push_back(with_unknowns(item));
    return Value::list(std::move(items), v.range());
  }
  if (v.is_object()) {
    Object members;
    for (const Member& m : v.as_object()) members.push_back({m.key, with_unknowns(m.value), m.range});
    return Value::object(std::move(members), v.range());
  }
  return v;
}

// Builds a fragment resource by resource. Each resource lives in its own file
// "<file>": line 1 is its header, its attributes start on line 2 + `blank_lines`.
class TestGraph {
 public:
  uint32_t add(const std::string& type, const std::string& address, const std::string& yaml_attributes,
               Platform platform = Platform::Terraform, const std::string& root = "root", unsigned blank_lines = 0,
               std::string file = "") {
    if (file.empty()) file = address + ".yaml";
    std::string text = "# " + address + "\n" + std::string(blank_lines, '\n') + yaml_attributes;
    const SourceFile* source = files_->add(file, text);
    yaml::Stream stream = yaml::load(*source);
    REQUIRE(stream.diagnostics.empty());
    Resource r;
    r.platform = platform;
    r.type = type;
    r.address = address;
    r.root = root;
    r.attributes = stream.documents.empty() || stream.documents[0].root.is_null()
                       ? Value::object({})
                       : with_unknowns(stream.documents[0].root);
    REQUIRE(r.attributes.is_object());
    r.header = SourceRange{source, 1, 1, 1, static_cast<uint32_t>(address.size() + 3)};
    r.range = SourceRange{source, 1, 1, static_cast<uint32_t>(2 + blank_lines), 1};
    fragment_.resources.push_back(std::move(r));
    return static_cast<uint32_t>(fragment_.resources.size() - 1);
  }

  void link(uint32_t from, uint32_t to, const std::string& path) { fragment_.edges.push_back({from, to, path, {}}); }

  Graph graph() const { return Graph::merge({fragment_}); }
  std::shared_ptr<SourceFiles> files() const { return files_; }
  std::vector<Resource>& resources() { return fragment_.resources; }

 private:
  std::shared_ptr<SourceFiles> files_ = std::make_shared<SourceFiles>();
  GraphFragment fragment_;
};

// A complete rule file whose terraform check applies to `resources` (default: every
// type) with `require` (and optional `where`) written in YAML flow or block style.
inline std::string rule_text(const std::string& id, const std::string& require, const std::string& where = "",
                             const std::string& message = "{address} is bad", const std::string& resources = "[\"*\"]",
                             const std::string& platform = "terraform") {
  std::string text = "id: " + id +
                     "\ntitle: t\nseverity: high\ntheme: logging\ncontrols: [soc2:CC7.2]\n"
                     "message: \"" +
                     message +
                     "\"\nrationale: r\nremediation: m\nreferences: []\n"
                     "conditions:\n  " +
                     platform + ":\n    resources: " + resources + "\n";
  if (!where.empty()) text += "    where: " + where + "\n";
  text += "    require: " + require + "\n";
  return text;
}

inline RuleSet load_rules(const std::vector<std::string>& texts) {
  std::vector<RuleSource> sources;
  for (const std::string& text : texts) {
    std::string id = text.substr(4, text.find('\n') - 4);
    sources.push_back({"test/svc/" + id + ".yaml", text});
  }
  std::vector<RuleError> errors;
  RuleSet set = RuleSet::load(sources, errors);
  for (const RuleError& e : errors) UNSCOPED_INFO(e.line << ":" << e.col << ": " << e.message);
  REQUIRE(errors.empty());
  return set;
}

// Evaluates one require condition on one resource, passes included.
struct SingleResult {
  bool applicable = true;  // false when `where` was false
  Outcome outcome = Outcome::Pass;
  Finding finding;
  std::shared_ptr<SourceFiles> files;  // keeps finding.location's file alive
};

inline SingleResult evaluate_one(const std::string& require, const std::string& attributes,
                                 const std::string& where = "") {
  TestGraph g;
  g.add("aws_thing", "aws_thing.a", attributes);
  Graph graph = g.graph();
  RuleSet rules = load_rules({rule_text("test-rule", require, where)});
  EngineOptions options;
  options.include_passes = true;
  std::vector<Finding> findings = evaluate(rules, graph, options);
  if (findings.empty()) return {false, Outcome::Pass, {}, g.files()};
  REQUIRE(findings.size() == 1);
  Finding f = findings[0];
  f.rule = nullptr;  // the rule set dies here
  return {true, f.outcome, f, g.files()};
}

inline Outcome outcome_of(const std::string& require, const std::string& attributes) {
  return evaluate_one(require, attributes).outcome;
}

}  // namespace vouch::test
