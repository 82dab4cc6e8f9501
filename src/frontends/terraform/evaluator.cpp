// Evaluates one Terraform module the way `terraform plan` would before it talks to a
// provider. Evaluation is lazy and memoised: a local, a variable or a resource
// attribute is computed the first time something needs it, so declaration order does
// not matter, and a memo that is still running when it is asked for again is a
// reference cycle (a diagnostic; its value becomes unknown) rather than a hang.
//
// While an attribute of resource A is evaluated, every resource the expression reaches
// (directly, or through locals) is recorded as a "reference hit"; when the attribute
// is done, each hit becomes an Edge from A with the attribute's path.
#include "frontends/terraform/evaluator.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "frontends/terraform/functions.h"
#include "frontends/terraform/functions_support.h"
#include "frontends/yaml/yaml.h"

namespace vouch::terraform {
namespace {

// Bounds on hostile input: evaluation depth (expression nesting times reference
// chains), the size of a built string and the number of instances of a resource.
constexpr unsigned kMaxEvalDepth = 400;
constexpr size_t kMaxStringBytes = size_t{8} << 20;
constexpr size_t kMaxInstances = 1000;
constexpr size_t kMaxForItems = 100000;
constexpr unsigned kMaxModuleDepth = 16;

// The name a splat's current element is bound to; not a valid identifier.
constexpr std::string_view kSplatItem = "[*]";

enum class MemoState : uint8_t { Pending, Running, Done };

class ModuleEvaluator;

// A resource that an expression reached (declaration `decl` of module `owner`):
// instance -1 means every instance of it.
struct RefHit {
  const ModuleEvaluator* owner = nullptr;
  uint32_t decl = 0;
  int32_t instance = -1;
  SourceRange range;
};

struct Memo {
  MemoState state = MemoState::Pending;
  Value value;
  std::vector<RefHit> refs;
  bool error = false;
};

// Names bound by for expressions, splats, count/each and dynamic-block iterators.
struct Scope {
  const Scope* parent = nullptr;
  std::string_view name;
  Value value;

  const Value* lookup(std::string_view wanted) const {
    for (const Scope* s = this; s; s = s->parent)
      if (s->name == wanted) return &s->value;
    return nullptr;
  }
};

// The attribute or the nested blocks (static and `dynamic`) written under one key.
struct KeySource {
  std::string key;
  const Body::Attribute* attribute = nullptr;
  std::vector<const Block*> blocks;
  SourceRange range;  // the attribute, or the first block
};

std::vector<KeySource> group_body(const Body& body) {
  std::vector<KeySource> keys;
  std::map<std::string_view, size_t> index;
  for (const Body::Attribute& attribute : body.attributes) {
    if (index.count(attribute.name)) continue;  // duplicate: the first one wins
    index.emplace(attribute.name, keys.size());
    keys.push_back(KeySource{attribute.name, &attribute, {}, attribute.range});
  }
  for (const Block& block : body.blocks) {
    std::string_view key = block.type;
    if (block.type == "dynamic") {
      if (block.labels.empty()) continue;
      key = block.labels[0];
    }
    auto it = index.find(key);
    if (it == index.end()) {
      index.emplace(key, keys.size());
      keys.push_back(KeySource{std::string(key), nullptr, {&block}, block.range});
    } else if (!keys[it->second].attribute) {
      keys[it->second].blocks.push_back(&block);
    }
  }
  // Blocks were appended after attributes; order everything as written.
  std::sort(keys.begin(), keys.end(),
            [](const KeySource& a, const KeySource& b) { return range_less(a.range, b.range); });
  return keys;
}

// Terraform's conversions of primitives, shared with the function library so that
// `"${n}"` and `tostring(n)` always agree.
using fn::format_number;
using fn::parse_number;

std::optional<std::string> to_string_value(const Value& v) { return fn::primitive_to_string(v); }

std::optional<double> to_number_value(const Value& v) {
  if (v.is_number()) return v.as_number();
  if (v.is_string()) return parse_number(v.as_string());
  return std::nullopt;
}

std::optional<bool> to_bool_value(const Value& v) {
  if (v.is_bool()) return v.as_bool();
  if (v.is_string() && v.as_string() == "true") return true;
  if (v.is_string() && v.as_string() == "false") return false;
  return std::nullopt;
}

std::string quote_key(const std::string& key) {
  std::string out = "\"";
  for (char c : key) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

// Equality with unknowns: a difference that is already visible (kinds, lengths, keys,
// a known element) decides even when other parts are unknown; `x == null` is known
// for any x that is not itself unknown.
std::optional<bool> known_equality(const Value& a, const Value& b) {
  if (a.is_unknown() || b.is_unknown()) return std::nullopt;
  if (a.kind() != b.kind()) return false;
  if (a.is_list()) {
    const List& x = a.as_list();
    const List& y = b.as_list();
    if (x.size() != y.size()) return false;
    bool undecided = false;
    for (size_t i = 0; i < x.size(); ++i) {
      std::optional<bool> e = known_equality(x[i], y[i]);
      if (e && !*e) return false;
      if (!e) undecided = true;
    }
    return undecided ? std::nullopt : std::optional<bool>(true);
  }
  if (a.is_object()) {
    const Object& x = a.as_object();
    const Object& y = b.as_object();
    if (x.size() != y.size()) return false;
    bool undecided = false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (x[i].key != y[i].key) return false;
      std::optional<bool> e = known_equality(x[i].value, y[i].value);
      if (e && !*e) return false;
      if (!e) undecided = true;
    }
    return undecided ? std::nullopt : std::optional<bool>(true);
  }
  return a.equals(b);
}

Value with_range(Value v, const SourceRange& range) {
  v.set_range(range);
  return v;
}

// Origins are ordered from the use back to where the value was written, so the place
// a value passes through last on its way to the use comes first.
Value prepend_origin(Value v, Origin origin) {
  std::vector<Origin> all;
  all.reserve(v.origins().size() + 1);
  all.push_back(std::move(origin));
  all.insert(all.end(), v.origins().begin(), v.origins().end());
  v.set_origins(std::move(all));
  return v;
}

// An element reached through a value that passed through variables keeps that story.
Value inherit_origins(Value child, const Value& parent) {
  if (!parent.origins().empty() && child.origins().empty()) child.set_origins(parent.origins());
  return child;
}

struct Instance {
  std::string address;
  std::string_view scope_name;  // "count", "each" or "" for a single instance
  Value scope_value;            // {index} or {key, value}
  Value key;                    // the instance key (number or string); null when single
  uint32_t output = 0;          // index into GraphFragment::resources
  std::map<std::string, Memo, std::less<>> memos;
};

struct ResourceDecl {
  const Block* block = nullptr;
  const ParsedFile* file = nullptr;
  std::string type;
  std::string name;
  std::string address;  // without instance key
  bool data = false;
  enum class Mode : uint8_t { Single, Count, ForEach } mode = Mode::Single;
  const Body::Attribute* expansion_attribute = nullptr;
  MemoState expansion = MemoState::Pending;
  bool expansion_known = true;
  std::vector<RefHit> expansion_refs;
  Value expansion_value;
  std::vector<KeySource> keys;
  std::vector<Instance> instances;
};

struct LocalDecl {
  const Body::Attribute* attribute = nullptr;
  Memo memo;
};

struct VariableDecl {
  const Block* block = nullptr;
  Memo memo;
};

struct OutputDecl {
  const Block* block = nullptr;
  Memo memo;
};

// One `module` block: its instances, each a child evaluator over the module's files.
struct ModuleCall {
  struct Instance {
    std::string address;  // module.db, module.db[0], module.db["a"]
    Value key;
    std::unique_ptr<ModuleInput> input;
    std::unique_ptr<ModuleEvaluator> child;
  };
  const Block* block = nullptr;
  std::string name;
  MemoState state = MemoState::Pending;
  bool keyed = false;  // has count or for_each
  bool count_mode = false;
  bool keys_known = true;
  std::vector<Instance> instances;
  ~ModuleCall();
};

// A module call's argument, evaluated in the calling module when the module first
// reads the variable (arguments may depend on the module's own outputs).
struct ModuleArgument {
  ModuleEvaluator* caller = nullptr;
  const Expr* expr = nullptr;
  std::string_view scope_name;  // the calling instance's "count" / "each", or ""
  Value scope_value;
  SourceRange range;
  std::string what;  // "module.db input storage_encrypted"
};

// What every module evaluator of one root shares.
struct Shared {
  const Options& options;
  SourceFiles& sources;
  const ModuleLoader& loader;
  GraphFragment& out;
  std::string root_dir;
  std::set<std::tuple<uint32_t, uint32_t, std::string>> edge_keys;
  // Where `terraform init` put remote modules: module key ("vpc", "vpc.subnets") →
  // directory, read from the root's .terraform/modules/modules.json on first use.
  std::optional<std::map<std::string, std::string, std::less<>>> downloaded_modules;
};

// Reads `.terraform/modules/modules.json` of the root module in `root_dir`: module key →
// directory (relative paths are relative to the root). Missing or unreadable: empty.
std::map<std::string, std::string, std::less<>> read_downloaded_modules(const std::string& root_dir) {
  namespace fs = std::filesystem;
  std::map<std::string, std::string, std::less<>> dirs;
  fs::path manifest = fs::path(root_dir) / ".terraform" / "modules" / "modules.json";
  std::ifstream in(manifest, std::ios::binary);
  if (!in) return dirs;
  std::ostringstream text;
  text << in.rdbuf();
  SourceFile file{manifest.generic_string(), std::move(text).str()};
  yaml::Stream stream = yaml::load(file);
  if (stream.documents.empty()) return dirs;
  const Value* modules = stream.documents[0].root.get("Modules");
  if (!modules) return dirs;
  for (const Value& module : modules->as_list()) {
    const Value* key = module.get("Key");
    const Value* dir = module.get("Dir");
    if (!key || !dir || !key->is_string() || !dir->is_string() || key->as_string().empty()) continue;
    fs::path path(dir->as_string());
    if (path.is_relative()) path = fs::path(root_dir) / path;
    dirs.emplace(key->as_string(), path.lexically_normal().generic_string());
  }
  return dirs;
}

class ModuleEvaluator {
 public:
  // `address` is the module instance address ("" for the root); `ancestry` the
  // canonical directories of the modules above it, to refuse a module that calls itself.
  ModuleEvaluator(const ModuleInput& input, Shared& shared, std::string address, std::vector<std::string> ancestry,
                  std::string module_key = "")
      : input_(input),
        options_(shared.options),
        sources_(shared.sources),
        out_(shared.out),
        shared_(shared),
        address_(std::move(address)),
        ancestry_(std::move(ancestry)),
        module_key_(std::move(module_key)),
        diags_(&shared.out.diagnostics) {
    declare();
  }

