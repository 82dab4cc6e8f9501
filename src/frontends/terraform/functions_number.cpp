// Numeric functions. Numbers are doubles (Terraform's are arbitrary-precision), which
// is exact for the integers infrastructure code uses.
#include <cmath>
#include <limits>

#include "frontends/terraform/functions_support.h"

namespace vouch::terraform::fn {
namespace {

template <typename Pick>
Value extreme(Call& call, Pick better) {
  double result = 0;
  for (size_t i = 0; i < call.size(); ++i) {
    auto n = call.number(i);
    if (!n) return call.failure();
    if (i == 0 || better(*n, result)) result = *n;
  }
  return Value::number(result);
}

Value fn_min(Call& call) {
  return extreme(call, [](double a, double b) { return a < b; });
}
Value fn_max(Call& call) {
  return extreme(call, [](double a, double b) { return a > b; });
}

template <double (*F)(double)>
Value unary(Call& call) {
  auto n = call.number(0);
  return n ? Value::number(F(*n)) : call.failure();
}

double abs_of(double x) {
  return std::fabs(x);
}
double ceil_of(double x) {
  return std::ceil(x);
}
double floor_of(double x) {
  return std::floor(x);
}
double signum_of(double x) {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

Value fn_log(Call& call) {
  auto n = call.number(0);
  auto base = call.number(1);
  if (!n || !base) return call.failure();
  return Value::number(std::log(*n) / std::log(*base));
}

Value fn_pow(Call& call) {
  auto n = call.number(0);
  auto power = call.number(1);
  if (!n || !power) return call.failure();
  return Value::number(std::pow(*n, *power));
}

// Go's big.Int SetString with an explicit base: an optional sign, then digits; above
// base 36 the upper-case letters are the digits 36 to 61.
Value fn_parseint(Call& call) {
  auto text = call.string(0);
  auto base = call.integer(1);
  if (!text || !base) return call.failure();
  if (*base < 2 || *base > 62) return call.fail("base must be a whole number between 2 and 62 inclusive");
  std::string_view digits = *text;
  bool negative = false;
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  auto bad = [&] {
    return call.fail("cannot parse \"" + *text + "\" as a base " + std::to_string(*base) + " integer");
  };
  if (digits.empty()) return bad();
  double value = 0;
  for (char c : digits) {
    int d = -1;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'z')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z')
      d = *base <= 36 ? c - 'A' + 10 : c - 'A' + 36;
    if (d < 0 || d >= *base) return bad();
    value = value * static_cast<double>(*base) + d;
  }
  return Value::number(negative ? -value : value);
}

const Function kNumberFunctions[] = {
    {"abs", unary<abs_of>, 1, 1},    {"ceil", unary<ceil_of>, 1, 1}, {"floor", unary<floor_of>, 1, 1},
    {"log", fn_log, 2, 2},           {"max", fn_max, 1, kVariadic},  {"min", fn_min, 1, kVariadic},
    {"parseint", fn_parseint, 2, 2}, {"pow", fn_pow, 2, 2},          {"signum", unary<signum_of>, 1, 1},
};

}  // namespace

std::span<const Function> number_functions() {
  return kNumberFunctions;
}

}  // namespace vouch::terraform::fn
