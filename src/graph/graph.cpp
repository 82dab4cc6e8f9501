#include "graph/graph.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <tuple>

namespace vouch {

// ---- SourceFiles -----------------------------------------------------------

const SourceFile* SourceFiles::add(std::string path, std::string text) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = by_path_.find(path); it != by_path_.end()) return it->second;
  files_.push_back(SourceFile{std::move(path), std::move(text)});
  const SourceFile* file = &files_.back();
  by_path_.emplace(file->path, file);
  return file;
}

const SourceFile* SourceFiles::find(std::string_view path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : it->second;
}

// ---- SourceRange -----------------------------------------------------------

std::string_view SourceRange::path() const { return file ? std::string_view(file->path) : std::string_view(); }

bool range_less(const SourceRange& a, const SourceRange& b) {
  const std::string_view pa = a.path(), pb = b.path();
  if (pa != pb) return pa < pb;
  return std::tie(a.start_line, a.start_col, a.end_line, a.end_col) <
         std::tie(b.start_line, b.start_col, b.end_line, b.end_col);
}

// ---- Value -----------------------------------------------------------------

std::string_view to_string(ValueKind kind) {
  switch (kind) {
    case ValueKind::Null: return "null";
    case ValueKind::Bool: return "bool";
    case ValueKind::Number: return "number";
    case ValueKind::String: return "string";
    case ValueKind::List: return "list";
    case ValueKind::Object: return "object";
    case ValueKind::Unknown: return "unknown";
  }
  return "?";
}

Value Value::null(SourceRange range) {
  Value v;
  v.range_ = range;
  return v;
}

Value Value::boolean(bool b, SourceRange range) {
  Value v;
  v.kind_ = ValueKind::Bool;
  v.bool_ = b;
  v.range_ = range;
  return v;
}

Value Value::number(double n, SourceRange range) {
  Value v;
  v.kind_ = ValueKind::Number;
  v.number_ = n;
  v.range_ = range;
  return v;
}

Value Value::string(std::string s, SourceRange range) {
  Value v;
  v.kind_ = ValueKind::String;
  v.string_ = std::move(s);
  v.range_ = range;
  return v;
}

Value Value::list(List items, SourceRange range) {
  Value v;
  v.kind_ = ValueKind::List;
  v.list_ = std::make_shared<const List>(std::move(items));
  v.range_ = range;
  return v;
}

Value Value::object(Object members, SourceRange range) {
  std::stable_sort(members.begin(), members.end(),
                   [](const Member& a, const Member& b) { return a.key < b.key; });
  members.erase(std::unique(members.begin(), members.end(),
                            [](const Member& a, const Member& b) { return a.key == b.key; }),
                members.end());
  Value v;
  v.kind_ = ValueKind::Object;
  v.object_ = std::make_shared<const Object>(std::move(members));
  v.range_ = range;
  return v;
}

Value Value::unknown(std::string reason, SourceRange range) {
  Value v;
  v.kind_ = ValueKind::Unknown;
  v.string_ = std::move(reason);
  v.range_ = range;
  return v;
}

namespace {
const List kEmptyList;
const Object kEmptyObject;
const std::vector<Origin> kNoOrigins;
}  // namespace

const List& Value::as_list() const { return list_ ? *list_ : kEmptyList; }
const Object& Value::as_object() const { return object_ ? *object_ : kEmptyObject; }

bool Value::contains_unknown() const {
  switch (kind_) {
    case ValueKind::Unknown: return true;
    case ValueKind::List:
      return std::any_of(list_->begin(), list_->end(), [](const Value& v) { return v.contains_unknown(); });
    case ValueKind::Object:
      return std::any_of(object_->begin(), object_->end(),
                         [](const Member& m) { return m.value.contains_unknown(); });
    default: return false;
  }
}

const Member* Value::find(std::string_view key) const {
  if (kind_ != ValueKind::Object) return nullptr;
  auto it = std::lower_bound(object_->begin(), object_->end(), key,
                             [](const Member& m, std::string_view k) { return m.key < k; });
  return it != object_->end() && it->key == key ? &*it : nullptr;
}

const Value* Value::get(std::string_view key) const {
  const Member* member = find(key);
  return member ? &member->value : nullptr;
}

const std::vector<Origin>& Value::origins() const { return origins_ ? *origins_ : kNoOrigins; }

Value Value::with_origin(Origin origin) const {
  Value copy = *this;
  auto chain = std::make_shared<std::vector<Origin>>(origins());
  chain->push_back(std::move(origin));
  copy.origins_ = std::move(chain);
  return copy;
}

void Value::set_origins(std::vector<Origin> origins) {
  if (origins.empty()) {
    origins_.reset();
  } else {
    origins_ = std::make_shared<const std::vector<Origin>>(std::move(origins));
  }
}

