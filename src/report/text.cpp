// The human report: one block per finding in the compiler style editors and terminals
// understand (`path:line:col: severity: message [rule]`), with the offending source
// and a caret, the chain of places the value came from, then a summary line.
#include <algorithm>
#include <map>
#include <ostream>
#include <string>

#include "report/report.h"
#include "report/report_util.h"

namespace vouch {

namespace {

using report_detail::format_location;
using report_detail::is_suppressed;
using report_detail::source_line;

// ANSI styling, all empty when colour is off so the layout is identical either way.
struct Style {
  explicit Style(bool on) : enabled(on) {}
  bool enabled;
  std::string wrap(std::string_view code, std::string_view text) const {
    if (!enabled) return std::string(text);
    return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
  }
  std::string bold(std::string_view t) const { return wrap("1", t); }
  std::string dim(std::string_view t) const { return wrap("2", t); }
  std::string caret(std::string_view t) const { return wrap("1;32", t); }
  std::string severity(Severity s, std::string_view t) const {
    switch (s) {
      case Severity::Critical: return wrap("1;35", t);
      case Severity::High: return wrap("1;31", t);
      case Severity::Medium: return wrap("1;33", t);
      case Severity::Low: return wrap("1;34", t);
    }
    return std::string(t);
  }
  std::string level(DiagnosticLevel l, std::string_view t) const {
    switch (l) {
      case DiagnosticLevel::Error: return wrap("1;31", t);
      case DiagnosticLevel::Warning: return wrap("1;33", t);
      case DiagnosticLevel::Note: return wrap("1;36", t);
    }
    return std::string(t);
  }
};

// Display columns of the first `bytes` bytes of `line`: UTF-8 continuation bytes take
// no column, tabs are kept so the caret lines up under them.
std::string caret_padding(std::string_view line, size_t bytes) {
  std::string pad;
  for (size_t i = 0; i < bytes && i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    pad += c == '\t' ? '\t' : ' ';
  }
  return pad;
}

size_t display_width(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char ch) {
    return (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  }));
}

// Longer source lines (minified JSON templates) are cut to a window around the column.
constexpr size_t kMaxShownBytes = 160;
constexpr size_t kContextBefore = 40;

