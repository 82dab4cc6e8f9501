// Three-valued (Kleene) evaluation of conditions as docs/rule-format.md describes,
// keeping the attribute that decided each result so findings can point at it.
#include "engine/conditions.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>

namespace vouch::engine_detail {
namespace {

Truth negate(Truth t) {
  if (t == Truth::True) return Truth::False;
  if (t == Truth::False) return Truth::True;
  return Truth::Unknown;
}

std::string child_path(const std::string& parent, std::string_view key) {
  bool plain = !key.empty() && key.find_first_of(".[]\"' ") == std::string_view::npos;
  if (!plain) return parent + "[\"" + std::string(key) + "\"]";
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string index_path(const std::string& parent, size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

// A range inside the resource's own file, falling back to `anchor` when the value was
// written elsewhere (a variable default, a module input) or has no range.
SourceRange local_range(const SourceRange& candidate, const SourceRange& anchor) {
  if (!candidate.valid()) return anchor;
  if (anchor.valid() && candidate.file != anchor.file) return anchor;
  return candidate;
}

// The reason of the first unknown inside `value`.
const Value* first_unknown(const Value& value) {
  if (value.is_unknown()) return &value;
  for (const Value& item : value.as_list()) {
    if (const Value* u = first_unknown(item)) return u;
  }
  for (const Member& m : value.as_object()) {
    if (const Value* u = first_unknown(m.value)) return u;
  }
  return nullptr;
}

std::string unknown_reason(const Value& value) {
  const Value* u = first_unknown(value);
  if (u && !u->unknown_reason().empty()) return u->unknown_reason();
  return "a value is unknown before deploy";
}

std::optional<double> parse_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const char* begin = text.c_str();
  char* end = nullptr;
  double n = std::strtod(begin, &end);
  if (end != begin + text.size() || !std::isfinite(n)) return std::nullopt;
  return n;
}

std::optional<double> as_number(const Value& v) {
  if (v.is_number()) return v.as_number();
  if (v.is_string()) return parse_number(v.as_string());
  return std::nullopt;
}

// Terraform renders whole numbers without a fraction.
std::string number_text(double n) {
  char buffer[64];
  if (n == std::floor(n) && std::fabs(n) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", n);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.17g", n);
  }
  return buffer;
}

std::optional<std::string> as_text(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_number()) return number_text(v.as_number());
  if (v.is_bool()) return std::string(v.as_bool() ? "true" : "false");
  return std::nullopt;
}

// `value` equals the scalar `expected`, converting strings to bools and numbers the
// way Terraform does.
Truth equals_scalar(const Value& value, const Value& expected) {
  if (value.is_unknown()) return Truth::Unknown;
  switch (expected.kind()) {
    case ValueKind::Null:
      return value.is_null() ? Truth::True : Truth::False;
    case ValueKind::Bool:
      if (value.is_bool()) return value.as_bool() == expected.as_bool() ? Truth::True : Truth::False;
      if (value.is_string()) {
        return value.as_string() == (expected.as_bool() ? "true" : "false") ? Truth::True : Truth::False;
      }
      return Truth::False;
    case ValueKind::Number: {
      if (value.is_bool()) return Truth::False;
      std::optional<double> n = as_number(value);
      return n && *n == expected.as_number() ? Truth::True : Truth::False;
    }
    case ValueKind::String: {
      if (value.is_string()) return value.as_string() == expected.as_string() ? Truth::True : Truth::False;
      if (value.is_bool()) {
        return expected.as_string() == (value.as_bool() ? "true" : "false") ? Truth::True : Truth::False;
      }
      if (value.is_number()) {
        std::optional<double> n = parse_number(expected.as_string());
        return n && *n == value.as_number() ? Truth::True : Truth::False;
      }
      return Truth::False;
    }
    default:
      if (value.contains_unknown()) return Truth::Unknown;
      return value.equals(expected) ? Truth::True : Truth::False;
  }
}

// Combines per-element truths: true if any is true, else unknown if any is unknown.
struct AnyOf {
  Truth truth = Truth::False;
  void add(Truth t) {
    if (t == Truth::True)
      truth = Truth::True;
    else if (t == Truth::Unknown && truth == Truth::False)
      truth = Truth::Unknown;
  }
};

bool cidr_is_internet(const std::string& cidr) {
  size_t slash = cidr.find('/');
  if (slash == std::string::npos) return false;
  std::string_view prefix(cidr);
  prefix.remove_prefix(slash + 1);
  while (!prefix.empty() && prefix.back() == ' ') prefix.remove_suffix(1);
  return prefix == "0";
}

Truth cidr_allows_internet(const Value& v) {
  if (v.is_unknown()) return Truth::Unknown;
  if (v.is_string()) return cidr_is_internet(v.as_string()) ? Truth::True : Truth::False;
  AnyOf any;
  for (const Value& item : v.as_list()) any.add(cidr_allows_internet(item));
  return any.truth;
}

Truth test_value(const Condition& c, const Value& v) {
  using Op = Condition::Op;
  switch (c.op) {
    case Op::Exists: {
      Truth present = v.is_null() ? Truth::False : Truth::True;  // unknown: something will be set
      return c.argument.as_bool() ? present : negate(present);
    }
    case Op::Equals:
      return equals_scalar(v, c.argument);
    case Op::OneOf: {
      AnyOf any;
      for (const Value& option : c.argument.as_list()) any.add(equals_scalar(v, option));
      return any.truth;
    }
    case Op::Matches: {
      if (v.is_unknown()) return Truth::Unknown;
      if (v.is_list()) {  // a list of strings matches when an element does
        AnyOf any;
        for (const Value& item : v.as_list()) any.add(test_value(c, item));
        return any.truth;
      }
      std::optional<std::string> text = as_text(v);
      if (!text || !c.regex) return Truth::False;
      return RE2::PartialMatch(*text, *c.regex) ? Truth::True : Truth::False;
    }
    case Op::Contains: {
      if (v.is_unknown()) return Truth::Unknown;
      if (v.is_list()) {
        AnyOf any;
        for (const Value& item : v.as_list()) any.add(equals_scalar(item, c.argument));
        return any.truth;
      }
      if (v.is_object()) {
        std::optional<std::string> key = as_text(c.argument);
        return key && v.find(*key) ? Truth::True : Truth::False;
      }
      if (v.is_string()) {
        std::optional<std::string> needle = as_text(c.argument);
        return needle && v.as_string().find(*needle) != std::string::npos ? Truth::True : Truth::False;
      }
      return Truth::False;
    }
    case Op::Gt:
    case Op::Gte:
    case Op::Lt:
    case Op::Lte: {
      if (v.is_unknown()) return Truth::Unknown;
      std::optional<double> n = as_number(v);
      if (!n) return Truth::False;
      double limit = c.argument.as_number();
      bool holds = c.op == Op::Gt    ? *n > limit
                   : c.op == Op::Gte ? *n >= limit
                   : c.op == Op::Lt  ? *n < limit
                                     : *n <= limit;
      return holds ? Truth::True : Truth::False;
    }
    case Op::CidrAllowsInternet: {
      Truth open = cidr_allows_internet(v);
      return c.argument.as_bool() ? open : negate(open);
    }
    case Op::CoversAny:
      return Truth::False;  // port ranges are their own condition kind
  }
  return Truth::False;
}

bool edge_index_segment(const PathSegment& s) {
  return s.kind == PathSegment::Kind::Index;
}

bool via_matches_from(const AttributePath& via, size_t v, const AttributePath& edge, size_t e) {
  while (true) {
    if (v == via.size()) {
      // Trailing indices of the edge (an element of a list attribute) are fine.
      return std::all_of(edge.begin() + static_cast<std::ptrdiff_t>(e), edge.end(), edge_index_segment);
    }
    if (e == edge.size()) return false;
    const PathSegment& p = via[v];
    const PathSegment& s = edge[e];
    if (p.kind == PathSegment::Kind::Wildcard) {
      ++v, ++e;
    } else if (p.kind == PathSegment::Kind::Key && s.kind == PathSegment::Kind::Key) {
      if (p.key != s.key) return false;
      ++v, ++e;
    } else if (p.kind == PathSegment::Kind::Index && s.kind == PathSegment::Kind::Index) {
      if (p.index != s.index) return false;
      ++v, ++e;
    } else if (s.kind == PathSegment::Kind::Index) {
      ++e;  // the pattern applies a key to a list: skip the element index
    } else {
      return false;
    }
  }
}

}  // namespace

