// The resource graph: the contract every frontend produces and every later stage
// reads. Values carry the source range they were written at (and the places they
// passed through), so a finding can point at the attribute that is wrong and an
// auditor can follow a value back to where it was set.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace vouch {

// One input file, interned for the whole scan so ranges can point at it cheaply.
// `path` is what reports print (relative to the working directory where possible,
// '/' separators); `text` is kept for code frames, inline suppressions and fixes.
struct SourceFile {
  std::string path;
  std::string text;
};

// Owns every SourceFile of a scan. Thread-safe; pointers stay valid for its lifetime.
// Never order anything by SourceFile pointer (that would differ between runs): order
// by `path`.
class SourceFiles {
 public:
  // Adds a file, or returns the existing one with the same path (text unchanged).
  const SourceFile* add(std::string path, std::string text);
  const SourceFile* find(std::string_view path) const;  // nullptr when absent

 private:
  mutable std::mutex mutex_;
  std::deque<SourceFile> files_;
  std::map<std::string, const SourceFile*, std::less<>> by_path_;
};

// 1-based lines and columns (columns count bytes). `end_col` is one past the last
// character, as in SARIF regions. A default range points nowhere.
struct SourceRange {
  const SourceFile* file = nullptr;
  uint32_t start_line = 0;
  uint32_t start_col = 0;
  uint32_t end_line = 0;
  uint32_t end_col = 0;

  bool valid() const { return file != nullptr && start_line > 0; }
  std::string_view path() const;  // "" when there is no file
};

// Total order used wherever output is sorted: path, then position.
bool range_less(const SourceRange& a, const SourceRange& b);

// A place a value passed through on its way to the attribute that uses it:
// {"var.encrypted", <the tfvars line>}, {"module.db input storage_encrypted", …}.
// A value's origins are ordered from the use back to where it was written.
struct Origin {
  std::string what;
  SourceRange range;
};

enum class ValueKind : uint8_t { Null, Bool, Number, String, List, Object, Unknown };
std::string_view to_string(ValueKind kind);

class Value;
struct Member;
using List = std::vector<Value>;
using Object = std::vector<Member>;  // sorted by key, keys unique (see Value::object)

// An immutable value tree node. Copies are cheap: lists and objects are shared.
// `unknown` is a real value, not an error: it is what the scanner cannot know before
// deploy (an unset variable, a provider-computed attribute, an unimplemented
// function), with a reason that reports show as "not verifiable because …".
class Value {
 public:
  Value() = default;  // null without a range
  static Value null(SourceRange range = {});
  static Value boolean(bool b, SourceRange range = {});
  static Value number(double n, SourceRange range = {});
  static Value string(std::string s, SourceRange range = {});
  static Value list(List items, SourceRange range = {});
  // Sorts members by key; on duplicate keys the first one written wins.
  static Value object(Object members, SourceRange range = {});
  static Value unknown(std::string reason, SourceRange range = {});

  ValueKind kind() const { return kind_; }
  bool is_null() const { return kind_ == ValueKind::Null; }
  bool is_bool() const { return kind_ == ValueKind::Bool; }
  bool is_number() const { return kind_ == ValueKind::Number; }
  bool is_string() const { return kind_ == ValueKind::String; }
  bool is_list() const { return kind_ == ValueKind::List; }
  bool is_object() const { return kind_ == ValueKind::Object; }
  bool is_unknown() const { return kind_ == ValueKind::Unknown; }
  // True when this value or anything inside it is unknown.
  bool contains_unknown() const;

  bool as_bool() const { return bool_; }
  double as_number() const { return number_; }
  // The string of a String value, or the reason of an Unknown one.
  const std::string& as_string() const { return string_; }
  const std::string& unknown_reason() const { return string_; }
  const List& as_list() const;      // empty for non-lists
  const Object& as_object() const;  // empty for non-objects

  // Object member lookup (binary search); nullptr when absent or not an object.
  const Member* find(std::string_view key) const;
  const Value* get(std::string_view key) const;

  const SourceRange& range() const { return range_; }
  void set_range(const SourceRange& range) { range_ = range; }

  const std::vector<Origin>& origins() const;
  // A copy of this value that remembers it passed through `origin` (appended last).
  Value with_origin(Origin origin) const;
  void set_origins(std::vector<Origin> origins);

  // Structural equality of kind and contents; ranges and origins are ignored.
  // Numbers compare by value; any unknown makes two values unequal.
  bool equals(const Value& other) const;

  // Compact JSON-like rendering for messages and debugging ("<unknown>" for unknown).
  std::string to_display() const;

 private:
  ValueKind kind_ = ValueKind::Null;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::shared_ptr<const List> list_;
  std::shared_ptr<const Object> object_;
  SourceRange range_;
  std::shared_ptr<const std::vector<Origin>> origins_;
};

// An attribute of an object with the range of the whole `key = value` (or nested
// block, or YAML key/value pair) it was written as: findings point here.
struct Member {
  std::string key;
  Value value;
  SourceRange range;
};

enum class Platform : uint8_t { Terraform, Kubernetes, CloudFormation };
std::string_view to_string(Platform platform);  // "terraform", "kubernetes", "cloudformation"

