// Terraform plan and state JSON (`terraform show -json`, format 1.x) as scan input.
//
// The resources come from `planned_values` (a plan) or `values` (a state), module by
// module through `child_modules`; their `values` become the attributes, with null
// members dropped (null means "not set" in Terraform, as for an absent HCL
// attribute). In a plan, `resource_changes[].change.after_unknown` marks what the
// provider computes at apply time: those attributes become unknown values, never
// missing ones.
//
// Terraform writes no source positions into plan JSON. When the configuration's .tf
// files are on disk (beside the plan for the root module, under the `source` folder of
// a local module call), the resource block is found by a plain text search for its
// `resource "type" "name" {` header and its top-level attribute lines are found inside
// the block by counting braces; findings then point at the .tf text, and the inline
// `vouch:ignore` comments above the header and above those attributes apply. Anything
// not found keeps its JSON position. A plan read from standard input looks for the
// .tf files in the working directory, where `terraform show -json` ran.
//
// Edges come from the `configuration` section's `expressions.*.references`, resolved
// inside the module instance of the referring resource; a state, which has no
// configuration, gets them from `depends_on` (see add_state_edges).
//
// `sensitive_values` do not hide anything from rules. A sensitive value is marked with
// an origin "sensitive value (plan JSON)" and located at its block header (or its .tf
// line), never at the JSON line that holds it in clear text, so code frames do not
// print it. Messages could only print it through a rule's `{value}` placeholder, which
// no Terraform rule uses; the graph has no flag for the engine to redact it with.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "frontends/terraform/terraform.h"

namespace vouch::terraform {
namespace {

namespace fs = std::filesystem;

constexpr const char* kKnownAfterApply = "known after apply";
constexpr const char* kSensitiveOrigin = "sensitive value (plan JSON)";
// A .tf file larger than this is not searched for block headers (its JSON positions stay).
constexpr std::uintmax_t kMaxTfBytes = 16u << 20;

Diagnostic plan_diagnostic(DiagnosticLevel level, std::string message, const SourceFile& file,
                           const SourceRange& range) {
  Diagnostic d;
  d.level = level;
  d.code = "plan-json-invalid";
  d.message = std::move(message);
  d.path = file.path;
  d.range = range;
  return d;
}

const std::string* string_at(const Value& object, std::string_view key) {
  const Value* v = object.get(key);
  return v && v->is_string() ? &v->as_string() : nullptr;
}

// --- Addresses -------------------------------------------------------------------

// `module.a["x.y"][0]` → `module.a`: the configuration path of a module instance.
// Brackets may hold quoted keys with dots and brackets in them.
std::string strip_instance_keys(std::string_view address) {
  std::string out;
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < address.size(); ++i) {
    const char c = address[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"' && depth > 0)
      in_string = true;
    else if (c == '[')
      ++depth;
    else if (c == ']')
      --depth;
    else if (depth == 0)
      out += c;
  }
  return out;
}

// Splits `aws_s3_bucket.b[0].id` at the dots outside brackets.
std::vector<std::string> split_traversal(std::string_view text) {
  std::vector<std::string> parts(1);
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 1 < text.size())
        parts.back() += text[i++];
      else if (c == '"')
        in_string = false;
    } else if (c == '"' && depth > 0) {
      in_string = true;
    } else if (c == '[') {
      ++depth;
    } else if (c == ']') {
      --depth;
    } else if (c == '.' && depth == 0) {
      parts.emplace_back();
      continue;
    }
    parts.back() += c;
  }
  return parts;
}

// A resource named by a configuration reference: `aws_s3_bucket.b` (config address,
// no instance key) and, when the reference names one instance literally
// (`aws_s3_bucket.b[0]`), the instance address suffix `aws_s3_bucket.b[0]`.
struct ResourceReference {
  std::string config_address;
  std::string instance;  // "" when no literal instance key was written
};

