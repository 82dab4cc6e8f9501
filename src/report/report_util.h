// Helpers shared by the reporters (private to src/report/).
#pragma once

#include <string>
#include <string_view>

#include "engine/engine.h"
#include "graph/graph.h"

namespace vouch::report_detail {

inline bool is_suppressed(const Finding& f) { return !f.suppressions.empty(); }

// "path:line:col", or just the path when there is no position.
std::string format_location(const SourceRange& range, std::string_view fallback_path = {});

// The finding's fingerprint, or one derived from rule, resource and attribute when
// the engine left it empty — never from line numbers, so it survives moves.
std::string stable_fingerprint(const Finding& f);

// Line `line` (1-based) of a file's text, without its line ending; "" past the end.
std::string_view source_line(const SourceFile& file, uint32_t line);

}  // namespace vouch::report_detail
