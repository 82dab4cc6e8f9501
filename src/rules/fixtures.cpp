// Reading rule fixtures and their annotations (docs/rule-format.md, "Fixtures").
#include "rules/fixtures.h"

#include <algorithm>
#include <filesystem>

#include "rules/rule_files.h"

namespace vouch {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == text.size()) break;
    start = end + 1;
  }
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_comment(std::string_view line) {
  line = trim(line);
  return line.starts_with("#") || line.starts_with("//");
}

bool is_blank_or_comment(std::string_view line) {
  return trim(line).empty() || is_comment(line);
}

size_t indentation(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return n;
}

bool is_kebab_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

struct KindName {
  std::string_view name;
  FixtureAnnotation::Kind kind;
};
// Longest names first so `expect-unknown` is not read as `expect`.
constexpr KindName kKinds[] = {
    {"expect-unknown", FixtureAnnotation::Kind::ExpectUnknown},
    {"todo-expect", FixtureAnnotation::Kind::TodoExpect},
    {"todo-ok", FixtureAnnotation::Kind::TodoOk},
    {"expect", FixtureAnnotation::Kind::Expect},
    {"ok", FixtureAnnotation::Kind::Ok},
};

// `<kind>: id[, id…]` after the comment marker; false when the comment is no annotation.
bool read_annotation_body(std::string_view body, FixtureAnnotation::Kind& kind, std::vector<std::string>& ids,
                          std::string& error) {
  body = trim(body);
  for (const KindName& k : kKinds) {
    if (!body.starts_with(k.name)) continue;
    std::string_view rest = trim(body.substr(k.name.size()));
    if (!rest.starts_with(":")) return false;
    rest = trim(rest.substr(1));
    kind = k.kind;
    ids.clear();
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view token = trim(rest.substr(0, comma));
      // Words after an id explain it, and end the list of ids.
      size_t space = token.find_first_of(" \t");
      bool explained = space != std::string_view::npos;
      token = token.substr(0, space);
      if (!is_kebab_id(token)) {
        error = "malformed annotation: `" + std::string(token) + "` is not a rule id";
        return true;
      }
      ids.emplace_back(token);
      if (explained || comma == std::string_view::npos) break;
      rest = trim(rest.substr(comma + 1));
    }
    if (ids.empty()) error = "annotation `" + std::string(k.name) + ":` names no rule";
    return true;
  }
  return false;
}

}  // namespace

std::string_view to_string(FixtureAnnotation::Kind kind) {
  for (const KindName& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "expect";
}

std::vector<FixtureAnnotation> parse_comment_annotations(std::string_view text, std::string_view path,
                                                         std::vector<std::string>& errors) {
  std::vector<std::string_view> lines = split_lines(text);
  std::vector<FixtureAnnotation> out;
  std::vector<FixtureAnnotation> pending;  // waiting for the next code line
  for (size_t i = 0; i < lines.size(); ++i) {
    auto line_number = static_cast<uint32_t>(i + 1);
    std::string_view line = trim(lines[i]);
    if (is_comment(line)) {
      std::string_view body = line.substr(line.starts_with("#") ? 1 : 2);
      FixtureAnnotation::Kind kind;
      std::vector<std::string> ids;
      std::string error;
      if (!read_annotation_body(body, kind, ids, error)) continue;
      if (!error.empty()) {
        errors.push_back(std::string(path) + ":" + std::to_string(line_number) + ": " + error);
        continue;
      }
      for (std::string& id : ids) pending.push_back({kind, std::move(id), 0, line_number});
      continue;
    }
    if (line.empty()) continue;
    for (FixtureAnnotation& a : pending) {
      a.line = line_number;
      out.push_back(std::move(a));
    }
    pending.clear();
  }
  for (const FixtureAnnotation& a : pending) {
    errors.push_back(std::string(path) + ":" + std::to_string(a.annotation_line) +
                     ": annotation is not followed by a line it could apply to");
  }
  return out;
}

std::vector<FixtureAnnotation> parse_sidecar_annotations(std::string_view text, std::string_view path,
                                                         std::vector<std::string>& errors) {
  std::vector<FixtureAnnotation> out;
  std::vector<std::string_view> lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    auto sidecar_line = static_cast<uint32_t>(i + 1);
    std::string_view line = trim(lines[i]);
    if (line.empty() || line.starts_with("#")) continue;
    auto fail = [&](const std::string& what) {
      errors.push_back(std::string(path) + ":" + std::to_string(sidecar_line) + ": " + what);
    };
    size_t colon = line.find(':');
    std::string_view number = trim(line.substr(0, colon));
    if (colon == std::string_view::npos || number.empty() ||
        !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; }) || number.size() > 9) {
      fail("expected `<line>: [unknown|ok|todo-expect|todo-ok] <rule-id>`");
      continue;
    }
    std::string_view rest = trim(line.substr(colon + 1));
    FixtureAnnotation a;
    a.line = static_cast<uint32_t>(std::stoul(std::string(number)));
    a.annotation_line = sidecar_line;
    size_t space = rest.find_first_of(" \t");
    if (space != std::string_view::npos) {
      std::string_view word = rest.substr(0, space);
      if (word == "unknown")
        a.kind = FixtureAnnotation::Kind::ExpectUnknown;
      else if (word == "ok")
        a.kind = FixtureAnnotation::Kind::Ok;
      else if (word == "todo-expect")
        a.kind = FixtureAnnotation::Kind::TodoExpect;
      else if (word == "todo-ok")
        a.kind = FixtureAnnotation::Kind::TodoOk;
      else {
        fail("unknown annotation kind `" + std::string(word) + "`");
        continue;
      }
      rest = trim(rest.substr(space));
    }
    if (!is_kebab_id(rest) || a.line == 0) {
      fail("malformed sidecar line");
      continue;
    }
    a.rule_id = std::string(rest);
    out.push_back(std::move(a));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const FixtureAnnotation& a, const FixtureAnnotation& b) { return a.line < b.line; });
  return out;
}