bool Value::equals(const Value& other) const {
  if (kind_ != other.kind_ || kind_ == ValueKind::Unknown) return false;
  switch (kind_) {
    case ValueKind::Null: return true;
    case ValueKind::Bool: return bool_ == other.bool_;
    case ValueKind::Number: return number_ == other.number_;
    case ValueKind::String: return string_ == other.string_;
    case ValueKind::List: {
      const List &a = *list_, &b = *other.list_;
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!a[i].equals(b[i])) return false;
      }
      return true;
    }
    case ValueKind::Object: {
      const Object &a = *object_, &b = *other.object_;
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].key != b[i].key || !a[i].value.equals(b[i].value)) return false;
      }
      return true;
    }
    case ValueKind::Unknown: return false;
  }
  return false;
}

namespace {

void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_number(std::string& out, double n) {
  char buf[32];
  if (n == static_cast<double>(static_cast<long long>(n)) && n > -1e15 && n < 1e15) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(n));
  } else {
    std::snprintf(buf, sizeof buf, "%.17g", n);
  }
  out += buf;
}

void append_display(std::string& out, const Value& v) {
  switch (v.kind()) {
    case ValueKind::Null: out += "null"; break;
    case ValueKind::Bool: out += v.as_bool() ? "true" : "false"; break;
    case ValueKind::Number: append_number(out, v.as_number()); break;
    case ValueKind::String: append_quoted(out, v.as_string()); break;
    case ValueKind::Unknown: out += "<unknown>"; break;
    case ValueKind::List: {
      out += '[';
      bool first = true;
      for (const Value& item : v.as_list()) {
        if (!first) out += ", ";
        first = false;
        append_display(out, item);
      }
      out += ']';
      break;
    }
    case ValueKind::Object: {
      out += '{';
      bool first = true;
      for (const Member& m : v.as_object()) {
        if (!first) out += ", ";
        first = false;
        out += m.key;
        out += " = ";
        append_display(out, m.value);
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string Value::to_display() const {
  std::string out;
  append_display(out, *this);
  return out;
}

// ---- enums -----------------------------------------------------------------

std::string_view to_string(Platform platform) {
  switch (platform) {
    case Platform::Terraform: return "terraform";
    case Platform::Kubernetes: return "kubernetes";
    case Platform::CloudFormation: return "cloudformation";
  }
  return "?";
}

std::string_view to_string(DiagnosticLevel level) {
  switch (level) {
    case DiagnosticLevel::Error: return "error";
    case DiagnosticLevel::Warning: return "warning";
    case DiagnosticLevel::Note: return "note";
  }
  return "?";
}

bool diagnostic_less(const Diagnostic& a, const Diagnostic& b) {
  const std::string_view pa = a.range.valid() ? a.range.path() : std::string_view(a.path);
  const std::string_view pb = b.range.valid() ? b.range.path() : std::string_view(b.path);
  if (pa != pb) return pa < pb;
  return std::tie(a.range.start_line, a.range.start_col, a.level, a.code, a.message) <
         std::tie(b.range.start_line, b.range.start_col, b.level, b.code, b.message);
}

// ---- Graph -----------------------------------------------------------------

Graph Graph::merge(std::vector<GraphFragment> fragments) {
  Graph graph;
  // Concatenate, remembering each fragment's offset so edges can be remapped.
  std::vector<Edge> edges;
  for (GraphFragment& fragment : fragments) {
    const auto offset = static_cast<uint32_t>(graph.resources_.size());
    for (Resource& r : fragment.resources) graph.resources_.push_back(std::move(r));
    for (Edge& e : fragment.edges) {
      e.from += offset;
      e.to += offset;
      edges.push_back(std::move(e));
    }
    for (Diagnostic& d : fragment.diagnostics) graph.diagnostics_.push_back(std::move(d));
  }

  // Deterministic resource order, independent of the order fragments were produced in.
  std::vector<uint32_t> order(graph.resources_.size());
  std::iota(order.begin(), order.end(), 0u);
  const auto& rs = graph.resources_;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const Resource &ra = rs[a], &rb = rs[b];
    if (ra.range.path() != rb.range.path()) return ra.range.path() < rb.range.path();
    if (ra.range.start_line != rb.range.start_line) return ra.range.start_line < rb.range.start_line;
    if (ra.root != rb.root) return ra.root < rb.root;
    return ra.address < rb.address;
  });
  std::vector<uint32_t> new_index(order.size());
  std::vector<Resource> sorted;
  sorted.reserve(order.size());
  for (uint32_t i = 0; i < order.size(); ++i) {
    new_index[order[i]] = i;
    sorted.push_back(std::move(graph.resources_[order[i]]));
  }
  graph.resources_ = std::move(sorted);

  for (Edge& e : edges) {
    e.from = new_index[e.from];
    e.to = new_index[e.to];
  }
  std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
    return std::tie(a.from, a.to, a.path) < std::tie(b.from, b.to, b.path);
  });
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [](const Edge& a, const Edge& b) {
                            return a.from == b.from && a.to == b.to && a.path == b.path;
                          }),
              edges.end());
  graph.edges_ = std::move(edges);

  const size_t n = graph.resources_.size();
  graph.incoming_.assign(n, {});
  graph.outgoing_.assign(n, {});
  for (uint32_t i = 0; i < graph.edges_.size(); ++i) {
    graph.outgoing_[graph.edges_[i].from].push_back(i);
    graph.incoming_[graph.edges_[i].to].push_back(i);
  }

  std::map<std::string, uint32_t> root_ids;
  graph.root_of_.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    auto [it, inserted] = root_ids.emplace(graph.resources_[i].root, static_cast<uint32_t>(graph.roots_.size()));
    if (inserted) graph.roots_.emplace_back();
    graph.root_of_[i] = it->second;
    graph.roots_[it->second].push_back(i);
  }

  std::stable_sort(graph.diagnostics_.begin(), graph.diagnostics_.end(), diagnostic_less);
  return graph;
}