// Moves `pos` back to the start of a UTF-8 character.
size_t char_boundary(std::string_view text, size_t pos) {
  while (pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

// The source lines of `range` (at most three) with a caret under the start column.
void write_code_frame(std::ostream& out, const SourceRange& range, const Style& style) {
  if (!range.valid() || !range.file) return;
  constexpr uint32_t kMaxLines = 3;
  const uint32_t last = std::max(range.start_line, range.end_line);
  const uint32_t shown_last = std::min(last, range.start_line + kMaxLines - 1);
  const size_t gutter = std::to_string(shown_last).size();
  for (uint32_t line = range.start_line; line <= shown_last; ++line) {
    const std::string_view full = source_line(*range.file, line);
    if (line != range.start_line && full.empty()) break;
    const size_t start = line == range.start_line && range.start_col > 0 ? range.start_col - 1 : 0;
    size_t begin = 0;
    std::string_view text = full;
    if (full.size() > kMaxShownBytes) {
      begin = char_boundary(full, start > kContextBefore ? std::min(start, full.size()) - kContextBefore : 0);
      const size_t end = char_boundary(full, std::min(full.size(), begin + kMaxShownBytes));
      text = full.substr(begin, end - begin);
    }
    const std::string before = begin > 0 ? "..." : "";
    const std::string after = begin + text.size() < full.size() ? "..." : "";
    const std::string number = std::to_string(line);
    out << "  " << style.dim(std::string(gutter - number.size(), ' ') + number + " |") << ' ' << before << text
        << after << '\n';
    if (line == range.start_line) {
      const size_t local_start = start >= begin ? start - begin : 0;
      size_t local_end = text.size();
      if (range.end_line == range.start_line && range.end_col > range.start_col) {
        const size_t end = range.end_col - 1;
        local_end = end > begin ? std::min(text.size(), end - begin) : 0;
      }
      const size_t width =
          local_end > local_start ? display_width(text.substr(local_start, local_end - local_start)) : 1;
      out << "  " << style.dim(std::string(gutter, ' ') + " |") << ' ' << std::string(before.size(), ' ')
          << caret_padding(text, local_start) << style.caret("^" + std::string(width > 1 ? width - 1 : 0, '~'))
          << '\n';
    }
  }
  if (shown_last < last) out << "  " << style.dim(std::string(gutter, ' ') + " |") << " ...\n";
}

void write_finding(std::ostream& out, const Finding& f, const Style& style) {
  const std::string rule_id = f.rule ? f.rule->id : "?";
  out << style.bold(format_location(f.location) + ":") << ' ';
  if (f.outcome == Outcome::Unknown) {
    out << style.wrap("1;36", "not verifiable") << " (" << to_string(f.severity) << "): ";
  } else {
    out << style.severity(f.severity, std::string(to_string(f.severity)) + ":") << ' ';
  }
  // The engine ends an undecided result's message with ": not verifiable, <reason>";
  // the label already says the first half, so the reason gets a line of its own.
  constexpr std::string_view kUndecided = ": not verifiable, ";
  std::string_view message = f.message, reason;
  if (const size_t at = message.find(kUndecided); f.outcome == Outcome::Unknown && at != std::string_view::npos) {
    reason = message.substr(at + kUndecided.size());
    message = message.substr(0, at);
  }
  out << message << ' ' << style.dim("[" + rule_id + "]") << '\n';
  write_code_frame(out, f.location, style);
  if (!reason.empty()) out << "  because " << reason << '\n';
  for (const Origin& origin : f.provenance) {
    out << "  via " << origin.what;
    if (origin.range.valid()) out << " (" << format_location(origin.range) << ')';
    out << '\n';
  }
}

void write_diagnostic(std::ostream& out, const Diagnostic& d, const Style& style) {
  out << style.bold(format_location(d.range, d.path) + ":") << ' '
      << style.level(d.level, std::string(to_string(d.level)) + ":") << ' ' << d.message << ' '
      << style.dim("[" + d.code + "]") << '\n';
  write_code_frame(out, d.range, style);
}

std::string plural(size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + ' ' + std::string(n == 1 ? one : many);
}

}  // namespace

void write_text(const ReportInput& input, std::ostream& out, const TextOptions& options) {
  const Style style(options.color);

  // Group by file: each file's diagnostics first (they explain missing findings),
  // then its findings in line order. Both inputs are sorted already.
  struct Group {
    std::vector<const Diagnostic*> diagnostics;
    std::vector<const Finding*> findings;
  };
  std::map<std::string, Group, std::less<>> groups;
  if (input.diagnostics) {
    for (const Diagnostic& d : *input.diagnostics) {
      groups[std::string(d.range.valid() ? d.range.path() : std::string_view(d.path))].diagnostics.push_back(&d);
    }
  }
  if (input.findings) {
    for (const Finding& f : *input.findings) {
      if (is_suppressed(f) || !f.is_new) continue;  // counted in the summary
      groups[std::string(f.location.path())].findings.push_back(&f);
    }
  }
  bool first = true;
  for (const auto& [path, group] : groups) {
    if (!first) out << '\n';
    first = false;
    for (const Diagnostic* d : group.diagnostics) write_diagnostic(out, *d, style);
    for (const Finding* f : group.findings) write_finding(out, *f, style);
  }
  if (!first) out << '\n';

  // Accepted exceptions stay visible, one line each, with who accepted them and why.
  bool any_suppressed = false;
  if (input.findings) {
    for (const Finding& f : *input.findings) {
      if (!is_suppressed(f)) continue;
      if (!any_suppressed) out << style.bold("suppressed:") << '\n';
      any_suppressed = true;
      const Suppression& sup = f.suppressions.front();
      std::string line = "  " + report_detail::format_location(f.location) + ": " + f.rule->id + " on " + f.address +
                         ": " + sup.justification;
      if (!sup.owner.empty()) line += " (owner " + sup.owner + ")";
      if (!sup.expires.empty()) line += " (until " + sup.expires + ")";
      line += sup.kind == Suppression::Kind::Inline ? " [inline]" : sup.kind == Suppression::Kind::Config ? " [config]" : "";
      out << line << '\n';
    }
  }
  if (any_suppressed) out << '\n';

  const ReportSummary s = summarize(input);
  std::string line = plural(s.active, "finding", "findings") + " (";
  const Severity order[] = {Severity::Critical, Severity::High, Severity::Medium, Severity::Low};
  for (size_t i = 0; i < 4; ++i) {
    if (i) line += ", ";
    line += std::to_string(s.active_by_severity[static_cast<size_t>(order[i])]) + ' ' + std::string(to_string(order[i]));
  }
  line += "), " + std::to_string(s.not_verifiable) + " not verifiable, " + std::to_string(s.suppressed) + " suppressed";
  if (s.baselined) line += ", " + std::to_string(s.baselined) + " in baseline";
  line += "; " + plural(s.errors, "input error", "input errors");
  if (s.warnings) line += ", " + plural(s.warnings, "warning", "warnings");
  line += "; " + plural(input.files_scanned, "file", "files") + ", " +
          plural(input.resources_evaluated, "resource", "resources") + " scanned";
  out << (s.at_or_above_threshold ? style.wrap("1;31", line) : style.bold(line)) << '\n';
}

}  // namespace vouch
