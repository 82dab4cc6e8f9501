// The rule engine: applies each rule's platform check to the resources it names and
// turns the three-valued result into findings with location, message, provenance
// and fingerprint.
#include "engine/engine.h"

#include <algorithm>
#include <cstdio>
#include <thread>

#include "engine/conditions.h"

namespace vouch {
namespace {

using engine_detail::any_glob_matches;
using engine_detail::Evaluator;
using engine_detail::Result;
using engine_detail::Truth;

struct Applicable {
  const Rule* rule;
  const PlatformCheck* check;
};

bool applies(const PlatformCheck& check, const Resource& resource) {
  if (check.platform != resource.platform) return false;
  if (resource.data_source && !check.data_sources) return false;
  return any_glob_matches(check.resources, resource.type);
}

std::string render_message(const std::string& text, const Resource& resource, const Result& result) {
  std::string attribute = result.blame.path.empty() ? "the block" : result.blame.path;
  std::string value = result.blame.present() ? result.blame.value->to_display() : "null";
  std::string out;
  out.reserve(text.size() + resource.address.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      size_t close = text.find('}', i);
      if (close != std::string::npos) {
        std::string_view name(text.data() + i + 1, close - i - 1);
        const std::string* replacement = name == "address"     ? &resource.address
                                         : name == "type"      ? &resource.type
                                         : name == "attribute" ? &attribute
                                         : name == "value"     ? &value
                                                               : nullptr;
        if (replacement) {
          out += *replacement;
          i = close;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

Finding make_finding(const Rule& rule, const PlatformCheck& check, const Graph& graph, uint32_t index, Outcome outcome,
                     const Result& result) {
  const Resource& resource = graph.resources()[index];
  Finding f;
  f.rule = &rule;
  f.outcome = outcome;
  f.severity = rule.severity;
  f.resource = index;
  f.address = resource.address;
  f.resource_type = resource.type;
  f.platform = resource.platform;
  if (result.blame.present() && result.blame.range.valid()) {
    f.location = result.blame.range;
    f.attribute = result.blame.path;
    f.provenance = result.blame.value->origins();
  } else {
    f.location = resource.header.valid() ? resource.header : resource.range;
  }
  f.message = render_message(check.message.empty() ? rule.message : check.message, resource, result);
  if (outcome == Outcome::Unknown) {
    f.message += ": not verifiable, " +
                 (result.reason.empty() ? std::string("a value is unknown before deploy") : result.reason);
  }
  f.fingerprint = fingerprint(f, graph);
  return f;
}

void evaluate_resource(const std::vector<Applicable>& checks, const Graph& graph, const Evaluator& evaluator,
                       uint32_t index, bool include_passes, std::vector<Finding>& out) {
  const Resource& resource = graph.resources()[index];
  for (const Applicable& a : checks) {
    if (!applies(*a.check, resource)) continue;
    Truth applicable = Truth::True;
    std::string applicability_reason;
    if (a.check->where) {
      Result where = evaluator.evaluate(*a.check->where, index);
      if (where.truth == Truth::False) continue;
      applicable = where.truth;
      applicability_reason = where.reason;
    }
    Result require = evaluator.evaluate(a.check->require, index);
    // Kleene implication: where → require.
    Outcome outcome = require.truth == Truth::True                                      ? Outcome::Pass
                      : require.truth == Truth::Unknown || applicable == Truth::Unknown ? Outcome::Unknown
                                                                                        : Outcome::Fail;
    if (outcome == Outcome::Unknown && require.truth == Truth::False) {
      require.reason = "it is unknown whether the rule applies: " + applicability_reason;
    }
    if (outcome == Outcome::Pass && !include_passes) continue;
    out.push_back(make_finding(*a.rule, *a.check, graph, index, outcome, require));
  }
}

bool finding_less(const Finding& a, const Finding& b) {
  if (a.location.path() != b.location.path()) return a.location.path() < b.location.path();
  if (a.location.start_line != b.location.start_line) return a.location.start_line < b.location.start_line;
  if (a.location.start_col != b.location.start_col) return a.location.start_col < b.location.start_col;
  if (a.rule->id != b.rule->id) return a.rule->id < b.rule->id;
  if (a.address != b.address) return a.address < b.address;
  if (a.attribute != b.attribute) return a.attribute < b.attribute;
  if (a.outcome != b.outcome) return a.outcome < b.outcome;
  return a.resource < b.resource;
}

// FNV-1a, 64 bits.
uint64_t fnv1a(std::string_view text, uint64_t hash) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::Pass:
      return "pass";
    case Outcome::Fail:
      return "fail";
    case Outcome::Unknown:
      return "unknown";
  }
  return "fail";
}

std::string fingerprint(const Finding& finding, const Graph& graph) {
  // What the finding is about, never where it is written: line numbers and file
  // layout do not enter, so moving or reformatting code keeps the fingerprint.
  std::string key;
  key += finding.rule ? finding.rule->id : std::string();
  key += '\0';
  key += to_string(finding.platform);
  key += '\0';
  if (finding.resource < graph.resources().size()) key += graph.resources()[finding.resource].root;
  key += '\0';
  key += finding.address;
  key += '\0';
  key += finding.attribute;
  // Two independent 64-bit hashes make accidental collisions across a large
  // organisation's baseline negligible.
  uint64_t a = fnv1a(key, 0xcbf29ce484222325ULL);
  uint64_t b = fnv1a(key, fnv1a("vouch-fingerprint", 0xcbf29ce484222325ULL));
  char buffer[33];
  std::snprintf(buffer, sizeof buffer, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return buffer;
}

std::vector<Finding> evaluate(const RuleSet& rules, const Graph& graph, const EngineOptions& options) {
  std::vector<Applicable> checks;
  for (const Rule& rule : rules.rules()) {
    for (const PlatformCheck& check : rule.checks) checks.push_back({&rule, &check});
  }
  const Evaluator evaluator(graph);
  const auto count = static_cast<uint32_t>(graph.resources().size());
  std::vector<Finding> findings;
  unsigned jobs = std::max(1u, std::min<unsigned>(options.jobs, count / 64 + 1));
  if (jobs == 1) {
    for (uint32_t i = 0; i < count; ++i)
      evaluate_resource(checks, graph, evaluator, i, options.include_passes, findings);
  } else {
    // Interleaved slices balance the work; sorting below makes the order independent of it.
    std::vector<std::vector<Finding>> parts(jobs);
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < jobs; ++t) {
      threads.emplace_back([&, t] {
        for (uint32_t i = t; i < count; i += jobs) {
          evaluate_resource(checks, graph, evaluator, i, options.include_passes, parts[t]);
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (auto& part : parts) {
      findings.insert(findings.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
  }
  std::sort(findings.begin(), findings.end(), finding_less);
  return findings;
}

}  // namespace vouch