bool any_glob_matches(const std::vector<std::string>& patterns, std::string_view text) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) { return glob_match(p, text, '\0'); });
}

bool via_matches(const AttributePath& via, const AttributePath& edge_path) {
  return via_matches_from(via, 0, edge_path, 0);
}

Evaluator::Evaluator(const Graph& graph) : graph_(graph) {
  edge_paths_.reserve(graph.edges().size());
  for (const Edge& edge : graph.edges()) {
    AttributePath path;
    std::string error;
    try {
      parse_attribute_path(edge.path, path, error);  // a malformed edge path matches nothing
    } catch (const std::exception&) {
      path.clear();
    }
    edge_paths_.push_back(std::move(path));
  }
}

Evaluator::Scope Evaluator::resource_scope(uint32_t resource) const {
  const Resource& r = graph_.resources()[resource];
  return Scope{&r.attributes, "", r.range, resource};
}

Result Evaluator::evaluate(const Condition& condition, uint32_t resource) const {
  return eval(condition, resource_scope(resource));
}

std::vector<Evaluator::Reached> Evaluator::resolve(const Scope& scope, const AttributePath& path) const {
  std::vector<Reached> out;
  resolve_into(*scope.base, scope.anchor, scope.prefix, path, 0, out);
  return out;
}

void Evaluator::resolve_into(const Value& value, const SourceRange& range, const std::string& path,
                             const AttributePath& segments, size_t next, std::vector<Reached>& out) const {
  if (next == segments.size() || value.is_unknown()) {
    // An unknown part way down stands for everything below it.
    out.push_back({&value, range, path});
    return;
  }
  const PathSegment& segment = segments[next];
  switch (segment.kind) {
    case PathSegment::Kind::Key:
      if (value.is_object()) {
        if (const Member* m = value.find(segment.key)) {
          resolve_into(m->value, local_range(m->range, range), child_path(path, m->key), segments, next + 1, out);
        }
      } else if (value.is_list()) {  // a key applied to a list applies to each element
        const List& items = value.as_list();
        for (size_t i = 0; i < items.size(); ++i) {
          resolve_into(items[i], local_range(items[i].range(), range), index_path(path, i), segments, next, out);
        }
      }
      break;
    case PathSegment::Kind::Index:
      if (value.is_list() && segment.index < value.as_list().size()) {
        const Value& item = value.as_list()[segment.index];
        resolve_into(item, local_range(item.range(), range), index_path(path, segment.index), segments, next + 1, out);
      }
      break;
    case PathSegment::Kind::Wildcard:
      if (value.is_list()) {
        const List& items = value.as_list();
        for (size_t i = 0; i < items.size(); ++i) {
          resolve_into(items[i], local_range(items[i].range(), range), index_path(path, i), segments, next + 1, out);
        }
      } else if (value.is_object()) {
        for (const Member& m : value.as_object()) {
          resolve_into(m.value, local_range(m.range, range), child_path(path, m.key), segments, next + 1, out);
        }
      }
      break;
  }
}

