// Inline suppressions in HCL comments: `# vouch:ignore <rule> reason="…"` (or `//`,
// or `/* … */`) on the lines directly above a block or attribute, or trailing on its
// first line.
#include <string_view>
#include <vector>

#include "frontends/terraform/terraform.h"

namespace vouch::terraform {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Byte offsets of the start of each line (1-based line n starts at starts[n - 1]).
std::vector<size_t> line_starts(std::string_view text) {
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

std::string_view line_text(std::string_view text, const std::vector<size_t>& starts, uint32_t line) {
  const size_t begin = starts[line - 1];
  const size_t end = line < starts.size() ? starts[line] - 1 : text.size();
  return text.substr(begin, end - begin);
}

void add_directive(std::string_view comment, const SourceFile& file, uint32_t line, uint32_t col,
                   uint32_t end_col, std::vector<InlineSuppression>& out) {
  InlineSuppression s;
  if (!parse_ignore_directive(comment, s)) return;
  s.range = SourceRange{&file, line, col, line, end_col};
  out.push_back(std::move(s));
}

}  // namespace

std::vector<InlineSuppression> comment_suppressions_at(const SourceFile& file, uint32_t line) {
  std::vector<InlineSuppression> out;
  const std::string_view text = file.text;
  if (text.find("vouch:ignore") == std::string_view::npos) return out;  // the common case, cheaply
  const std::vector<size_t> starts = line_starts(text);
  if (line == 0 || line > starts.size()) return out;

  // A trailing comment on the line itself: `resource "a" "b" { # vouch:ignore …`.
  {
    const std::string_view own = line_text(text, starts, line);
    size_t hash = own.find('#');
    const size_t slashes = own.find("//");
    if (slashes != std::string_view::npos && (hash == std::string_view::npos || slashes < hash)) hash = slashes;
    if (hash != std::string_view::npos && hash > 0 && !trim(own.substr(0, hash)).empty()) {
      add_directive(own.substr(hash), file, line, static_cast<uint32_t>(hash + 1),
                    static_cast<uint32_t>(own.size() + 1), out);
    }
  }

  // The run of comment lines directly above (a blank line ends it).
  bool in_block_comment = false;
  for (uint32_t l = line - 1; l >= 1; --l) {
    const std::string_view raw = line_text(text, starts, l);
    const std::string_view t = trim(raw);
    const auto col = static_cast<uint32_t>(raw.size() - trim(raw).size() + 1);
    bool is_comment = false;
    if (in_block_comment) {
      is_comment = true;
      if (t.substr(0, 2) == "/*") in_block_comment = false;
    } else if (t.substr(0, 1) == "#" || t.substr(0, 2) == "//") {
      is_comment = true;
    } else if (t.size() >= 2 && t.substr(t.size() - 2) == "*/") {
      is_comment = true;
      in_block_comment = t.substr(0, 2) != "/*";
    }
    if (!is_comment) break;
    add_directive(t, file, l, col, static_cast<uint32_t>(raw.size() + 1), out);
  }
  return out;
}

}  // namespace vouch::terraform