bool parse_resource_reference(std::string_view text, ResourceReference& out) {
  std::vector<std::string> parts = split_traversal(text);
  size_t first = 0;
  std::string prefix;
  if (parts[0] == "data") {
    first = 1;
    prefix = "data.";
  } else {
    static constexpr std::string_view kNotResources[] = {"var",  "local", "module",    "count", "each",
                                                         "path", "self",  "terraform", "null"};
    for (std::string_view word : kNotResources) {
      if (parts[0] == word) return false;
    }
  }
  if (parts.size() < first + 2) return false;
  const std::string& type = parts[first];
  const std::string& name_part = parts[first + 1];
  const size_t bracket = name_part.find('[');
  const std::string name = name_part.substr(0, bracket);
  if (type.empty() || name.empty()) return false;
  out.config_address = prefix + type + "." + name;
  out.instance = bracket == std::string::npos ? "" : prefix + type + "." + name_part;
  return true;
}

// --- The .tf text ------------------------------------------------------------------

struct TfBody;

// An attribute written in a .tf block (`key = value`), or the nested blocks of one kind.
struct TfMember {
  SourceRange range;           // its first line, from the key
  SourceRange value;           // an attribute's expression (first line); invalid for blocks
  std::vector<TfBody> blocks;  // nested blocks of this kind, in written order
};

// The members of a block body, as far as a text scan sees them.
struct TfBody {
  SourceRange range;  // the line the block opens on
  std::map<std::string, TfMember, std::less<>> members;
};

// One `resource`/`data` block found in a .tf file by text search.
struct TfBlock {
  const SourceFile* file = nullptr;
  SourceRange header;  // the header line, `resource` to `{`
  SourceRange range;   // header to closing brace
  TfBody body;
};

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// Reads the quoted label at `pos` (after spaces); returns false when there is none.
bool read_label(std::string_view line, size_t& pos, std::string& label) {
  while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
  if (pos >= line.size() || line[pos] != '"') return false;
  const size_t close = line.find('"', pos + 1);
  if (close == std::string_view::npos) return false;
  label.assign(line.substr(pos + 1, close - pos - 1));
  pos = close + 1;
  return true;
}

// The blocks of one .tf file. The scan is textual, not a parse: strings, comments
// and heredocs are skipped well enough to count braces in ordinary configurations;
// a header it misses just leaves that resource at its JSON position.
class TfIndexer {
 public:
  explicit TfIndexer(const SourceFile& file) : file_(file), text_(file.text) {
    size_t start = 0;
    while (start <= text_.size()) {
      size_t end = text_.find('\n', start);
      if (end == std::string_view::npos) end = text_.size();
      line_starts_.push_back(start);
      start = end + 1;
    }
  }

  // "resource aws_s3_bucket b" / "data aws_iam_policy_document p" → block.
  void index(std::map<std::string, TfBlock>& out) {
    for (uint32_t line = 0; line < line_starts_.size(); ++line) {
      std::string_view text = line_text(line);
      size_t pos = text.find_first_not_of(" \t");
      if (pos == std::string_view::npos) continue;
      std::string_view kind;
      for (std::string_view word : {std::string_view("resource"), std::string_view("data")}) {
        if (text.substr(pos, word.size()) == word && pos + word.size() < text.size() &&
            !is_ident_char(text[pos + word.size()])) {
          kind = word;
        }
      }
      if (kind.empty()) continue;
      size_t p = pos + kind.size();
      std::string type, name;
      if (!read_label(text, p, type) || !read_label(text, p, name)) continue;
      const size_t brace = text.find('{', p);
      if (brace == std::string_view::npos) continue;
      TfBlock block;
      block.file = &file_;
      block.header = make_range(line, pos, line, brace + 1);
      // Blocks do not nest: go on after this one, so that each line is read once even
      // when a hostile file never closes its braces.
      line = read_block(line, brace, block);
      out.emplace(std::string(kind) + " " + type + " " + name, std::move(block));
    }
  }

 private:
  std::string_view line_text(uint32_t line) const {
    const size_t start = line_starts_[line];
    size_t end = text_.find('\n', start);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view out = text_.substr(start, end - start);
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    return out;
  }

  SourceRange make_range(uint32_t line, size_t col, uint32_t end_line, size_t end_col) const {
    return SourceRange{&file_, line + 1, static_cast<uint32_t>(col + 1), end_line + 1,
                       static_cast<uint32_t>(end_col + 1)};
  }

