// Private to the functions_*.cpp files: the function table entry, the Call helper that
// reads arguments with Terraform's automatic conversions and reports bad ones, and the
// conversions, encodings and digests several function families share.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/terraform/functions.h"

namespace vouch::terraform::fn {

// How a function treats unknown arguments before its body runs.
enum class Unknowns : uint8_t {
  Any,       // an unknown anywhere in the arguments makes the result unknown
  TopLevel,  // only an argument that is itself unknown does; unknown elements pass through
  Handled,   // the function looks at unknowns itself
};

class Call;
using Impl = Value (*)(Call&);
inline constexpr uint8_t kVariadic = 255;
// No string a function builds may exceed this: a hostile input (replace with an empty
// pattern, a huge indent) must not exhaust memory.
inline constexpr size_t kMaxResultBytes = 64 * 1024 * 1024;

struct Function {
  std::string_view name;
  Impl impl;
  uint8_t min_args;
  uint8_t max_args;  // kVariadic: no upper bound
  Unknowns unknowns = Unknowns::Any;
};

// One evaluation of a function. Argument readers convert the way Terraform does
// ("5" is a number, 5 is a string "5"); when they cannot, they record a
// "function-error" diagnostic and return nothing, and the function returns failure().
class Call {
 public:
  Call(std::string_view name, const std::vector<Value>& args, FunctionContext& ctx)
      : name_(name), args_(args), ctx_(ctx) {}

  std::string_view name() const { return name_; }
  size_t size() const { return args_.size(); }
  const Value& arg(size_t i) const { return args_[i]; }
  const std::vector<Value>& args() const { return args_; }
  FunctionContext& context() const { return ctx_; }

  // Records `message` as a function-error diagnostic; returns the unknown standing for
  // the result.
  Value fail(std::string_view message);
  // The result after a reader has already reported the problem.
  Value failure() const;
  Value unknown_input() const;  // "depends on an unknown value"
  Value not_known_before_apply() const;

  std::optional<std::string> string(size_t i);
  std::optional<double> number(size_t i);
  // A whole number (Terraform rejects 1.5 where it wants an index or a count).
  std::optional<int64_t> integer(size_t i);
  std::optional<bool> boolean(size_t i);
  // Non-null list / object arguments (null is an error, as in Terraform).
  const List* list(size_t i);
  const Object* object(size_t i);
  // A list of strings (elements converted; a null element is an error).
  std::optional<std::vector<std::string>> strings(size_t i);

 private:
  bool not_null(size_t i);

  std::string_view name_;
  const std::vector<Value>& args_;
  FunctionContext& ctx_;
  std::string failure_reason_;
};

// ---- conversions ----------------------------------------------------------------

// Terraform's number to string: integers without a decimal point, others in their
// shortest round-trip form without an exponent ("0.1", "1e+21" never appears).
std::string format_number(double n);
// Terraform's string to number ("12", "-1.5", "1e3"); nullopt when it is not one.
std::optional<double> parse_number(std::string_view text);
// A primitive as a string (bool → "true"), nullopt for null, lists and objects.
std::optional<std::string> primitive_to_string(const Value& v);
// True when every element is a primitive of one kind, or nulls.
bool same_primitive_kind(const List& items);
// Terraform's type unification for a sequence of primitives: when strings, numbers and
// bools are mixed, all become strings. Returns nullopt (with `error`) when primitives
// are mixed with lists or objects.
std::optional<List> unify(const List& items, std::string& error);

// Total order used for sets: kind, then value (numbers numerically, strings by bytes).
bool value_less(const Value& a, const Value& b);
// Sorted, duplicate-free copy: how vouch represents a Terraform set.
List make_set(List items);

// ---- text -------------------------------------------------------------------------

// The UTF-8 code points of `s` as byte slices (invalid bytes stand alone), as Go's
// range over a string yields them (split(""), trim's cutset, case mapping).
std::vector<std::string_view> characters(std::string_view s);
// User-perceived characters, as Terraform counts them in length(), substr(), strrev()
// and format widths: a code point with the combining marks, variation selectors,
// emoji modifiers and zero-width-joined parts that follow it; a flag (two regional
// indicators); CR LF. (A simplification of Unicode's extended grapheme clusters that
// leaves out Hangul syllable sequences and Indic spacing marks.)
std::vector<std::string_view> graphemes(std::string_view s);
bool valid_utf8(std::string_view s);
// The code point of one element of characters() (an invalid byte stands for itself).
uint32_t code_point(std::string_view ch);
void append_utf8(std::string& out, uint32_t code_point);

// ---- encodings (functions_encoding.cpp) ------------------------------------------

// Terraform's jsonencode: object keys sorted, <, >, & escaped as Go does. nullopt when
// the value contains an unknown.
std::optional<std::string> json_encode(const Value& v);
std::string base64_encode(std::string_view bytes);

// ---- digests (functions_crypto.cpp) ---------------------------------------------

std::array<uint8_t, 16> md5(std::string_view data);
std::array<uint8_t, 20> sha1(std::string_view data);
std::array<uint8_t, 32> sha256(std::string_view data);
std::array<uint8_t, 64> sha512(std::string_view data);
std::string to_hex(std::span<const uint8_t> bytes);
inline std::string_view as_bytes(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// ---- the families -----------------------------------------------------------------

std::span<const Function> string_functions();
std::span<const Function> collection_functions();
std::span<const Function> number_functions();
std::span<const Function> encoding_functions();
std::span<const Function> network_functions();
std::span<const Function> crypto_functions();
std::span<const Function> file_functions();
std::span<const Function> time_functions();

}  // namespace vouch::terraform::fn
