#include "config/config.h"

#include <algorithm>
#include <map>
#include <cstdio>
#include <set>

#include "frontends/yaml/yaml.h"

namespace vouch {

namespace {

// Reads one configuration document, reporting each problem at the node it is about.
class ConfigReader {
 public:
  ConfigReader(const SourceFile& file, std::vector<ConfigProblem>& problems) : file_(file), problems_(problems) {}

  Config read(const Value& root) {
    Config config;
    config.path = file_.path;
    if (root.is_null()) return config;  // an empty file is an empty configuration
    if (!expect_object(root, "the configuration")) return config;
    check_keys(root, {"rules", "exclude", "var_files", "vars", "severity_threshold", "inline_suppressions",
                      "soft_fail", "exceptions"});
    if (const Value* rules = root.get("rules")) read_rules(*rules, config);
    if (const Value* v = root.get("exclude")) config.exclude = string_list(*v, "exclude");
    if (const Value* v = root.get("var_files")) config.var_files = string_list(*v, "var_files");
    if (const Value* v = root.get("vars")) {
      if (expect_object(*v, "vars")) {
        for (const Member& m : v->as_object()) {
          if (m.value.is_string() || m.value.is_number() || m.value.is_bool()) {
            config.vars.emplace_back(m.key, scalar_text(m.value));
          } else {
            problem(m.value.range(), "vars." + m.key + " must be a string, number or bool");
          }
        }
      }
    }
    if (const Value* v = root.get("severity_threshold")) config.severity_threshold = severity(*v, "severity_threshold");
    if (const Value* v = root.get("inline_suppressions")) config.inline_suppressions = boolean(*v, "inline_suppressions", true);
    if (const Value* v = root.get("soft_fail")) config.soft_fail = boolean(*v, "soft_fail", false);
    if (const Value* v = root.get("exceptions")) read_exceptions(*v, config);
    return config;
  }

 private:
  void problem(const SourceRange& at, std::string message) {
    problems_.push_back(ConfigProblem{file_.path, at.start_line, at.start_col, std::move(message)});
  }

  bool expect_object(const Value& v, const std::string& what) {
    if (v.is_object()) return true;
    problem(v.range(), what + " must be a mapping");
    return false;
  }

  void check_keys(const Value& object, std::initializer_list<std::string_view> allowed) {
    for (const Member& m : object.as_object()) {
      if (std::find(allowed.begin(), allowed.end(), m.key) == allowed.end()) {
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        problem(m.range, "unknown key '" + m.key + "' (expected one of: " + list + ")");
      }
    }
  }

  static std::string scalar_text(const Value& v) {
    if (v.is_string()) return v.as_string();
    if (v.is_bool()) return v.as_bool() ? "true" : "false";
    std::string s = v.to_display();
    return s;
  }

  std::vector<std::string> string_list(const Value& v, const std::string& what) {
    std::vector<std::string> out;
    if (!v.is_list()) {
      problem(v.range(), what + " must be a list of strings");
      return out;
    }
    for (const Value& item : v.as_list()) {
      if (item.is_string() && !item.as_string().empty()) {
        out.push_back(item.as_string());
      } else {
        problem(item.range(), what + " entries must be non-empty strings");
      }
    }
    return out;
  }

  std::vector<ConfigName> name_list(const Value& v, const std::string& what) {
    std::vector<ConfigName> out;
    if (!v.is_list()) {
      problem(v.range(), what + " must be a list of rule ids or pack names");
      return out;
    }
    for (const Value& item : v.as_list()) {
      if (item.is_string() && !item.as_string().empty()) {
        out.push_back({item.as_string(), item.range()});
      } else {
        problem(item.range(), what + " entries must be rule ids or pack names");
      }
    }
    return out;
  }

  std::optional<Severity> severity(const Value& v, const std::string& what) {
    if (v.is_string()) {
      if (auto s = parse_severity(v.as_string())) return s;
    }
    problem(v.range(), what + " must be one of low, medium, high, critical");
    return std::nullopt;
  }

  bool boolean(const Value& v, const std::string& what, bool fallback) {
    if (v.is_bool()) return v.as_bool();
    problem(v.range(), what + " must be true or false");
    return fallback;
  }

  void read_rules(const Value& rules, Config& config) {
    if (!expect_object(rules, "rules")) return;
    check_keys(rules, {"enable", "disable", "severity"});
    if (const Value* v = rules.get("enable")) config.enable = name_list(*v, "rules.enable");
    if (const Value* v = rules.get("disable")) config.disable = name_list(*v, "rules.disable");
    if (const Value* v = rules.get("severity")) {
      if (expect_object(*v, "rules.severity")) {
        for (const Member& m : v->as_object()) {
          if (auto s = severity(m.value, "rules.severity." + m.key)) config.severity.push_back({m.key, *s, m.range});
        }
      }
    }
  }