  // Walks from the opening brace to the matching one, recording the members that
  // start a line directly inside the block or one of its nested blocks. Returns the
  // line the block ends on (the last line when it never closes).
  uint32_t read_block(uint32_t header_line, size_t brace_col, TfBlock& block) {
    int depth = 0;  // counts (, [ and { alike
    std::string heredoc_end;
    bool in_comment = false;  // inside /* … */
    // The bodies open around the current position, with the depth inside each. A body
    // is only pushed once its earlier siblings are popped, so the pointers stay valid.
    std::vector<std::pair<TfBody*, int>> open;
    block.body.range = block.header;
    TfMember* opening = nullptr;  // a nested block whose `{` is still to come on this line
    for (uint32_t line = header_line; line < line_starts_.size(); ++line) {
      std::string_view text = line_text(line);
      if (!heredoc_end.empty()) {
        const size_t first = text.find_first_not_of(" \t");
        if (first != std::string_view::npos && text.substr(first) == heredoc_end) heredoc_end.clear();
        continue;
      }
      size_t col = line == header_line ? brace_col : 0;
      opening = nullptr;
      if (!open.empty() && depth == open.back().second && !in_comment)
        opening = record_member(line, text, *open.back().first);
      bool in_string = false;
      for (; col < text.size(); ++col) {
        const char c = text[col];
        if (in_comment) {
          if (c == '*' && col + 1 < text.size() && text[col + 1] == '/') {
            in_comment = false;
            ++col;
          }
          continue;
        }
        if (in_string) {
          if (c == '\\')
            ++col;
          else if (c == '"')
            in_string = false;
          continue;
        }
        if (c == '"') {
          in_string = true;
        } else if (c == '#' || (c == '/' && col + 1 < text.size() && text[col + 1] == '/')) {
          break;
        } else if (c == '/' && col + 1 < text.size() && text[col + 1] == '*') {
          in_comment = true;
          ++col;
        } else if (c == '<' && text.substr(col, 2) == "<<") {
          size_t p = col + 2;
          if (p < text.size() && text[p] == '-') ++p;
          size_t q = p;
          while (q < text.size() && is_ident_char(text[q])) ++q;
          if (q > p) {
            heredoc_end.assign(text.substr(p, q - p));
            break;
          }
        } else if (c == '{' || c == '[' || c == '(') {
          ++depth;
          if (open.empty()) {
            open.emplace_back(&block.body, depth);
          } else if (c == '{' && opening) {
            opening->blocks.emplace_back().range = opening_range_;
            open.emplace_back(&opening->blocks.back(), depth);
            opening = nullptr;
          }
        } else if (c == '}' || c == ']' || c == ')') {
          if (--depth == 0) {
            block.range = make_range(header_line, block.header.start_col - 1, line, col + 1);
            return line;
          }
          while (!open.empty() && depth < open.back().second) open.pop_back();
        }
      }
    }
    block.range = block.header;  // unbalanced: the header is all we know
    return static_cast<uint32_t>(line_starts_.size());
  }

  // `key = value` or `key {` at the start of a line inside a body. Returns the member
  // when the line opens a nested block.
  TfMember* record_member(uint32_t line, std::string_view text, TfBody& body) {
    const size_t start = text.find_first_not_of(" \t");
    if (start == std::string_view::npos || !is_ident_char(text[start])) return nullptr;
    size_t end = start;
    while (end < text.size() && is_ident_char(text[end])) ++end;
    std::string key(text.substr(start, end - start));
    size_t p = text.find_first_not_of(" \t", end);
    if (p == std::string_view::npos) return nullptr;
    size_t last = text.find_last_not_of(" \t");
    const SourceRange range = make_range(line, start, line, last + 1);
    if (text[p] == '=' && (p + 1 >= text.size() || text[p + 1] != '=')) {
      size_t value_start = text.find_first_not_of(" \t", p + 1);
      if (value_start == std::string_view::npos) value_start = last + 1;
      TfMember& member = body.members[key];
      if (!member.range.valid()) member = TfMember{range, make_range(line, value_start, line, last + 1), {}};
      return nullptr;
    }
    if (text[p] != '{' && text[p] != '"') return nullptr;
    // A nested block (`key {`, or `key "label" {`); the first one of a kind is where
    // its list is written.
    TfMember& member = body.members[key];
    if (!member.range.valid()) member.range = range;
    if (member.value.valid()) return nullptr;  // also written as an attribute: keep that
    opening_range_ = range;
    return &member;
  }

