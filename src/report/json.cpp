// The machine-readable report, versioned and documented in docs/json-format.md.
// Keys are written in a fixed order so the output is byte-for-byte reproducible.
#include <nlohmann/json.hpp>
#include <ostream>

#include "report/report.h"
#include "report/report_util.h"

namespace vouch {

namespace {

using nlohmann::ordered_json;

ordered_json location_json(const SourceRange& range, std::string_view fallback_path = {}) {
  ordered_json loc;
  loc["path"] = std::string(range.valid() ? range.path() : fallback_path);
  if (range.valid()) {
    loc["start_line"] = range.start_line;
    loc["start_col"] = range.start_col;
    loc["end_line"] = range.end_line;
    loc["end_col"] = range.end_col;
  }
  return loc;
}

std::string_view status_of(const Finding& f) {
  if (report_detail::is_suppressed(f)) return "suppressed";
  if (!f.is_new) return "baseline";
  return f.outcome == Outcome::Unknown ? "not-verifiable" : "fail";
}

std::string_view suppression_kind(Suppression::Kind kind) {
  switch (kind) {
    case Suppression::Kind::Inline: return "inline";
    case Suppression::Kind::Config: return "config";
    case Suppression::Kind::Baseline: return "baseline";
  }
  return "inline";
}

}  // namespace

void write_json(const ReportInput& input, std::ostream& out) {
  ordered_json doc;
  doc["format"] = "vouch-report";
  doc["format_version"] = 1;
  doc["tool"] = {{"name", "vouch"}, {"version", input.tool_version}};

  ordered_json findings = ordered_json::array();
  if (input.findings) {
    for (const Finding& f : *input.findings) {
      ordered_json j;
      j["rule"] = f.rule ? f.rule->id : "";
      j["status"] = status_of(f);
      j["outcome"] = to_string(f.outcome);
      j["severity"] = to_string(f.severity);
      if (f.rule) {
        j["title"] = f.rule->title;
        j["theme"] = to_string(f.rule->theme);
        j["controls"] = f.rule->controls;
      }
      j["message"] = f.message;
      j["resource"] = {{"address", f.address}, {"type", f.resource_type}, {"platform", to_string(f.platform)}};
      j["location"] = location_json(f.location);
      j["attribute"] = f.attribute;
      ordered_json provenance = ordered_json::array();
      for (const Origin& o : f.provenance) provenance.push_back({{"what", o.what}, {"location", location_json(o.range)}});
      j["provenance"] = std::move(provenance);
      j["fingerprint"] = report_detail::stable_fingerprint(f);
      ordered_json suppressions = ordered_json::array();
      for (const Suppression& s : f.suppressions) {
        ordered_json sj;
        sj["kind"] = suppression_kind(s.kind);
        sj["justification"] = s.justification;
        sj["owner"] = s.owner;
        sj["expires"] = s.expires;
        sj["location"] = location_json(s.range);
        suppressions.push_back(std::move(sj));
      }
      j["suppressions"] = std::move(suppressions);
      findings.push_back(std::move(j));
    }
  }
  doc["findings"] = std::move(findings);

  ordered_json diagnostics = ordered_json::array();
  if (input.diagnostics) {
    for (const Diagnostic& d : *input.diagnostics) {
      ordered_json j;
      j["level"] = to_string(d.level);
      j["code"] = d.code;
      j["message"] = d.message;
      j["location"] = location_json(d.range, d.path);
      diagnostics.push_back(std::move(j));
    }
  }
  doc["diagnostics"] = std::move(diagnostics);

  const ReportSummary s = summarize(input);
  ordered_json summary;
  summary["files"] = input.files_scanned;
  summary["resources"] = input.resources_evaluated;
  summary["findings"] = s.active;
  summary["by_severity"] = {{"critical", s.active_by_severity[static_cast<size_t>(Severity::Critical)]},
                            {"high", s.active_by_severity[static_cast<size_t>(Severity::High)]},
                            {"medium", s.active_by_severity[static_cast<size_t>(Severity::Medium)]},
                            {"low", s.active_by_severity[static_cast<size_t>(Severity::Low)]}};
  summary["not_verifiable"] = s.not_verifiable;
  summary["suppressed"] = s.suppressed;
  summary["baseline"] = s.baselined;
  summary["diagnostics"] = {{"error", s.errors}, {"warning", s.warnings}, {"note", s.notes}};
  summary["threshold"] = to_string(input.threshold);
  summary["at_or_above_threshold"] = s.at_or_above_threshold;
  doc["summary"] = std::move(summary);

  // Hostile input can carry invalid UTF-8 into messages: replace it rather than throw.
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace vouch
