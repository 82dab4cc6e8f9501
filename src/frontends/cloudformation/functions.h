// Pure helpers behind CloudFormation's intrinsic functions: the parts that need no
// template, no ranges and no diagnostics (string splitting, Fn::Sub parsing, base64,
// CIDR arithmetic, JSON rendering). Private to the CloudFormation frontend.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"

namespace vouch::cloudformation::detail {

// One piece of an Fn::Sub template: literal text, or the name inside `${…}`.
// `${!Literal}` is already turned into the literal text `${Literal}`.
struct SubPiece {
  bool variable = false;
  std::string text;
};
std::vector<SubPiece> parse_sub(std::string_view text);

// Fn::Split semantics: every occurrence of `delimiter` splits; an empty delimiter
// yields the whole string.
std::vector<std::string> split(std::string_view text, std::string_view delimiter);

// A CommaDelimitedList parameter value: split on commas, each member space-trimmed.
std::vector<std::string> split_comma_list(std::string_view text);

std::string base64_encode(std::string_view bytes);

// Fn::Cidr: `count` consecutive subnets of 2^host_bits addresses each, from the start
// of an IPv4 or IPv6 `block`. Returns false and sets `error` when the block is not a
// CIDR block or the subnets do not fit.
bool cidr_subnets(std::string_view block, long long count, long long host_bits, std::vector<std::string>& out,
                  std::string& error);

// How CloudFormation writes a scalar where a string is needed: numbers without a
// trailing ".0", booleans as "true"/"false". Returns false for lists, objects, null
// and unknown.
bool scalar_to_string(const Value& value, std::string& out);

// Parses an integer written as a number or a numeric string.
bool to_integer(const Value& value, long long& out);

// Compact JSON for Fn::ToJsonString (keys in sorted order). The value must not
// contain unknowns.
std::string to_json(const Value& value);

}  // namespace vouch::cloudformation::detail
