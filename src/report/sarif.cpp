// SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps) and editors. One run;
// rules described in tool.driver.rules with the metadata code scanning shows; results
// located relative to %SRCROOT%, with logical locations naming the resource and
// fingerprints that do not depend on line numbers; parse problems as tool execution
// notifications.
#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "report/report.h"
#include "report/report_util.h"

namespace vouch {

namespace {

using nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr const char* kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char* kInformationUri = "https://github.com/vouch-scanner/vouch";
constexpr const char* kSrcRoot = "%SRCROOT%";

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    case Severity::Low: return "note";
  }
  return "warning";
}

// GitHub code scanning reads `security-severity` (0.0–10.0) into critical (≥ 9.0),
// high (7.0–8.9), medium (4.0–6.9) and low (0.1–3.9).
std::string_view security_severity(Severity s) {
  switch (s) {
    case Severity::Critical: return "9.5";
    case Severity::High: return "8.0";
    case Severity::Medium: return "5.5";
    case Severity::Low: return "3.0";
  }
  return "5.5";
}

std::string_view notification_level(DiagnosticLevel l) {
  switch (l) {
    case DiagnosticLevel::Error: return "error";
    case DiagnosticLevel::Warning: return "warning";
    case DiagnosticLevel::Note: return "note";
  }
  return "error";
}

