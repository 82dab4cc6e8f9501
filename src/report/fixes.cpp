// Fix templates turned into exact edits of the original text, for SARIF `fixes` and
// editors: insert a missing attribute beside the resource's first attribute, or
// rewrite the blamed attribute with the template's value.
#include <algorithm>
#include <tuple>

#include "report/report.h"

namespace vouch {

namespace {

const PlatformCheck* check_with_fix(const Finding& f) {
  if (!f.rule) return nullptr;
  for (const PlatformCheck& check : f.rule->checks) {
    if (check.platform == f.platform && check.fix) return &check;
  }
  return nullptr;
}

bool same_position(const SourceRange& a, const SourceRange& b) {
  return a.file == b.file && a.start_line == b.start_line && a.start_col == b.start_col;
}

// The attribute written first in the resource (synthetic `$…` views are not text).
const Member* first_written_member(const Resource& r) {
  const Member* first = nullptr;
  for (const Member& m : r.attributes.as_object()) {
    if (m.key.empty() || m.key.front() == '$' || !m.range.valid() || m.range.file != r.range.file) continue;
    if (!first || std::tie(m.range.start_line, m.range.start_col) < std::tie(first->range.start_line, first->range.start_col)) {
      first = &m;
    }
  }
  return first;
}

// The last key of a dotted path: `ingress[0].cidr_blocks` → `cidr_blocks`; "" when it ends in an index.
std::string last_key(const std::string& attribute) {
  AttributePath path;
  std::string error;
  if (!parse_attribute_path(attribute, path, error) || path.empty() || path.back().kind != PathSegment::Kind::Key) {
    return "";
  }
  return path.back().key;
}

// The value at `attribute` of the resource, or nullptr (wildcards and missing keys).
const Value* value_at(const Value& root, const std::string& attribute) {
  AttributePath path;
  std::string error;
  if (!parse_attribute_path(attribute, path, error)) return nullptr;
  const Value* at = &root;
  for (const PathSegment& segment : path) {
    if (segment.kind == PathSegment::Kind::Key) {
      at = at->get(segment.key);
    } else if (segment.kind == PathSegment::Kind::Index && segment.index < at->as_list().size()) {
      at = &at->as_list()[segment.index];
    } else {
      return nullptr;
    }
    if (!at) return nullptr;
  }
  return at;
}

// A CloudFormation template written as JSON: its edits must be JSON too.
bool is_json(const SourceFile& file) {
  const size_t first = file.text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && file.text[first] == '{';
}

// A YAML scalar from a fix template as a JSON value: literals and quoted strings stay,
// anything else becomes a JSON string.
std::string json_scalar(std::string_view yaml) {
  if (yaml == "true" || yaml == "false" || yaml == "null" || (!yaml.empty() && yaml.front() == '"')) {
    return std::string(yaml);
  }
  if (!yaml.empty() && yaml.find_first_not_of("0123456789.-") == std::string_view::npos) return std::string(yaml);
  std::string out = "\"";
  for (char c : yaml) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// `key: value` from a YAML fix template, rewritten as a JSON member.
std::string json_member(std::string_view yaml_member) {
  const size_t colon = yaml_member.find(": ");
  if (colon == std::string_view::npos) return std::string(yaml_member);
  return "\"" + std::string(yaml_member.substr(0, colon)) + "\": " + json_scalar(yaml_member.substr(colon + 2));
}

// True when only spaces and tabs come before `col` on `line`: the member starts its line.
bool starts_its_line(const SourceFile& file, uint32_t line, uint32_t col) {
  size_t pos = 0;
  for (uint32_t l = 1; l < line; ++l) {
    pos = file.text.find('\n', pos);
    if (pos == std::string::npos) return false;
    ++pos;
  }
  for (uint32_t c = 1; c < col; ++c, ++pos) {
    if (pos >= file.text.size() || (file.text[pos] != ' ' && file.text[pos] != '\t')) return false;
  }
  return true;
}

}  // namespace

std::optional<FixEdit> compute_fix(const Finding& f, const Graph& graph) {
  const PlatformCheck* check = check_with_fix(f);
  if (!check || f.resource >= graph.resources().size() || !f.location.valid()) return std::nullopt;
  const Resource& resource = graph.resources()[f.resource];
  const bool at_header = same_position(f.location, resource.header);
  const char* assign = f.platform == Platform::Terraform ? " = " : ": ";

  const bool json = f.platform == Platform::CloudFormation && is_json(*f.location.file);
  if (!at_header && !check->fix->replace.empty()) {
    const std::string key = last_key(f.attribute);
    if (key.empty() || f.location.file != resource.range.file) return std::nullopt;
    // Only a written scalar can take the template's value: a blamed list or block
    // (a failed `some`/`every`) would be replaced by a bare value.
    const Value* blamed = value_at(resource.attributes, f.attribute);
    if (!blamed || blamed->is_list() || blamed->is_object()) return std::nullopt;
    FixEdit edit;
    edit.description = "set " + key + " to " + check->fix->replace;
    edit.deleted = f.location;
    edit.inserted = json ? "\"" + key + "\": " + json_scalar(check->fix->replace) : key + assign + check->fix->replace;
    return edit;
  }
  if (at_header && !check->fix->insert.empty()) {
    FixEdit edit;
    edit.description = "add " + check->fix->insert;
    const Member* first = first_written_member(resource);
    const std::string member = json ? json_member(check->fix->insert) : check->fix->insert;
    if (first && first->range.start_line > resource.header.start_line &&
        starts_its_line(*first->range.file, first->range.start_line, first->range.start_col)) {
      // Above the first attribute, with its indentation: valid HCL, YAML and JSON alike.
      edit.deleted = SourceRange{first->range.file, first->range.start_line, 1, first->range.start_line, 1};
      edit.inserted = std::string(first->range.start_col - 1, ' ') + member + (json ? ",\n" : "\n");
      return edit;
    }
    if (first && f.platform == Platform::CloudFormation) {
      // A flow mapping (`{Engine: postgres}`, JSON on one line): before the first member.
      edit.deleted = SourceRange{first->range.file, first->range.start_line, first->range.start_col,
                                 first->range.start_line, first->range.start_col};
      edit.inserted = member + ", ";
      return edit;
    }
    if (f.platform == Platform::Terraform && !first && resource.range.end_line > resource.header.start_line) {
      // An empty multi-line block: the attribute goes on the line of its closing brace.
      edit.deleted = SourceRange{resource.range.file, resource.range.end_line, 1, resource.range.end_line, 1};
      edit.inserted = "  " + check->fix->insert + "\n";
      return edit;
    }
  }
  return std::nullopt;
}

std::string apply_fix(std::string_view text, const FixEdit& edit) {
  auto offset = [&](uint32_t line, uint32_t col) {
    size_t pos = 0;
    for (uint32_t l = 1; l < line && pos < text.size(); ++l) {
      const size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) return text.size();
      pos = nl + 1;
    }
    return std::min(text.size(), pos + (col > 0 ? col - 1 : 0));
  };
  const size_t begin = offset(edit.deleted.start_line, edit.deleted.start_col);
  const size_t end = std::max(begin, offset(edit.deleted.end_line, edit.deleted.end_col));
  std::string out(text.substr(0, begin));
  out += edit.inserted;
  out += text.substr(end);
  return out;
}

}  // namespace vouch
