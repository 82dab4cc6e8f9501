// The function table and what every family shares: dispatch with arity and unknown
// checks, argument conversion, number formatting, set order and UTF-8 helpers.
#include "frontends/terraform/functions.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "frontends/terraform/functions_support.h"

namespace vouch::terraform {
namespace fn {
namespace {

std::string ordinal_argument(size_t i) {
  return "argument " + std::to_string(i + 1);
}

}  // namespace

// ---- Call ---------------------------------------------------------------------------

Value Call::fail(std::string_view message) {
  failure_reason_ = std::string(name_) + ": " + std::string(message);
  if (ctx_.diagnostics) {
    Diagnostic d;
    d.level = DiagnosticLevel::Warning;
    d.code = "function-error";
    d.message = failure_reason_;
    d.range = ctx_.call_range;
    d.path = std::string(ctx_.call_range.path());
    ctx_.diagnostics->push_back(std::move(d));
  }
  return failure();
}

Value Call::failure() const {
  return Value::unknown(failure_reason_.empty() ? std::string(name_) + " failed" : failure_reason_, ctx_.call_range);
}

Value Call::unknown_input() const {
  return Value::unknown("depends on an unknown value", ctx_.call_range);
}

Value Call::not_known_before_apply() const {
  return Value::unknown(std::string(name_) + "() is not known before apply", ctx_.call_range);
}

bool Call::not_null(size_t i) {
  if (!args_[i].is_null()) return true;
  fail(ordinal_argument(i) + " must not be null");
  return false;
}

std::optional<std::string> Call::string(size_t i) {
  if (!not_null(i)) return std::nullopt;
  if (auto s = primitive_to_string(args_[i])) return s;
  fail(ordinal_argument(i) + " must be a string, not a " + std::string(to_string(args_[i].kind())));
  return std::nullopt;
}

std::optional<double> Call::number(size_t i) {
  if (!not_null(i)) return std::nullopt;
  const Value& v = args_[i];
  if (v.is_number()) return v.as_number();
  if (v.is_string()) {
    if (auto n = parse_number(v.as_string())) return n;
    fail(ordinal_argument(i) + ": cannot convert \"" + v.as_string() + "\" to a number");
    return std::nullopt;
  }
  fail(ordinal_argument(i) + " must be a number, not a " + std::string(to_string(v.kind())));
  return std::nullopt;
}

std::optional<int64_t> Call::integer(size_t i) {
  auto n = number(i);
  if (!n) return std::nullopt;
  if (std::trunc(*n) != *n || std::fabs(*n) > 9.2e18) {
    fail(ordinal_argument(i) + " must be a whole number, not " + format_number(*n));
    return std::nullopt;
  }
  return static_cast<int64_t>(*n);
}

std::optional<bool> Call::boolean(size_t i) {
  if (!not_null(i)) return std::nullopt;
  const Value& v = args_[i];
  if (v.is_bool()) return v.as_bool();
  if (v.is_string() && (v.as_string() == "true" || v.as_string() == "false")) return v.as_string() == "true";
  fail(ordinal_argument(i) + " must be a bool, not " + v.to_display());
  return std::nullopt;
}

const List* Call::list(size_t i) {
  if (!not_null(i)) return nullptr;
  if (args_[i].is_list()) return &args_[i].as_list();
  fail(ordinal_argument(i) + " must be a list, not a " + std::string(to_string(args_[i].kind())));
  return nullptr;
}

const Object* Call::object(size_t i) {
  if (!not_null(i)) return nullptr;
  if (args_[i].is_object()) return &args_[i].as_object();
  fail(ordinal_argument(i) + " must be a map or object, not a " + std::string(to_string(args_[i].kind())));
  return nullptr;
}

std::optional<std::vector<std::string>> Call::strings(size_t i) {
  const List* items = list(i);
  if (!items) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(items->size());
  for (size_t k = 0; k < items->size(); ++k) {
    const Value& item = (*items)[k];
    if (item.is_null()) {
      fail(ordinal_argument(i) + ": element " + std::to_string(k) + " is null");
      return std::nullopt;
    }
    auto s = primitive_to_string(item);
    if (!s) {
      fail(ordinal_argument(i) + ": element " + std::to_string(k) + " must be a string, not a " +
           std::string(to_string(item.kind())));
      return std::nullopt;
    }
    out.push_back(std::move(*s));
  }
  return out;
}

// ---- conversions --------------------------------------------------------------------

std::string format_number(double n) {
  if (std::isnan(n)) return "NaN";
  if (std::isinf(n)) return n > 0 ? "+Inf" : "-Inf";
  if (n == 0) return "0";  // also for -0
  char buf[400];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n, std::chars_format::fixed);
  if (ec != std::errc()) return std::to_string(n);
  return std::string(buf, end);
}

std::optional<double> parse_number(std::string_view text) {
  // The syntax cty accepts: sign, digits with an optional fraction, optional exponent.
  std::string_view s = text;
  size_t i = 0;
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
  } else if (!s.empty() && s.front() == '-') {
    i = 1;
  }
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exponent_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exponent_digits;
    if (exponent_digits == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range) {
    return s.front() == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<std::string> primitive_to_string(const Value& v) {
  switch (v.kind()) {
    case ValueKind::String:
      return v.as_string();
    case ValueKind::Number:
      return format_number(v.as_number());
    case ValueKind::Bool:
      return std::string(v.as_bool() ? "true" : "false");
    default:
      return std::nullopt;
  }
}

namespace {
bool is_primitive(const Value& v) {
  return v.is_bool() || v.is_number() || v.is_string();
}
}  // namespace

bool same_primitive_kind(const List& items) {
  std::optional<ValueKind> kind;
  for (const Value& item : items) {
    if (item.is_null()) continue;
    if (!is_primitive(item)) return false;
    if (kind && *kind != item.kind()) return false;
    kind = item.kind();
  }
  return true;
}

std::optional<List> unify(const List& items, std::string& error) {
  bool primitive = false, structural = false;
  for (const Value& item : items) {
    if (is_primitive(item)) primitive = true;
    if (item.is_list() || item.is_object()) structural = true;
  }
  if (primitive && structural) {
    error = "all elements must have the same type";
    return std::nullopt;
  }
  if (!primitive || same_primitive_kind(items)) return items;
  List out;
  out.reserve(items.size());
  for (const Value& item : items) {
    if (is_primitive(item)) {
      out.push_back(Value::string(*primitive_to_string(item), item.range()));
    } else {
      out.push_back(item);
    }
  }
  return out;
}

bool value_less(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return a.kind() < b.kind();
  switch (a.kind()) {
    case ValueKind::Bool:
      return a.as_bool() < b.as_bool();
    case ValueKind::Number:
      return a.as_number() < b.as_number();
    case ValueKind::String:
      return a.as_string() < b.as_string();
    case ValueKind::List:
    case ValueKind::Object:
      return a.to_display() < b.to_display();
    default:
      return false;
  }
}

List make_set(List items) {
  std::stable_sort(items.begin(), items.end(), value_less);
  items.erase(std::unique(items.begin(), items.end(), [](const Value& a, const Value& b) { return a.equals(b); }),
              items.end());
  return items;
}

// ---- text ---------------------------------------------------------------------------

namespace {
// Length of the UTF-8 sequence starting at s[i], or 0 when it is not a valid one.
size_t utf8_length(std::string_view s, size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > s.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return length;
}
}  // namespace

std::vector<std::string_view> characters(std::string_view s) {
  std::vector<std::string_view> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t length = utf8_length(s, i);
    if (length == 0) length = 1;
    out.push_back(s.substr(i, length));
    i += length;
  }
  return out;
}

uint32_t code_point(std::string_view ch) {
  const auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(ch[i])); };
  switch (ch.size()) {
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    case 4:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    default:
      return ch.empty() ? 0 : b(0);
  }
}