const std::vector<uint32_t>& Graph::root_members(uint32_t resource) const { return roots_[root_of_[resource]]; }

// ---- Attribute paths -------------------------------------------------------

bool parse_attribute_path(std::string_view text, AttributePath& out, std::string& error) {
  out.clear();
  size_t i = 0;
  const size_t n = text.size();
  auto fail = [&](const std::string& why) {
    error = "malformed attribute path '" + std::string(text) + "': " + why;
    out.clear();
    return false;
  };
  if (n == 0) return fail("empty");
  bool expect_segment = true;  // at start or after '.'
  while (i < n) {
    const char c = text[i];
    if (c == '[') {
      const size_t close = text.find(']', i);
      if (close == std::string_view::npos) return fail("unclosed '['");
      std::string_view inner = text.substr(i + 1, close - i - 1);
      PathSegment seg;
      if (inner == "*") {
        seg.kind = PathSegment::Kind::Wildcard;
      } else if (inner.size() >= 2 && (inner.front() == '"' || inner.front() == '\'') && inner.back() == inner.front()) {
        seg.kind = PathSegment::Kind::Key;
        seg.key = std::string(inner.substr(1, inner.size() - 2));
      } else if (!inner.empty() && std::all_of(inner.begin(), inner.end(), [](char d) { return d >= '0' && d <= '9'; })) {
        seg.kind = PathSegment::Kind::Index;
        seg.index = static_cast<uint32_t>(std::stoul(std::string(inner)));
      } else {
        return fail("bad index '[" + std::string(inner) + "]'");
      }
      out.push_back(std::move(seg));
      i = close + 1;
      expect_segment = false;
      continue;
    }
    if (c == '.') {
      if (expect_segment) return fail("empty segment");
      expect_segment = true;
      ++i;
      continue;
    }
    if (!expect_segment) return fail("expected '.' or '[' at offset " + std::to_string(i));
    size_t j = i;
    while (j < n && text[j] != '.' && text[j] != '[') ++j;
    std::string_view name = text.substr(i, j - i);
    if (name.find(']') != std::string_view::npos) return fail("unexpected ']'");
    PathSegment seg;
    if (name == "*") {
      seg.kind = PathSegment::Kind::Wildcard;
    } else {
      seg.key = std::string(name);
    }
    out.push_back(std::move(seg));
    i = j;
    expect_segment = false;
  }
  if (expect_segment) return fail("trailing '.'");
  return true;
}

std::string format_attribute_path(const AttributePath& path) {
  std::string out;
  for (const PathSegment& seg : path) {
    switch (seg.kind) {
      case PathSegment::Kind::Key: {
        const bool plain = !seg.key.empty() && seg.key.find_first_of(".[]\"' ") == std::string::npos;
        if (plain) {
          if (!out.empty()) out += '.';
          out += seg.key;
        } else {
          out += "[\"" + seg.key + "\"]";
        }
        break;
      }
      case PathSegment::Kind::Index: out += '[' + std::to_string(seg.index) + ']'; break;
      case PathSegment::Kind::Wildcard: out += "[*]"; break;
    }
  }
  return out;
}

// ---- Globs -----------------------------------------------------------------

bool glob_match(std::string_view pattern, std::string_view text, char separator) {
  // Recursive with backtracking; patterns are short, so this stays cheap.
  while (!pattern.empty()) {
    if (pattern.front() == '*') {
      const bool crosses = pattern.size() > 1 && pattern[1] == '*';
      const std::string_view rest = pattern.substr(crosses ? 2 : 1);
      if (crosses && !rest.empty() && rest.front() == '/' && glob_match(rest.substr(1), text, separator)) return true;
      for (size_t i = 0; i <= text.size(); ++i) {
        if (glob_match(rest, text.substr(i), separator)) return true;
        if (i < text.size() && text[i] == separator && separator != '\0' && !crosses) return false;
      }
      return false;
    }
    if (text.empty()) return false;
    if (pattern.front() == '?' ? (separator != '\0' && text.front() == separator) : pattern.front() != text.front()) {
      return false;
    }
    pattern.remove_prefix(1);
    text.remove_prefix(1);
  }
  return text.empty();
}

}  // namespace vouch