  void read_exceptions(const Value& v, Config& config) {
    if (!v.is_list()) {
      problem(v.range(), "exceptions must be a list");
      return;
    }
    for (const Value& entry : v.as_list()) {
      if (!expect_object(entry, "an exception")) continue;
      check_keys(entry, {"rule", "resource", "reason", "owner", "expires"});
      RuleException e;
      e.range = entry.range();
      auto text = [&](const char* key, std::string& out, bool required) {
        const Value* field = entry.get(key);
        if (!field) {
          if (required) problem(entry.range(), std::string("an exception needs '") + key + "'");
          return;
        }
        if (field->is_string() && !field->as_string().empty()) {
          out = field->as_string();
        } else {
          problem(field->range(), std::string("exception ") + key + " must be a non-empty string");
        }
      };
      text("rule", e.rule, true);
      text("resource", e.resource, false);
      // reason and owner are validated where suppressions are judged, so that a
      // missing reason is reported as a finding like an inline suppression's.
      text("reason", e.reason, false);
      text("owner", e.owner, false);
      if (const Value* field = entry.get("expires")) {
        // YAML reads an unquoted 2027-01-31 as a string here (no timestamp type).
        if (field->is_string() && is_iso_date(field->as_string())) {
          e.expires = field->as_string();
        } else {
          problem(field->range(), "exception expires must be a date written YYYY-MM-DD");
        }
      }
      config.exceptions.push_back(std::move(e));
    }
  }

  const SourceFile& file_;
  std::vector<ConfigProblem>& problems_;
};

}  // namespace

Config parse_config(const SourceFile& file, std::vector<ConfigProblem>& errors) {
  yaml::Stream stream = yaml::load(file);
  for (const Diagnostic& d : stream.diagnostics) {
    if (d.level == DiagnosticLevel::Error) {
      errors.push_back(ConfigProblem{file.path, d.range.start_line, d.range.start_col, d.message});
    }
  }
  if (stream.documents.size() > 1) {
    errors.push_back(ConfigProblem{file.path, 1, 1, "the configuration must be a single YAML document"});
  }
  ConfigReader reader(file, errors);
  if (!stream.documents.empty()) return reader.read(stream.documents.front().root);
  Config empty;
  empty.path = file.path;
  return empty;
}

RuleSet select_rules(const Config& config, const RuleSet& rules, std::vector<ConfigProblem>& errors) {
  std::set<std::string> packs;
  for (const Rule& r : rules.rules()) packs.insert(r.pack);
  auto check = [&](const ConfigName& n, const char* key) {
    if (!rules.find(n.name) && !packs.count(n.name)) {
      errors.push_back(ConfigProblem{config.path, n.range.start_line, n.range.start_col,
                                     std::string(key) + " names '" + n.name +
                                         "', which is neither a rule id nor a pack (see `vouch rules list`)"});
    }
  };
  for (const ConfigName& n : config.enable) check(n, "rules.enable");
  for (const ConfigName& n : config.disable) check(n, "rules.disable");
  for (const SeverityOverride& o : config.severity) {
    if (!rules.find(o.rule)) {
      errors.push_back(ConfigProblem{config.path, o.range.start_line, o.range.start_col,
                                     "rules.severity names unknown rule '" + o.rule + "'"});
    }
  }
  auto listed = [&](const std::vector<ConfigName>& names, const Rule& r) {
    return std::any_of(names.begin(), names.end(), [&](const ConfigName& n) {
      const Rule* named = rules.find(n.name);
      return n.name == r.pack || (named && named->id == r.id);
    });
  };
  std::vector<std::string> ids;
  for (const Rule& r : rules.rules()) {
    if (!config.enable.empty() && !listed(config.enable, r)) continue;
    if (listed(config.disable, r)) continue;
    ids.push_back(r.id);
  }
  return rules.only(ids);
}

void apply_severity_overrides(const Config& config, const RuleSet& rules, std::vector<Finding>& findings) {
  if (config.severity.empty()) return;
  std::map<std::string, Severity> by_id;
  for (const SeverityOverride& o : config.severity) {
    if (const Rule* r = rules.find(o.rule)) by_id[r->id] = o.severity;
  }
  for (Finding& f : findings) {
    if (auto it = by_id.find(f.rule->id); it != by_id.end()) f.severity = it->second;
  }
}


bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int year = std::stoi(std::string(text.substr(0, 4)));
  const int month = std::stoi(std::string(text.substr(5, 2)));
  const int day = std::stoi(std::string(text.substr(8, 2)));
  if (month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int max_day = month == 2 && leap ? 29 : kDays[month - 1];
  return day <= max_day;
}

}  // namespace vouch