Result Evaluator::eval(const Condition& c, const Scope& scope) const {
  switch (c.kind) {
    case Condition::Kind::All:
    case Condition::Kind::Any:
    case Condition::Kind::Not:
      return eval_logic(c, scope);
    case Condition::Kind::Attribute:
      return eval_leaf(c, scope);
    case Condition::Kind::PortRange:
      return eval_ports(c, scope);
    case Condition::Kind::ResourceType: {
      const Resource& r = graph_.resources()[scope.resource];
      return Result{any_glob_matches(c.types, r.type) ? Truth::True : Truth::False, {}, {}};
    }
    case Condition::Kind::Some:
    case Condition::Kind::Every:
    case Condition::Kind::None:
      return eval_quantifier(c, scope);
    case Condition::Kind::ReferencedBy:
      return eval_referenced_by(c, scope);
    case Condition::Kind::References:
      return eval_references(c, scope);
  }
  return {};
}

Result Evaluator::eval_logic(const Condition& c, const Scope& scope) const {
  if (c.kind == Condition::Kind::Not) {
    Result r = eval(c.children.at(0), scope);
    r.truth = negate(r.truth);
    return r;
  }
  // all: the first false child decides, else the first unknown; any: the first true
  // child, else the first unknown. Otherwise blame the first child that points at a
  // present attribute (a wrong value beats a missing one), else the first child.
  const Truth decisive = c.kind == Condition::Kind::All ? Truth::False : Truth::True;
  std::optional<Result> unknown, fallback, first;
  for (const Condition& child : c.children) {
    Result r = eval(child, scope);
    if (r.truth == decisive) return r;
    if (r.truth == Truth::Unknown && !unknown) unknown = r;
    if (r.blame.present() && !fallback) fallback = r;
    if (!first) first = r;
  }
  if (unknown) return *unknown;
  Result result = fallback ? *fallback : *first;
  result.truth = negate(decisive);
  result.reason.clear();
  return result;
}