  void run() {
    for (ResourceDecl& decl : decls_) ensure_expanded(decl);
    for (uint32_t d = 0; d < decls_.size(); ++d) {
      for (size_t i = 0; i < decls_[d].instances.size(); ++i) {
        Value attributes = instance_object(d, i, /*for_output=*/true);
        out_.resources[decls_[d].instances[i].output].attributes = std::move(attributes);
      }
    }
    // Outputs and module inputs are evaluated so their problems are reported too.
    // Outputs are evaluated so their problems are reported; module calls are
    // instantiated and their resources evaluated.
    for (auto& [name, output] : outputs_) {
      std::vector<RefHit> ignored;
      (void)output_value(name, ignored);
    }
    for (auto& [name, call] : module_calls_) {
      instantiate(call);
      for (ModuleCall::Instance& instance : call.instances)
        if (instance.child) instance.child->run();
    }
  }

 private:
  // ---- declarations ----

  void declare() {
    for (const ParsedFile* file : input_.files) {
      for (const Block& block : file->body.blocks) {
        if (block.type == "resource" || block.type == "data") {
          declare_resource(block, *file);
        } else if (block.type == "variable" && block.labels.size() == 1) {
          if (!variables_.count(block.labels[0]))
            variables_[block.labels[0]].block = &block;
          else
            duplicate(block.header, "variable", block.labels[0]);
        } else if (block.type == "output" && block.labels.size() == 1) {
          if (!outputs_.count(block.labels[0]))
            outputs_[block.labels[0]].block = &block;
          else
            duplicate(block.header, "output", block.labels[0]);
        } else if (block.type == "module" && block.labels.size() == 1) {
          if (!module_calls_.count(block.labels[0])) {
            ModuleCall& call = module_calls_[block.labels[0]];
            call.block = &block;
            call.name = block.labels[0];
          } else {
            duplicate(block.header, "module", block.labels[0]);
          }
        } else if (block.type == "locals") {
          for (const Body::Attribute& attribute : block.body.attributes) {
            if (!locals_.count(attribute.name))
              locals_[attribute.name].attribute = &attribute;
            else
              duplicate(attribute.range, "local value", attribute.name);
          }
        }
      }
    }
  }

  void duplicate(const SourceRange& range, std::string_view what, const std::string& name) {
    diags_->push_back(Diagnostic{DiagnosticLevel::Error, "duplicate-declaration",
                                 std::string(what) + " " + name + " is declared more than once",
                                 std::string(range.path()), range});
  }

  void declare_resource(const Block& block, const ParsedFile& file) {
    if (block.labels.size() != 2) {
      diags_->push_back(Diagnostic{DiagnosticLevel::Error, "invalid-block",
                                   block.type + " block needs a type and a name label", file.file->path, block.header});
      return;
    }
    ResourceDecl decl;
    decl.block = &block;
    decl.file = &file;
    decl.data = block.type == "data";
    decl.type = block.labels[0];
    decl.name = block.labels[1];
    decl.address = (decl.data ? "data." : "") + decl.type + "." + decl.name;
    if (decl_index_.count(decl.address)) {
      duplicate(block.header, block.type, decl.address);
      return;
    }
    if (const Body::Attribute* count = block.body.find_attribute("count")) {
      decl.mode = ResourceDecl::Mode::Count;
      decl.expansion_attribute = count;
    } else if (const Body::Attribute* for_each = block.body.find_attribute("for_each")) {
      decl.mode = ResourceDecl::Mode::ForEach;
      decl.expansion_attribute = for_each;
    }
    decl.keys = group_body(block.body);
    decl_index_.emplace(decl.address, static_cast<uint32_t>(decls_.size()));
    decls_.push_back(std::move(decl));
  }

  // ---- diagnostics and errors ----

  // An expression Terraform would reject: the value becomes unknown, `try`/`can` see
  // the failure, and the problem is reported.
  Value fail(const SourceRange& range, std::string message) {
    error_ = true;
    diags_->push_back(
        Diagnostic{DiagnosticLevel::Warning, "invalid-expression", message, std::string(range.path()), range});
    return Value::unknown(std::move(message), range);
  }

  // A lookup Terraform would reject that in vouch is more often a gap in what it
  // models (optional object attributes, provider-computed nested blocks) than a bug in
  // the input: unknown, visible to try()/can(), but not reported.
  Value fail_quietly(const SourceRange& range, std::string message) {
    error_ = true;
    return Value::unknown(std::move(message), range);
  }

  // ---- resource instances ----

  void ensure_expanded(ResourceDecl& decl) {
    if (decl.expansion != MemoState::Pending) return;
    decl.expansion = MemoState::Running;
    std::vector<std::pair<std::string, Value>> keyed;  // instance key text → key value
    std::vector<Value> each_values;
    if (decl.mode != ResourceDecl::Mode::Single) {
      std::vector<RefHit> refs;
      Value v = eval_isolated(decl.expansion_attribute->expr, nullptr, refs);
      decl.expansion_refs = std::move(refs);
      decl.expansion_value = v;
      expand(decl.mode == ResourceDecl::Mode::Count, decl.address, decl.expansion_attribute->expr->range, v, keyed,
             each_values, decl.expansion_known);
    }
    if (decl.mode == ResourceDecl::Mode::Single) {
      add_instance(decl, decl.address, {}, Value(), Value());
    } else if (!decl.expansion_known) {
      // One representative instance stands for all: its key and values are unknown.
      Value unknown_key = Value::unknown(decl.address + " has an instance count not known before apply");
      if (decl.mode == ResourceDecl::Mode::Count) {
        add_instance(decl, decl.address, "count", Value::object({Member{"index", unknown_key, {}}}), unknown_key);
      } else {
        add_instance(decl, decl.address, "each",
                     Value::object({Member{"key", unknown_key, {}}, Member{"value", unknown_key, {}}}), unknown_key);
      }
    } else {
      for (size_t i = 0; i < keyed.size(); ++i) {
        const Value& key = keyed[i].second;
        if (decl.mode == ResourceDecl::Mode::Count) {
          add_instance(decl, decl.address + "[" + keyed[i].first + "]", "count",
                       Value::object({Member{"index", key, {}}}), key);
        } else {
          add_instance(decl, decl.address + "[" + quote_key(keyed[i].first) + "]", "each",
                       Value::object({Member{"key", key, {}}, Member{"value", each_values[i], {}}}), key);
        }
      }
    }
    decl.expansion = MemoState::Done;
    // count/for_each references are references of every instance.
    for (const Instance& instance : decl.instances)
      for (const RefHit& hit : decl.expansion_refs)
        add_edges(instance.output, hit, decl.mode == ResourceDecl::Mode::Count ? "count" : "for_each");
  }

  // The instance keys `count` or `for_each` value `v` asks for; `known` turns false
  // when they cannot be known before apply.
  void expand(bool count_mode, const std::string& address, const SourceRange& r, const Value& v,
              std::vector<std::pair<std::string, Value>>& keyed, std::vector<Value>& each_values, bool& known) {
    if (v.is_unknown()) {
      known = false;
      return;
    }
    if (count_mode) {
      std::optional<double> n = to_number_value(v);
      if (!n || *n < 0 || std::isnan(*n)) {
        if (!v.is_null()) fail(r, "count of " + address + " must be a non-negative number, not " + v.to_display());
        return;
      }
      size_t count = static_cast<size_t>(std::floor(*n));
      if (count > kMaxInstances) {
        diags_->push_back(Diagnostic{DiagnosticLevel::Warning, "too-many-instances",
                                     address + " has " + std::to_string(count) + " instances; only the first " +
                                         std::to_string(kMaxInstances) + " are scanned",
                                     std::string(r.path()), r});
        count = kMaxInstances;
      }
      for (size_t i = 0; i < count; ++i)
        keyed.emplace_back(std::to_string(i), Value::number(static_cast<double>(i), r));
      return;
    }
    if (v.is_object()) {
      for (const Member& m : v.as_object()) {
        if (keyed.size() >= kMaxInstances) break;
        keyed.emplace_back(m.key, Value::string(m.key, m.range));
        each_values.push_back(m.value);
      }
      return;
    }
    if (v.is_list()) {
      std::set<std::string> seen;
      for (const Value& item : v.as_list()) {
        if (item.is_unknown()) {
          keyed.clear();
          each_values.clear();
          known = false;
          return;
        }
        std::optional<std::string> key = to_string_value(item);
        if (!key) {
          fail(r, "for_each of " + address + " must be a map or a set of strings");
          keyed.clear();
          each_values.clear();
          return;
        }
        if (!seen.insert(*key).second || keyed.size() >= kMaxInstances) continue;
        keyed.emplace_back(*key, Value::string(*key, item.range()));
        each_values.push_back(Value::string(*key, item.range()));
      }
      // Sets iterate in key order, as Terraform's instance addresses do.
      std::vector<size_t> order(keyed.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keyed[a].first < keyed[b].first; });
      std::vector<std::pair<std::string, Value>> sorted_keys;
      std::vector<Value> sorted_values;
      for (size_t i : order) {
        sorted_keys.push_back(keyed[i]);
        sorted_values.push_back(each_values[i]);
      }
      keyed = std::move(sorted_keys);
      each_values = std::move(sorted_values);
      return;
    }
    if (!v.is_null()) fail(r, "for_each of " + address + " must be a map or a set of strings, not " + v.to_display());
  }

