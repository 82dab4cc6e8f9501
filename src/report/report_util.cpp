#include "report/report_util.h"

#include <cstdint>
#include <cstdio>

#include "report/report.h"

namespace vouch {

namespace report_detail {

std::string format_location(const SourceRange& range, std::string_view fallback_path) {
  std::string out(range.valid() ? range.path() : fallback_path);
  if (range.valid()) {
    out += ':' + std::to_string(range.start_line);
    if (range.start_col > 0) out += ':' + std::to_string(range.start_col);
  }
  return out;
}

std::string stable_fingerprint(const Finding& f) {
  if (!f.fingerprint.empty()) return f.fingerprint;
  // FNV-1a, 64 bits: stable across platforms and runs.
  uint64_t hash = 1469598103934665603ull;
  auto mix = [&](std::string_view part) {
    for (unsigned char c : part) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
    hash ^= 0xff;  // separator, so ("ab","c") and ("a","bc") differ
    hash *= 1099511628211ull;
  };
  mix(f.rule ? std::string_view(f.rule->id) : std::string_view());
  mix(f.address);
  mix(f.attribute);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

std::string_view source_line(const SourceFile& file, uint32_t line) {
  std::string_view text = file.text;
  size_t start = 0;
  for (uint32_t l = 1; l < line; ++l) {
    const size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  if (start > text.size()) return {};
  size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return text.substr(start, end - start);
}

}  // namespace report_detail

ReportSummary summarize(const ReportInput& input) {
  ReportSummary s;
  if (input.findings) {
    for (const Finding& f : *input.findings) {
      if (report_detail::is_suppressed(f)) {
        ++s.suppressed;
      } else if (!f.is_new) {
        ++s.baselined;
      } else if (f.outcome == Outcome::Unknown) {
        ++s.not_verifiable;
      } else if (f.outcome == Outcome::Fail) {
        ++s.active;
        ++s.active_by_severity[static_cast<size_t>(f.severity)];
        if (f.severity >= input.threshold) ++s.at_or_above_threshold;
      }
    }
  }
  if (input.diagnostics) {
    for (const Diagnostic& d : *input.diagnostics) {
      switch (d.level) {
        case DiagnosticLevel::Error: ++s.errors; break;
        case DiagnosticLevel::Warning: ++s.warnings; break;
        case DiagnosticLevel::Note: ++s.notes; break;
      }
    }
  }
  return s;
}

}  // namespace vouch
