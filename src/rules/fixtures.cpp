// Reading rule fixtures and their annotations (docs/rule-format.md, "Fixtures").
#include "rules/fixtures.h"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <stdexcept>

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

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}
bool is_space(char c) {
  return c == ' ' || c == '\t';
}

// A resource address after `@`: up to the first blank outside double quotes, so
// `aws_ebs_volume.v["my key"]` stays one address.
std::string_view read_address(std::string_view text) {
  bool quoted = false;
  size_t end = 0;
  for (; end < text.size(); ++end) {
    char c = text[end];
    if (quoted && c == '\\') {
      ++end;  // an escaped character inside quotes, `\"` included
    } else if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && is_space(c)) {
      break;
    }
  }
  end = std::min(end, text.size());
  return text.substr(0, end);
}

// `id[, id…] [@ address]`, then optional explaining words. Fills `ids` and `address`;
// returns an error message, or "" when well-formed.
std::string read_ids_and_address(std::string_view rest, std::vector<std::string>& ids, std::string& address) {
  ids.clear();
  address.clear();
  rest = trim(rest);
  while (!rest.empty()) {
    size_t n = 0;
    while (n < rest.size() && is_id_char(rest[n])) ++n;
    if (n == 0 || (n < rest.size() && !is_space(rest[n]) && rest[n] != ',' && rest[n] != '@')) {
      std::string_view token = rest.substr(0, rest.find_first_of(" \t,"));
      return "malformed annotation: `" + std::string(token) + "` is not a rule id";
    }
    ids.emplace_back(rest.substr(0, n));
    rest = trim(rest.substr(n));
    if (rest.starts_with("@")) {
      address = std::string(read_address(trim(rest.substr(1))));
      if (address.empty()) return "malformed annotation: `@` names no resource address";
      break;  // the address ends the list; words after it explain the case
    }
    if (!rest.starts_with(",")) break;  // words after an id explain it, and end the list
    rest = trim(rest.substr(1));
  }
  return "";
}

// `<kind>: id[, id…] [@ address]` after the comment marker; false when the comment is no annotation.
bool read_annotation_body(std::string_view body, FixtureAnnotation::Kind& kind, std::vector<std::string>& ids,
                          std::string& address, std::string& error) {
  body = trim(body);
  for (const KindName& k : kKinds) {
    if (!body.starts_with(k.name)) continue;
    std::string_view rest = trim(body.substr(k.name.size()));
    if (!rest.starts_with(":")) return false;
    kind = k.kind;
    error = read_ids_and_address(rest.substr(1), ids, address);
    if (error.empty() && ids.empty()) error = "annotation `" + std::string(k.name) + ":` names no rule";
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
      std::string address, error;
      if (!read_annotation_body(body, kind, ids, address, error)) continue;
      if (!error.empty()) {
        errors.push_back(std::string(path) + ":" + std::to_string(line_number) + ": " + error);
        continue;
      }
      for (std::string& id : ids) pending.push_back({kind, std::move(id), address, std::string(path), 0, line_number});
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
    if (space != std::string_view::npos && !trim(rest.substr(space)).starts_with("@")) {
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
    size_t at = rest.find('@');  // rule ids hold no `@`: the first one starts the address
    std::string_view id = trim(rest.substr(0, at));
    std::string_view address = at == std::string_view::npos ? "" : trim(rest.substr(at + 1));
    bool address_ok = at == std::string_view::npos || (!address.empty() && read_address(address) == address);
    if (!is_kebab_id(id) || !address_ok || a.line == 0) {
      fail("malformed sidecar line");
      continue;
    }
    a.rule_id = std::string(id);
    a.address = std::string(address);
    out.push_back(std::move(a));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const FixtureAnnotation& a, const FixtureAnnotation& b) { return a.line < b.line; });
  return out;
}

bool is_fixture_folder_name(std::string_view dir_name) {
  constexpr std::string_view kSuffix = ".tf.d";
  return dir_name.size() > kSuffix.size() && dir_name.ends_with(kSuffix);
}

namespace {

// `<stem>.tf.d` or `<stem>.<case>.tf.d`, the case in lower-case kebab form. Rule ids hold
// no dot, so another rule's stem never matches.
bool is_fixture_folder_of(std::string_view dir_name, std::string_view stem) {
  if (!is_fixture_folder_name(dir_name) || !dir_name.starts_with(stem)) return false;
  std::string_view middle =
      dir_name.substr(stem.size(), dir_name.size() - stem.size() - std::string_view(".tf.d").size());
  return middle.empty() || (middle.size() > 1 && middle.front() == '.' && is_kebab_id(middle.substr(1)));
}

// A folder fixture: its `.tf` and `.tfvars` files (local modules included) and the
// annotations in them. Symlinked folders are not followed, so a loop cannot trap the walk.
Fixture read_fixture_folder(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  Fixture f;
  f.path = dir.generic_string();
  f.platform = Platform::Terraform;
  f.folder = true;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if ((name.ends_with(".tf") || name.ends_with(".tfvars")) && it->is_regular_file(ec)) {
      f.files.push_back(it->path().generic_string());
    }
  }
  if (ec) throw std::runtime_error("cannot read fixture folder " + f.path + ": " + ec.message());
  std::sort(f.files.begin(), f.files.end());
  for (const std::string& file : f.files) {
    std::vector<FixtureAnnotation> found = parse_comment_annotations(read_text_file(file), file, f.errors);
    f.annotations.insert(f.annotations.end(), std::make_move_iterator(found.begin()),
                         std::make_move_iterator(found.end()));
  }
  if (f.files.empty()) f.errors.push_back(f.path + ": fixture folder without .tf files");
  return f;
}

}  // namespace

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
    f.files = {f.path};
    if (kind.suffix == ".cfn.json") {
      fs::path sidecar = dir / (stem + ".cfn.expect");
      if (fs::is_regular_file(sidecar, ec)) {
        f.annotations =
            parse_sidecar_annotations(read_text_file(sidecar.generic_string()), sidecar.generic_string(), f.errors);
        for (FixtureAnnotation& a : f.annotations) a.path = f.path;
      } else {
        f.errors.push_back(f.path + ": json fixture without its sidecar " + sidecar.generic_string());
      }
    } else {
      f.annotations = parse_comment_annotations(f.text, f.path, f.errors);
    }
    fixtures.push_back(std::move(f));
  }
  // Fixture folders: `<stem>.tf.d`, `<stem>.<case>.tf.d` (a rule known by path only has none).
  std::error_code ec;
  fs::path folder = dir.empty() ? fs::path(".") : dir;
  if (fs::is_directory(folder, ec)) {
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      if (!is_fixture_folder_of(it->path().filename().string(), stem)) continue;
      std::error_code type_ec;
      if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) fixtures.push_back(read_fixture_folder(it->path()));
    }
    if (ec) throw std::runtime_error("cannot read " + folder.generic_string() + ": " + ec.message());
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
    std::string ignored_address, ignored_error;
    FixtureAnnotation::Kind kind;
    std::vector<std::string> ids;
    std::string_view t = trim(lines[i]);
    if (is_comment(t) &&
        read_annotation_body(t.substr(t.starts_with("#") ? 1 : 2), kind, ids, ignored_address, ignored_error)) {
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