  void add_instance(ResourceDecl& decl, std::string address, std::string_view scope_name, Value scope_value,
                    Value key) {
    Instance instance;
    instance.address = address_.empty() ? std::move(address) : address_ + "." + address;
    instance.scope_name = scope_name;
    instance.scope_value = std::move(scope_value);
    instance.key = std::move(key);
    instance.output = static_cast<uint32_t>(out_.resources.size());
    Resource resource;
    resource.platform = Platform::Terraform;
    resource.type = decl.type;
    resource.address = instance.address;
    resource.data_source = decl.data;
    resource.attributes = Value::object({}, decl.block->range);
    resource.range = decl.block->range;
    resource.header = decl.block->header;
    resource.module = address_;
    resource.root = shared_.root_dir;
    out_.resources.push_back(std::move(resource));
    decl.instances.push_back(std::move(instance));
  }

  // The value of top-level key `key` of an instance, evaluated once.
  Value instance_key(uint32_t d, size_t i, const KeySource& source) {
    ResourceDecl& decl = decls_[d];
    Memo& memo = decls_[d].instances[i].memos[source.key];
    if (memo.state == MemoState::Done) return memo.value;
    std::string what = decl.instances[i].address + "." + source.key;
    if (memo.state == MemoState::Running) return cycle(what, source.range);
    memo.state = MemoState::Running;
    stack_.push_back(what);
    auto saved = save_context();
    const Instance& instance = decl.instances[i];
    Scope scope{nullptr, instance.scope_name, instance.scope_value};
    const Scope* s = instance.scope_name.empty() ? nullptr : &scope;
    Value v = eval_key(source, s, instance.output, source.key);
    memo.error = error_;
    restore_context(saved);
    stack_.pop_back();
    // Re-find: evaluation may have added memos to this instance (map nodes are stable).
    Memo& done = decls_[d].instances[i].memos[source.key];
    done.value = std::move(v);
    done.state = MemoState::Done;
    return done.value;
  }

  Value instance_object(uint32_t d, size_t i, bool for_output) {
    Object members;
    for (const KeySource& source : decls_[d].keys) {
      if (!for_output && (source.key == "count" || source.key == "for_each")) continue;
      members.push_back(Member{source.key, instance_key(d, i, source), source.range});
    }
    return Value::object(std::move(members), decls_[d].block->range);
  }

  // The value of an attribute or nested-block list written under `source`.
  Value eval_key(const KeySource& source, const Scope* scope, uint32_t from, const std::string& path) {
    if (source.attribute) {
      const Expr* expr = source.attribute->expr;
      // Meta-arguments that name things rather than compute values: kept as the
      // reference text (`aws.replica`, `[tags]`); depends_on still yields edges.
      bool top_level = path == source.key;
      if (top_level && (source.key == "provider" || source.key == "providers"))
        return with_range(reference_text(expr), expr->range);
      if (path == "lifecycle[0]." + source.key &&
          (source.key == "ignore_changes" || source.key == "replace_triggered_by"))
        return with_range(reference_text(expr), expr->range);
      if (top_level && source.key == "depends_on") {
        (void)eval_leaf(expr, scope, from, path);
        return with_range(reference_text(expr), expr->range);
      }
      return eval_leaf(expr, scope, from, path);
    }
    List items;
    for (const Block* block : source.blocks) {
      if (block->type == "dynamic") {
        expand_dynamic(*block, scope, from, path, items);
      } else {
        items.push_back(
            eval_body(block->body, block->range, scope, from, path + "[" + std::to_string(items.size()) + "]"));
      }
    }
    return Value::list(std::move(items), source.range);
  }

  Value eval_body(const Body& body, const SourceRange& range, const Scope* scope, uint32_t from,
                  const std::string& path) {
    Object members;
    for (const KeySource& source : group_body(body))
      members.push_back(Member{source.key, eval_key(source, scope, from, path + "." + source.key), source.range});
    return Value::object(std::move(members), range);
  }

  // `dynamic "x" { for_each = …, iterator = it, content { … } }` → one x block per element.
  void expand_dynamic(const Block& block, const Scope* scope, uint32_t from, const std::string& path, List& items) {
    const Body::Attribute* for_each = block.body.find_attribute("for_each");
    const Block* content = nullptr;
    for (const Block& inner : block.body.blocks)
      if (inner.type == "content") content = &inner;
    if (!for_each || !content) {
      fail(block.header, "dynamic block needs for_each and a content block");
      return;
    }
    std::string_view iterator = block.labels[0];
    if (const Body::Attribute* it = block.body.find_attribute("iterator"); it && it->expr->kind == ExprKind::Variable)
      iterator = it->expr->name;
    Value collection = eval_leaf(for_each->expr, scope, from, path);
    auto add = [&](Value key, Value value) {
      Scope bound{scope, iterator,
                  Value::object({Member{"key", std::move(key), {}}, Member{"value", std::move(value), {}}})};
      items.push_back(
          eval_body(content->body, content->range, &bound, from, path + "[" + std::to_string(items.size()) + "]"));
    };
    if (collection.is_unknown()) {
      Value unknown =
          Value::unknown("the elements of dynamic block " + std::string(block.labels[0]) + " are not known");
      add(unknown, unknown);
    } else if (collection.is_list()) {
      const List& list = collection.as_list();
      for (size_t i = 0; i < list.size() && items.size() < kMaxForItems; ++i)
        add(Value::number(static_cast<double>(i)), list[i]);
    } else if (collection.is_object()) {
      for (const Member& m : collection.as_object()) add(Value::string(m.key), m.value);
    } else if (!collection.is_null()) {
      fail(for_each->expr->range, "for_each of a dynamic block must be a collection, not " + collection.to_display());
    }
  }

  // Evaluates one attribute of resource `from` and turns what it reached into edges.
  Value eval_leaf(const Expr* expr, const Scope* scope, uint32_t from, const std::string& path) {
    std::vector<RefHit> refs;
    Value v = eval_isolated(expr, scope, refs);
    for (const RefHit& hit : refs) add_edges(from, hit, path);
    return with_range(std::move(v), expr->range);
  }

  void add_edges(uint32_t from, const RefHit& hit, const std::string& path) {
    const ResourceDecl& target = hit.owner->decls_[hit.decl];
    auto add = [&](uint32_t to) {
      if (to == from) return;
      if (!shared_.edge_keys.emplace(from, to, path).second) return;
      out_.edges.push_back(Edge{from, to, path, hit.range});
    };
    if (hit.instance >= 0) {
      add(target.instances[static_cast<size_t>(hit.instance)].output);
    } else {
      for (const Instance& instance : target.instances) add(instance.output);
    }
  }

  // The source text of a reference (`aws.replica`, `aws_s3_bucket.b`), or a list of
  // them; anything else is kept as its literal value or unknown.
  static Value reference_text(const Expr* e) {
    if (e->kind == ExprKind::Tuple) {
      List items;
      for (const Expr* child : e->children) items.push_back(reference_text(child));
      return Value::list(std::move(items), e->range);
    }
    if (e->kind == ExprKind::Literal) return e->literal;
    std::string text;
    if (!append_reference_text(e, text)) return Value::unknown("not a reference", e->range);
    return Value::string(std::move(text), e->range);
  }

  static bool append_reference_text(const Expr* e, std::string& out) {
    switch (e->kind) {
      case ExprKind::Variable:
        out += e->name;
        return true;
      case ExprKind::GetAttr:
        if (!append_reference_text(e->children[0], out)) return false;
        out += "." + e->name;
        return true;
      case ExprKind::Index: {
        if (!append_reference_text(e->children[0], out)) return false;
        const Expr* key = e->children[1];
        if (key->kind != ExprKind::Literal) return false;
        out += "[" + (key->literal.is_string() ? quote_key(key->literal.as_string()) : key->literal.to_display()) + "]";
        return true;
      }
      default:
        return false;
    }
  }

  // ---- modules ----

 public:
  // The value of output `name` (evaluated once); the resources it reached are added to
  // `refs`, so callers get edges into this module.
  Value output_value(const std::string& name, std::vector<RefHit>& refs) {
    auto it = outputs_.find(name);
    if (it == outputs_.end()) return Value::unknown("module has no output " + name);
    Memo& memo = it->second.memo;
    const Body::Attribute* value = it->second.block->body.find_attribute("value");
    if (!value) return Value::unknown("output " + name + " has no value");
    std::string what = (address_.empty() ? "" : address_ + ".") + "output." + name;
    if (memo.state == MemoState::Running) return cycle(what, value->range);
    if (memo.state == MemoState::Pending) {
      memo.state = MemoState::Running;
      stack_.push_back(what);
      auto saved = save_context();
      Value v = eval(value->expr, nullptr);
      memo.refs = std::move(*sink_);
      memo.error = error_;
      restore_context(saved);
      stack_.pop_back();
      memo.value = std::move(v);
      memo.state = MemoState::Done;
    }
    refs.insert(refs.end(), memo.refs.begin(), memo.refs.end());
    return memo.value;
  }

  // Evaluates a module argument of a call in this module; the resources it reaches go
  // to `refs` so that the module's resources get edges to them.
  Value eval_argument(const ModuleArgument& argument, std::vector<RefHit>& refs) {
    Scope scope{nullptr, argument.scope_name, argument.scope_value};
    auto saved = save_context();
    Value v = eval(argument.expr, argument.scope_name.empty() ? nullptr : &scope);
    refs.insert(refs.end(), sink_->begin(), sink_->end());
    restore_context(saved);
    return with_range(std::move(v), argument.expr->range);
  }