std::vector<Fixture> find_fixtures(const std::string& rule_path) {
  namespace fs = std::filesystem;
  fs::path rule(rule_path);
  std::string stem = rule.stem().string();
  fs::path dir = rule.parent_path();
  struct Kind {
    std::string_view suffix;
    Platform platform;
  };
  constexpr Kind kinds[] = {
      {".cfn.json", Platform::CloudFormation},
      {".cfn.yaml", Platform::CloudFormation},
      {".k8s.yaml", Platform::Kubernetes},
      {".tf", Platform::Terraform},
  };
  std::vector<Fixture> fixtures;
  for (const Kind& kind : kinds) {
    fs::path path = dir / (stem + std::string(kind.suffix));
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) continue;
    Fixture f;
    f.path = path.generic_string();
    f.platform = kind.platform;
    f.text = read_text_file(f.path);
    if (kind.suffix == ".cfn.json") {
      fs::path sidecar = dir / (stem + ".cfn.expect");
      if (fs::is_regular_file(sidecar, ec)) {
        f.annotations =
            parse_sidecar_annotations(read_text_file(sidecar.generic_string()), sidecar.generic_string(), f.errors);
      } else {
        f.errors.push_back(f.path + ": json fixture without its sidecar " + sidecar.generic_string());
      }
    } else {
      f.annotations = parse_comment_annotations(f.text, f.path, f.errors);
    }
    fixtures.push_back(std::move(f));
  }
  std::sort(fixtures.begin(), fixtures.end(), [](const Fixture& a, const Fixture& b) { return a.path < b.path; });
  return fixtures;
}

std::string fixture_excerpt(const Fixture& fixture, uint32_t line) {
  std::vector<std::string_view> lines = split_lines(fixture.text);
  if (line == 0 || line > lines.size()) return "";
  size_t target = line - 1;
  size_t begin = target, end = target + 1;  // [begin, end)
  bool yaml = fixture.path.ends_with(".yaml");
  if (fixture.platform == Platform::Kubernetes && yaml) {
    // The YAML document holding the line.
    while (begin > 0 && !trim(lines[begin - 1]).starts_with("---")) --begin;
    while (end < lines.size() && !trim(lines[end]).starts_with("---")) ++end;
  } else if (fixture.platform == Platform::CloudFormation) {
    // The entry under `Resources` (or the top-level key) holding the line.
    size_t resources = lines.size();
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string_view t = trim(lines[i]);
      if (t.starts_with("Resources:") || t.starts_with("\"Resources\"")) {
        resources = i;
        break;
      }
    }
    size_t level = 0;
    if (resources < target) {
      for (size_t i = resources + 1; i < lines.size(); ++i) {
        if (!is_blank_or_comment(lines[i])) {
          level = indentation(lines[i]);
          break;
        }
      }
    }
    while (begin > 0 && (is_blank_or_comment(lines[begin]) || indentation(lines[begin]) > level)) --begin;
    while (end < lines.size() && (is_blank_or_comment(lines[end]) || indentation(lines[end]) > level)) ++end;
    // JSON closes the entry on its own line at the entry's level.
    if (!yaml && end < lines.size() && indentation(lines[end]) == level && trim(lines[end]).starts_with("}")) ++end;
  } else {
    // Terraform: the top-level block holding the line.
    while (begin > 0 && (is_blank_or_comment(lines[begin]) || indentation(lines[begin]) > 0)) --begin;
    if (trim(lines[begin]).ends_with("{")) {
      while (end < lines.size() && !(indentation(lines[end]) == 0 && trim(lines[end]).starts_with("}"))) ++end;
      if (end < lines.size()) ++end;
    }
  }
  // Examples read best flush left: drop the indentation all kept lines share.
  size_t common = std::string_view::npos;
  for (size_t i = begin; i < end; ++i) {
    if (!trim(lines[i]).empty()) common = std::min(common, indentation(lines[i]));
  }
  if (common == std::string_view::npos) common = 0;
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    std::string ignored_error;
    FixtureAnnotation::Kind kind;
    std::vector<std::string> ids;
    std::string_view t = trim(lines[i]);
    if (is_comment(t) && read_annotation_body(t.substr(t.starts_with("#") ? 1 : 2), kind, ids, ignored_error)) {
      continue;  // annotations are test scaffolding, not part of the example
    }
    out += lines[i].substr(std::min(common, lines[i].size()));
    out += '\n';
  }
  while (out.size() >= 2 && out.ends_with("\n\n")) out.pop_back();
  while (!out.empty() && (out.front() == '\n')) out.erase(0, 1);
  return out;
}

}  // namespace vouch