// An inline suppression found by a frontend next to a resource: a Terraform comment
// (`# vouch:ignore <rule> reason="…" expires=…`), a Kubernetes annotation, a
// CloudFormation Metadata entry. Frontends only record them; a later stage decides.
struct InlineSuppression {
  std::string rule_id;
  std::string reason;         // "" when none was given (itself reported)
  std::string expires;        // "YYYY-MM-DD" or ""
  std::string attribute;      // dotted attribute path it sits above, "" for the resource
  std::string parse_error;    // non-empty when the comment could not be read
  SourceRange range;          // the comment or annotation itself
};

// Reads `vouch:ignore <rule-id> reason="…" expires=YYYY-MM-DD` out of one comment's
// text (comment markers may be left in). Returns false when the text holds no
// `vouch:ignore`; a malformed directive returns true with `parse_error` set, so that
// it is reported rather than silently ignored. Sets neither `attribute` nor `range`.
bool parse_ignore_directive(std::string_view comment, InlineSuppression& out);

struct Resource {
  Platform platform = Platform::Terraform;
  // aws_s3_bucket | apps/v1/Deployment | AWS::S3::Bucket
  std::string type;
  // Unique within its root: module.logs.aws_s3_bucket.this["a"] | Deployment/prod/api | LogsBucket
  std::string address;
  bool data_source = false;  // Terraform `data` blocks
  Value attributes;          // always an object; nested blocks are lists of objects
  SourceRange range;         // the whole block or document node
  SourceRange header;        // the block header line; "missing attribute" findings point here
  // Terraform: the module instance address ("" for the root, "module.db[0]");
  // Kubernetes: "<file>#<document index>"; CloudFormation: the template path.
  std::string module;
  // Groups resources that may refer to each other: the Terraform root module
  // directory, the manifest stream, the template. Graph queries stay inside it.
  std::string root;
  std::vector<InlineSuppression> suppressions;
};

// Resource `from` refers to resource `to` through attribute `path` of `from`
// ("bucket", "ingress[0].security_groups", "spec.selector"). Indices point into the
// resources vector of the same fragment or graph.
struct Edge {
  uint32_t from = 0;
  uint32_t to = 0;
  std::string path;
  SourceRange range;  // where the reference is written
};

enum class DiagnosticLevel : uint8_t { Error, Warning, Note };
std::string_view to_string(DiagnosticLevel level);

// A problem with the input, not with the infrastructure: a syntax error, a YAML
// alias bomb, an unimplemented function. `code` is stable kebab-case
// ("syntax-error", "unknown-function", "module-cycle"). `path` is set even when no
// range can be (an unreadable file).
struct Diagnostic {
  DiagnosticLevel level = DiagnosticLevel::Error;
  std::string code;
  std::string message;
  std::string path;
  SourceRange range;
};
bool diagnostic_less(const Diagnostic& a, const Diagnostic& b);

// What one frontend run produces: one Terraform root module, one manifest file,
// one template.
struct GraphFragment {
  std::vector<Resource> resources;
  std::vector<Edge> edges;
  std::vector<Diagnostic> diagnostics;
};

// The merged, deterministic graph of a scan: resources sorted by (path, line, address),
// edges remapped and sorted, with adjacency indexes for rule queries.
class Graph {
 public:
  static Graph merge(std::vector<GraphFragment> fragments);

  const std::vector<Resource>& resources() const { return resources_; }
  const std::vector<Edge>& edges() const { return edges_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  // Indices into edges() of the edges that end / start at resource i.
  const std::vector<uint32_t>& incoming(uint32_t resource) const { return incoming_[resource]; }
  const std::vector<uint32_t>& outgoing(uint32_t resource) const { return outgoing_[resource]; }
  // Indices of the resources of one root (see Resource::root), in resource order.
  const std::vector<uint32_t>& root_members(uint32_t resource) const;

 private:
  std::vector<Resource> resources_;
  std::vector<Edge> edges_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<std::vector<uint32_t>> incoming_;
  std::vector<std::vector<uint32_t>> outgoing_;
  std::vector<uint32_t> root_of_;
  std::vector<std::vector<uint32_t>> roots_;
};

// Attribute paths as rules and findings write them: `ingress[0].cidr_blocks`,
// `spec.template.spec.containers[*].image`. Segments are keys or indices; `*` (or
// `[*]`) matches every key or index.
struct PathSegment {
  enum class Kind : uint8_t { Key, Index, Wildcard } kind = Kind::Key;
  std::string key;
  uint32_t index = 0;
};
using AttributePath = std::vector<PathSegment>;
// Returns false (and leaves `error` set) on a malformed path.
bool parse_attribute_path(std::string_view text, AttributePath& out, std::string& error);
std::string format_attribute_path(const AttributePath& path);

// The one glob matcher of vouch: `?` matches one character other than `separator`,
// `*` any run of characters without `separator`, `**` any run including it (and
// `**/` may also stand for nothing: `**/*.tf` matches `main.tf`). Paths use '/';
// resource types and addresses pass '\0' so that `*` matches everything.
bool glob_match(std::string_view pattern, std::string_view text, char separator = '/');

}  // namespace vouch