  void set_arguments(std::map<std::string, ModuleArgument, std::less<>> arguments) {
    arguments_ = std::move(arguments);
  }

 private:
  Value module_reference(const std::string& name, const std::vector<const Expr*>& steps, size_t& used,
                         const Scope* scope) {
    const SourceRange& name_range = steps[0]->range;
    auto it = module_calls_.find(name);
    if (it == module_calls_.end()) {
      used = steps.size();
      return fail(name_range, "module " + name + " is not declared");
    }
    ModuleCall& call = it->second;
    instantiate(call);
    used = 1;
    if (call.state == MemoState::Running) {
      used = steps.size();
      return cycle("module." + name, name_range);
    }
    if (call.instances.empty() || !call.instances[0].child) {
      used = steps.size();
      return Value::unknown("outputs of module " + name + " are not evaluated (not a local module)", name_range);
    }
    size_t pos = 1;
    ModuleCall::Instance* instance = &call.instances[0];
    if (call.keyed && call.keys_known) {
      if (pos >= steps.size() || steps[pos]->kind != ExprKind::Index) {
        used = steps.size();
        return Value::unknown("the instances of module " + name + " as a collection are not evaluated", name_range);
      }
      Value key = eval(steps[pos]->children[1], scope);
      ++pos;
      instance = nullptr;
      for (ModuleCall::Instance& candidate : call.instances)
        if (!key.is_unknown() && to_string_value(candidate.key) == to_string_value(key)) instance = &candidate;
      if (!instance) {
        used = steps.size();
        return fail_quietly(steps[pos - 1]->range, "no instance " + key.to_display() + " of module " + name);
      }
    } else if (call.keyed && pos < steps.size() && steps[pos]->kind == ExprKind::Index) {
      ++pos;  // a representative instance answers for every key
    }
    const std::string* output = attr_name(steps, pos);
    if (!output) {
      used = pos;
      return Value::unknown("module " + name + " as a whole object is not evaluated", name_range);
    }
    used = pos + 1;
    Value v = instance->child->output_value(*output, *sink_);
    return with_range(prepend_origin(std::move(v), Origin{instance->address + " output " + *output, steps[pos]->range}),
                      steps[pos]->range);
  }

  static bool is_local_source(const std::string& source) {
    return source == "." || source == ".." || source.starts_with("./") || source.starts_with("../");
  }

  // Creates the child evaluators of a local module call, one per instance, with the
  // call's arguments as the child's variables.
  void instantiate(ModuleCall& call) {
    if (call.state != MemoState::Pending) return;
    call.state = MemoState::Running;
    const Block& block = *call.block;
    const Body::Attribute* source = block.body.find_attribute("source");
    Value source_value = source ? eval_detached(source->expr, nullptr) : Value();
    if (!source_value.is_string()) {
      call.state = MemoState::Done;
      return;
    }
    namespace fs = std::filesystem;
    std::string module_key = module_key_.empty() ? call.name : module_key_ + "." + call.name;
    std::string dir;
    if (is_local_source(source_value.as_string())) {
      dir = (fs::path(input_.dir) / source_value.as_string()).lexically_normal().generic_string();
    } else {
      // A remote module is read where `terraform init` downloaded it, if it did.
      if (!shared_.downloaded_modules) shared_.downloaded_modules = read_downloaded_modules(shared_.root_dir);
      auto found = shared_.downloaded_modules->find(module_key);
      std::error_code exists_ec;
      if (found == shared_.downloaded_modules->end() || !fs::is_directory(found->second, exists_ec)) {
        diags_->push_back(Diagnostic{DiagnosticLevel::Note, "remote-module-not-downloaded",
                                     "remote module " + call.name + " (source " + source_value.as_string() +
                                         ") not downloaded; its outputs are unknown",
                                     std::string(source->range.path()), source->range});
        call.state = MemoState::Done;
        return;
      }
      dir = found->second;
    }
    if (!dir.empty() && dir.back() == '/') dir.pop_back();
    std::error_code ec;
    std::string canonical = fs::weakly_canonical(dir, ec).generic_string();
    std::string root = fs::weakly_canonical(options_.scan_root.empty() ? "." : options_.scan_root, ec).generic_string();
    const char* problem = nullptr;
    std::string message;
    DiagnosticLevel level = DiagnosticLevel::Error;
    std::vector<const ParsedFile*> files;
    if (!options_.allow_outside_root && canonical != root && !canonical.starts_with(root + "/")) {
      problem = "module-outside-root";
      level = DiagnosticLevel::Warning;
      message = "module " + call.name + " at " + dir + " is outside the scan root; its outputs are unknown";
    } else if (std::find(ancestry_.begin(), ancestry_.end(), canonical) != ancestry_.end()) {
      problem = "module-cycle";
      message = "module " + call.name + " at " + dir + " calls itself";
    } else if (ancestry_.size() >= kMaxModuleDepth) {
      problem = "module-cycle";
      message = "modules nested deeper than " + std::to_string(kMaxModuleDepth) + " levels";
    } else {
      files = shared_.loader(dir);
      if (files.empty()) {
        problem = "module-not-found";
        level = DiagnosticLevel::Warning;
        message = "module " + call.name + ": no .tf files in " + dir;
      }
    }
    if (problem) {
      diags_->push_back(
          Diagnostic{level, problem, std::move(message), std::string(source->range.path()), source->range});
      call.state = MemoState::Done;
      return;
    }

    // Instances, as for resources.
    std::string base = (address_.empty() ? "" : address_ + ".") + "module." + call.name;
    std::vector<std::pair<std::string, Value>> keyed;
    std::vector<Value> each_values;
    const Body::Attribute* count = block.body.find_attribute("count");
    const Body::Attribute* for_each = count ? nullptr : block.body.find_attribute("for_each");
    const Body::Attribute* expansion = count ? count : for_each;
    call.keyed = expansion != nullptr;
    call.count_mode = count != nullptr;
    if (expansion) {
      Value v = eval_detached(expansion->expr, nullptr);
      expand(call.count_mode, base, expansion->expr->range, v, keyed, each_values, call.keys_known);
    }
    if (!expansion) {
      add_module_instance(call, module_key, dir, files, canonical, base, Value(), "", Value());
    } else if (!call.keys_known) {
      Value unknown_key = Value::unknown(base + " has an instance count not known before apply");
      add_module_instance(call, module_key, dir, files, canonical, base, unknown_key, call.count_mode ? "count" : "each",
                          call.count_mode ? count_scope(unknown_key) : each_scope(unknown_key, unknown_key));
    } else {
      for (size_t i = 0; i < keyed.size(); ++i) {
        const Value& key = keyed[i].second;
        std::string address = base + "[" + (call.count_mode ? keyed[i].first : quote_key(keyed[i].first)) + "]";
        add_module_instance(call, module_key, dir, files, canonical, address, key, call.count_mode ? "count" : "each",
                            call.count_mode ? count_scope(key) : each_scope(key, each_values[i]));
      }
    }
    call.state = MemoState::Done;
  }

  static Value count_scope(const Value& index) { return Value::object({Member{"index", index, {}}}); }
  static Value each_scope(const Value& key, const Value& value) {
    return Value::object({Member{"key", key, {}}, Member{"value", value, {}}});
  }

  void add_module_instance(ModuleCall& call, const std::string& key_path, const std::string& dir, const std::vector<const ParsedFile*>& files,
                           const std::string& canonical, const std::string& address, Value key,
                           std::string_view scope_name, Value scope_value) {
    auto input = std::make_unique<ModuleInput>();
    input->dir = dir;
    input->files = files;
    std::map<std::string, ModuleArgument, std::less<>> arguments;
    for (const Body::Attribute& argument : call.block->body.attributes) {
      static constexpr std::string_view meta[] = {"source", "version", "count", "for_each", "providers", "depends_on"};
      if (std::find(std::begin(meta), std::end(meta), argument.name) != std::end(meta)) continue;
      arguments.emplace(argument.name, ModuleArgument{this, argument.expr, scope_name, scope_value, argument.range,
                                                      address + " input " + argument.name});
    }
    std::vector<std::string> ancestry = ancestry_;
    ancestry.push_back(canonical);
    ModuleCall::Instance instance;
    instance.address = address;
    instance.key = std::move(key);
    instance.child = std::make_unique<ModuleEvaluator>(*input, shared_, address, std::move(ancestry), key_path);
    instance.child->set_arguments(std::move(arguments));
    instance.input = std::move(input);
    call.instances.push_back(std::move(instance));
  }

  // ---- evaluation context ----

  struct SavedContext {
    std::vector<RefHit>* sink;
    std::vector<Diagnostic>* diags;
    bool error;
  };

  // Memoised values are evaluated in a clean context: their own reference sink, the
  // module's diagnostics (not a try()'s scratch list) and a fresh error flag.
  SavedContext save_context() {
    SavedContext saved{sink_, diags_, error_};
    sink_ = &scratch_refs_.emplace_back();
    diags_ = &out_.diagnostics;
    error_ = false;
    return saved;
  }

  void restore_context(const SavedContext& saved) {
    scratch_refs_.pop_back();
    sink_ = saved.sink;
    diags_ = saved.diags;
    error_ = saved.error;
  }

  Value eval_isolated(const Expr* expr, const Scope* scope, std::vector<RefHit>& refs) {
    std::vector<RefHit>* saved = sink_;
    sink_ = &refs;
    Value v = eval(expr, scope);
    sink_ = saved;
    return v;
  }

  // For expressions outside resources (outputs, module inputs): problems are reported,
  // references lead nowhere.
  Value eval_detached(const Expr* expr, const Scope* scope) {
    std::vector<RefHit> refs;
    bool saved = error_;
    Value v = eval_isolated(expr, scope, refs);
    error_ = saved;
    return v;
  }

