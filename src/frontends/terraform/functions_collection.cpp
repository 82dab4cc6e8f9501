// Collection functions (lists, maps, sets) and the type conversions. vouch has no set
// type: a set is a sorted, duplicate-free list (see make_set), which is also the order
// Terraform iterates sets of strings and numbers in.
#include <algorithm>
#include <map>

#include "frontends/terraform/functions_support.h"

namespace vouch::terraform::fn {
namespace {

Object to_members(const std::map<std::string, Member>& entries) {
  Object members;
  members.reserve(entries.size());
  for (const auto& entry : entries) members.push_back(entry.second);
  return members;
}

Value fn_concat(Call& call) {
  List out;
  for (size_t i = 0; i < call.size(); ++i) {
    const List* items = call.list(i);
    if (!items) return call.failure();
    out.insert(out.end(), items->begin(), items->end());
  }
  return Value::list(std::move(out));
}

// Later arguments win; null arguments are skipped, as Terraform does.
Value fn_merge(Call& call) {
  std::map<std::string, Member> entries;  // members keep the range they were written at
  for (size_t i = 0; i < call.size(); ++i) {
    if (call.arg(i).is_null()) continue;
    const Object* members = call.object(i);
    if (!members) return call.failure();
    for (const Member& m : *members) entries.insert_or_assign(m.key, m);
  }
  return Value::object(to_members(entries));
}

// The default may be unknown: it only matters when the key is missing.
Value fn_lookup(Call& call) {
  if (call.arg(0).is_unknown() || call.arg(1).is_unknown()) return call.unknown_input();
  const Object* members = call.object(0);
  auto key = call.string(1);
  if (!members || !key) return call.failure();
  if (const Value* found = call.arg(0).get(*key)) return *found;
  if (call.size() == 3) return call.arg(2);
  return call.fail("lookup failed to find key \"" + *key + "\"");
}

Value fn_element(Call& call) {
  const List* items = call.list(0);
  auto index = call.integer(1);
  if (!items || !index) return call.failure();
  if (items->empty()) return call.fail("cannot use element function with an empty list");
  if (*index < 0) return call.fail("cannot use element function with a negative index");
  return (*items)[static_cast<size_t>(*index) % items->size()];
}

// Equality as Terraform sees it after converting both sides to one type: 1 == "1".
bool loosely_equal(const Value& a, const Value& b) {
  if (a.equals(b)) return true;
  if (a.kind() == b.kind() || a.is_null() || b.is_null()) return false;
  auto sa = primitive_to_string(a), sb = primitive_to_string(b);
  return sa && sb && *sa == *sb;
}

Value fn_index(Call& call) {
  const List* items = call.list(0);
  if (!items) return call.failure();
  if (items->empty()) return call.fail("cannot search an empty list");
  for (size_t i = 0; i < items->size(); ++i) {
    if (loosely_equal((*items)[i], call.arg(1))) return Value::number(static_cast<double>(i));
  }
  return call.fail("item not found");
}

Value fn_keys(Call& call) {
  const Object* members = call.object(0);
  if (!members) return call.failure();
  List out;
  for (const Member& m : *members) out.push_back(Value::string(m.key));
  return Value::list(std::move(out));
}

Value fn_values(Call& call) {
  const Object* members = call.object(0);
  if (!members) return call.failure();
  List out;
  for (const Member& m : *members) out.push_back(m.value);
  return Value::list(std::move(out));
}

// Known even when elements are unknown: only the collection itself must be known.
Value fn_length(Call& call) {
  const Value& v = call.arg(0);
  switch (v.kind()) {
    case ValueKind::String:
      return Value::number(static_cast<double>(graphemes(v.as_string()).size()));
    case ValueKind::List:
      return Value::number(static_cast<double>(v.as_list().size()));
    case ValueKind::Object:
      return Value::number(static_cast<double>(v.as_object().size()));
    case ValueKind::Null:
      return call.fail("argument must not be null");
    default:
      return call.fail("argument must be a string, a collection type, or a structural type");
  }
}

Value fn_contains(Call& call) {
  const List* items = call.list(0);
  if (!items) return call.failure();
  const bool found =
      std::any_of(items->begin(), items->end(), [&](const Value& item) { return loosely_equal(item, call.arg(1)); });
  return Value::boolean(found);
}

Value fn_distinct(Call& call) {
  const List* items = call.list(0);
  if (!items) return call.failure();
  List out;
  for (const Value& item : *items) {
    if (std::none_of(out.begin(), out.end(), [&](const Value& seen) { return seen.equals(item); })) {
      out.push_back(item);
    }
  }
  return Value::list(std::move(out));
}

// Returns false when an element that might be a list is unknown.
bool flatten_into(const List& items, List& out, unsigned depth) {
  for (const Value& item : items) {
    if (item.is_unknown()) return false;
    if (item.is_list() && depth < 256) {
      if (!flatten_into(item.as_list(), out, depth + 1)) return false;
    } else {
      out.push_back(item);
    }
  }
  return true;
}

Value fn_flatten(Call& call) {
  const List* items = call.list(0);
  if (!items) return call.failure();
  List out;
  if (!flatten_into(*items, out, 0)) return call.unknown_input();
  return Value::list(std::move(out));
}

Value fn_compact(Call& call) {
  const List* items = call.list(0);
  if (!items) return call.failure();
  List out;
  for (const Value& item : *items) {
    if (item.is_null()) continue;
    auto s = primitive_to_string(item);
    if (!s) return call.fail("argument must be a list of strings");
    if (!s->empty()) out.push_back(Value::string(std::move(*s), item.range()));
  }
  return Value::list(std::move(out));
}

// The first argument that is neither null nor "", converted to the arguments' common
// type. An unknown before it makes the result unknown: it could have been the answer.
Value fn_coalesce(Call& call) {
  bool primitive = false, structural = false;
  for (const Value& arg : call.args()) {
    primitive = primitive || arg.is_string() || arg.is_number() || arg.is_bool();
    structural = structural || arg.is_list() || arg.is_object();
  }
  if (primitive && structural) return call.fail("all arguments must have the same type");
  std::optional<size_t> chosen;
  for (size_t i = 0; i < call.size(); ++i) {
    const Value& arg = call.arg(i);
    if (arg.is_unknown()) return call.unknown_input();
    if (arg.is_null() || (arg.is_string() && arg.as_string().empty())) continue;
    chosen = i;
    break;
  }
  if (!chosen) return call.fail("no non-null, non-empty-string arguments");
  const Value& result = call.arg(*chosen);
  if (result.is_number() || result.is_bool()) {
    for (const Value& other : call.args()) {
      if ((other.is_string() || other.is_number() || other.is_bool()) && other.kind() != result.kind()) {
        return Value::string(*primitive_to_string(result), result.range());
      }
    }
  }
  return result;
}

Value fn_coalescelist(Call& call) {
  for (size_t i = 0; i < call.size(); ++i) {
    if (call.arg(i).is_unknown()) return call.unknown_input();
    const List* items = call.list(i);
    if (!items) return call.failure();
    if (!items->empty()) return call.arg(i);
  }
  return call.fail("no non-null arguments");
}

Value fn_slice(Call& call) {
  const List* items = call.list(0);
  auto start = call.integer(1);
  auto end = call.integer(2);
  if (!items || !start || !end) return call.failure();
  if (*start < 0) return call.fail("start index must not be less than zero");
  if (*end > static_cast<int64_t>(items->size()))
    return call.fail("end index must not be greater than the length of the list");
  if (*start > *end) return call.fail("start index must not be greater than end index");
  return Value::list(List(items->begin() + *start, items->begin() + *end));
}

Value fn_sort(Call& call) {
  auto items = call.strings(0);
  if (!items) return call.failure();
  std::sort(items->begin(), items->end());
  List out;
  for (std::string& s : *items) out.push_back(Value::string(std::move(s)));
  return Value::list(std::move(out));
}

Value fn_reverse(Call& call) {
  const List* items = call.list(0);
  if (!items) return call.failure();
  return Value::list(List(items->rbegin(), items->rend()));
}

// Reads every argument as a set (sorted, unique, one element type).
std::optional<std::vector<List>> read_sets(Call& call) {
  std::vector<List> sets;
  List all;
  for (size_t i = 0; i < call.size(); ++i) {
    const List* items = call.list(i);
    if (!items) return std::nullopt;
    all.insert(all.end(), items->begin(), items->end());
  }
  std::string error;
  auto unified = unify(all, error);
  if (!unified) {
    call.fail(error);
    return std::nullopt;
  }
  size_t at = 0;
  for (size_t i = 0; i < call.size(); ++i) {
    const size_t n = call.arg(i).as_list().size();
    sets.push_back(make_set(List(unified->begin() + static_cast<std::ptrdiff_t>(at),
                                 unified->begin() + static_cast<std::ptrdiff_t>(at + n))));
    at += n;
  }
  return sets;
}

bool set_has(const List& set, const Value& v) {
  return std::binary_search(set.begin(), set.end(), v, value_less) &&
         std::any_of(set.begin(), set.end(), [&](const Value& x) { return x.equals(v); });
}

Value fn_setunion(Call& call) {
  auto sets = read_sets(call);
  if (!sets) return call.failure();
  List all;
  for (const List& set : *sets) all.insert(all.end(), set.begin(), set.end());
  return Value::list(make_set(std::move(all)));
}

Value fn_setintersection(Call& call) {
  auto sets = read_sets(call);
  if (!sets) return call.failure();
  List out;
  for (const Value& v : sets->front()) {
    if (std::all_of(sets->begin() + 1, sets->end(), [&](const List& set) { return set_has(set, v); })) out.push_back(v);
  }
  return Value::list(std::move(out));
}

Value fn_setsubtract(Call& call) {
  auto sets = read_sets(call);
  if (!sets) return call.failure();
  List out;
  for (const Value& v : (*sets)[0]) {
    if (!set_has((*sets)[1], v)) out.push_back(v);
  }
  return Value::list(std::move(out));
}

// Every combination, first argument varying slowest; capped so a hostile input cannot
// exhaust memory.
Value fn_setproduct(Call& call) {
  std::vector<const List*> lists;
  size_t total = 1;
  for (size_t i = 0; i < call.size(); ++i) {
    const List* items = call.list(i);
    if (!items) return call.failure();
    lists.push_back(items);
    total = items->empty() ? 0 : total * items->size();
    if (total > 100000) return call.fail("the product has more than 100000 elements");
  }
  List out;
  out.reserve(total);
  std::vector<size_t> position(lists.size(), 0);
  for (size_t n = 0; n < total; ++n) {
    List tuple;
    for (size_t i = 0; i < lists.size(); ++i) tuple.push_back((*lists[i])[position[i]]);
    out.push_back(Value::list(std::move(tuple)));
    for (size_t i = lists.size(); i-- > 0;) {
      if (++position[i] < lists[i]->size()) break;
      position[i] = 0;
    }
  }
  return Value::list(std::move(out));
}

Value fn_zipmap(Call& call) {
  if (call.arg(0).contains_unknown()) return call.unknown_input();
  auto keys = call.strings(0);
  const List* values = call.list(1);
  if (!keys || !values) return call.failure();
  if (keys->size() != values->size()) {
    return call.fail("number of keys (" + std::to_string(keys->size()) + ") does not match number of values (" +
                     std::to_string(values->size()) + ")");
  }
  std::map<std::string, Member> entries;
  for (size_t i = 0; i < keys->size(); ++i) {
    entries.insert_or_assign((*keys)[i], Member{(*keys)[i], (*values)[i], (*values)[i].range()});
  }
  return Value::object(to_members(entries));
}

Value fn_toset(Call& call) {
  if (call.arg(0).is_null()) return Value::null();
  const List* items = call.list(0);
  if (!items) return call.failure();
  std::string error;
  auto unified = unify(*items, error);
  if (!unified) return call.fail(error);
  return Value::list(make_set(std::move(*unified)));
}

Value fn_tolist(Call& call) {
  if (call.arg(0).is_null()) return Value::null();
  const List* items = call.list(0);
  if (!items) return call.failure();
  std::string error;
  auto unified = unify(*items, error);
  if (!unified) return call.fail(error);
  return Value::list(std::move(*unified));
}

Value fn_tomap(Call& call) {
  if (call.arg(0).is_null()) return Value::null();
  const Object* members = call.object(0);
  if (!members) return call.failure();
  List values;
  for (const Member& m : *members) values.push_back(m.value);
  std::string error;
  auto unified = unify(values, error);
  if (!unified) return call.fail(error);
  Object out;
  for (size_t i = 0; i < members->size(); ++i)
    out.push_back(Member{(*members)[i].key, (*unified)[i], (*members)[i].range});
  return Value::object(std::move(out));
}

Value fn_one(Call& call) {
  const List* items = call.list(0);
  if (!items) return call.failure();
  if (items->empty()) return Value::null();
  if (items->size() > 1) return call.fail("must be a list, set, or tuple value with either zero or one elements");
  return items->front();
}

Value fn_range(Call& call) {
  std::vector<double> n;
  for (size_t i = 0; i < call.size(); ++i) {
    auto v = call.number(i);
    if (!v) return call.failure();
    n.push_back(*v);
  }
  double start = 0, limit = 0, step = 1;
  if (n.size() == 1) {
    limit = n[0];
  } else {
    start = n[0];
    limit = n[1];
    step = n.size() == 3 ? n[2] : (limit < start ? -1 : 1);
  }
  if (step == 0) return call.fail("step must not be zero");
  if (step < 0 && start < limit) return call.fail("end must be less than start when step is negative");
  if (step > 0 && start > limit) return call.fail("end must be greater than start when step is positive");
  List out;
  for (double v = start; step > 0 ? v < limit : v > limit; v += step) {
    if (out.size() == 1024) {
      return call.fail(
          "more than 1024 values were generated; either decrease the difference between start and end "
          "or use a smaller step");
    }
    out.push_back(Value::number(v));
  }
  return Value::list(std::move(out));
}

Value fn_chunklist(Call& call) {
  const List* items = call.list(0);
  auto size = call.integer(1);
  if (!items || !size) return call.failure();
  List out;
  if (items->empty()) return Value::list(std::move(out));
  if (*size < 0) return call.fail("the size argument must be positive");
  if (*size == 0) return Value::list(List{call.arg(0)});
  const auto chunk = static_cast<size_t>(*size);
  for (size_t i = 0; i < items->size(); i += chunk) {
    out.push_back(Value::list(List(items->begin() + static_cast<std::ptrdiff_t>(i),
                                   items->begin() + static_cast<std::ptrdiff_t>(std::min(items->size(), i + chunk)))));
  }
  return Value::list(std::move(out));
}

Value fn_transpose(Call& call) {
  const Object* members = call.object(0);
  if (!members) return call.failure();
  std::map<std::string, List> out;
  for (const Member& m : *members) {
    if (!m.value.is_list()) return call.fail("the value of \"" + m.key + "\" must be a list of strings");
    for (const Value& item : m.value.as_list()) {
      auto s = primitive_to_string(item);
      if (!s) return call.fail("the value of \"" + m.key + "\" must be a list of strings");
      out[*s].push_back(Value::string(m.key));
    }
  }
  Object result;
  for (auto& [key, list] : out) result.push_back(Member{key, Value::list(std::move(list)), {}});
  return Value::object(std::move(result));
}

Value fn_matchkeys(Call& call) {
  const List* values = call.list(0);
  const List* keys = call.list(1);
  const List* search = call.list(2);
  if (!values || !keys || !search) return call.failure();
  if (values->size() != keys->size()) return call.fail("length of keys and values should be equal");
  List out;
  for (size_t i = 0; i < keys->size(); ++i) {
    if (std::any_of(search->begin(), search->end(), [&](const Value& s) { return loosely_equal(s, (*keys)[i]); })) {
      out.push_back((*values)[i]);
    }
  }
  return Value::list(std::move(out));
}

std::optional<bool> element_bool(Call& call, const Value& v) {
  if (v.is_bool()) return v.as_bool();
  if (v.is_string() && (v.as_string() == "true" || v.as_string() == "false")) return v.as_string() == "true";
  call.fail("elements must be bools, not " + v.to_display());
  return std::nullopt;
}

// As Terraform: the first unknown decides (unknown), a null counts as false.
Value fn_alltrue(Call& call) {
  if (call.arg(0).is_unknown()) return call.unknown_input();
  const List* items = call.list(0);
  if (!items) return call.failure();
  for (const Value& item : *items) {
    if (item.is_unknown()) return call.unknown_input();
    if (item.is_null()) return Value::boolean(false);
    auto b = element_bool(call, item);
    if (!b) return call.failure();
    if (!*b) return Value::boolean(false);
  }
  return Value::boolean(true);
}

// A known true anywhere wins over unknowns; nulls are skipped.
Value fn_anytrue(Call& call) {
  if (call.arg(0).is_unknown()) return call.unknown_input();
  const List* items = call.list(0);
  if (!items) return call.failure();
  bool unknown = false;
  for (const Value& item : *items) {
    if (item.is_unknown()) {
      unknown = true;
      continue;
    }
    if (item.is_null()) continue;
    auto b = element_bool(call, item);
    if (!b) return call.failure();
    if (*b) return Value::boolean(true);
  }
  return unknown ? call.unknown_input() : Value::boolean(false);
}

Value fn_sum(Call& call) {
  const List* items = call.list(0);
  if (!items) return call.failure();
  if (items->empty()) return call.fail("cannot sum an empty list");
  double total = 0;
  for (const Value& item : *items) {
    std::optional<double> n;
    if (item.is_number()) n = item.as_number();
    if (item.is_string()) n = parse_number(item.as_string());
    if (!n) return call.fail("argument must be list, set, or tuple of number values");
    total += *n;
  }
  return Value::number(total);
}

// ---- type conversions -------------------------------------------------------------

Value fn_tostring(Call& call) {
  const Value& v = call.arg(0);
  if (v.is_null()) return Value::null();
  if (auto s = primitive_to_string(v)) return Value::string(std::move(*s));
  return call.fail("cannot convert " + std::string(to_string(v.kind())) + " to string");
}

Value fn_tonumber(Call& call) {
  const Value& v = call.arg(0);
  if (v.is_null()) return Value::null();
  if (v.is_number()) return v;
  if (v.is_string()) {
    if (auto n = parse_number(v.as_string())) return Value::number(*n);
    return call.fail("cannot convert \"" + v.as_string() +
                     "\" to number; given string must be a decimal representation of a number");
  }
  return call.fail("cannot convert " + std::string(to_string(v.kind())) + " to number");
}

Value fn_tobool(Call& call) {
  const Value& v = call.arg(0);
  if (v.is_null()) return Value::null();
  if (v.is_bool()) return v;
  if (v.is_string() && (v.as_string() == "true" || v.as_string() == "false"))
    return Value::boolean(v.as_string() == "true");
  return call.fail("cannot convert " + v.to_display() + " to bool; only the strings \"true\" or \"false\" are allowed");
}

// vouch does not track sensitivity: both are the identity, unknowns included.
Value fn_identity(Call& call) {
  return call.arg(0);
}

const Function kCollectionFunctions[] = {
    {"alltrue", fn_alltrue, 1, 1, Unknowns::Handled},
    {"anytrue", fn_anytrue, 1, 1, Unknowns::Handled},
    {"chunklist", fn_chunklist, 2, 2, Unknowns::TopLevel},
    {"coalesce", fn_coalesce, 1, kVariadic, Unknowns::Handled},
    {"coalescelist", fn_coalescelist, 1, kVariadic, Unknowns::Handled},
    {"compact", fn_compact, 1, 1},
    {"concat", fn_concat, 1, kVariadic, Unknowns::TopLevel},
    {"contains", fn_contains, 2, 2},
    {"distinct", fn_distinct, 1, 1},
    {"element", fn_element, 2, 2, Unknowns::TopLevel},
    {"flatten", fn_flatten, 1, 1, Unknowns::TopLevel},
    {"index", fn_index, 2, 2},
    {"keys", fn_keys, 1, 1, Unknowns::TopLevel},
    {"length", fn_length, 1, 1, Unknowns::TopLevel},
    {"lookup", fn_lookup, 2, 3, Unknowns::Handled},
    {"matchkeys", fn_matchkeys, 3, 3},
    {"merge", fn_merge, 0, kVariadic, Unknowns::TopLevel},
    {"nonsensitive", fn_identity, 1, 1, Unknowns::Handled},
    {"one", fn_one, 1, 1, Unknowns::TopLevel},
    {"range", fn_range, 1, 3},
    {"reverse", fn_reverse, 1, 1, Unknowns::TopLevel},
    {"sensitive", fn_identity, 1, 1, Unknowns::Handled},
    {"setintersection", fn_setintersection, 1, kVariadic},
    {"setproduct", fn_setproduct, 2, kVariadic},
    {"setsubtract", fn_setsubtract, 2, 2},
    {"setunion", fn_setunion, 1, kVariadic},
    {"slice", fn_slice, 3, 3, Unknowns::TopLevel},
    {"sort", fn_sort, 1, 1},
    {"sum", fn_sum, 1, 1},
    {"tobool", fn_tobool, 1, 1},
    {"tolist", fn_tolist, 1, 1, Unknowns::TopLevel},
    {"tomap", fn_tomap, 1, 1, Unknowns::TopLevel},
    {"tonumber", fn_tonumber, 1, 1},
    {"toset", fn_toset, 1, 1},
    {"tostring", fn_tostring, 1, 1},
    {"transpose", fn_transpose, 1, 1},
    {"values", fn_values, 1, 1, Unknowns::TopLevel},
    {"zipmap", fn_zipmap, 2, 2, Unknowns::TopLevel},
};

}  // namespace

std::span<const Function> collection_functions() {
  return kCollectionFunctions;
}

}  // namespace vouch::terraform::fn