Result Evaluator::eval_leaf(const Condition& c, const Scope& scope) const {
  std::vector<Reached> reached = resolve(scope, c.path);
  Result result;
  if (reached.empty()) {
    // A path that reaches nothing is tested against null; blame the missing attribute.
    result.truth = test_value(c, Value());
    result.blame.path = format_attribute_path(c.path);
    if (!scope.prefix.empty()) result.blame.path = scope.prefix + "." + result.blame.path;
    return result;
  }
  const Reached* unknown = nullptr;
  for (const Reached& r : reached) {
    Truth t = test_value(c, *r.value);
    if (t == Truth::True) return Result{Truth::True, Blame{r.value, r.range, r.path}, {}};
    if (t == Truth::Unknown && !unknown) unknown = &r;
  }
  if (unknown) {
    return Result{Truth::Unknown, Blame{unknown->value, unknown->range, unknown->path},
                  unknown_reason(*unknown->value)};
  }
  const Reached& r = reached.front();
  return Result{Truth::False, Blame{r.value, r.range, r.path}, {}};
}

Result Evaluator::eval_ports(const Condition& c, const Scope& scope) const {
  auto first = [&](const AttributePath& path) -> std::optional<Reached> {
    if (path.empty()) return std::nullopt;
    std::vector<Reached> reached = resolve(scope, path);
    for (const Reached& r : reached) {
      if (!r.value->is_null()) return r;
    }
    return std::nullopt;
  };
  std::optional<Reached> protocol = first(c.protocol);
  std::optional<Reached> from = first(c.from_port);
  std::optional<Reached> to = first(c.to_port);
  auto blame = [](const std::optional<Reached>& r) { return r ? Blame{r->value, r->range, r->path} : Blame{}; };
  if (protocol) {
    if (protocol->value->is_unknown()) return Result{Truth::Unknown, blame(protocol), unknown_reason(*protocol->value)};
    std::string name = as_text(*protocol->value).value_or("");
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (name == "-1" || name == "all") return Result{Truth::True, blame(protocol), {}};
    if (name == "icmp" || name == "icmpv6" || name == "1" || name == "58")
      return Result{Truth::False, blame(protocol), {}};
  }
  if (!from && !to) return Result{Truth::False, blame(protocol), {}};
  for (const auto& port : {from, to}) {
    if (port && port->value->is_unknown()) return Result{Truth::Unknown, blame(port), unknown_reason(*port->value)};
  }
  std::optional<double> low = from ? as_number(*from->value) : std::nullopt;
  std::optional<double> high = to ? as_number(*to->value) : std::nullopt;
  if (!low) low = high;
  if (!high) high = low;
  Blame where = blame(from ? from : to);
  if (!low || !high) return Result{Truth::False, where, {}};
  bool covered = std::any_of(c.ports.begin(), c.ports.end(), [&](double p) { return *low <= p && p <= *high; });
  return Result{covered ? Truth::True : Truth::False, where, {}};
}