  Value cycle(const std::string& what, const SourceRange& range) {
    auto it = std::find(stack_.begin(), stack_.end(), what);
    std::string chain;
    for (; it != stack_.end(); ++it) chain += *it + " -> ";
    chain += what;
    diags_->push_back(Diagnostic{DiagnosticLevel::Error, "reference-cycle", "reference cycle: " + chain,
                                 std::string(range.path()), range});
    return Value::unknown("reference cycle: " + chain, range);
  }

  // ---- variables and locals ----

  Value local_value(const std::string& name, const SourceRange& use) {
    auto it = locals_.find(name);
    if (it == locals_.end()) return fail(use, "local.value " + name + " is not declared");
    Memo& memo = it->second.memo;
    const Body::Attribute& attribute = *it->second.attribute;
    if (memo.state == MemoState::Running) return cycle("local." + name, attribute.range);
    if (memo.state == MemoState::Pending) {
      memo.state = MemoState::Running;
      stack_.push_back("local." + name);
      auto saved = save_context();
      Value v = eval(attribute.expr, nullptr);
      memo.refs = std::move(*sink_);
      memo.error = error_;
      restore_context(saved);
      stack_.pop_back();
      memo.value = prepend_origin(std::move(v), Origin{"local." + name, attribute.range});
      memo.state = MemoState::Done;
    }
    sink_->insert(sink_->end(), memo.refs.begin(), memo.refs.end());
    if (memo.error) error_ = true;
    return memo.value;
  }

  Value variable_value(const std::string& name, const SourceRange& use) {
    auto it = variables_.find(name);
    if (it == variables_.end()) return fail(use, "variable " + name + " is not declared");
    Memo& memo = it->second.memo;
    if (memo.state == MemoState::Running) return cycle("var." + name, it->second.block->header);
    if (memo.state == MemoState::Pending) {
      memo.state = MemoState::Running;
      stack_.push_back("var." + name);
      auto saved = save_context();
      memo.value = compute_variable(name, *it->second.block);
      memo.refs = std::move(*sink_);
      memo.error = error_;
      restore_context(saved);
      stack_.pop_back();
      memo.state = MemoState::Done;
    }
    sink_->insert(sink_->end(), memo.refs.begin(), memo.refs.end());
    if (memo.error) error_ = true;
    return memo.value;
  }

  Value compute_variable(const std::string& name, const Block& block) {
    const Body::Attribute* type = block.body.find_attribute("type");
    const Body::Attribute* def = block.body.find_attribute("default");
    // `nullable = false`: a null from outside means "use the default".
    const Body::Attribute* nullable = block.body.find_attribute("nullable");
    bool null_means_default = def && nullable && nullable->expr->kind == ExprKind::Literal &&
                              nullable->expr->literal.is_bool() && !nullable->expr->literal.as_bool();
    auto given = [&](Value v, Origin origin) -> std::optional<Value> {
      if (v.is_null() && null_means_default) return std::nullopt;
      if (type) v = typed(name, block, std::move(v), type->expr);
      return prepend_origin(std::move(v), std::move(origin));
    };
    if (auto argument = arguments_.find(name); argument != arguments_.end()) {
      const ModuleArgument& a = argument->second;
      if (auto v = given(a.caller->eval_argument(a, *sink_), Origin{a.what, a.range})) return *v;
    } else {
      const VariableSetting* setting = nullptr;
      for (const VariableSetting& s : input_.settings)
        if (s.name == name) setting = &s;  // later settings take precedence
      if (setting) {
        Value v = setting->expr ? eval(setting->expr, nullptr) : command_line_value(*setting, type);
        if (auto result = given(std::move(v), Origin{setting->what, setting->range})) return *result;
      }
    }
    if (def) {
      Value v = eval(def->expr, nullptr);
      if (type) v = typed(name, block, std::move(v), type->expr);
      return prepend_origin(std::move(v), Origin{"var." + name, def->range});
    }
    return Value::unknown("var." + name + " has no value", block.header);
  }

  // `v` converted to the variable's type; a value that does not convert is unknown and
  // reported at the variable.
  Value typed(const std::string& name, const Block& block, Value v, const Expr* type) {
    std::string problem;
    Value converted = convert_to_type(v, type, problem);
    if (problem.empty()) return converted;
    std::string message = "var." + name + ": " + problem;
    diags_->push_back(Diagnostic{DiagnosticLevel::Warning, "invalid-variable-value", message,
                                 std::string(block.header.path()), block.header});
    return inherit_origins(Value::unknown(message, v.range()), v);
  }

  // Converts `v` to type constraint `type` as Terraform does: primitives convert to and
  // from strings, collections convert element by element, objects keep only their
  // declared attributes and fill in `optional(type, default)` ones. On failure,
  // `problem` says why. Unknown parts stay unknown.
  Value convert_to_type(const Value& v, const Expr* type, std::string& problem) {
    if (!problem.empty() || v.is_unknown() || v.is_null()) return v;
    auto mismatch = [&](std::string_view wanted) {
      problem = "cannot convert " + v.to_display() + " to " + std::string(wanted);
      return Value::unknown(problem, v.range());
    };
    auto keep = [&](Value converted) {
      converted.set_range(v.range());
      return inherit_origins(std::move(converted), v);
    };
    if (type->kind == ExprKind::Variable) {
      const std::string& kind = type->name;
      if (kind == "string") {
        std::optional<std::string> text = to_string_value(v);
        return text ? keep(Value::string(*text)) : mismatch("string");
      }
      if (kind == "number") {
        std::optional<double> n = to_number_value(v);
        return n ? keep(Value::number(*n)) : mismatch("number");
      }
      if (kind == "bool") {
        std::optional<bool> b = to_bool_value(v);
        return b ? keep(Value::boolean(*b)) : mismatch("bool");
      }
      return v;  // any, or a type vouch does not know
    }
    if (type->kind != ExprKind::Call || type->children.empty()) return v;
    const std::string& kind = type->name;
    const Expr* inner = type->children[0];
    if (kind == "optional") return convert_to_type(v, inner, problem);
    if (kind == "list" || kind == "set") {
      if (!v.is_list()) return mismatch(kind);
      List items;
      for (const Value& item : v.as_list()) items.push_back(convert_to_type(item, inner, problem));
      if (!problem.empty()) return Value::unknown(problem, v.range());
      if (kind == "set") items = as_set(std::move(items));
      return keep(Value::list(std::move(items)));
    }
    if (kind == "map") {
      if (!v.is_object()) return mismatch("map");
      Object members;
      for (const Member& m : v.as_object()) members.push_back(Member{m.key, convert_to_type(m.value, inner, problem), m.range});
      if (!problem.empty()) return Value::unknown(problem, v.range());
      return keep(Value::object(std::move(members)));
    }
    if (kind == "tuple" && inner->kind == ExprKind::Tuple) {
      if (!v.is_list() || v.as_list().size() != inner->children.size()) return mismatch("a tuple of " + std::to_string(inner->children.size()) + " elements");
      List items;
      for (size_t i = 0; i < inner->children.size(); ++i)
        items.push_back(convert_to_type(v.as_list()[i], inner->children[i], problem));
      if (!problem.empty()) return Value::unknown(problem, v.range());
      return keep(Value::list(std::move(items)));
    }
    if (kind == "object" && inner->kind == ExprKind::Object) {
      if (!v.is_object()) return mismatch("object");
      Object members;
      for (size_t i = 0; i + 1 < inner->children.size(); i += 2) {
        const Expr* key = inner->children[i];
        const Expr* attribute_type = inner->children[i + 1];
        std::string attribute;
        if (key->kind == ExprKind::Literal && key->literal.is_string()) attribute = key->literal.as_string();
        else if (key->kind == ExprKind::Variable) attribute = key->name;
        else continue;
        bool optional = attribute_type->kind == ExprKind::Call && attribute_type->name == "optional";
        if (const Member* m = v.find(attribute); m && !(optional && m->value.is_null())) {
          members.push_back(Member{attribute, convert_to_type(m->value, attribute_type, problem), m->range});
        } else if (optional) {
          Value fallback = attribute_type->children.size() > 1 ? eval(attribute_type->children[1], nullptr)
                                                               : Value::null(attribute_type->range);
          if (!attribute_type->children.empty())
            fallback = convert_to_type(fallback, attribute_type->children[0], problem);
          members.push_back(Member{attribute, std::move(fallback), attribute_type->range});
        } else {
          problem = "attribute " + attribute + " is required by the type of " + v.to_display();
        }
      }
      if (!problem.empty()) return Value::unknown(problem, v.range());
      return keep(Value::object(std::move(members)));
    }
    return v;
  }

  // A set's elements: duplicates dropped and, when all are known primitives, in
  // Terraform's order (strings lexically, numbers by value).
  static List as_set(List items) {
    List unique;
    for (Value& item : items)
      if (std::none_of(unique.begin(), unique.end(), [&](const Value& u) { return u.equals(item); }))
        unique.push_back(std::move(item));
    bool strings = std::all_of(unique.begin(), unique.end(), [](const Value& u) { return u.is_string(); });
    bool numbers = std::all_of(unique.begin(), unique.end(), [](const Value& u) { return u.is_number(); });
    if (strings)
      std::sort(unique.begin(), unique.end(), [](const Value& a, const Value& b) { return a.as_string() < b.as_string(); });
    if (numbers)
      std::sort(unique.begin(), unique.end(), [](const Value& a, const Value& b) { return a.as_number() < b.as_number(); });
    return unique;
  }

