// Reporters for the places pull requests are reviewed: GitHub workflow commands
// (annotations without a SARIF upload), JUnit XML (GitLab, Jenkins, Azure Pipelines)
// and a Markdown pull-request comment.
#include <algorithm>
#include <map>
#include <sstream>
#include <string>

#include "report/report.h"
#include "suppress/suppress.h"

namespace vouch {

namespace {

bool accepted(const Finding& f) { return !f.suppressions.empty() || !f.is_new; }

// GitHub workflow-command escaping: data escapes %, CR, LF; properties also ':' and ','.
std::string escape_github(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters even when escaped.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out += c;
    }
  }
  return out;
}

// Markdown table cells: pipes would end the cell, newlines the row.
std::string md_cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string location_text(const SourceRange& r) {
  if (!r.valid()) return std::string(r.path());
  return std::string(r.path()) + ":" + std::to_string(r.start_line) + ":" + std::to_string(r.start_col);
}

std::string justification_text(const Finding& f) {
  if (f.suppressions.empty()) return "in baseline";
  const Suppression& s = f.suppressions.front();
  std::string text = s.justification;
  if (!s.owner.empty()) text += " (owner: " + s.owner + ")";
  if (!s.expires.empty()) text += " (expires " + s.expires + ")";
  return text;
}

}  // namespace

void write_github(const ReportInput& input, std::ostream& out) {
  for (const Diagnostic& d : *input.diagnostics) {
    if (d.level == DiagnosticLevel::Note) continue;
    const std::string path = d.range.valid() ? std::string(d.range.path()) : d.path;
    out << (d.level == DiagnosticLevel::Error ? "::error" : "::warning") << " file=" << escape_github(path, true);
    if (d.range.valid()) out << ",line=" << d.range.start_line << ",col=" << d.range.start_col;
    out << ",title=" << escape_github("vouch " + d.code, true) << "::" << escape_github(d.message, false) << "\n";
  }
  for (const Finding& f : *input.findings) {
    if (accepted(f)) continue;
    const char* command = f.outcome == Outcome::Unknown                             ? "::notice"
                          : (f.severity == Severity::High || f.severity == Severity::Critical) ? "::error"
                                                                                       : "::warning";
    out << command << " file=" << escape_github(f.location.path(), true);
    if (f.location.valid()) {
      out << ",line=" << f.location.start_line << ",col=" << f.location.start_col << ",endLine=" << f.location.end_line
          << ",endColumn=" << f.location.end_col;
    }
    out << ",title=" << escape_github(f.rule->id + " (" + std::string(to_string(f.severity)) + ")", true)
        << "::" << escape_github(f.message, false) << "\n";
  }
}