  const SourceFile& file_;
  std::string_view text_;
  std::vector<size_t> line_starts_;
  SourceRange opening_range_;  // the line of the nested block record_member last saw open
};

// The blocks of every .tf file directly in `dir`, keyed "resource <type> <name>".
std::map<std::string, TfBlock> index_tf_dir(const fs::path& dir, SourceFiles& sources) {
  std::map<std::string, TfBlock> blocks;  // the first file (in name order) wins a duplicate
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return blocks;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".tf" && it->is_regular_file(ec)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    if (fs::file_size(path, ec) > kMaxTfBytes || ec) continue;
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string display = path.lexically_normal().generic_string();
    if (display.rfind("./", 0) == 0) display.erase(0, 2);
    const SourceFile* file = sources.add(std::move(display), std::move(text));
    TfIndexer(*file).index(blocks);  // the first file (in name order) wins a duplicate
  }
  return blocks;
}

// --- The configuration section ------------------------------------------------------

using TfBlocks = std::map<std::string, TfBlock>;  // "resource <type> <name>" → block

// One module of the `configuration` section, keyed by its path without instance keys.
struct ConfigModule {
  std::map<std::string, const Value*, std::less<>> resources;  // "aws_s3_bucket.b" → config resource
  std::shared_ptr<const TfBlocks> tf_blocks;                   // null when the .tf text is not at hand
};

bool is_local_source(std::string_view source) {
  return source.rfind("./", 0) == 0 || source.rfind("../", 0) == 0;
}

// Reads the `configuration` module tree, indexing each local module folder's .tf files
// once however many calls name it.
class ConfigReader {
 public:
  ConfigReader(SourceFiles& sources, std::map<std::string, ConfigModule, std::less<>>& out)
      : sources_(sources), out_(out) {}

  void read(const Value& module, const std::string& path, const fs::path* dir, unsigned depth) {
    if (depth > 64) return;  // deeper than any real module tree; the JSON loader bounds it too
    ConfigModule& config = out_[path];
    if (dir) config.tf_blocks = blocks_in(*dir);
    if (const Value* resources = module.get("resources")) {
      for (const Value& r : resources->as_list()) {
        if (const std::string* address = string_at(r, "address")) config.resources.emplace(*address, &r);
      }
    }
    const Value* calls = module.get("module_calls");
    if (!calls) return;
    for (const Member& call : calls->as_object()) {
      const Value* child = call.value.get("module");
      if (!child) continue;
      const std::string child_path = (path.empty() ? "" : path + ".") + "module." + call.key;
      const std::string* source = string_at(call.value, "source");
      fs::path child_dir;
      const bool local = dir && source && is_local_source(*source);
      if (local) child_dir = (*dir / *source).lexically_normal();
      read(*child, child_path, local ? &child_dir : nullptr, depth + 1);
    }
  }

 private:
  std::shared_ptr<const TfBlocks> blocks_in(const fs::path& dir) {
    std::shared_ptr<const TfBlocks>& blocks = by_dir_[dir.generic_string()];
    if (!blocks) blocks = std::make_shared<const TfBlocks>(index_tf_dir(dir, sources_));
    return blocks;
  }

  SourceFiles& sources_;
  std::map<std::string, ConfigModule, std::less<>>& out_;
  std::map<std::string, std::shared_ptr<const TfBlocks>> by_dir_;
};

// --- Values --------------------------------------------------------------------------

const Value* child_of(const Value* v, const Member& m) {
  return v && v->is_object() ? v->get(m.key) : nullptr;
}
const Value* child_of(const Value* v, size_t i) {
  return v && v->is_list() && i < v->as_list().size() ? &v->as_list()[i] : nullptr;
}