Result Evaluator::eval_quantifier(const Condition& c, const Scope& scope) const {
  const Condition& where = c.children.at(0);
  std::vector<Reached> reached = resolve(scope, c.path);
  AnyOf some_true;  // some element satisfies `where`
  bool some_false = false;
  std::optional<Result> first_true, first_false, first_unknown;
  auto visit = [&](const Value& element, const SourceRange& range, const std::string& path) {
    Result r = eval(where, Scope{&element, path, range, scope.resource});
    // Nothing present inside the element decided (a missing attribute): point at the
    // element itself rather than at the resource header.
    if (!r.blame.present()) r.blame = Blame{&element, range, path};
    some_true.add(r.truth);
    if (r.truth == Truth::True && !first_true) first_true = r;
    if (r.truth == Truth::False && !first_false) first_false = r;
    if (r.truth == Truth::False) some_false = true;
    if (r.truth == Truth::Unknown && !first_unknown) first_unknown = r;
  };
  for (const Reached& r : reached) {
    const Value& v = *r.value;
    if (v.is_null()) continue;
    if (v.is_unknown()) {
      some_true.add(Truth::Unknown);
      if (!first_unknown) first_unknown = Result{Truth::Unknown, Blame{r.value, r.range, r.path}, unknown_reason(v)};
      continue;
    }
    if (v.is_list()) {
      const List& items = v.as_list();
      for (size_t i = 0; i < items.size(); ++i) {
        visit(items[i], local_range(items[i].range(), r.range), index_path(r.path, i));
      }
    } else {
      visit(v, r.range, r.path);
    }
  }
  Blame list_blame;
  if (!reached.empty() && !reached.front().value->is_null()) {
    list_blame = Blame{reached.front().value, reached.front().range, reached.front().path};
  }
  switch (c.kind) {
    case Condition::Kind::Some:
      if (first_true) return *first_true;
      if (first_unknown) return *first_unknown;
      return Result{Truth::False, list_blame, {}};
    case Condition::Kind::Every:
      if (some_false) return *first_false;
      if (first_unknown) return *first_unknown;
      return Result{Truth::True, list_blame, {}};
    default: {  // None
      if (first_true) {
        Result r = *first_true;
        r.truth = Truth::False;
        return r;
      }
      if (first_unknown) return *first_unknown;
      return Result{Truth::True, list_blame, {}};
    }
  }
}

