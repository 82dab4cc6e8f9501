// String functions: format/formatlist (cty's printf dialect), join/split, replace and
// the regex functions (RE2 is the engine Go's regexp mirrors), case, trimming, substr.
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>

#include "frontends/terraform/functions_support.h"

namespace vouch::terraform::fn {
namespace {

// ---- code points --------------------------------------------------------------------

// Latin Extended-A pairs letters as (upper, lower) code points; which parity is the
// upper-case one depends on the block.
bool latin_extended_upper_is_even(uint32_t c) {
  return (c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177);
}
bool latin_extended_upper_is_odd(uint32_t c) {
  return (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
}

// Simple case mappings for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic; other
// scripts keep their case (Go's unicode tables cover more).
uint32_t to_upper(uint32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
  if (c == 0xFF) return 0x178;
  if (latin_extended_upper_is_even(c) && c % 2 == 1) return c - 1;
  if (latin_extended_upper_is_odd(c) && c % 2 == 0) return c - 1;
  if (c == 0x3C2) return 0x3A3;  // final sigma
  if (c >= 0x3B1 && c <= 0x3C9) return c - 32;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  return c;
}

uint32_t to_lower(uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c == 0x178) return 0xFF;
  if (latin_extended_upper_is_even(c) && c % 2 == 0) return c + 1;
  if (latin_extended_upper_is_odd(c) && c % 2 == 1) return c + 1;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

bool is_space(uint32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == ' ' || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

template <typename Map>
std::string map_characters(std::string_view s, Map map) {
  std::string out;
  out.reserve(s.size());
  for (std::string_view ch : characters(s)) {
    const uint32_t c = code_point(ch);
    const uint32_t mapped = map(c);
    if (mapped == c || !valid_utf8(ch)) {
      out += ch;
    } else {
      append_utf8(out, mapped);
    }
  }
  return out;
}

// ---- format ---------------------------------------------------------------------------

struct Verb {
  std::string raw;
  size_t offset = 0;
  size_t arg = 0;  // 1-based
  char mode = 0;
  bool zero = false, sharp = false, plus = false, minus = false, space = false;
  int width = -1;
  int precision = -1;
};

std::string pad_to_width(const Verb& verb, std::string text) {
  const auto count = static_cast<int>(graphemes(text).size());
  if (verb.width < 0 || count >= verb.width) return text;
  std::string pad(static_cast<size_t>(verb.width - count), verb.zero ? '0' : ' ');
  return verb.minus ? text + pad : pad + text;
}

// Go's formatting of a float in 'e' / 'f' style from decimal digits `digits` with the
// decimal point after `point` digits.
std::string format_e(const std::string& digits, int point, int precision, char e) {
  std::string out(1, digits.empty() ? '0' : digits[0]);
  if (precision > 0) {
    out += '.';
    for (int i = 1; i <= precision; ++i)
      out += static_cast<size_t>(i) < digits.size() ? digits[static_cast<size_t>(i)] : '0';
  }
  int exponent = digits.empty() || digits == "0" ? 0 : point - 1;
  out += e;
  out += exponent < 0 ? '-' : '+';
  exponent = std::abs(exponent);
  if (exponent < 10) out += '0';
  out += std::to_string(exponent);
  return out;
}

std::string format_f(const std::string& digits, int point, int precision) {
  std::string out;
  if (point > 0) {
    for (int i = 0; i < point; ++i)
      out += static_cast<size_t>(i) < digits.size() ? digits[static_cast<size_t>(i)] : '0';
  } else {
    out = "0";
  }
  if (precision > 0) {
    out += '.';
    for (int i = 0; i < precision; ++i) {
      const int k = point + i;
      out += k >= 0 && static_cast<size_t>(k) < digits.size() ? digits[static_cast<size_t>(k)] : '0';
    }
  }
  return out;
}

// The decimal digits of |x| ("" for zero) and the position of the decimal point,
// either shortest (precision < 0) or rounded to `precision` significant digits.
void decimal_digits(double x, int precision, std::string& digits, int& point) {
  char buf[64];
  std::string text;
  if (precision < 0) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    text = ec == std::errc() ? std::string(buf, end) : "0e+00";
  } else {
    std::snprintf(buf, sizeof buf, "%.*e", std::max(precision - 1, 0), x);
    text = buf;
  }
  const size_t e = text.find('e');
  digits = text.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  point = std::stoi(text.substr(e + 1)) + 1;
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  if (digits == "0") {
    digits.clear();
    point = 0;
  }
}

// Go's %g of |x| (big.Float semantics): shortest when precision < 0.
std::string format_g(double x, int precision, bool upper) {
  std::string digits;
  int point = 0;
  const bool shortest = precision < 0;
  if (precision == 0) precision = 1;
  precision = std::min(precision, 60);  // beyond this a double has no more digits to show
  decimal_digits(x, precision, digits, point);
  if (digits.empty()) return "0";
  const int count = static_cast<int>(digits.size());
  if (shortest) precision = count;
  int exponent_limit = precision;
  if (exponent_limit > count && count >= point) exponent_limit = count;
  if (shortest) exponent_limit = 6;
  const int exponent = point - 1;
  if (exponent < -4 || exponent >= exponent_limit) {
    return format_e(digits, point, std::min(precision, count) - 1, upper ? 'E' : 'e');
  }
  if (precision > point) precision = count;
  return format_f(digits, point, std::max(precision - point, 0));
}

// Go's fmt for a float: sign, then zero / left / right padding.
std::string go_float(const Verb& verb, double value) {
  const double magnitude = std::fabs(value);
  std::string body;
  const int precision = verb.precision;
  char buf[512];
  switch (verb.mode) {
    case 'e':
    case 'E':
      std::snprintf(buf, sizeof buf, verb.mode == 'e' ? "%.*e" : "%.*E", precision < 0 ? 6 : std::min(precision, 300),
                    magnitude);
      body = buf;
      break;
    case 'f':
      std::snprintf(buf, sizeof buf, "%.*f", precision < 0 ? 6 : std::min(precision, 100), magnitude);
      body = buf;
      break;
    default:
      body = format_g(magnitude, precision, verb.mode == 'G');
      break;
  }
  std::string sign = std::signbit(value) && value != 0 ? "-" : verb.plus ? "+" : verb.space ? " " : "";
  const int used = static_cast<int>(sign.size() + body.size());
  const size_t padding = verb.width > used ? static_cast<size_t>(verb.width - used) : 0;
  if (verb.zero) return sign + std::string(padding, '0') + body;
  if (verb.minus) return sign + body + std::string(padding, ' ');
  return std::string(padding, ' ') + sign + body;
}

// Go's fmt for an integer verb (%b %d %o %x %X).
std::string go_integer(const Verb& verb, double value) {
  const bool negative = value < 0;
  const double magnitude = std::fabs(value);
  std::string digits;
  if (verb.mode == 'd' && magnitude >= 1.8e19) {
    digits = format_number(magnitude);
  } else {
    auto n = static_cast<uint64_t>(magnitude);
    const unsigned base = verb.mode == 'b' ? 2 : verb.mode == 'o' ? 8 : verb.mode == 'd' ? 10 : 16;
    const char* alphabet = verb.mode == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
      digits.insert(digits.begin(), alphabet[n % base]);
      n /= base;
    } while (n > 0);
  }
  int precision = verb.precision;
  if (precision < 0 && verb.zero && verb.width >= 0 && !verb.minus) {
    precision = verb.width - ((negative || verb.plus || verb.space) ? 1 : 0);
  }
  if (verb.precision == 0 && magnitude == 0) digits.clear();  // Go prints nothing for %.0d of 0
  if (precision > 0 && static_cast<int>(digits.size()) < precision) {
    digits.insert(0, static_cast<size_t>(precision) - digits.size(), '0');
  }
  if (verb.sharp) {
    if (verb.mode == 'b') digits.insert(0, "0b");
    if (verb.mode == 'o' && (digits.empty() || digits[0] != '0')) digits.insert(0, "0");
    if (verb.mode == 'x') digits.insert(0, "0x");
    if (verb.mode == 'X') digits.insert(0, "0X");
  }
  if (negative) {
    digits.insert(0, "-");
  } else if (verb.plus) {
    digits.insert(0, "+");
  } else if (verb.space) {
    digits.insert(0, " ");
  }
  if (verb.width > static_cast<int>(digits.size())) {
    std::string pad(static_cast<size_t>(verb.width) - digits.size(), ' ');
    digits = verb.minus ? digits + pad : pad + digits;
  }
  return digits;
}

// Appends one verb's output; returns an error message or "".
std::string append_verb(Verb& verb, std::string& out, const std::vector<Value>& args) {
  const std::string where = "\"" + verb.raw + "\" at " + std::to_string(verb.offset);
  if (verb.arg > args.size()) {
    return "not enough arguments for " + where + ": need index " + std::to_string(verb.arg) + " but have " +
           std::to_string(args.size()) + " total";
  }
  const Value& arg = args[verb.arg - 1];
  if (verb.mode != 'v' && arg.is_null()) return "unsupported value for " + where + ": null value cannot be formatted";
  switch (verb.mode) {
    case 'v': {
      if (!verb.sharp && arg.is_string()) {
        out += pad_to_width(verb, arg.as_string());
      } else if (!verb.sharp && arg.is_number()) {
        std::string text = format_g(std::fabs(arg.as_number()), -1, false);
        if (arg.as_number() < 0) text.insert(0, "-");
        out += pad_to_width(verb, text);
      } else {
        out += pad_to_width(verb, json_encode(arg).value_or(""));
      }
      return "";
    }
    case 't': {
      if (arg.is_bool()) {
        out += arg.as_bool() ? "true" : "false";
      } else if (arg.is_string() && (arg.as_string() == "true" || arg.as_string() == "false")) {
        out += arg.as_string();
      } else {
        return "unsupported value for " + where + ": bool required";
      }
      return "";
    }
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X':
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G': {
      std::optional<double> n;
      if (arg.is_number()) n = arg.as_number();
      if (arg.is_string()) n = parse_number(arg.as_string());
      if (!n) return "unsupported value for " + where + ": number required";
      if (std::string_view("bdoxX").find(verb.mode) != std::string_view::npos) {
        if (std::trunc(*n) != *n) return "unsupported value for " + where + ": an integer is required";
        if (verb.mode != 'd' && std::fabs(*n) >= 18446744073709551616.0) {
          return "unsupported value for " + where + ": vouch formats integers in this base only below 2^64";
        }
        out += go_integer(verb, *n);
      } else {
        out += go_float(verb, *n);
      }
      return "";
    }
    case 's':
    case 'q': {
      auto text = primitive_to_string(arg);
      if (!text) return "unsupported value for " + where + ": string required";
      if (verb.precision > 0) {
        auto chars = graphemes(*text);
        if (chars.size() > static_cast<size_t>(verb.precision)) {
          const std::string_view last = chars[static_cast<size_t>(verb.precision) - 1];
          text = text->substr(0, static_cast<size_t>(last.data() + last.size() - text->data()));
        }
      }
      out += pad_to_width(verb, verb.mode == 's' ? *text : *json_encode(Value::string(*text)));
      return "";
    }
    default:
      return std::string("unsupported format verb '") + verb.mode + "' in " + where;
  }
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// cty's printf dialect: %[flags][[n]][width][.precision]verb, and %%.
std::string format_string(std::string_view format, const std::vector<Value>& args, std::string& error) {
  std::string out;
  size_t next_arg = 1, highest_used = 0;
  for (size_t p = 0; p < format.size();) {
    if (format[p] != '%') {
      out += format[p++];
      continue;
    }
    if (p + 1 < format.size() && format[p + 1] == '%') {
      out += '%';
      p += 2;
      continue;
    }
    Verb verb;
    verb.offset = p;
    verb.arg = next_arg;
    size_t q = p + 1;
    for (; q < format.size(); ++q) {
      const char c = format[q];
      if (c == '0')
        verb.zero = true;
      else if (c == '#')
        verb.sharp = true;
      else if (c == '-')
        verb.minus = true;
      else if (c == '+')
        verb.plus = true;
      else if (c == ' ')
        verb.space = true;
      else
        break;
    }
    auto read_number = [&](int& target) {
      target = 0;
      while (q < format.size() && is_digit(format[q]) && target < 100000) target = target * 10 + (format[q++] - '0');
    };
    if (q < format.size() && format[q] == '[') {
      ++q;
      if (q >= format.size() || !is_digit(format[q]) || format[q] == '0') {
        error = "invalid format string starting at offset " + std::to_string(p);
        return out;
      }
      int index = 0;
      read_number(index);
      if (q >= format.size() || format[q] != ']') {
        error = "invalid format string starting at offset " + std::to_string(p);
        return out;
      }
      ++q;
      verb.arg = static_cast<size_t>(index);
    }
    if (q < format.size() && is_digit(format[q]) && format[q] != '0') read_number(verb.width);
    if (q < format.size() && format[q] == '.') {
      ++q;
      read_number(verb.precision);
    }
    if (q >= format.size()) {
      error = "invalid format string starting at offset " + std::to_string(p);
      return out;
    }
    const char mode = format[q];
    if (!((mode >= 'a' && mode <= 'z') || (mode >= 'A' && mode <= 'Z'))) {
      error = std::string("unrecognized format character '") + mode + "' at offset " + std::to_string(q);
      return out;
    }
    verb.mode = mode;
    verb.raw = std::string(format.substr(p, q + 1 - p));
    error = append_verb(verb, out, args);
    if (!error.empty()) return out;
    if (out.size() > kMaxResultBytes) {
      error = "the result is larger than 64 MiB";
      return out;
    }
    highest_used = std::max(highest_used, verb.arg);
    next_arg = verb.arg + 1;
    p = q + 1;
  }
  if (highest_used < args.size()) {
    error = highest_used == 0 ? "too many arguments; no verbs in format string"
                              : "too many arguments; only " + std::to_string(highest_used) + " used by format string";
  }
  return out;
}

Value fn_format(Call& call) {
  auto format = call.string(0);
  if (!format) return call.failure();
  std::vector<Value> args(call.args().begin() + 1, call.args().end());
  std::string error;
  std::string out = format_string(*format, args, error);
  if (!error.empty()) return call.fail(error);
  return Value::string(std::move(out));
}

Value fn_formatlist(Call& call) {
  if (call.arg(0).is_unknown()) return call.unknown_input();
  auto format = call.string(0);
  if (!format) return call.failure();
  const size_t count = call.size() - 1;
  std::optional<size_t> length;
  size_t length_from = 0;
  for (size_t i = 1; i < call.size(); ++i) {
    const Value& arg = call.arg(i);
    if (arg.is_unknown()) {
      // An unknown could be a list of unknown length: nothing can be said yet.
      return call.unknown_input();
    }
    if (!arg.is_list()) continue;
    if (length && *length != arg.as_list().size()) {
      return call.fail("argument " + std::to_string(i + 1) + " has length " + std::to_string(arg.as_list().size()) +
                       ", which is inconsistent with argument " + std::to_string(length_from + 1) + " of length " +
                       std::to_string(*length));
    }
    length = arg.as_list().size();
    length_from = i;
  }
  const size_t rounds = length.value_or(1);
  size_t total = 0;
  List out;
  out.reserve(rounds);
  for (size_t round = 0; round < rounds; ++round) {
    std::vector<Value> args;
    args.reserve(count);
    bool unknown = false;
    for (size_t i = 1; i < call.size(); ++i) {
      const Value& arg = call.arg(i);
      args.push_back(arg.is_list() ? arg.as_list()[round] : arg);
      unknown = unknown || args.back().contains_unknown();
    }
    if (unknown) {
      out.push_back(call.unknown_input());
      continue;
    }
    std::string error;
    std::string text = format_string(*format, args, error);
    if (!error.empty()) return call.fail("error on format iteration " + std::to_string(round) + ": " + error);
    total += text.size();
    if (total > kMaxResultBytes) return call.fail("the result is larger than 64 MiB");
    out.push_back(Value::string(std::move(text)));
  }
  return Value::list(std::move(out));
}

// ---- join, split, replace -----------------------------------------------------------

Value fn_join(Call& call) {
  auto separator = call.string(0);
  if (!separator) return call.failure();
  if (call.size() < 2) return call.fail("at least one list is required");
  std::string out;
  bool first = true;
  for (size_t i = 1; i < call.size(); ++i) {
    auto items = call.strings(i);
    if (!items) return call.failure();
    for (const std::string& item : *items) {
      if (!first) out += *separator;
      first = false;
      out += item;
      if (out.size() > kMaxResultBytes) return call.fail("the result is larger than 64 MiB");
    }
  }
  return Value::string(std::move(out));
}

Value fn_split(Call& call) {
  auto separator = call.string(0);
  auto text = call.string(1);
  if (!separator || !text) return call.failure();
  List out;
  if (separator->empty()) {
    for (std::string_view ch : characters(*text)) out.push_back(Value::string(std::string(ch)));
    return Value::list(std::move(out));
  }
  size_t start = 0;
  while (true) {
    const size_t at = text->find(*separator, start);
    if (at == std::string::npos) break;
    out.push_back(Value::string(text->substr(start, at - start)));
    start = at + separator->size();
  }
  out.push_back(Value::string(text->substr(start)));
  return Value::list(std::move(out));
}

// Compiled patterns, per thread: regex() inside a for expression or a validation
// block sees the same pattern many times. Cleared when full, so it stays small.
std::shared_ptr<const RE2> compile(const std::string& pattern, std::string& error) {
  thread_local std::map<std::string, std::shared_ptr<const RE2>, std::less<>> cache;
  if (auto it = cache.find(pattern); it != cache.end()) return it->second;
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(pattern, options);
  if (!re->ok()) {
    error = "invalid regular expression pattern: " + re->error();
    return nullptr;
  }
  if (pattern.size() > 4096) return re;  // a huge pattern is not worth keeping
  if (cache.size() >= 256) cache.clear();
  cache.emplace(pattern, re);
  return re;
}

size_t rune_width(std::string_view s, size_t pos) {
  if (pos >= s.size()) return 1;
  return characters(s.substr(pos, std::min<size_t>(4, s.size() - pos))).front().size();
}

// Runs `re` over `text` the way Go's FindAll / ReplaceAll do: no empty match directly
// after a previous match, and always advancing at least one character.
template <typename OnMatch>
void for_each_match(const RE2& re, std::string_view text, OnMatch on_match) {
  const int groups = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> match(static_cast<size_t>(groups) + 1);
  size_t pos = 0;
  std::optional<size_t> previous_end;
  while (pos <= text.size()) {
    if (!re.Match(re2::StringPiece(text.data(), text.size()), pos, text.size(), RE2::UNANCHORED, match.data(),
                  groups + 1)) {
      break;
    }
    const size_t start = static_cast<size_t>(match[0].data() - text.data());
    const size_t end = start + match[0].size();
    bool accept = true;
    if (end == start) {
      if (previous_end && start == *previous_end) accept = false;
      pos = std::max(pos, start) + rune_width(text, std::max(pos, start));
    } else {
      pos = end;
    }
    previous_end = end;
    if (accept) on_match(match, start, end);
  }
}

// Go's Regexp.Expand template: $1, ${1}, $name, ${name}, $$.
void expand(std::string& out, std::string_view replacement, const RE2& re, const std::vector<re2::StringPiece>& match) {
  const auto& names = re.NamedCapturingGroups();
  for (size_t i = 0; i < replacement.size(); ++i) {
    if (replacement[i] != '$' || i + 1 >= replacement.size()) {
      out += replacement[i];
      continue;
    }
    if (replacement[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string_view name;
    size_t next = i + 1;
    const bool braced = replacement[next] == '{';
    if (braced) ++next;
    const size_t name_start = next;
    while (next < replacement.size() &&
           (std::isalnum(static_cast<unsigned char>(replacement[next])) || replacement[next] == '_')) {
      ++next;
    }
    name = replacement.substr(name_start, next - name_start);
    if (name.empty() || (braced && (next >= replacement.size() || replacement[next] != '}'))) {
      out += '$';  // malformed: Go keeps the text as it is
      continue;
    }
    if (braced) ++next;
    i = next - 1;
    int group = -1;
    if (std::all_of(name.begin(), name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      group = name.size() < 6 ? std::stoi(std::string(name)) : -1;
    } else if (auto it = names.find(std::string(name)); it != names.end()) {
      group = it->second;
    }
    if (group >= 0 && static_cast<size_t>(group) < match.size() && match[static_cast<size_t>(group)].data()) {
      out.append(match[static_cast<size_t>(group)].data(), match[static_cast<size_t>(group)].size());
    }
  }
}

Value fn_replace(Call& call) {
  auto text = call.string(0);
  auto search = call.string(1);
  auto replacement = call.string(2);
  if (!text || !search || !replacement) return call.failure();
  std::string out;
  if (search->size() > 1 && search->front() == '/' && search->back() == '/') {
    std::string error;
    auto re = compile(search->substr(1, search->size() - 2), error);
    if (!re) return call.fail(error);
    size_t last_end = 0;
    bool too_large = false;
    for_each_match(*re, *text, [&](const std::vector<re2::StringPiece>& match, size_t start, size_t end) {
      if (too_large) return;
      out.append(*text, last_end, start - last_end);
      expand(out, *replacement, *re, match);
      last_end = end;
      too_large = out.size() > kMaxResultBytes;
    });
    if (too_large) return call.fail("the result is larger than 64 MiB");
    out.append(*text, last_end);
    return Value::string(std::move(out));
  }
  if (search->empty()) {
    // Go inserts the replacement before every character and at the end.
    if ((text->size() + 1) * replacement->size() > kMaxResultBytes)
      return call.fail("the result is larger than 64 MiB");
    for (std::string_view ch : characters(*text)) {
      out += *replacement;
      out += ch;
    }
    out += *replacement;
    return Value::string(std::move(out));
  }
  size_t start = 0;
  for (size_t at; (at = text->find(*search, start)) != std::string::npos; start = at + search->size()) {
    out.append(*text, start, at - start);
    out += *replacement;
    if (out.size() > kMaxResultBytes) return call.fail("the result is larger than 64 MiB");
  }
  out.append(*text, start);
  return Value::string(std::move(out));
}

// ---- regex, regexall ------------------------------------------------------------------

enum class RegexShape { Whole, Groups, Named };

Value regex_result(const RE2& re, RegexShape shape, const std::vector<re2::StringPiece>& match) {
  auto piece = [](const re2::StringPiece& p) {
    return p.data() ? Value::string(std::string(p.data(), p.size())) : Value::null();
  };
  switch (shape) {
    case RegexShape::Whole:
      return piece(match[0]);
    case RegexShape::Groups: {
      List groups;
      for (size_t i = 1; i < match.size(); ++i) groups.push_back(piece(match[i]));
      return Value::list(std::move(groups));
    }
    case RegexShape::Named: {
      Object members;
      for (const auto& [name, index] : re.NamedCapturingGroups()) {
        members.push_back(Member{name, piece(match[static_cast<size_t>(index)]), {}});
      }
      return Value::object(std::move(members));
    }
  }
  return Value::null();
}

std::shared_ptr<const RE2> compile_for_regex(Call& call, RegexShape& shape, std::string& error) {
  auto pattern = call.string(0);
  if (!pattern) return nullptr;
  auto re = compile(*pattern, error);
  if (!re) return nullptr;
  const size_t named = re->NamedCapturingGroups().size();
  const auto groups = static_cast<size_t>(re->NumberOfCapturingGroups());
  if (named > 0 && named != groups) {
    error = "invalid regular expression pattern: can't mix both named and unnamed capture groups";
    return nullptr;
  }
  shape = groups == 0 ? RegexShape::Whole : named > 0 ? RegexShape::Named : RegexShape::Groups;
  return re;
}

Value fn_regex(Call& call) {
  RegexShape shape{};
  std::string error;
  auto re = compile_for_regex(call, shape, error);
  if (!re) return error.empty() ? call.failure() : call.fail(error);
  auto text = call.string(1);
  if (!text) return call.failure();
  std::vector<re2::StringPiece> match(static_cast<size_t>(re->NumberOfCapturingGroups()) + 1);
  if (!re->Match(*text, 0, text->size(), RE2::UNANCHORED, match.data(), static_cast<int>(match.size()))) {
    return call.fail("pattern did not match any part of the given string");
  }
  return regex_result(*re, shape, match);
}

Value fn_regexall(Call& call) {
  RegexShape shape{};
  std::string error;
  auto re = compile_for_regex(call, shape, error);
  if (!re) return error.empty() ? call.failure() : call.fail(error);
  auto text = call.string(1);
  if (!text) return call.failure();
  List out;
  for_each_match(*re, *text, [&](const std::vector<re2::StringPiece>& match, size_t, size_t) {
    out.push_back(regex_result(*re, shape, match));
  });
  return Value::list(std::move(out));
}

// ---- case, trimming, pieces -------------------------------------------------------------

Value fn_lower(Call& call) {
  auto s = call.string(0);
  return s ? Value::string(map_characters(*s, to_lower)) : call.failure();
}

Value fn_upper(Call& call) {
  auto s = call.string(0);
  return s ? Value::string(map_characters(*s, to_upper)) : call.failure();
}

// Go's strings.Title: upper-case a letter that follows a separator (anything but a
// letter, digit or underscore).
Value fn_title(Call& call) {
  auto s = call.string(0);
  if (!s) return call.failure();
  std::string out;
  bool after_separator = true;
  for (std::string_view ch : characters(*s)) {
    const uint32_t c = code_point(ch);
    const bool separator = c < 0x80 ? !(std::isalnum(static_cast<int>(c)) || c == '_') : is_space(c);
    if (after_separator && to_upper(c) != c && valid_utf8(ch)) {
      append_utf8(out, to_upper(c));
    } else {
      out += ch;
    }
    after_separator = separator;
  }
  return Value::string(std::move(out));
}

template <typename Predicate>
std::string trim_characters(std::string_view s, Predicate drop) {
  auto chars = characters(s);
  size_t begin = 0, end = chars.size();
  while (begin < end && drop(chars[begin])) ++begin;
  while (end > begin && drop(chars[end - 1])) --end;
  if (begin == end) return "";
  return std::string(chars[begin].data(),
                     static_cast<size_t>(chars[end - 1].data() + chars[end - 1].size() - chars[begin].data()));
}

Value fn_trim(Call& call) {
  auto s = call.string(0);
  auto cutset = call.string(1);
  if (!s || !cutset) return call.failure();
  auto cut = characters(*cutset);
  return Value::string(
      trim_characters(*s, [&](std::string_view ch) { return std::find(cut.begin(), cut.end(), ch) != cut.end(); }));
}

Value fn_trimspace(Call& call) {
  auto s = call.string(0);
  if (!s) return call.failure();
  return Value::string(trim_characters(*s, [](std::string_view ch) { return is_space(code_point(ch)); }));
}

Value fn_trimprefix(Call& call) {
  auto s = call.string(0);
  auto prefix = call.string(1);
  if (!s || !prefix) return call.failure();
  return Value::string(s->starts_with(*prefix) ? s->substr(prefix->size()) : *s);
}

Value fn_trimsuffix(Call& call) {
  auto s = call.string(0);
  auto suffix = call.string(1);
  if (!s || !suffix) return call.failure();
  return Value::string(s->ends_with(*suffix) ? s->substr(0, s->size() - suffix->size()) : *s);
}

Value fn_chomp(Call& call) {
  auto s = call.string(0);
  if (!s) return call.failure();
  size_t end = s->size();
  while (end > 0 && ((*s)[end - 1] == '\n' || (*s)[end - 1] == '\r')) --end;
  return Value::string(s->substr(0, end));
}

Value fn_indent(Call& call) {
  auto spaces = call.integer(0);
  auto s = call.string(1);
  if (!spaces || !s) return call.failure();
  if (*spaces < 0 || *spaces > 10000) return call.fail("spaces must be between 0 and 10000");
  const auto lines = static_cast<size_t>(std::count(s->begin(), s->end(), '\n'));
  if (s->size() + lines * static_cast<size_t>(*spaces) > kMaxResultBytes) {
    return call.fail("the result is larger than 64 MiB");
  }
  const std::string pad = "\n" + std::string(static_cast<size_t>(*spaces), ' ');
  std::string out;
  for (char c : *s) {
    if (c == '\n') {
      out += pad;
    } else {
      out += c;
    }
  }
  return Value::string(std::move(out));
}

// cty's substr, in user-perceived characters: a negative offset counts from the end, a negative length
// takes the rest.
Value fn_substr(Call& call) {
  auto s = call.string(0);
  auto offset = call.integer(1);
  auto length = call.integer(2);
  if (!s || !offset || !length) return call.failure();
  auto chars = graphemes(*s);
  const auto total = static_cast<int64_t>(chars.size());
  int64_t start = *offset;
  if (start < 0) {
    start += total;
  } else if (*length == 0) {
    return Value::string("");
  }
  start = std::max<int64_t>(start, 0);
  if (start >= total) return Value::string("");
  int64_t end = total;
  // As in cty, a zero length after a negative offset does not stop early: it takes the rest.
  if (*length > 0) end = std::min(total, start + *length);
  const char* from = chars[static_cast<size_t>(start)].data();
  const char* to = chars[static_cast<size_t>(end - 1)].data() + chars[static_cast<size_t>(end - 1)].size();
  return Value::string(std::string(from, static_cast<size_t>(to - from)));
}

Value fn_strrev(Call& call) {
  auto s = call.string(0);
  if (!s) return call.failure();
  auto chars = graphemes(*s);
  std::string out;
  out.reserve(s->size());
  for (auto it = chars.rbegin(); it != chars.rend(); ++it) out += *it;
  return Value::string(std::move(out));
}

Value fn_startswith(Call& call) {
  auto s = call.string(0);
  auto prefix = call.string(1);
  if (!s || !prefix) return call.failure();
  return Value::boolean(s->starts_with(*prefix));
}

Value fn_endswith(Call& call) {
  auto s = call.string(0);
  auto suffix = call.string(1);
  if (!s || !suffix) return call.failure();
  return Value::boolean(s->ends_with(*suffix));
}

Value fn_strcontains(Call& call) {
  auto s = call.string(0);
  auto part = call.string(1);
  if (!s || !part) return call.failure();
  return Value::boolean(s->find(*part) != std::string::npos);
}

const Function kStringFunctions[] = {
    {"chomp", fn_chomp, 1, 1},
    {"endswith", fn_endswith, 2, 2},
    {"format", fn_format, 1, kVariadic},
    {"formatlist", fn_formatlist, 1, kVariadic, Unknowns::Handled},
    {"indent", fn_indent, 2, 2},
    {"join", fn_join, 1, kVariadic},
    {"lower", fn_lower, 1, 1},
    {"regex", fn_regex, 2, 2},
    {"regexall", fn_regexall, 2, 2},
    {"replace", fn_replace, 3, 3},
    {"split", fn_split, 2, 2},
    {"startswith", fn_startswith, 2, 2},
    {"strcontains", fn_strcontains, 2, 2},
    {"strrev", fn_strrev, 1, 1},
    {"substr", fn_substr, 3, 3},
    {"title", fn_title, 1, 1},
    {"trim", fn_trim, 2, 2},
    {"trimprefix", fn_trimprefix, 2, 2},
    {"trimspace", fn_trimspace, 1, 1},
    {"trimsuffix", fn_trimsuffix, 2, 2},
    {"upper", fn_upper, 1, 1},
};

}  // namespace

std::span<const Function> string_functions() {
  return kStringFunctions;
}

}  // namespace vouch::terraform::fn