// `values` with nulls dropped, `after_unknown` leaves made unknown and
// `sensitive_values` leaves marked. Unknown values point at `unknown_at` (the block
// header): there is nothing written for them. So do sensitive ones, whose JSON line
// would show the secret in a code frame; their origin keeps the JSON position.
Value convert(const Value& value, const Value* unknown, const Value* sensitive, const SourceRange& unknown_at) {
  if (unknown && unknown->is_bool() && unknown->as_bool()) return Value::unknown(kKnownAfterApply, unknown_at);
  Value out;
  if (value.is_object()) {
    Object members;
    for (const Member& m : value.as_object()) {
      const Value* later = child_of(unknown, m);
      if (m.value.is_null() && !(later && later->is_bool() && later->as_bool())) continue;
      const Value* secret = child_of(sensitive, m);
      const bool hidden = secret && secret->is_bool() && secret->as_bool();
      members.push_back(Member{m.key, convert(m.value, later, secret, unknown_at), hidden ? unknown_at : m.range});
    }
    // Attributes the plan leaves out of `values` because they are not known yet.
    if (unknown && unknown->is_object()) {
      for (const Member& m : unknown->as_object()) {
        if (!value.get(m.key) && m.value.is_bool() && m.value.as_bool())
          members.push_back(Member{m.key, Value::unknown(kKnownAfterApply, unknown_at), unknown_at});
      }
    }
    out = Value::object(std::move(members), value.range());
  } else if (value.is_list()) {
    List items;
    const List& list = value.as_list();
    for (size_t i = 0; i < list.size(); ++i)
      items.push_back(convert(list[i], child_of(unknown, i), child_of(sensitive, i), unknown_at));
    out = Value::list(std::move(items), value.range());
  } else {
    out = value;
  }
  if (sensitive && sensitive->is_bool() && sensitive->as_bool()) {
    // The JSON line holds the secret in clear text: a code frame must not show it.
    out = out.with_origin(Origin{kSensitiveOrigin, value.range()});
    out.set_range(unknown_at);
  }
  return out;
}

// Attributes written in the .tf block take their positions there. A nested block is
// followed into only when it is written once: plan JSON orders set-typed blocks
// (security group rules) by value, not as written, so with several of a kind the n-th
// in the plan need not be the n-th in the text.
Value relocate(const Value& object, const TfBody& body, const SourceRange& range) {
  Object members;
  for (const Member& m : object.as_object()) {
    Member moved = m;
    if (auto it = body.members.find(m.key); it != body.members.end()) {
      const TfMember& written = it->second;
      moved.range = written.range;
      if (written.value.valid()) {
        moved.value.set_range(written.value);
      } else if (m.value.is_list() && m.value.as_list().size() == 1 && written.blocks.size() == 1 &&
                 m.value.as_list()[0].is_object()) {
        const TfBody& nested = written.blocks[0];
        moved.value = Value::list({relocate(m.value.as_list()[0], nested, nested.range)}, written.range);
        moved.value.set_origins(m.value.origins());
      } else {
        moved.value.set_range(written.range);
      }
    }
    members.push_back(std::move(moved));
  }
  Value out = Value::object(std::move(members), range);
  out.set_origins(object.origins());
  return out;
}

// --- The loader ----------------------------------------------------------------------

// The instances of one configuration resource in one module instance, indexed so that
// resolving references stays linear in the number of edges.
struct Instances {
  std::vector<uint32_t> all;                            // indices into the fragment
  std::map<std::string, uint32_t> by_suffix;            // `aws_s3_bucket.b[0]` → resource
  std::map<std::string, std::vector<uint32_t>> by_key;  // rendered count index or for_each key
};

// A resource whose edges are added once every resource is known.
struct Pending {
  uint32_t resource;
  std::string config_module;    // `module.db`
  std::string config_address;   // `aws_db_instance.this`
  std::string module_instance;  // `module.db[0]`
  const Value* entry;           // the resource's JSON object
  Value index;                  // its count index or for_each key; null for one instance
};

class PlanLoader {
 public:
  PlanLoader(const SourceFile& file, const Value& document, SourceFiles& sources)
      : file_(file), document_(document), sources_(sources) {}

  GraphFragment load() {
    const Value* top = document_.get("planned_values");
    if (!top) top = document_.get("values");
    const Value* root = top ? top->get("root_module") : nullptr;
    if (!root || !root->is_object()) {
      // An empty plan or state has no root_module: nothing to scan, nothing wrong.
      if (top && !top->is_object()) fail(top->range(), "planned_values/values is not an object");
      return std::move(out_);
    }
    read_after_unknown();
    read_configuration();
    read_module(*root, 0);
    if (config_.empty()) add_state_edges();
    add_edges();
    return std::move(out_);
  }

 private:
  void fail(const SourceRange& range, std::string message) {
    out_.diagnostics.push_back(plan_diagnostic(DiagnosticLevel::Warning, std::move(message), file_, range));
  }