void write_junit(const ReportInput& input, std::ostream& out) {
  // One suite per rule, in rule-id order; a test case per evaluated resource.
  std::map<std::string, std::vector<const Finding*>> by_rule;
  for (const Finding& f : *input.findings) by_rule[f.rule->id].push_back(&f);
  if (input.passes) {
    for (const Finding& f : *input.passes) by_rule[f.rule->id].push_back(&f);
  }
  size_t tests = 0, failures = 0, skipped = 0;
  for (const auto& [id, cases] : by_rule) {
    for (const Finding* f : cases) {
      ++tests;
      if (f->outcome == Outcome::Fail && !accepted(*f)) ++failures;
      if (f->outcome == Outcome::Unknown || (f->outcome == Outcome::Fail && accepted(*f))) ++skipped;
    }
  }
  // Input that could not be read is never skipped in silence: an erroring case each.
  std::vector<const Diagnostic*> input_errors;
  for (const Diagnostic& d : *input.diagnostics) {
    if (d.level == DiagnosticLevel::Error) input_errors.push_back(&d);
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"vouch\" tests=\"" << tests + input_errors.size() << "\" failures=\"" << failures
      << "\" errors=\"" << input_errors.size() << "\" skipped=\"" << skipped << "\">\n";
  if (!input_errors.empty()) {
    out << "  <testsuite name=\"vouch-input\" tests=\"" << input_errors.size() << "\" failures=\"0\" errors=\""
        << input_errors.size() << "\" skipped=\"0\">\n";
    for (const Diagnostic* d : input_errors) {
      const std::string path = d->range.valid() ? std::string(d->range.path()) : d->path;
      out << "    <testcase classname=\"vouch-input\" name=\"" << xml_escape(path) << "\" file=\"" << xml_escape(path)
          << "\"";
      if (d->range.valid()) out << " line=\"" << d->range.start_line << "\"";
      out << ">\n      <error type=\"" << xml_escape(d->code) << "\" message=\"" << xml_escape(d->message) << "\">"
          << xml_escape(d->range.valid() ? location_text(d->range) : path) << "</error>\n    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  for (const auto& [id, cases] : by_rule) {
    std::vector<const Finding*> sorted = cases;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Finding* a, const Finding* b) {
      if (a->address != b->address) return a->address < b->address;
      return a->location.path() < b->location.path();
    });
    size_t suite_failures = 0, suite_skipped = 0;
    for (const Finding* f : sorted) {
      if (f->outcome == Outcome::Fail && !accepted(*f)) ++suite_failures;
      if (f->outcome == Outcome::Unknown || (f->outcome == Outcome::Fail && accepted(*f))) ++suite_skipped;
    }
    out << "  <testsuite name=\"" << xml_escape(id) << "\" tests=\"" << sorted.size() << "\" failures=\""
        << suite_failures << "\" errors=\"0\" skipped=\"" << suite_skipped << "\">\n";
    for (const Finding* f : sorted) {
      out << "    <testcase classname=\"" << xml_escape(id) << "\" name=\"" << xml_escape(f->address)
          << "\" file=\"" << xml_escape(f->location.path()) << "\"";
      if (f->location.valid()) out << " line=\"" << f->location.start_line << "\"";
      if (f->outcome == Outcome::Pass) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      if (f->outcome == Outcome::Unknown) {
        out << "      <skipped message=\"" << xml_escape("not verifiable: " + f->message) << "\"/>\n";
      } else if (accepted(*f)) {
        out << "      <skipped message=\"" << xml_escape("accepted: " + justification_text(*f)) << "\"/>\n";
      } else {
        out << "      <failure type=\"" << to_string(f->severity) << "\" message=\"" << xml_escape(f->message)
            << "\">" << xml_escape(location_text(f->location) + ": " + f->rule->title) << "</failure>\n";
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

void write_markdown(const ReportInput& input, std::ostream& out, const MarkdownOptions& options) {
  const ReportSummary summary = summarize(input);
  std::ostringstream body;
  body << "## vouch: " << summary.active << (summary.active == 1 ? " finding" : " findings") << "\n\n";
  body << "| critical | high | medium | low | not verifiable | suppressed | baselined |\n";
  body << "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  body << "| " << summary.active_by_severity[3] << " | " << summary.active_by_severity[2] << " | "
       << summary.active_by_severity[1] << " | " << summary.active_by_severity[0] << " | " << summary.not_verifiable
       << " | " << summary.suppressed << " | " << summary.baselined << " |\n\n";

  auto link = [&](const SourceRange& r) {
    const std::string text = location_text(r);
    if (options.link_base.empty() || !r.valid()) return "`" + md_cell(text) + "`";
    return "[`" + md_cell(text) + "`](" + options.link_base + std::string(r.path()) + "#L" +
           std::to_string(r.start_line) + ")";
  };

  // Rows are appended while the comment stays under the limit; the rest is counted.
  const size_t limit = options.max_chars;
  constexpr size_t kFooterReserve = 600;  // the truncation note and closing tags
  size_t omitted = 0;
  // `reserve`: room kept for the sections after this one, so that many findings never
  // crowd suppressions out of the comment (reviewers must see every exception).
  auto section = [&](const std::string& heading, const std::vector<std::string>& rows, bool collapsed,
                     size_t reserve) {
    if (rows.empty()) return;
    std::string head = collapsed ? "<details><summary>" + heading + "</summary>\n\n" : "### " + heading + "\n\n";
    std::string table_head = rows.front();
    std::string text = head + table_head;
    size_t i = 1;
    for (; i < rows.size(); ++i) {
      if (body.str().size() + text.size() + rows[i].size() + kFooterReserve + reserve > limit) break;
      text += rows[i];
    }
    omitted += rows.size() - i;
    if (i == 1) return;  // not one row fits: a table of headings only would say nothing
    text += collapsed ? "\n</details>\n\n" : "\n";
    body << text;
  };

  std::vector<std::string> active{"| severity | rule | resource | location | message |\n| --- | --- | --- | --- | --- |\n"};
  std::vector<std::string> unknown{"| rule | resource | location | why |\n| --- | --- | --- | --- |\n"};
  std::vector<std::string> suppressed{"| rule | resource | location | justification |\n| --- | --- | --- | --- |\n"};
  for (const Finding& f : *input.findings) {
    if (f.outcome == Outcome::Unknown) {
      unknown.push_back("| `" + f.rule->id + "` | `" + md_cell(f.address) + "` | " + link(f.location) + " | " +
                        md_cell(f.message) + " |\n");
    } else if (accepted(f)) {
      suppressed.push_back("| `" + f.rule->id + "` | `" + md_cell(f.address) + "` | " + link(f.location) + " | " +
                           md_cell(justification_text(f)) + " |\n");
    } else {
      active.push_back("| " + std::string(to_string(f.severity)) + " | `" + f.rule->id + "` | `" + md_cell(f.address) +
                       "` | " + link(f.location) + " | " + md_cell(f.message) + " |\n");
    }
  }
  // What a later section needs, up to a fifth of the comment each.
  auto room_for = [&](const std::vector<std::string>& rows) {
    if (rows.size() <= 1) return size_t{0};
    size_t size = 100;  // heading and <details> tags
    for (const std::string& row : rows) size += row.size();
    return std::min(size, limit / 5);
  };
  const size_t unknown_room = room_for(unknown), suppressed_room = room_for(suppressed);
  if (active.size() > 1) section("New findings", active, false, unknown_room + suppressed_room);
  if (unknown.size() > 1) {
    section("Not verifiable before deploy (" + std::to_string(unknown.size() - 1) + ")", unknown, true, suppressed_room);
  }
  if (suppressed.size() > 1) {
    section("Suppressed and baselined (" + std::to_string(suppressed.size() - 1) + ")", suppressed, true, 0);
  }
  if (summary.errors > 0) {
    body << "**" << summary.errors << " input file problem(s)** could not be parsed; see the job log.\n\n";
  }
  if (omitted > 0) {
    body << "_" << omitted << " more row(s) omitted to stay under GitHub's comment size limit; the full report is in "
         << "the SARIF or JSON output._\n";
  }
  out << body.str();
}

}  // namespace vouch