  // `--var name=text` and `TF_VAR_name`: the text is the value for a primitive type (or
  // no type), and an HCL expression to evaluate for a collection or structural type, as
  // Terraform reads them.
  Value command_line_value(const VariableSetting& setting, const Body::Attribute* type) {
    const Value& v = setting.value;
    if (!v.is_string() || !type || type->expr->kind != ExprKind::Call) return v;
    const SourceFile* file = sources_.add(setting.what, "value = " + v.as_string() + "\n");
    ParsedFile& parsed = template_files_.emplace_back();
    parse_hcl(*file, parsed);
    const Body::Attribute* value = parsed.body.find_attribute("value");
    if (!parsed.diagnostics.empty() || !value) {
      diags_->push_back(Diagnostic{DiagnosticLevel::Warning, "invalid-variable-value",
                                   setting.what + " is not a valid expression for its type", setting.what, {}});
      return Value::unknown(setting.what + " is not a valid expression", {});
    }
    return eval(value->expr, nullptr);
  }

  // ---- expressions ----

  struct DepthGuard {
    unsigned& depth;
    explicit DepthGuard(unsigned& d) : depth(d) { ++depth; }
    ~DepthGuard() { --depth; }
  };

  Value eval(const Expr* e, const Scope* scope) {
    if (!e) return Value();
    DepthGuard guard(depth_);
    if (depth_ > kMaxEvalDepth) {
      if (!depth_reported_) {
        depth_reported_ = true;
        diags_->push_back(Diagnostic{DiagnosticLevel::Warning, "evaluation-too-deep",
                                     "expression or reference chain too deep to evaluate", std::string(e->range.path()),
                                     e->range});
      }
      return Value::unknown("evaluation too deep", e->range);
    }
    switch (e->kind) {
      case ExprKind::Invalid:
        return Value::unknown("expression could not be parsed", e->range);
      case ExprKind::Literal:
        return e->literal;
      case ExprKind::Template:
        return eval_template(e, scope);
      case ExprKind::TemplateIf:
      case ExprKind::TemplateFor:
        return eval_template(e, scope);
      case ExprKind::Tuple: {
        List items;
        items.reserve(e->children.size());
        for (const Expr* child : e->children) items.push_back(eval(child, scope));
        return Value::list(std::move(items), e->range);
      }
      case ExprKind::Object:
        return eval_object(e, scope);
      case ExprKind::Variable:
      case ExprKind::GetAttr:
      case ExprKind::Index:
        return eval_traversal(e, scope);
      case ExprKind::Splat:
        return eval_splat(e, scope);
      case ExprKind::SplatItem: {
        const Value* item = scope ? scope->lookup(kSplatItem) : nullptr;
        return item ? *item : Value::unknown("splat element", e->range);
      }
      case ExprKind::Call:
        return eval_call(e, scope);
      case ExprKind::Unary:
        return eval_unary(e, scope);
      case ExprKind::Binary:
        return eval_binary(e, scope);
      case ExprKind::Conditional:
        return eval_conditional(e, scope);
      case ExprKind::ForTuple:
      case ExprKind::ForObject:
        return eval_for(e, scope);
    }
    return Value::unknown("unsupported expression", e->range);
  }

  Value eval_object(const Expr* e, const Scope* scope) {
    Object members;
    bool unknown_key = false;
    for (size_t i = 0; i + 1 < e->children.size(); i += 2) {
      Value key = eval(e->children[i], scope);
      Value value = eval(e->children[i + 1], scope);
      if (key.is_unknown()) {
        unknown_key = true;
        continue;
      }
      std::optional<std::string> text = to_string_value(key);
      if (!text) {
        fail(e->children[i]->range, "object key must be a string, not " + key.to_display());
        continue;
      }
      SourceRange member_range = e->children[i]->range;
      member_range.end_line = e->children[i + 1]->range.end_line;
      member_range.end_col = e->children[i + 1]->range.end_col;
      // Later duplicates win in Terraform; Value::object keeps the first, so replace.
      auto existing = std::find_if(members.begin(), members.end(), [&](const Member& m) { return m.key == *text; });
      if (existing != members.end()) {
        existing->value = std::move(value);
        existing->range = member_range;
      } else {
        members.push_back(Member{std::move(*text), std::move(value), member_range});
      }
    }
    if (unknown_key) return Value::unknown("an object key is not known", e->range);
    return Value::object(std::move(members), e->range);
  }

  // ---- traversals: var.x, local.x, aws_s3_bucket.b.arn, each.key, x[0].y ----

  Value eval_traversal(const Expr* e, const Scope* scope) {
    std::vector<const Expr*> steps;
    const Expr* root = e;
    while (root->kind == ExprKind::GetAttr || root->kind == ExprKind::Index) {
      steps.push_back(root);
      root = root->children[0];
    }
    std::reverse(steps.begin(), steps.end());
    size_t used = 0;
    Value v = root->kind == ExprKind::Variable ? resolve_root(root, steps, used, scope) : eval(root, scope);
    for (size_t i = used; i < steps.size(); ++i) v = apply_step(v, steps[i], scope);
    return v;
  }

  static const std::string* attr_name(const std::vector<const Expr*>& steps, size_t i) {
    return i < steps.size() && steps[i]->kind == ExprKind::GetAttr ? &steps[i]->name : nullptr;
  }

  Value resolve_root(const Expr* root, const std::vector<const Expr*>& steps, size_t& used, const Scope* scope) {
    const std::string& name = root->name;
    if (scope)
      if (const Value* bound = scope->lookup(name)) return *bound;
    const std::string* first = attr_name(steps, 0);
    SourceRange first_range = steps.empty() ? root->range : steps[0]->range;
    if (name == "var" || name == "local") {
      if (!first) return fail(root->range, name + " must be followed by a name");
      used = 1;
      Value v = name == "var" ? variable_value(*first, first_range) : local_value(*first, first_range);
      return v;
    }
    if (name == "count" || name == "each") {
      return fail(root->range, name + " is only available in a resource with " +
                                   (name == "count" ? std::string("count") : std::string("for_each")));
    }
    if (name == "path") {
      used = first ? 1 : 0;
      if (first && (*first == "module" || *first == "root")) return Value::string(".", first_range);
      return Value::unknown("path." + (first ? *first : std::string()) + " depends on where terraform runs",
                            first_range);
    }
    if (name == "terraform") {
      used = first ? 1 : 0;
      if (first && *first == "workspace") return Value::string("default", first_range);
      return Value::unknown("terraform." + (first ? *first : std::string()) + " is not known", first_range);
    }
    if (name == "self") return Value::unknown("self refers to the resource being created", root->range);
    if (name == "module") {
      if (!first) return fail(root->range, "module must be followed by a module name");
      return module_reference(*first, steps, used, scope);
    }
    if (name == "ephemeral") {
      used = std::min<size_t>(steps.size(), 2);
      return Value::unknown("ephemeral values are not known before apply", root->range);
    }
    if (name == "data") {
      const std::string* type = attr_name(steps, 0);
      const std::string* data_name = attr_name(steps, 1);
      if (!type || !data_name) return fail(root->range, "a data source reference needs a type and a name");
      return resource_reference("data." + *type + "." + *data_name, steps, 2, used, scope);
    }
    if (!first) {
      if (steps.empty()) return fail(root->range, "unknown name " + name);
      return fail(root->range, "invalid reference to " + name);
    }
    return resource_reference(name + "." + *first, steps, 1, used, scope);
  }

  Value resource_reference(const std::string& address, const std::vector<const Expr*>& steps, size_t pos, size_t& used,
                           const Scope* scope) {
    const SourceRange& name_range = steps[pos - 1]->range;
    auto found = decl_index_.find(address);
    if (found == decl_index_.end()) {
      used = pos;
      return fail(name_range, "reference to undeclared resource " + address);
    }
    uint32_t d = found->second;
    ensure_expanded(decls_[d]);
    ResourceDecl& decl = decls_[d];
    if (decl.expansion == MemoState::Running) {
      used = steps.size();
      return cycle(decl.address + " count/for_each", name_range);
    }
    SourceRange ref_range = name_range;
    int32_t instance = 0;
    if (decl.mode != ResourceDecl::Mode::Single) {
      if (pos < steps.size() && steps[pos]->kind == ExprKind::Index) {
        Value key = eval(steps[pos]->children[1], scope);
        ref_range = steps[pos]->range;
        ++pos;
        instance = find_instance(decl, key);
        if (instance == -2) {
          used = steps.size();
          sink_->push_back(RefHit{this, d, -1, ref_range});
          return fail(ref_range, "no instance " + key.to_display() + " of " + decl.address);
        }
      } else {
        instance = -1;  // the whole collection
      }
    }
    sink_->push_back(RefHit{this, d, instance, ref_range});
    if (instance < 0) {
      used = pos;
      if (!decl.expansion_known || instance == -3)
        return Value::unknown("the instances of " + decl.address + " are not known before apply", ref_range);
      return collection_of(d, ref_range);
    }
    size_t i = static_cast<size_t>(instance);
    const std::string* attribute = attr_name(steps, pos);
    if (!attribute) {
      used = pos;
      return with_range(instance_object(d, i, false), ref_range);
    }
    used = pos + 1;
    const SourceRange& attribute_range = steps[pos]->range;
    for (const KeySource& source : decl.keys)
      if (source.key == *attribute) return with_range(instance_key(d, i, source), attribute_range);
    return Value::unknown(
        decl.instances[i].address + "." + *attribute +
            (decl.data ? " is read by the data source at apply time" : " is computed by the provider"),
        attribute_range);
  }

  // Instance index for `key`; -3 when the key is unknown, -2 when there is no such
  // instance. A representative instance answers for every key.
  int32_t find_instance(const ResourceDecl& decl, const Value& key) {
    if (!decl.expansion_known) return decl.instances.empty() ? -3 : 0;
    if (key.is_unknown()) return -3;
    for (size_t i = 0; i < decl.instances.size(); ++i) {
      const Value& k = decl.instances[i].key;
      if (decl.mode == ResourceDecl::Mode::Count) {
        std::optional<double> n = to_number_value(key);
        if (n && k.is_number() && k.as_number() == *n) return static_cast<int32_t>(i);
      } else {
        std::optional<std::string> s = to_string_value(key);
        if (s && k.is_string() && k.as_string() == *s) return static_cast<int32_t>(i);
      }
    }
    return -2;
  }