  void read_after_unknown() {
    const Value* changes = document_.get("resource_changes");
    if (!changes) return;
    for (const Value& change : changes->as_list()) {
      const std::string* address = string_at(change, "address");
      const Value* body = change.get("change");
      const Value* unknown = body ? body->get("after_unknown") : nullptr;
      if (address && unknown) after_unknown_.emplace(*address, unknown);
    }
  }

  void read_configuration() {
    const Value* configuration = document_.get("configuration");
    const Value* root = configuration ? configuration->get("root_module") : nullptr;
    if (!root) return;
    // `terraform show -json tfplan | vouch scan -` runs where the configuration is.
    fs::path dir = file_.path == "<stdin>" ? fs::path(".") : fs::path(file_.path).parent_path();
    if (dir.empty()) dir = ".";
    ConfigReader(sources_, config_).read(*root, "", &dir, 0);
  }

  void read_module(const Value& module, unsigned depth) {
    if (depth > 64) {
      fail(module.range(), "child_modules nested deeper than 64 levels; the rest is not scanned");
      return;
    }
    const std::string* module_address = string_at(module, "address");
    const std::string module_path = module_address ? *module_address : "";
    if (const Value* resources = module.get("resources")) {
      for (const Value& r : resources->as_list()) read_resource(r, module_path);
    }
    if (const Value* children = module.get("child_modules")) {
      for (const Value& child : children->as_list()) read_module(child, depth + 1);
    }
  }

  void read_resource(const Value& r, const std::string& module_path) {
    const std::string* address = string_at(r, "address");
    const std::string* type = string_at(r, "type");
    const std::string* name = string_at(r, "name");
    if (!address || !type || !name) {
      fail(r.range(), "resource without address, type or name; skipped");
      return;
    }
    const std::string* mode = string_at(r, "mode");
    const bool data = mode && *mode == "data";
    Resource resource;
    resource.platform = Platform::Terraform;
    resource.type = *type;
    resource.address = *address;
    resource.data_source = data;
    resource.module = module_path;
    resource.root = file_.path;
    resource.range = r.range();
    const Member* values = r.find("values");
    resource.header = header_range(values ? values->range : r.range());

    const std::string config_address = (data ? "data." : "") + *type + "." + *name;
    const std::string config_module = strip_instance_keys(module_path);
    const TfBlock* block = nullptr;
    if (auto m = config_.find(config_module); m != config_.end() && m->second.tf_blocks) {
      const TfBlocks& blocks = *m->second.tf_blocks;
      auto b = blocks.find((data ? "data " : "resource ") + *type + " " + *name);
      if (b != blocks.end()) block = &b->second;
    }
    if (block) {
      resource.range = block->range;
      resource.header = block->header;
      resource.suppressions = block_suppressions(*block);
    }

    const Value* unknown = nullptr;
    if (auto it = after_unknown_.find(*address); it != after_unknown_.end()) unknown = it->second;
    const Value empty = Value::object({}, resource.header);
    Value attributes = convert(values && values->value.is_object() ? values->value : empty, unknown,
                               r.get("sensitive_values"), resource.header);
    if (block) attributes = relocate(attributes, block->body, block->range);
    resource.attributes = std::move(attributes);

    const Value* index = r.get("index");
    const std::string suffix =
        module_path.empty() ? *address : address->substr(std::min(address->size(), module_path.size() + 1));
    const uint32_t position = static_cast<uint32_t>(out_.resources.size());
    Instances& instances = instances_[{module_path, config_address}];
    instances.all.push_back(position);
    instances.by_suffix.emplace(suffix, position);
    if (index) instances.by_key[index->to_display()].push_back(position);
    pending_.push_back(Pending{position, config_module, config_address, module_path, &r, index ? *index : Value()});
    out_.resources.push_back(std::move(resource));
  }

  // The `vouch:ignore` comments above the .tf block and above its members, with the
  // dotted path of what they sit above (as the HCL frontend records them).
  static std::vector<InlineSuppression> block_suppressions(const TfBlock& block) {
    if (block.file->text.find("vouch:ignore") == std::string::npos) return {};  // the common case, cheaply
    std::vector<InlineSuppression> out = comment_suppressions_at(*block.file, block.header.start_line);
    body_suppressions(*block.file, block.body, "", out);
    return out;
  }

