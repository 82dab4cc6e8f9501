// Markdown rule pages, generated from the rule and its fixtures.
#include "rules/docs.h"

#include <re2/re2.h>

#include <algorithm>
#include <filesystem>

namespace vouch {
namespace {

std::string_view platform_title(Platform platform) {
  switch (platform) {
    case Platform::Terraform:
      return "Terraform";
    case Platform::Kubernetes:
      return "Kubernetes";
    case Platform::CloudFormation:
      return "CloudFormation";
  }
  return "";
}

std::string_view fence_language(const Fixture& fixture) {
  if (fixture.path.ends_with(".json")) return "json";
  if (fixture.path.ends_with(".yaml")) return "yaml";
  return "hcl";
}

std::string join(const std::vector<std::string>& items, std::string_view separator, std::string_view quote = "") {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += quote;
    out += items[i];
    out += quote;
  }
  return out;
}

std::string trimmed_block(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Markdown table cells must not break the row.
std::string cell(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string_view op_name(Condition::Op op) {
  switch (op) {
    case Condition::Op::Exists:
      return "exists";
    case Condition::Op::Equals:
      return "equals";
    case Condition::Op::OneOf:
      return "one_of";
    case Condition::Op::Matches:
      return "matches";
    case Condition::Op::Contains:
      return "contains";
    case Condition::Op::Gt:
      return "gt";
    case Condition::Op::Gte:
      return "gte";
    case Condition::Op::Lt:
      return "lt";
    case Condition::Op::Lte:
      return "lte";
    case Condition::Op::CidrAllowsInternet:
      return "cidr_allows_internet";
    case Condition::Op::CoversAny:
      return "covers_any";
  }
  return "";
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string flow_list(const std::vector<std::string>& items) {
  return "[" + join(items, ", ") + "]";
}

std::string number_text(double n) {
  std::string text = Value::number(n).to_display();
  return text;
}

}  // namespace

std::string format_condition(const Condition& c, unsigned indent) {
  const std::string pad(indent, ' ');
  switch (c.kind) {
    case Condition::Kind::All:
    case Condition::Kind::Any: {
      std::string out = c.kind == Condition::Kind::All ? "all:\n" : "any:\n";
      for (const Condition& child : c.children) {
        std::string inner = format_condition(child, indent + 4);
        out += pad + "  - " + inner.substr(indent + 4) + (inner.ends_with("\n") ? "" : "\n");
      }
      return pad + out;
    }
    case Condition::Kind::Not: {
      std::string inner = format_condition(c.children.at(0), indent + 2);
      if (inner.find('\n') == inner.size() - 1 || inner.find('\n') == std::string::npos) {
        return pad + "not: " + inner.substr(indent + 2);
      }
      return pad + "not:\n" + inner;
    }
    case Condition::Kind::Attribute: {
      std::string argument = c.regex ? quoted(c.regex->pattern()) : c.argument.to_display();
      return pad + "{attribute: " + format_attribute_path(c.path) + ", " + std::string(op_name(c.op)) + ": " +
             argument + "}\n";
    }
    case Condition::Kind::PortRange: {
      std::vector<std::string> ports;
      for (double p : c.ports) ports.push_back(number_text(p));
      std::string range = "from: " + format_attribute_path(c.from_port) + ", to: " + format_attribute_path(c.to_port);
      if (!c.protocol.empty()) range += ", protocol: " + format_attribute_path(c.protocol);
      return pad + "{port_range: {" + range + "}, covers_any: " + flow_list(ports) + "}\n";
    }
    case Condition::Kind::ResourceType:
      return pad + "{resource_type: " + flow_list(c.types) + "}\n";
    case Condition::Kind::Some:
    case Condition::Kind::Every:
    case Condition::Kind::None: {
      std::string_view name = c.kind == Condition::Kind::Some    ? "some"
                              : c.kind == Condition::Kind::Every ? "every"
                                                                 : "none";
      std::string inner = format_condition(c.children.at(0), indent + 2);
      return pad + std::string(name) + ": " + format_attribute_path(c.path) + "\n" + pad + "where:\n" + inner;
    }
    case Condition::Kind::ReferencedBy:
    case Condition::Kind::References: {
      std::string_view name = c.kind == Condition::Kind::ReferencedBy ? "referenced_by" : "references";
      std::string out = pad + std::string(name) + ":\n" + pad + "  type: " + flow_list(c.types) + "\n" + pad +
                        "  via: " + format_attribute_path(c.path) + "\n";
      if (!c.children.empty()) out += pad + "  where:\n" + format_condition(c.children.front(), indent + 4);
      return out;
    }
  }
  return "";
}

std::string render_rule_page(const Rule& rule, const std::vector<Fixture>& fixtures) {
  std::string out;
  out += "<!-- generated by `vouch rules docs` from " + rule.source_path + " and its fixtures: do not edit -->\n\n";
  out += "# " + rule.id + "\n\n";
  out += "**" + rule.title + "**\n\n";
  std::vector<std::string> platforms;
  for (const PlatformCheck& check : rule.checks) platforms.emplace_back(to_string(check.platform));
  out += "| severity | theme | controls | platforms | precision |\n";
  out += "| --- | --- | --- | --- | --- |\n";
  out += "| " + std::string(to_string(rule.severity)) + " | " + std::string(to_string(rule.theme)) + " | " +
         cell(join(rule.controls, ", ", "`")) + " | " + join(platforms, ", ") + " | " + rule.precision + " |\n\n";
  if (!rule.aliases.empty()) out += "Former ids (still accepted): " + join(rule.aliases, ", ", "`") + "\n\n";

  out += "## What it checks\n\n";
  for (const PlatformCheck& check : rule.checks) {
    out += "### " + std::string(platform_title(check.platform)) + "\n\n";
    out += "Resources: " + join(check.resources, ", ", "`");
    if (check.data_sources) out += " (data sources too)";
    out += "\n\n";
    out += "```yaml\n";
    if (check.where) out += "where:\n" + format_condition(*check.where, 2);
    out += "require:\n" + format_condition(check.require, 2);
    out += "```\n\n";
    out +=
        "A resource fails when `require` is false; when it cannot be decided before deploy (an unknown value) "
        "the result is reported as not verifiable.\n\n";
  }

  out += "## Why it matters\n\n" + trimmed_block(rule.rationale) + "\n\n";

  bool examples_heading = false;
  for (const PlatformCheck& check : rule.checks) {
    for (const Fixture& fixture : fixtures) {
      // Examples come from single-file fixtures; a folder's case spans several files.
      if (fixture.platform != check.platform || fixture.folder) continue;
      auto first = [&](FixtureAnnotation::Kind kind) -> const FixtureAnnotation* {
        for (const FixtureAnnotation& a : fixture.annotations) {
          if (a.kind == kind && a.rule_id == rule.id) return &a;
        }
        return nullptr;
      };
      const FixtureAnnotation* failing = first(FixtureAnnotation::Kind::Expect);
      const FixtureAnnotation* fixed = first(FixtureAnnotation::Kind::Ok);
      if (!failing && !fixed) continue;
      if (!examples_heading) {
        out += "## Examples\n\n";
        examples_heading = true;
      }
      std::string language(fence_language(fixture));
      std::string from = std::filesystem::path(fixture.path).filename().generic_string();
      if (failing) {
        out += "### Failing (" + std::string(platform_title(check.platform)) + ")\n\n";
        out += "```" + language + "\n" + fixture_excerpt(fixture, failing->line) + "```\n\n";
      }
      if (fixed) {
        out += "### Fixed (" + std::string(platform_title(check.platform)) + ")\n\n";
        out += "```" + language + "\n" + fixture_excerpt(fixture, fixed->line) + "```\n\n";
      }
      out += "More cases in `" + from + "`.\n\n";
      break;  // one fixture per platform is enough for the page
    }
  }

  out += "## Remediation\n\n" + trimmed_block(rule.remediation) + "\n\n";
  for (const PlatformCheck& check : rule.checks) {
    if (!check.fix) continue;
    if (!check.fix->insert.empty()) {
      out += "Fix (" + std::string(platform_title(check.platform)) + "): add `" + check.fix->insert + "`.\n\n";
    } else if (!check.fix->replace.empty()) {
      out += "Fix (" + std::string(platform_title(check.platform)) + "): set the value to `" + check.fix->replace +
             "`.\n\n";
    }
  }
  out += "## References\n\n";
  for (const std::string& reference : rule.references) out += "- <" + reference + ">\n";
  if (rule.references.empty()) out += "None.\n";
  return out;
}

std::string render_rule_index(const RuleSet& rules) {
  std::vector<const Rule*> sorted;
  for (const Rule& rule : rules.rules()) sorted.push_back(&rule);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Rule* a, const Rule* b) { return std::tie(a->pack, a->id) < std::tie(b->pack, b->id); });
  std::string out = "<!-- generated by `vouch rules docs`: do not edit -->\n\n# Rules\n\n";
  out += std::to_string(sorted.size()) +
         " rules. Each page says what the rule checks, why it matters, and shows a "
         "failing and a fixed example taken from the rule's tests.\n";
  std::string pack = "\x01";
  for (const Rule* rule : sorted) {
    if (rule->pack != pack) {
      pack = rule->pack;
      out += "\n## " + (pack.empty() ? std::string("other") : pack) + "\n\n";
      out += "| rule | title | severity | theme | platforms |\n| --- | --- | --- | --- | --- |\n";
    }
    std::vector<std::string> platforms;
    for (const PlatformCheck& check : rule->checks) platforms.emplace_back(to_string(check.platform));
    out += "| [" + rule->id + "](" + rule->id + ".md) | " + cell(rule->title) + " | " +
           std::string(to_string(rule->severity)) + " | " + std::string(to_string(rule->theme)) + " | " +
           join(platforms, ", ") + " |\n";
  }
  return out;
}

std::map<std::string, std::string> render_rule_docs(const RuleSet& rules, const std::string& rulepack_dir) {
  std::map<std::string, std::string> files;
  for (const Rule& rule : rules.rules()) {
    std::string rule_path = rulepack_dir.empty()
                                ? rule.source_path
                                : (std::filesystem::path(rulepack_dir) / rule.source_path).generic_string();
    files[rule.id + ".md"] = render_rule_page(rule, find_fixtures(rule_path));
  }
  files["README.md"] = render_rule_index(rules);
  return files;
}

}  // namespace vouch