  Value collection_of(uint32_t d, const SourceRange& range) {
    ResourceDecl& decl = decls_[d];
    if (decl.mode == ResourceDecl::Mode::Count) {
      List items;
      for (size_t i = 0; i < decl.instances.size(); ++i) items.push_back(instance_object(d, i, false));
      return Value::list(std::move(items), range);
    }
    Object members;
    for (size_t i = 0; i < decl.instances.size(); ++i)
      members.push_back(Member{decl.instances[i].key.as_string(), instance_object(d, i, false), decl.block->range});
    return Value::object(std::move(members), range);
  }

  Value apply_step(const Value& v, const Expr* step, const Scope* scope) {
    if (step->kind == ExprKind::GetAttr) return get_attr(v, step->name, step->range);
    Value key = eval(step->children[1], scope);
    return index(v, key, step->range);
  }

  Value get_attr(const Value& v, const std::string& name, const SourceRange& range) {
    if (v.is_unknown()) return Value::unknown(v.unknown_reason(), range);
    if (v.is_object()) {
      if (const Member* m = v.find(name)) return inherit_origins(m->value, v);
      return fail_quietly(range, "object has no attribute " + name);
    }
    if (v.is_null()) return fail(range, "attribute " + name + " of a null value");
    return fail(range, "cannot read attribute " + name + " of " + std::string(to_string(v.kind())));
  }

  Value index(const Value& v, const Value& key, const SourceRange& range) {
    if (v.is_unknown()) return Value::unknown(v.unknown_reason(), range);
    if (key.is_unknown()) return Value::unknown(key.unknown_reason(), range);
    if (v.is_list()) {
      std::optional<double> n = to_number_value(key);
      if (!n || *n < 0 || *n != std::floor(*n)) return fail(range, "invalid list index " + key.to_display());
      size_t i = static_cast<size_t>(*n);
      if (i >= v.as_list().size())
        return fail_quietly(
            range, "index " + std::to_string(i) + " out of range for a list of " + std::to_string(v.as_list().size()));
      return inherit_origins(v.as_list()[i], v);
    }
    if (v.is_object()) {
      std::optional<std::string> k = to_string_value(key);
      if (!k) return fail(range, "invalid key " + key.to_display());
      if (const Member* m = v.find(*k)) return inherit_origins(m->value, v);
      return fail_quietly(range, "no element " + quote_key(*k));
    }
    if (v.is_null()) return fail(range, "cannot index a null value");
    return fail(range, "cannot index a " + std::string(to_string(v.kind())));
  }

  Value eval_splat(const Expr* e, const Scope* scope) {
    Value source = eval(e->children[0], scope);
    if (source.is_unknown()) return Value::unknown(source.unknown_reason(), e->range);
    if (source.is_null()) return Value::list({}, e->range);
    List items;
    auto apply = [&](const Value& item) {
      Scope bound{scope, kSplatItem, item};
      items.push_back(eval(e->children[1], &bound));
    };
    if (source.is_list()) {
      for (const Value& item : source.as_list()) apply(item);
    } else {
      apply(source);
    }
    return Value::list(std::move(items), e->range);
  }

  // ---- functions ----

  Value eval_call(const Expr* e, const Scope* scope) {
    if (e->name == "try") return eval_try(e, scope);
    if (e->name == "can") return eval_can(e, scope);
    std::vector<Value> args;
    args.reserve(e->children.size());
    for (const Expr* child : e->children) args.push_back(eval(child, scope));
    if (e->flag && !args.empty()) {
      Value last = std::move(args.back());
      args.pop_back();
      if (last.is_unknown()) return Value::unknown(last.unknown_reason(), e->range);
      if (!last.is_list()) return fail(e->range, "the argument expanded with ... must be a list");
      for (const Value& item : last.as_list()) args.push_back(item);
    }
    FunctionContext context;
    context.module_dir = input_.dir;
    context.scan_root = options_.scan_root;
    context.allow_outside_root = options_.allow_outside_root;
    context.sources = &sources_;
    context.diagnostics = diags_;
    context.call_range = e->range;
    size_t before = diags_->size();
    if (e->name == "templatefile") return eval_templatefile(e, args, context);
    std::optional<Value> result = call_function(e->name, args, context);
    if (!result) {
      diags_->push_back(Diagnostic{DiagnosticLevel::Warning, "unknown-function",
                                   "function " + e->name + " is not implemented", std::string(e->range.path()),
                                   e->range});
      return Value::unknown("function " + e->name + " is not implemented", e->range);
    }
    for (size_t i = before; i < diags_->size(); ++i)
      if ((*diags_)[i].code == "function-error" || (*diags_)[i].level == DiagnosticLevel::Error) error_ = true;
    return with_range(std::move(*result), e->range);
  }