  static void body_suppressions(const SourceFile& file, const TfBody& body, const std::string& prefix,
                                std::vector<InlineSuppression>& out) {
    auto add = [&](uint32_t line, const std::string& attribute) {
      for (InlineSuppression& s : comment_suppressions_at(file, line)) {
        s.attribute = attribute;
        out.push_back(std::move(s));
      }
    };
    for (const auto& [key, member] : body.members) {
      if (member.value.valid()) add(member.range.start_line, prefix + key);
      for (const TfBody& nested : member.blocks) {
        add(nested.range.start_line, prefix + key);
        body_suppressions(file, nested, prefix + key + ".", out);
      }
    }
  }

  // The first line of a JSON member: `"values": {` (the whole object would span the
  // resource), so a finding about a missing attribute points at one line.
  SourceRange header_range(const SourceRange& member) {
    SourceRange out = member;
    if (out.end_line == out.start_line || out.file != &file_) return out;
    if (line_starts_.empty()) {  // once per file: plans run to tens of megabytes
      line_starts_.push_back(0);
      for (size_t i = 0; i < file_.text.size(); ++i) {
        if (file_.text[i] == '\n') line_starts_.push_back(i + 1);
      }
    }
    if (out.start_line > line_starts_.size()) return out;
    const size_t start = line_starts_[out.start_line - 1];
    const size_t end = out.start_line < line_starts_.size() ? line_starts_[out.start_line] - 1 : file_.text.size();
    out.end_line = out.start_line;
    out.end_col = static_cast<uint32_t>(end - start + 1);
    return out;
  }

  // A state has no configuration section, only each resource's `depends_on`. The
  // attribute an edge runs through is the top-level one whose value is the other
  // resource's `id` or `arn` (`bucket = aws_s3_bucket.b.id` recorded as the bucket's
  // name); a dependency no attribute shows gives no edge, as an edge needs a path.
  void add_state_edges() {
    std::map<std::string, std::vector<uint32_t>> by_config;  // `module.db.aws_x.y` → instances
    for (const Pending& p : pending_)
      by_config[(p.config_module.empty() ? "" : p.config_module + ".") + p.config_address].push_back(p.resource);
    for (const Pending& p : pending_) {
      const Value* depends_on = p.entry->get("depends_on");
      if (!depends_on) continue;
      for (const Value& dependency : depends_on->as_list()) {
        if (!dependency.is_string()) continue;
        const std::string target = strip_instance_keys(dependency.as_string());
        auto found = by_config.find(target);
        if (found == by_config.end() && !p.config_module.empty())
          found = by_config.find(p.config_module + "." + target);
        if (found == by_config.end()) continue;
        for (uint32_t to : found->second) add_matching_edges(p.resource, to);
      }
    }
  }

  void add_matching_edges(uint32_t from, uint32_t to) {
    const Value& target = out_.resources[to].attributes;
    auto names_target = [&](const Value& v) {
      if (!v.is_string() || v.as_string().empty()) return false;
      for (const char* key : {"id", "arn"}) {
        const Value* own = target.get(key);
        if (own && own->is_string() && own->as_string() == v.as_string()) return true;
      }
      return false;
    };
    for (const Member& m : out_.resources[from].attributes.as_object()) {
      if (m.key == "id" || m.key == "arn") continue;
      if (names_target(m.value)) out_.edges.push_back(Edge{from, to, m.key, m.range});
      const List& items = m.value.as_list();
      for (size_t i = 0; i < items.size(); ++i) {
        if (names_target(items[i]))
          out_.edges.push_back(Edge{from, to, m.key + "[" + std::to_string(i) + "]", items[i].range()});
      }
    }
  }

  // Edges: every reference under a resource's configuration `expressions`.
  void add_edges() {
    for (const Pending& p : pending_) {
      auto m = config_.find(p.config_module);
      if (m == config_.end()) continue;
      auto c = m->second.resources.find(p.config_address);
      if (c == m->second.resources.end()) continue;
      const Value* expressions = c->second->get("expressions");
      if (expressions) add_edges_from(p, *expressions, "");
    }
    std::sort(out_.edges.begin(), out_.edges.end(), [](const Edge& a, const Edge& b) {
      return std::tie(a.from, a.path, a.to) < std::tie(b.from, b.path, b.to);
    });
    out_.edges.erase(
        std::unique(out_.edges.begin(), out_.edges.end(),
                    [](const Edge& a, const Edge& b) { return a.from == b.from && a.to == b.to && a.path == b.path; }),
        out_.edges.end());
  }

