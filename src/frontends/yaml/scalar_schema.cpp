#include "frontends/yaml/scalar_schema.h"

#include <charconv>
#include <cstdint>

namespace vouch::yaml {
namespace {

bool all_of(std::string_view text, bool (*accept)(char)) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!accept(c)) return false;
  }
  return true;
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_octal_digit(char c) {
  return c >= '0' && c <= '7';
}
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::optional<double> parse_unsigned(std::string_view digits, int base) {
  uint64_t n = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), n, base);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return static_cast<double>(n);
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? — the core schema's float (and int) form.
bool is_decimal(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  size_t int_digits = 0;
  while (i < text.size() && is_digit(text[i])) ++i, ++int_digits;
  size_t frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && is_digit(text[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < text.size() && is_digit(text[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == text.size();
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  if (text.size() > 2 && text[0] == '0' && text[1] == 'x' && all_of(text.substr(2), is_hex_digit)) {
    return parse_unsigned(text.substr(2), 16);
  }
  if (text.size() > 2 && text[0] == '0' && text[1] == 'o' && all_of(text.substr(2), is_octal_digit)) {
    return parse_unsigned(text.substr(2), 8);
  }
  // YAML 1.1 octal (`0644`), as Kubernetes (go-yaml) reads file modes such as defaultMode.
  if (text.size() > 1 && text[0] == '0' && all_of(text.substr(1), is_octal_digit)) {
    return parse_unsigned(text.substr(1), 8);
  }
  if (!is_decimal(text)) return std::nullopt;
  std::string_view digits = text[0] == '+' ? text.substr(1) : text;
  double value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  // Out-of-range decimals (1e999) stay strings rather than becoming infinities.
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

bool is_default_tag(std::string_view tag) {
  return tag.empty() || tag == "?" || tag == "!" || tag.starts_with(kStandardTagPrefix);
}

Value resolve_plain_scalar(const std::string& text, const SourceRange& range) {
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return Value::null(range);
  if (text == "true" || text == "True" || text == "TRUE") return Value::boolean(true, range);
  if (text == "false" || text == "False" || text == "FALSE") return Value::boolean(false, range);
  char first = text[0];
  if (is_digit(first) || first == '-' || first == '+' || first == '.') {
    if (auto number = parse_number(text)) return Value::number(*number, range);
  }
  return Value::string(text, range);
}

Value resolve_standard_tag(std::string_view tag, const std::string& text, const SourceRange& range, bool& mismatch) {
  mismatch = false;
  std::string_view type = tag.substr(kStandardTagPrefix.size());
  if (type == "null") {
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return Value::null(range);
  } else if (type == "bool") {
    if (text == "true" || text == "True" || text == "TRUE") return Value::boolean(true, range);
    if (text == "false" || text == "False" || text == "FALSE") return Value::boolean(false, range);
  } else if (type == "int" || type == "float") {
    if (auto number = parse_number(text)) return Value::number(*number, range);
  } else {
    return Value::string(text, range);  // str, binary, timestamp, …: kept as written
  }
  mismatch = true;
  return Value::string(text, range);
}

}  // namespace vouch::yaml