Result Evaluator::eval_referenced_by(const Condition& c, const Scope& scope) const {
  const uint32_t self = scope.resource;
  const auto& resources = graph_.resources();
  const std::string& root = resources[self].root;
  const Condition* where = c.children.empty() ? nullptr : &c.children.front();
  std::optional<std::string> unknown_reason_text;
  for (uint32_t e : graph_.incoming(self)) {
    const Edge& edge = graph_.edges()[e];
    const Resource& other = resources[edge.from];
    if (other.root != root || !any_glob_matches(c.types, other.type) || !via_matches(c.path, edge_paths_[e])) continue;
    if (!where) return Result{Truth::True, {}, {}};
    Result r = eval(*where, resource_scope(edge.from));
    if (r.truth == Truth::True) return Result{Truth::True, {}, {}};
    if (r.truth == Truth::Unknown && !unknown_reason_text) unknown_reason_text = other.address + ": " + r.reason;
  }
  if (unknown_reason_text) return Result{Truth::Unknown, {}, *unknown_reason_text};
  // A resource of the listed type whose `via` is unknown and linked nowhere might
  // refer to this one.
  for (const UnlinkedCandidate& candidate : unlinked_candidates(c, self)) {
    if (candidate.resource != self) return Result{Truth::Unknown, {}, candidate.reason};
  }
  return Result{Truth::False, {}, {}};
}

const std::vector<Evaluator::UnlinkedCandidate>& Evaluator::unlinked_candidates(const Condition& c,
                                                                                uint32_t self) const {
  const std::vector<uint32_t>& members = graph_.root_members(self);
  const std::pair<const Condition*, uint32_t> key{&c, members.front()};
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (auto it = unlinked_cache_.find(key); it != unlinked_cache_.end()) return it->second;
  }
  // Computed outside the lock; another thread may compute the same list, and the
  // first one stored wins — they are equal.
  std::vector<UnlinkedCandidate> found;
  const Condition* where = c.children.empty() ? nullptr : &c.children.front();
  for (uint32_t candidate : members) {
    const Resource& other = graph_.resources()[candidate];
    if (!any_glob_matches(c.types, other.type)) continue;
    bool linked = false;
    for (uint32_t e : graph_.outgoing(candidate)) {
      if (via_matches(c.path, edge_paths_[e])) {
        linked = true;
        break;
      }
    }
    if (linked) continue;
    for (const Reached& r : resolve(resource_scope(candidate), c.path)) {
      if (!r.value->contains_unknown()) continue;
      if (where && eval(*where, resource_scope(candidate)).truth == Truth::False) break;
      found.push_back({candidate, other.address + "." + format_attribute_path(c.path) + " is unknown (" +
                                      unknown_reason(*r.value) + ") and might refer to this resource"});
      break;
    }
    // Two candidates are enough: a resource is never its own candidate.
    if (found.size() == 2) break;
  }
  std::lock_guard<std::mutex> lock(cache_mutex_);
  return unlinked_cache_.emplace(key, std::move(found)).first->second;
}

Result Evaluator::eval_references(const Condition& c, const Scope& scope) const {
  const uint32_t self = scope.resource;
  const auto& resources = graph_.resources();
  const Condition* where = c.children.empty() ? nullptr : &c.children.front();
  bool linked = false;
  std::optional<std::string> unknown_reason_text;
  for (uint32_t e : graph_.outgoing(self)) {
    if (!via_matches(c.path, edge_paths_[e])) continue;
    linked = true;
    const Edge& edge = graph_.edges()[e];
    const Resource& other = resources[edge.to];
    if (other.root != resources[self].root || !any_glob_matches(c.types, other.type)) continue;
    if (!where) return Result{Truth::True, {}, {}};
    Result r = eval(*where, resource_scope(edge.to));
    if (r.truth == Truth::True) return Result{Truth::True, {}, {}};
    if (r.truth == Truth::Unknown && !unknown_reason_text) unknown_reason_text = other.address + ": " + r.reason;
  }
  if (unknown_reason_text) return Result{Truth::Unknown, {}, *unknown_reason_text};
  std::vector<Reached> reached = resolve(scope, c.path);
  Blame blame;
  for (const Reached& r : reached) {
    if (!blame.present()) blame = Blame{r.value, r.range, r.path};
    if (!linked && r.value->contains_unknown()) {
      return Result{Truth::Unknown, Blame{r.value, r.range, r.path}, unknown_reason(*r.value)};
    }
  }
  return Result{Truth::False, blame, {}};
}

}  // namespace vouch::engine_detail