  // `expressions` is an object of attribute expressions ({"references": […]} or
  // {"constant_value": …}) and nested blocks (lists of such objects).
  void add_edges_from(const Pending& p, const Value& expressions, const std::string& prefix) {
    for (const Member& m : expressions.as_object()) {
      const std::string path = prefix.empty() ? m.key : prefix + "." + m.key;
      if (m.value.is_list()) {
        const List& blocks = m.value.as_list();
        for (size_t i = 0; i < blocks.size(); ++i) add_edges_from(p, blocks[i], path + "[" + std::to_string(i) + "]");
      } else if (const Value* references = m.value.get("references")) {
        add_reference_edges(p, *references, path);
      }
    }
  }

  void add_reference_edges(const Pending& p, const Value& references, const std::string& path) {
    // A literal instance (`aws_s3_bucket.b[0]`) narrows its resource's other references.
    std::map<std::string, std::vector<std::string>> targets;  // config address → literal instances
    bool uses_own_key = false;
    for (const Value& text : references.as_list()) {
      if (text.is_string() && (text.as_string() == "count.index" || text.as_string() == "each.key"))
        uses_own_key = true;
      ResourceReference ref;
      if (!text.is_string() || !parse_resource_reference(text.as_string(), ref)) continue;
      auto& instances = targets[ref.config_address];
      if (!ref.instance.empty()) instances.push_back(ref.instance);
    }
    const Resource& from = out_.resources[p.resource];
    const SourceRange at = edge_range(from, path);
    for (const auto& [config_address, literal] : targets) {
      auto found = instances_.find({p.module_instance, config_address});
      if (found == instances_.end()) continue;
      const Instances& candidates = found->second;
      std::vector<uint32_t> chosen;
      for (const std::string& suffix : literal) {
        if (auto it = candidates.by_suffix.find(suffix); it != candidates.by_suffix.end()) chosen.push_back(it->second);
      }
      // `aws_s3_bucket.b[each.key].id` is listed as `aws_s3_bucket.b` and `each.key`
      // (likewise count.index): the instance with the same key is meant when there is
      // one. Any other key expression may name any instance.
      if (chosen.empty() && uses_own_key && !p.index.is_null()) {
        if (auto it = candidates.by_key.find(p.index.to_display()); it != candidates.by_key.end()) chosen = it->second;
      }
      if (chosen.empty()) chosen = candidates.all;
      for (uint32_t to : chosen) {
        if (to != p.resource) out_.edges.push_back(Edge{p.resource, to, path, at});
      }
    }
  }

  // Where an edge's reference is written: the top-level attribute's member when the
  // resource has it, else the block header.
  static SourceRange edge_range(const Resource& from, const std::string& path) {
    const size_t end = path.find_first_of(".[");
    const Member* m = from.attributes.find(path.substr(0, end));
    return m && m->range.valid() ? m->range : from.header;
  }

  const SourceFile& file_;
  const Value& document_;
  SourceFiles& sources_;
  GraphFragment out_;
  std::map<std::string, const Value*> after_unknown_;
  std::map<std::string, ConfigModule, std::less<>> config_;
  std::map<std::pair<std::string, std::string>, Instances> instances_;
  std::vector<Pending> pending_;
  std::vector<size_t> line_starts_;  // of the plan file, for header_range
};

}  // namespace

bool is_plan_json(const Value& document) {
  if (!document.is_object()) return false;
  const Value* format = document.get("format_version");
  const Value* version = document.get("terraform_version");
  if (!format || !version || !format->is_string() || !version->is_string()) return false;
  const Value* planned = document.get("planned_values");
  const Value* values = document.get("values");
  return (planned && planned->is_object()) || (values && values->is_object());
}

GraphFragment load_plan_json(const SourceFile& file, const Value& document, SourceFiles& sources) {
  return PlanLoader(file, document, sources).load();
}

}  // namespace vouch::terraform
