#include "suppress/suppress.h"

#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include <nlohmann/json.hpp>

namespace vouch {

namespace {

Rule make_suppression_invalid_rule() {
  Rule rule;
  rule.id = "vouch-suppression-invalid";
  rule.title = "A suppression cannot be honoured";
  rule.severity = Severity::Medium;
  rule.theme = Theme::Logging;
  rule.controls = {"soc2:CC7.2"};
  rule.message = "{address}: {attribute}";
  rule.rationale =
      "A suppression accepts a finding on someone's authority. Without a reason an auditor cannot judge it, "
      "past its expiry date the acceptance has lapsed, and one that names an unknown rule silences nothing "
      "while appearing to. Such suppressions do not suppress, and are reported so that they are mended.";
  rule.remediation =
      "Give the suppression a reason (`reason=\"…\"`), renew or remove an expired one, and name an existing "
      "rule id (see `vouch rules list`).";
  rule.references = {"https://github.com/vouch-scanner/vouch/blob/main/docs/configuration.md"};
  rule.pack = "vouch";
  rule.source_path = "(built in)";
  return rule;
}

bool names_rule(const Rule& rule, std::string_view id) {
  return rule.id == id || std::find(rule.aliases.begin(), rule.aliases.end(), id) != rule.aliases.end();
}

// "" when valid; otherwise why it cannot be honoured.
std::string invalid_reason(const std::string& rule_id, const std::string& reason, const std::string& expires,
                           const std::string& parse_error, const RuleSet& rules, const std::string& today) {
  if (!parse_error.empty()) return parse_error;
  if (rule_id.empty()) return "names no rule";
  if (rules.find(rule_id) == nullptr) return "names unknown rule '" + rule_id + "'";
  if (reason.empty()) return "has no reason";
  if (!expires.empty() && !is_iso_date(expires)) return "has an expiry that is not a date (YYYY-MM-DD): '" + expires + "'";
  if (!expires.empty() && expires < today) return "expired on " + expires;
  return "";
}

// An exception's `resource` glob: `*` matches any run of characters, '/' included
// (Kubernetes addresses are Kind/namespace/name).
bool address_matches(std::string_view pattern, std::string_view address) {
  return glob_match(pattern, address, '\0');
}

bool attribute_covers(const std::string& suppressed, const std::string& blamed) {
  if (suppressed.empty()) return true;
  if (blamed.compare(0, suppressed.size(), suppressed) != 0) return false;
  return blamed.size() == suppressed.size() || blamed[suppressed.size()] == '.' || blamed[suppressed.size()] == '[';
}

bool finding_less(const Finding& a, const Finding& b) {
  const std::string_view pa = a.location.path(), pb = b.location.path();
  if (pa != pb) return pa < pb;
  return std::tie(a.location.start_line, a.location.start_col, a.rule->id, a.address, a.attribute) <
         std::tie(b.location.start_line, b.location.start_col, b.rule->id, b.address, b.attribute);
}

// A finding about the configuration has no resource for the engine's fingerprint;
// FNV-1a over what identifies it keeps it just as stable.
std::string config_fingerprint(const Finding& f) {
  uint64_t hash = 1469598103934665603ull;
  for (const std::string& part : {f.rule->id, f.address, f.attribute, f.message}) {
    for (unsigned char c : part) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
    hash ^= 0xff;
    hash *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

Finding invalid_finding(const std::string& what, const SourceRange& range, uint32_t resource, const std::string& address,
                        const std::string& resource_type, Platform platform, const std::string& suppressed_rule,
                        const Graph& graph) {
  const Rule& rule = suppression_invalid_rule();
  Finding f;
  f.rule = &rule;
  f.outcome = Outcome::Fail;
  f.severity = rule.severity;
  f.resource = resource;
  f.address = address;
  f.resource_type = resource_type;
  f.platform = platform;
  f.location = range;
  f.attribute = "vouch:ignore " + suppressed_rule;
  f.message = what;
  f.fingerprint = resource == kNoResource ? config_fingerprint(f) : fingerprint(f, graph);
  return f;
}

}  // namespace

const Rule& suppression_invalid_rule() {
  static const Rule rule = make_suppression_invalid_rule();
  return rule;
}

bool Baseline::contains(const std::string& fp) const {
  return std::binary_search(fingerprints.begin(), fingerprints.end(), fp);
}

Baseline read_baseline(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read baseline " + path);
  nlohmann::json doc;
  try {
    in >> doc;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("baseline " + path + " is not valid JSON: " + e.what());
  }
  if (!doc.is_object() || doc.value("version", 0) != 1 || !doc.contains("findings") || !doc["findings"].is_array()) {
    throw std::runtime_error("baseline " + path + " is not a vouch baseline (version 1 with a findings list)");
  }
  Baseline baseline;
  for (const auto& entry : doc["findings"]) {
    if (!entry.is_object() || !entry.contains("fingerprint") || !entry["fingerprint"].is_string()) {
      throw std::runtime_error("baseline " + path + ": every finding needs a fingerprint string");
    }
    baseline.fingerprints.push_back(entry["fingerprint"].get<std::string>());
  }
  std::sort(baseline.fingerprints.begin(), baseline.fingerprints.end());
  baseline.fingerprints.erase(std::unique(baseline.fingerprints.begin(), baseline.fingerprints.end()),
                              baseline.fingerprints.end());
  return baseline;
}

std::string render_baseline(const std::vector<Finding>& findings) {
  std::vector<const Finding*> sorted;
  for (const Finding& f : findings) sorted.push_back(&f);
  std::sort(sorted.begin(), sorted.end(), [](const Finding* a, const Finding* b) {
    return std::tie(a->fingerprint, a->rule->id) < std::tie(b->fingerprint, b->rule->id);
  });
  nlohmann::ordered_json doc;
  doc["version"] = 1;
  doc["findings"] = nlohmann::ordered_json::array();
  std::string last;
  for (const Finding* f : sorted) {
    if (f->fingerprint == last) continue;
    last = f->fingerprint;
    nlohmann::ordered_json entry;
    entry["fingerprint"] = f->fingerprint;
    entry["rule"] = f->rule->id;
    entry["address"] = f->address;
    entry["path"] = std::string(f->location.path());
    doc["findings"].push_back(std::move(entry));
  }
  return doc.dump(2) + "\n";
}

void apply_suppressions(std::vector<Finding>& findings, const Graph& graph, const RuleSet& rules,
                        const SuppressOptions& options) {
  const auto& resources = graph.resources();
  for (Finding& f : findings) {
    if (options.baseline && options.baseline->contains(f.fingerprint)) f.is_new = false;
    if (f.resource >= resources.size()) continue;
    const Resource& resource = resources[f.resource];
    if (options.inline_suppressions) {
      for (const InlineSuppression& s : resource.suppressions) {
        if (!names_rule(*f.rule, s.rule_id) || !attribute_covers(s.attribute, f.attribute)) continue;
        if (!invalid_reason(s.rule_id, s.reason, s.expires, s.parse_error, rules, options.today).empty()) continue;
        f.suppressions.push_back(Suppression{Suppression::Kind::Inline, s.reason, "", s.expires, s.range});
      }
    }
    for (const RuleException& e : options.exceptions) {
      if (!names_rule(*f.rule, e.rule) || !address_matches(e.resource, f.address)) continue;
      if (!invalid_reason(e.rule, e.reason, e.expires, "", rules, options.today).empty()) continue;
      f.suppressions.push_back(Suppression{Suppression::Kind::Config, e.reason, e.owner, e.expires, e.range});
    }
  }

  // Each suppression that cannot be honoured is reported once, even when it reaches
  // several resources (a comment on a module call applies to all its resources).
  std::vector<Finding> invalid;
  std::set<std::tuple<std::string, uint32_t, uint32_t, std::string>> seen;
  if (options.inline_suppressions) {
    for (uint32_t i = 0; i < resources.size(); ++i) {
      const Resource& r = resources[i];
      for (const InlineSuppression& s : r.suppressions) {
        const std::string why = invalid_reason(s.rule_id, s.reason, s.expires, s.parse_error, rules, options.today);
        if (why.empty()) continue;
        if (!seen.emplace(std::string(s.range.path()), s.range.start_line, s.range.start_col, s.rule_id).second) continue;
        const std::string label = s.rule_id.empty() ? std::string("vouch:ignore") : "vouch:ignore " + s.rule_id;
        invalid.push_back(invalid_finding(label + " on " + r.address + " " + why, s.range, i, r.address, r.type,
                                          r.platform, s.rule_id, graph));
      }
    }
  }
  for (const RuleException& e : options.exceptions) {
    const std::string why = invalid_reason(e.rule, e.reason, e.expires, "", rules, options.today);
    if (why.empty()) continue;
    Finding f = invalid_finding("exception for " + e.rule + " on " + e.resource + " " + why, e.range, kNoResource,
                                std::string(e.range.path()), "vouch-config", Platform::Terraform, e.rule, graph);
    invalid.push_back(std::move(f));
  }
  for (Finding& f : invalid) {
    if (options.baseline && options.baseline->contains(f.fingerprint)) f.is_new = false;
    findings.push_back(std::move(f));
  }
  std::stable_sort(findings.begin(), findings.end(), finding_less);
}

std::string today_utc() {
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    const long long v = std::strtoll(epoch, &end, 10);
    if (end && *end == '\0') now = static_cast<std::time_t>(v);
  }
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace vouch
