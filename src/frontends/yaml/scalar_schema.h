// How scalar text becomes a typed vouch Value (the schema choices are documented in
// yaml.h). Private to the yaml stage.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "graph/graph.h"

namespace vouch::yaml {

// A plain (unquoted, untagged) scalar under the YAML 1.2 core schema: null, bool,
// number, else string.
Value resolve_plain_scalar(const std::string& text, const SourceRange& range);

// A scalar with an explicit standard tag (`!!str`, `!!int`, given in full as
// "tag:yaml.org,2002:int"). When the text does not fit the tag (`!!int abc`), the
// value stays a string and `mismatch` is set.
Value resolve_standard_tag(std::string_view tag, const std::string& text, const SourceRange& range, bool& mismatch);

// The number a plain scalar spells, if it spells one.
std::optional<double> parse_number(std::string_view text);

// True for tags that carry no information for vouch: "?" (plain), "!" (non-plain,
// quoted or block), "" and the standard "tag:yaml.org,2002:" tags.
bool is_default_tag(std::string_view tag);
constexpr std::string_view kStandardTagPrefix = "tag:yaml.org,2002:";

}  // namespace vouch::yaml