  // templatefile(path, vars): the file is read through file() (which keeps reads inside
  // the scan root), parsed as the body of a heredoc and evaluated with only `vars` in
  // scope.
  Value eval_templatefile(const Expr* e, const std::vector<Value>& args, FunctionContext& context) {
    if (args.size() != 2) return fail(e->range, "templatefile() takes a path and an object of variables");
    if (args[0].is_unknown()) return Value::unknown(args[0].unknown_reason(), e->range);
    size_t before = diags_->size();
    std::optional<Value> content = call_function("file", {args[0]}, context);
    for (size_t i = before; i < diags_->size(); ++i)
      if ((*diags_)[i].code == "function-error") error_ = true;
    if (!content || !content->is_string()) return Value::unknown("template file could not be read", e->range);
    const std::string& text = content->as_string();
    std::string marker = "VOUCH_TEMPLATE_END";
    while (text.find(marker) != std::string::npos) marker += "_";
    bool ends_with_newline = !text.empty() && text.back() == '\n';
    std::string wrapped = "t = <<" + marker + "\n" + text + (ends_with_newline ? "" : "\n") + marker + "\n";
    const SourceFile* file = sources_.add(args[0].as_string() + " (templatefile)", std::move(wrapped));
    ParsedFile& parsed = template_files_.emplace_back();
    parse_hcl(*file, parsed);
    diags_->insert(diags_->end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
    const Body::Attribute* body = parsed.body.find_attribute("t");
    if (!body) return Value::unknown("template file could not be parsed", e->range);
    // Only the given variables are in scope.
    std::vector<Scope> bound;
    if (args[1].is_object()) {
      bound.reserve(args[1].as_object().size());
      for (const Member& m : args[1].as_object())
        bound.push_back(Scope{bound.empty() ? nullptr : &bound.back(), m.key, m.value});
    } else if (args[1].is_unknown()) {
      return Value::unknown(args[1].unknown_reason(), e->range);
    }
    Value v = eval(body->expr, bound.empty() ? nullptr : &bound.back());
    if (!ends_with_newline && v.is_string() && !v.as_string().empty() && v.as_string().back() == '\n')
      v = Value::string(v.as_string().substr(0, v.as_string().size() - 1));
    return with_range(std::move(v), e->range);
  }

  // Evaluates `e` with its problems held back; returns whether it failed.
  bool eval_guarded(const Expr* e, const Scope* scope, Value& out, std::vector<Diagnostic>& held) {
    std::vector<Diagnostic>* saved_diags = diags_;
    bool saved_error = error_;
    diags_ = &held;
    error_ = false;
    out = eval(e, scope);
    bool failed = error_;
    diags_ = saved_diags;
    error_ = saved_error;
    return failed;
  }

  Value eval_try(const Expr* e, const Scope* scope) {
    for (const Expr* arg : e->children) {
      Value v;
      std::vector<Diagnostic> held;
      if (!eval_guarded(arg, scope, v, held)) {
        diags_->insert(diags_->end(), held.begin(), held.end());
        return v;
      }
    }
    error_ = true;
    return Value::unknown("no argument of try() could be evaluated", e->range);
  }

  Value eval_can(const Expr* e, const Scope* scope) {
    if (e->children.size() != 1) return fail(e->range, "can() takes one argument");
    Value v;
    std::vector<Diagnostic> held;
    if (eval_guarded(e->children[0], scope, v, held)) return Value::boolean(false, e->range);
    if (v.is_unknown()) return Value::unknown(v.unknown_reason(), e->range);
    return Value::boolean(true, e->range);
  }

  // ---- operators ----

  Value eval_unary(const Expr* e, const Scope* scope) {
    Value v = eval(e->children[0], scope);
    if (v.is_unknown()) return Value::unknown(v.unknown_reason(), e->range);
    if (e->name == "!") {
      std::optional<bool> b = to_bool_value(v);
      if (!b) return fail(e->range, "! needs a bool, not " + v.to_display());
      return Value::boolean(!*b, e->range);
    }
    std::optional<double> n = to_number_value(v);
    if (!n) return fail(e->range, "- needs a number, not " + v.to_display());
    return Value::number(-*n, e->range);
  }

  Value eval_binary(const Expr* e, const Scope* scope) {
    const std::string& op = e->name;
    Value left = eval(e->children[0], scope);
    Value right = eval(e->children[1], scope);
    const SourceRange& r = e->range;
    if (op == "&&" || op == "||") {
      bool is_and = op == "&&";
      // A known deciding side settles the result even when the other is unknown.
      for (const Value* side : {&left, &right}) {
        std::optional<bool> b = side->is_unknown() ? std::nullopt : to_bool_value(*side);
        if (b && *b != is_and) return Value::boolean(!is_and, r);
      }
      if (left.is_unknown() || right.is_unknown())
        return Value::unknown((left.is_unknown() ? left : right).unknown_reason(), r);
      std::optional<bool> a = to_bool_value(left), b = to_bool_value(right);
      if (!a || !b) return fail(r, op + " needs bools");
      return Value::boolean(is_and ? (*a && *b) : (*a || *b), r);
    }
    if (op == "==" || op == "!=") {
      std::optional<bool> equal = known_equality(left, right);
      if (!equal) return Value::unknown("compares a value not known before apply", r);
      return Value::boolean(op == "==" ? *equal : !*equal, r);
    }
    if (left.is_unknown()) return Value::unknown(left.unknown_reason(), r);
    if (right.is_unknown()) return Value::unknown(right.unknown_reason(), r);
    std::optional<double> a = to_number_value(left), b = to_number_value(right);
    if (!a || !b) return fail(r, op + " needs numbers, not " + left.to_display() + " and " + right.to_display());
    if (op == "+") return Value::number(*a + *b, r);
    if (op == "-") return Value::number(*a - *b, r);
    if (op == "*") return Value::number(*a * *b, r);
    if (op == "/") {
      if (*b == 0) return fail(r, "division by zero");
      return Value::number(*a / *b, r);
    }
    if (op == "%") {
      if (*b == 0) return fail(r, "modulo by zero");
      return Value::number(std::fmod(*a, *b), r);
    }
    if (op == "<") return Value::boolean(*a < *b, r);
    if (op == "<=") return Value::boolean(*a <= *b, r);
    if (op == ">") return Value::boolean(*a > *b, r);
    if (op == ">=") return Value::boolean(*a >= *b, r);
    return fail(r, "unknown operator " + op);
  }

  Value eval_conditional(const Expr* e, const Scope* scope) {
    Value condition = eval(e->children[0], scope);
    if (!condition.is_unknown()) {
      std::optional<bool> b = to_bool_value(condition);
      if (!b) return fail(e->children[0]->range, "condition must be a bool, not " + condition.to_display());
      return eval(e->children[*b ? 1 : 2], scope);
    }
    // Both branches may be taken: evaluate both for their references, hold back their
    // problems (the branch that would fail may be the one never taken).
    Value then_value, else_value;
    std::vector<Diagnostic> held;
    bool failed = eval_guarded(e->children[1], scope, then_value, held);
    failed = eval_guarded(e->children[2], scope, else_value, held) || failed;
    if (!failed && !then_value.contains_unknown() && then_value.equals(else_value)) return then_value;
    return Value::unknown(condition.unknown_reason(), e->range);
  }

  // ---- for expressions ----

  Value eval_for(const Expr* e, const Scope* scope) {
    bool object = e->kind == ExprKind::ForObject;
    Value collection = eval(e->children[0], scope);
    if (collection.is_unknown()) return Value::unknown(collection.unknown_reason(), e->range);
    const Expr* key_expr = object ? e->children[1] : nullptr;
    const Expr* value_expr = object ? e->children[2] : e->children[1];
    const Expr* condition = e->children.back();
    std::vector<std::pair<Value, Value>> elements;  // (key, value) of the collection
    if (collection.is_list()) {
      const List& list = collection.as_list();
      for (size_t i = 0; i < list.size(); ++i) elements.emplace_back(Value::number(static_cast<double>(i)), list[i]);
    } else if (collection.is_object()) {
      for (const Member& m : collection.as_object()) elements.emplace_back(Value::string(m.key, m.range), m.value);
    } else {
      return fail(e->children[0]->range, "for needs a collection, not " + collection.to_display());
    }
    if (elements.size() > kMaxForItems) return Value::unknown("collection too large to evaluate", e->range);
    List items;
    Object members;
    std::map<std::string, List> groups;
    std::vector<std::string> group_order;
    for (auto& [key, value] : elements) {
      Scope key_scope{scope, e->name, key};
      Scope value_scope{e->name.empty() ? scope : &key_scope, e->name2, value};
      if (condition) {
        Value keep = eval(condition, &value_scope);
        if (keep.is_unknown()) return Value::unknown(keep.unknown_reason(), e->range);
        std::optional<bool> b = to_bool_value(keep);
        if (!b) return fail(condition->range, "for condition must be a bool");
        if (!*b) continue;
      }
      Value result = eval(value_expr, &value_scope);
      if (!object) {
        items.push_back(std::move(result));
        continue;
      }
      Value k = eval(key_expr, &value_scope);
      if (k.is_unknown()) return Value::unknown(k.unknown_reason(), e->range);
      std::optional<std::string> text = to_string_value(k);
      if (!text) return fail(key_expr->range, "for key must be a string, not " + k.to_display());
      if (e->flag) {
        if (!groups.count(*text)) group_order.push_back(*text);
        groups[*text].push_back(std::move(result));
      } else {
        if (std::any_of(members.begin(), members.end(), [&](const Member& m) { return m.key == *text; }))
          return fail(key_expr->range, "duplicate key " + quote_key(*text) + " in for expression");
        members.push_back(Member{std::move(*text), std::move(result), value_expr->range});
      }
    }
    if (!object) return Value::list(std::move(items), e->range);
    if (e->flag)
      for (const std::string& k : group_order)
        members.push_back(Member{k, Value::list(std::move(groups[k])), e->range});
    return Value::object(std::move(members), e->range);
  }

  // ---- templates ----

  Value eval_template(const Expr* e, const Scope* scope) {
    if (e->kind == ExprKind::Template && e->children.size() == 1 && e->children[0]->kind != ExprKind::Literal &&
        e->children[0]->kind != ExprKind::TemplateIf && e->children[0]->kind != ExprKind::TemplateFor) {
      // "${x}" is x itself, not its string form.
      return eval(e->children[0], scope);
    }
    std::string out;
    std::optional<std::string> unknown_reason;
    append_template(e, scope, out, unknown_reason);
    if (unknown_reason) return Value::unknown(*unknown_reason, e->range);
    return Value::string(std::move(out), e->range);
  }

  void append_template(const Expr* e, const Scope* scope, std::string& out, std::optional<std::string>& unknown) {
    if (unknown) return;
    if (out.size() > kMaxStringBytes) {
      unknown = "string too large to evaluate";
      return;
    }
    switch (e->kind) {
      case ExprKind::Template:
        for (const Expr* part : e->children) append_template(part, scope, out, unknown);
        return;
      case ExprKind::TemplateIf: {
        Value condition = eval(e->children[0], scope);
        if (condition.is_unknown()) {
          unknown = condition.unknown_reason();
          return;
        }
        std::optional<bool> b = to_bool_value(condition);
        if (!b) {
          unknown = fail(e->children[0]->range, "template if needs a bool").unknown_reason();
          return;
        }
        const Expr* branch = *b ? e->children[1] : e->children[2];
        if (branch) append_template(branch, scope, out, unknown);
        return;
      }
      case ExprKind::TemplateFor: {
        Value collection = eval(e->children[0], scope);
        if (collection.is_unknown()) {
          unknown = collection.unknown_reason();
          return;
        }
        auto each = [&](Value key, const Value& value) {
          Scope key_scope{scope, e->name, std::move(key)};
          Scope value_scope{e->name.empty() ? scope : &key_scope, e->name2, value};
          append_template(e->children[1], &value_scope, out, unknown);
        };
        if (collection.is_list()) {
          const List& list = collection.as_list();
          for (size_t i = 0; i < list.size() && !unknown; ++i) each(Value::number(static_cast<double>(i)), list[i]);
        } else if (collection.is_object()) {
          for (const Member& m : collection.as_object()) each(Value::string(m.key), m.value);
        } else {
          unknown = fail(e->children[0]->range, "template for needs a collection").unknown_reason();
        }
        return;
      }
      default: {
        Value v = eval(e, scope);
        if (v.is_unknown()) {
          unknown = v.unknown_reason();
          return;
        }
        std::optional<std::string> text = to_string_value(v);
        if (!text) {
          unknown = fail(e->range, "cannot interpolate " + v.to_display() + " into a string").unknown_reason();
          return;
        }
        out += *text;
      }
    }
  }

  const ModuleInput& input_;
  const Options& options_;
  SourceFiles& sources_;
  GraphFragment& out_;

  std::vector<ResourceDecl> decls_;
  std::map<std::string, uint32_t, std::less<>> decl_index_;
  std::map<std::string, LocalDecl, std::less<>> locals_;
  std::map<std::string, VariableDecl, std::less<>> variables_;
  std::map<std::string, OutputDecl, std::less<>> outputs_;
  std::map<std::string, ModuleCall, std::less<>> module_calls_;
  Shared& shared_;
  std::string address_;
  std::vector<std::string> ancestry_;
  std::string module_key_;  // the call names from the root, dotted ("vpc.subnets"); "" for the root
  std::map<std::string, ModuleArgument, std::less<>> arguments_;  // when called as a module
  std::deque<ParsedFile> template_files_;                         // templatefile() bodies, alive while evaluating

  std::vector<Diagnostic>* diags_;
  std::vector<RefHit> root_refs_;
  std::vector<RefHit>* sink_ = &root_refs_;
  std::deque<std::vector<RefHit>> scratch_refs_;
  bool error_ = false;
  std::vector<std::string> stack_;  // memos being evaluated, for cycle messages
  unsigned depth_ = 0;
  bool depth_reported_ = false;
};

ModuleCall::~ModuleCall() = default;

}  // namespace

void evaluate_root_module(const ModuleInput& input, const Options& options, SourceFiles& sources,
                          const ModuleLoader& loader, GraphFragment& out) {
  Shared shared{options, sources, loader, out, input.dir, {}, std::nullopt};
  std::error_code ec;
  std::string canonical = std::filesystem::weakly_canonical(input.dir, ec).generic_string();
  ModuleEvaluator(input, shared, "", {canonical}).run();
  std::sort(out.edges.begin(), out.edges.end(), [](const Edge& a, const Edge& b) {
    return std::tie(a.from, a.to, a.path) < std::tie(b.from, b.to, b.path);
  });
}

}  // namespace vouch::terraform
