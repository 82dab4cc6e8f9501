// Private to the engine: three-valued evaluation of one condition tree on one
// resource, with the attribute to blame for the result.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "graph/graph.h"
#include "rules/rules.h"

namespace vouch::engine_detail {

enum class Truth : uint8_t { False, True, Unknown };

// The attribute whose value decided a result. `value` is null when the attribute is
// absent; `path` may still name it (for the {attribute} placeholder).
struct Blame {
  const Value* value = nullptr;
  SourceRange range;
  std::string path;

  bool present() const { return value != nullptr; }
};

struct Result {
  Truth truth = Truth::False;
  Blame blame;
  std::string reason;  // why the result is unknown
};

// Evaluates conditions against resources of one graph. Edge paths are parsed once.
class Evaluator {
 public:
  explicit Evaluator(const Graph& graph);

  // `condition` on the attributes of resource `resource`.
  Result evaluate(const Condition& condition, uint32_t resource) const;

 private:
  // Where relative paths start: the resource's attributes, or an element inside a
  // quantifier. `anchor` is the range findings fall back to when a value was written
  // elsewhere (a variable default in another file).
  struct Scope {
    const Value* base;
    std::string prefix;
    SourceRange anchor;
    uint32_t resource;
  };
  struct Reached {
    const Value* value;
    SourceRange range;
    std::string path;
  };

  Result eval(const Condition& c, const Scope& scope) const;
  Result eval_logic(const Condition& c, const Scope& scope) const;
  Result eval_leaf(const Condition& c, const Scope& scope) const;
  Result eval_ports(const Condition& c, const Scope& scope) const;
  Result eval_quantifier(const Condition& c, const Scope& scope) const;
  Result eval_referenced_by(const Condition& c, const Scope& scope) const;
  Result eval_references(const Condition& c, const Scope& scope) const;

  std::vector<Reached> resolve(const Scope& scope, const AttributePath& path) const;
  void resolve_into(const Value& value, const SourceRange& range, const std::string& path,
                    const AttributePath& segments, size_t next, std::vector<Reached>& out) const;
  Scope resource_scope(uint32_t resource) const;

  // A resource whose `via` attribute is unknown and has no edge: it might refer to
  // anything of its root. The list depends only on the condition and the root, so
  // it is computed once per pair (graph queries would otherwise be quadratic).
  struct UnlinkedCandidate {
    uint32_t resource;
    std::string reason;
  };
  const std::vector<UnlinkedCandidate>& unlinked_candidates(const Condition& c, uint32_t self) const;

  const Graph& graph_;
  std::vector<AttributePath> edge_paths_;
  mutable std::mutex cache_mutex_;
  mutable std::map<std::pair<const Condition*, uint32_t>, std::vector<UnlinkedCandidate>> unlinked_cache_;
};

// `*` matches any run of characters.
bool any_glob_matches(const std::vector<std::string>& patterns, std::string_view text);
// An edge's attribute path matches a rule's `via`: `*` matches one segment and indices
// the pattern does not mention are skipped ("a key applied to a list").
bool via_matches(const AttributePath& via, const AttributePath& edge_path);

}  // namespace vouch::engine_detail