namespace {

// Code points that never start a user-perceived character: they extend the previous one.
bool extends_cluster(uint32_t c) {
  return (c >= 0x300 && c <= 0x36F) || (c >= 0x483 && c <= 0x489) || (c >= 0x591 && c <= 0x5BD) ||
         (c >= 0x610 && c <= 0x61A) || (c >= 0x64B && c <= 0x65F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F) ||
         (c >= 0xE0100 && c <= 0xE01EF) || c == 0x200D;
}

bool regional_indicator(uint32_t c) {
  return c >= 0x1F1E6 && c <= 0x1F1FF;
}

}  // namespace

std::vector<std::string_view> graphemes(std::string_view s) {
  const auto chars = characters(s);
  std::vector<std::string_view> out;
  out.reserve(chars.size());
  for (size_t i = 0; i < chars.size();) {
    const char* begin = chars[i].data();
    const uint32_t first = code_point(chars[i]);
    size_t j = i + 1;
    if (first == '\r' && j < chars.size() && chars[j] == "\n") {
      ++j;
    } else if (regional_indicator(first) && j < chars.size() && regional_indicator(code_point(chars[j]))) {
      ++j;
    }
    while (j < chars.size()) {
      const uint32_t c = code_point(chars[j]);
      if (c == 0x200D && j + 1 < chars.size()) {
        j += 2;  // a zero-width joiner glues the next code point on
      } else if (extends_cluster(c)) {
        ++j;
      } else {
        break;
      }
    }
    const char* end = chars[j - 1].data() + chars[j - 1].size();
    out.emplace_back(begin, static_cast<size_t>(end - begin));
    i = j;
  }
  return out;
}

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t length = utf8_length(s, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// ---- the table ----------------------------------------------------------------------

namespace {

const std::vector<Function>& table() {
  static const std::vector<Function> functions = [] {
    std::vector<Function> all;
    for (auto family : {string_functions(), collection_functions(), number_functions(), encoding_functions(),
                        network_functions(), crypto_functions(), file_functions(), time_functions()}) {
      all.insert(all.end(), family.begin(), family.end());
    }
    std::sort(all.begin(), all.end(), [](const Function& a, const Function& b) { return a.name < b.name; });
    return all;
  }();
  return functions;
}

bool has_unknown(const std::vector<Value>& args, Unknowns policy) {
  switch (policy) {
    case Unknowns::Any:
      return std::any_of(args.begin(), args.end(), [](const Value& v) { return v.contains_unknown(); });
    case Unknowns::TopLevel:
      return std::any_of(args.begin(), args.end(), [](const Value& v) { return v.is_unknown(); });
    case Unknowns::Handled:
      return false;
  }
  return false;
}

std::string arity_text(const Function& f) {
  if (f.max_args == kVariadic) return "at least " + std::to_string(f.min_args);
  if (f.min_args == f.max_args) return std::to_string(f.min_args);
  return std::to_string(f.min_args) + " to " + std::to_string(f.max_args);
}

}  // namespace
}  // namespace fn

std::optional<Value> call_function(std::string_view name, const std::vector<Value>& args, FunctionContext& ctx) {
  const auto& functions = fn::table();
  auto it = std::lower_bound(functions.begin(), functions.end(), name,
                             [](const fn::Function& f, std::string_view n) { return f.name < n; });
  if (it == functions.end() || it->name != name) return std::nullopt;
  fn::Call call(name, args, ctx);
  if (args.size() < it->min_args || (it->max_args != fn::kVariadic && args.size() > it->max_args)) {
    return call.fail("expected " + fn::arity_text(*it) + " argument" +
                     (it->min_args == 1 && it->max_args == 1 ? "" : "s") + ", got " + std::to_string(args.size()));
  }
  if (fn::has_unknown(args, it->unknowns)) return call.unknown_input();
  Value result = it->impl(call);
  if (!result.range().valid()) result.set_range(ctx.call_range);
  return result;
}

const std::vector<std::string>& implemented_functions() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const fn::Function& f : fn::table()) out.emplace_back(f.name);
    return out;
  }();
  return names;
}

}  // namespace vouch::terraform