// Percent-encodes what may not appear in a URI path (RFC 3986); '/' stays.
std::string uri_escape(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// "aws-rds-storage-unencrypted" → "AwsRdsStorageUnencrypted", as SARIF suggests for reportingDescriptor.name.
std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-' || c == '_' || c == '.') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

class SarifWriter {
 public:
  explicit SarifWriter(const ReportInput& input) : input_(input) {
    std::error_code ec;
    root_ = input.source_root.empty() ? fs::current_path(ec) : fs::path(input.source_root);
    root_ = root_.lexically_normal();
  }

  ordered_json artifact_location(std::string_view path) const {
    ordered_json loc;
    if (path.empty()) return loc;
    fs::path p(path);
    if (p.is_relative()) p = root_ / p;
    p = p.lexically_normal();
    const fs::path rel = p.lexically_relative(root_);
    const std::string rel_text = rel.generic_string();
    if (path == "<stdin>") {
      loc["uri"] = "stdin";  // not a file; still a stable, relative reference
      loc["uriBaseId"] = kSrcRoot;
    } else if (!rel.empty() && rel_text.rfind("..", 0) != 0) {
      loc["uri"] = uri_escape(rel_text);
      loc["uriBaseId"] = kSrcRoot;
    } else {
      loc["uri"] = "file://" + uri_escape(p.generic_string());
    }
    return loc;
  }

  ordered_json physical_location(const SourceRange& range, std::string_view fallback_path = {}) const {
    ordered_json phys;
    phys["artifactLocation"] = artifact_location(range.valid() ? range.path() : fallback_path);
    if (range.valid()) {
      ordered_json region;
      region["startLine"] = range.start_line;
      region["startColumn"] = std::max<uint32_t>(range.start_col, 1);
      if (range.end_line >= range.start_line) {
        region["endLine"] = range.end_line;
        if (range.end_col > 0) region["endColumn"] = range.end_col;
      }
      phys["region"] = std::move(region);
    }
    return phys;
  }

  ordered_json rule_descriptor(const Rule& rule) const {
    ordered_json r;
    r["id"] = rule.id;
    r["name"] = pascal_case(rule.id);
    r["shortDescription"] = {{"text", rule.title}};
    r["fullDescription"] = {{"text", rule.rationale.empty() ? rule.title : trim(rule.rationale)}};
    std::string markdown = "**" + rule.title + "**\n\n";
    if (!rule.rationale.empty()) markdown += trim(rule.rationale) + "\n\n";
    if (!rule.remediation.empty()) markdown += "**Remediation**\n\n" + trim(rule.remediation) + "\n\n";
    if (!rule.controls.empty()) {
      markdown += "**Controls:**";
      for (const std::string& c : rule.controls) markdown += " `" + c + "`";
      markdown += "\n\n";
    }
    if (!rule.references.empty()) {
      markdown += "**References**\n\n";
      for (const std::string& ref : rule.references) markdown += "- " + ref + "\n";
    }
    r["help"] = {{"text", rule.remediation.empty() ? rule.title : trim(rule.remediation)},
                 {"markdown", trim(markdown)}};
    if (!rule.references.empty()) r["helpUri"] = rule.references.front();
    r["defaultConfiguration"] = {{"level", sarif_level(rule.severity)}};
    ordered_json tags = ordered_json::array({"security", std::string(to_string(rule.theme))});
    for (const std::string& c : rule.controls) tags.push_back(c);
    ordered_json properties;
    properties["tags"] = std::move(tags);
    properties["security-severity"] = security_severity(rule.severity);
    properties["precision"] = rule.precision;
    properties["severity"] = to_string(rule.severity);
    properties["theme"] = to_string(rule.theme);
    if (!rule.aliases.empty()) properties["aliases"] = rule.aliases;
    r["properties"] = std::move(properties);
    return r;
  }

  ordered_json result(const Finding& f, size_t rule_index) const {
    ordered_json r;
    r["ruleId"] = f.rule ? f.rule->id : "";
    r["ruleIndex"] = rule_index;
    // A rule that could not be decided is an open question, not a failure.
    const bool open = f.outcome == Outcome::Unknown;
    r["kind"] = open ? "open" : "fail";
    r["level"] = open ? "none" : sarif_level(f.severity);
    r["message"] = {{"text", f.message}};
    ordered_json location;
    location["physicalLocation"] = physical_location(f.location);
    location["logicalLocations"] =
        ordered_json::array({{{"fullyQualifiedName", f.address}, {"name", f.address}, {"kind", "resource"}}});
    r["locations"] = ordered_json::array({std::move(location)});
    r["partialFingerprints"] = {{"vouchFindingHash/v1", report_detail::stable_fingerprint(f)}};
    if (!f.provenance.empty()) {
      ordered_json related = ordered_json::array();
      int id = 1;
      for (const Origin& o : f.provenance) {
        ordered_json rel;
        rel["id"] = id++;
        rel["physicalLocation"] = physical_location(o.range);
        rel["message"] = {{"text", "via " + o.what}};
        related.push_back(std::move(rel));
      }
      r["relatedLocations"] = std::move(related);
    }
    if (!f.suppressions.empty()) {
      ordered_json suppressions = ordered_json::array();
      for (const Suppression& s : f.suppressions) {
        ordered_json sj;
        sj["kind"] = s.kind == Suppression::Kind::Inline ? "inSource" : "external";
        sj["status"] = "accepted";
        sj["justification"] = s.justification;
        if (s.range.valid()) sj["location"] = {{"physicalLocation", physical_location(s.range)}};
        suppressions.push_back(std::move(sj));
      }
      r["suppressions"] = std::move(suppressions);
    }
    if (input_.baseline_used) r["baselineState"] = f.is_new ? "new" : "unchanged";
    if (input_.graph) {
      if (std::optional<FixEdit> fix = compute_fix(f, *input_.graph)) {
        ordered_json region = {{"startLine", fix->deleted.start_line}, {"startColumn", fix->deleted.start_col},
                               {"endLine", fix->deleted.end_line}, {"endColumn", fix->deleted.end_col}};
        ordered_json change;
        change["artifactLocation"] = physical_location(fix->deleted)["artifactLocation"];
        change["replacements"] =
            ordered_json::array({{{"deletedRegion", std::move(region)}, {"insertedContent", {{"text", fix->inserted}}}}});
        r["fixes"] = ordered_json::array(
            {{{"description", {{"text", fix->description}}}, {"artifactChanges", ordered_json::array({std::move(change)})}}});
      }
    }
    ordered_json properties;
    properties["severity"] = to_string(f.severity);
    properties["resourceType"] = f.resource_type;
    properties["platform"] = to_string(f.platform);
    if (!f.attribute.empty()) properties["attribute"] = f.attribute;
    if (!f.is_new) properties["baseline"] = true;
    r["properties"] = std::move(properties);
    return r;
  }

  void write(std::ostream& out) const {
    // The rules of this run, sorted by id, plus any a finding names that the set lacks
    // (a rule raised outside the engine, such as the suppression checker).
    std::map<std::string, const Rule*> rules;
    if (input_.rules) {
      for (const Rule& r : input_.rules->rules()) rules.emplace(r.id, &r);
    }
    if (input_.findings) {
      for (const Finding& f : *input_.findings) {
        if (f.rule) rules.emplace(f.rule->id, f.rule);
      }
    }
    std::map<std::string, size_t> rule_index;
    ordered_json descriptors = ordered_json::array();
    for (const auto& [id, rule] : rules) {
      rule_index[id] = descriptors.size();
      descriptors.push_back(rule_descriptor(*rule));
    }

    ordered_json driver;
    driver["name"] = "vouch";
    driver["version"] = input_.tool_version;
    driver["semanticVersion"] = input_.tool_version;
    driver["informationUri"] = kInformationUri;
    driver["rules"] = std::move(descriptors);

    ordered_json results = ordered_json::array();
    if (input_.findings) {
      for (const Finding& f : *input_.findings) {
        results.push_back(result(f, f.rule ? rule_index[f.rule->id] : 0));
      }
    }

    ordered_json notifications = ordered_json::array();
    bool clean = true;
    if (input_.diagnostics) {
      for (const Diagnostic& d : *input_.diagnostics) {
        clean = clean && d.level != DiagnosticLevel::Error;
        ordered_json n;
        n["level"] = notification_level(d.level);
        n["message"] = {{"text", d.message}};
        n["descriptor"] = {{"id", d.code}};
        n["locations"] = ordered_json::array({{{"physicalLocation", physical_location(d.range, d.path)}}});
        notifications.push_back(std::move(n));
      }
    }
    ordered_json invocation;
    // False when some input could not be read: the results may be incomplete.
    invocation["executionSuccessful"] = clean;
    invocation["toolExecutionNotifications"] = std::move(notifications);

    std::string root_uri = "file://" + uri_escape(root_.generic_string());
    if (root_uri.back() != '/') root_uri += '/';

    ordered_json run;
    run["tool"] = {{"driver", std::move(driver)}};
    run["invocations"] = ordered_json::array({std::move(invocation)});
    run["originalUriBaseIds"] = {{kSrcRoot, {{"uri", root_uri}}}};
    run["results"] = std::move(results);

    ordered_json doc;
    doc["$schema"] = kSchema;
    doc["version"] = "2.1.0";
    doc["runs"] = ordered_json::array({std::move(run)});
    out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
  }

 private:
  static std::string trim(std::string_view s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
    while (!s.empty() && (s.front() == '\n' || s.front() == ' ')) s.remove_prefix(1);
    return std::string(s);
  }

  const ReportInput& input_;
  fs::path root_;
};

}  // namespace

void write_sarif(const ReportInput& input, std::ostream& out) { SarifWriter(input).write(out); }

}  // namespace vouch
