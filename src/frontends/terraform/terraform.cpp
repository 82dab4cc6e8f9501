// Entry points of the Terraform frontend: reads a module's files, parses them, gathers
// variable settings (tfvars, --var-file, --var), evaluates, and records the inline
// suppressions written above resources.
#include "frontends/terraform/terraform.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "frontends/terraform/evaluator.h"
#include "frontends/terraform/hcl_ast.h"

namespace vouch::terraform {
namespace {

namespace fs = std::filesystem;

bool read_file(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = std::move(buffer).str();
  return !in.bad();
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

// Parsed files by SourceFile; parsed files are immutable, so they can be shared.
class ParseCache {
 public:
  std::shared_ptr<const ParsedFile> find(const SourceFile* file) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = files_.find(file);
    return it == files_.end() ? nullptr : it->second;
  }
  void add(const SourceFile* file, std::shared_ptr<const ParsedFile> parsed) {
    std::lock_guard<std::mutex> lock(mutex_);
    files_.emplace(file, std::move(parsed));
  }

 private:
  std::mutex mutex_;
  std::map<const SourceFile*, std::shared_ptr<const ParsedFile>> files_;  // never iterated: order is irrelevant
};

std::shared_ptr<ParseCache> make_parse_cache() {
  return std::make_shared<ParseCache>();
}

namespace {

// Reads and parses one file (or takes it from the cache); its syntax errors go to
// `out`. Unreadable files become diagnostics and give nullptr.
std::shared_ptr<const ParsedFile> load(const std::string& path, SourceFiles& sources, ParseCache* cache,
                                       GraphFragment& out) {
  // A file another module of the scan already read is not read again.
  const SourceFile* file = sources.find(path);
  if (!file) {
    std::string text;
    if (!read_file(path, text)) {
      out.diagnostics.push_back(Diagnostic{DiagnosticLevel::Error, "unreadable-file", "cannot read " + path, path, {}});
      return nullptr;
    }
    file = sources.add(path, std::move(text));
  }
  std::shared_ptr<const ParsedFile> parsed = cache ? cache->find(file) : nullptr;
  if (!parsed) {
    auto fresh = std::make_shared<ParsedFile>();
    if (ends_with(path, ".tf.json"))
      parse_tf_json(*file, *fresh);
    else if (ends_with(path, ".tfvars.json"))
      parse_tfvars_json(*file, *fresh);
    else
      parse_hcl(*file, *fresh);
    parsed = fresh;
    if (cache) cache->add(file, parsed);
  }
  out.diagnostics.insert(out.diagnostics.end(), parsed->diagnostics.begin(), parsed->diagnostics.end());
  return parsed;
}

// `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars` and
// `*.auto.tfvars.json` in lexical order, as Terraform loads them.
std::vector<std::string> automatic_var_files(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::path base(dir);
  for (const char* name : {"terraform.tfvars", "terraform.tfvars.json"})
    if (fs::is_regular_file(base / name, ec)) files.push_back((base / name).string());
  std::vector<std::string> auto_files;
  for (fs::directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if ((ends_with(name, ".auto.tfvars") || ends_with(name, ".auto.tfvars.json")) && it->is_regular_file(ec))
      auto_files.push_back(it->path().string());
  }
  std::sort(auto_files.begin(), auto_files.end());
  files.insert(files.end(), auto_files.begin(), auto_files.end());
  return files;
}

bool is_configuration_file(std::string_view name) {
  return ends_with(name, ".tf") || ends_with(name, ".tf.json");
}

// ---- inline suppressions ----

// Every `vouch:ignore` above a block's attributes and nested blocks, with the dotted
// path of what it sits above.
void collect_body_suppressions(const SourceFile& file, const Body& body, const std::string& prefix,
                               std::vector<InlineSuppression>& out) {
  auto add = [&](uint32_t line, const std::string& attribute) {
    for (InlineSuppression& s : comment_suppressions_at(file, line)) {
      s.attribute = attribute;
      out.push_back(std::move(s));
    }
  };
  for (const Body::Attribute& attribute : body.attributes) add(attribute.range.start_line, prefix + attribute.name);
  for (const Block& block : body.blocks) {
    std::string name = prefix + (block.type == "dynamic" && !block.labels.empty() ? block.labels[0] : block.type);
    add(block.range.start_line, name);
    collect_body_suppressions(file, block.body, name + ".", out);
  }
}

// Every `vouch:ignore` above a resource's block and its top-level attributes, read from
// the resource's own file (for resources instantiated from module files, whose
// parsed blocks are not at hand here).
std::vector<InlineSuppression> suppressions_from_text(const Resource& resource) {
  std::vector<InlineSuppression> found = comment_suppressions_at(*resource.range.file, resource.range.start_line);
  for (const Member& member : resource.attributes.as_object()) {
    if (!member.range.valid() || member.range.file != resource.range.file) continue;
    for (InlineSuppression& s : comment_suppressions_at(*resource.range.file, member.range.start_line)) {
      s.attribute = member.key;
      found.push_back(std::move(s));
    }
  }
  return found;
}

// True when `module` ("module.db[0].module.x") is the instance of call `call`
// ("module.db") or one nested inside it.
bool within_module_call(std::string_view module, std::string_view call) {
  if (module.substr(0, call.size()) != call) return false;
  return module.size() == call.size() || module[call.size()] == '.' || module[call.size()] == '[';
}

void attach_suppressions(const std::vector<std::shared_ptr<const ParsedFile>>& files, GraphFragment& out) {
  // Resources by where their block starts (count/for_each instances share a block).
  std::map<std::tuple<std::string_view, uint32_t, uint32_t>, std::vector<Resource*>> by_block;
  for (Resource& resource : out.resources)
    by_block[{resource.range.path(), resource.range.start_line, resource.range.start_col}].push_back(&resource);
  std::set<const Resource*> attached;
  for (const auto& file : files) {
    if (file->file->text.find("vouch:ignore") == std::string::npos) continue;  // the common case, cheaply
    for (const Block& block : file->body.blocks) {
      if (block.type == "module" && !block.labels.empty()) {
        // On a module call: everything instantiated from that call, and only that.
        const std::vector<InlineSuppression> found = comment_suppressions_at(*file->file, block.range.start_line);
        if (found.empty()) continue;
        const std::string call = "module." + block.labels[0];
        for (Resource& resource : out.resources) {
          if (!within_module_call(resource.module, call)) continue;
          resource.suppressions.insert(resource.suppressions.end(), found.begin(), found.end());
        }
        continue;
      }
      auto it = by_block.find({block.range.path(), block.range.start_line, block.range.start_col});
      if (it == by_block.end()) continue;
      std::vector<InlineSuppression> found = comment_suppressions_at(*file->file, block.range.start_line);
      collect_body_suppressions(*file->file, block.body, "", found);
      for (Resource* resource : it->second) {
        resource->suppressions.insert(resource->suppressions.end(), found.begin(), found.end());
        attached.insert(resource);
      }
    }
  }
  // Resources written in module files carry the comments above their own blocks.
  for (Resource& resource : out.resources) {
    if (attached.count(&resource) || !resource.range.valid()) continue;
    if (resource.range.file->text.find("vouch:ignore") == std::string::npos) continue;
    std::vector<InlineSuppression> found = suppressions_from_text(resource);
    resource.suppressions.insert(resource.suppressions.end(), found.begin(), found.end());
  }
}

}  // namespace

GraphFragment evaluate_module(const std::string& dir, const std::vector<std::string>& files, const Options& options,
                              SourceFiles& sources) {
  GraphFragment out;
  std::vector<std::string> sorted = files;
  std::sort(sorted.begin(), sorted.end());
  ParseCache* cache = options.parse_cache.get();
  std::vector<std::shared_ptr<const ParsedFile>> parsed;
  ModuleInput input;
  input.dir = dir;
  for (const std::string& path : sorted) {
    if (auto file = load(path, sources, cache, out)) {
      input.files.push_back(file.get());
      parsed.push_back(std::move(file));
    }
  }

  // Variable settings in increasing precedence: TF_VAR_ environment variables,
  // automatic tfvars, --var-file, --var.
  std::vector<std::pair<std::string, std::string>> env = options.env_vars;
  std::sort(env.begin(), env.end());
  for (const auto& [key, text] : env) {
    constexpr std::string_view prefix = "TF_VAR_";
    if (key.size() <= prefix.size() || !key.starts_with(prefix)) continue;
    std::string name = key.substr(prefix.size());
    input.settings.push_back(VariableSetting{name, nullptr, Value::string(text), {}, "var." + name + " (" + key + ")"});
  }
  std::vector<std::shared_ptr<const ParsedFile>> var_files;
  std::vector<std::string> var_paths = automatic_var_files(dir);
  var_paths.insert(var_paths.end(), options.var_files.begin(), options.var_files.end());
  for (const std::string& path : var_paths) {
    auto file = load(path, sources, cache, out);
    if (!file) continue;
    std::string file_name = fs::path(path).filename().string();
    for (const Body::Attribute& attribute : file->body.attributes)
      input.settings.push_back(VariableSetting{attribute.name, attribute.expr, Value(), attribute.range,
                                               "var." + attribute.name + " (" + file_name + ")"});
    var_files.push_back(std::move(file));
  }
  for (const auto& [name, text] : options.vars)
    input.settings.push_back(VariableSetting{name, nullptr, Value::string(text), {}, "var." + name + " (--var)"});

  // Local modules: their files are parsed once per directory; their syntax errors are
  // reported when their own directory is scanned, not once per caller.
  std::map<std::string, std::vector<const ParsedFile*>> module_files;
  ModuleLoader loader = [&](const std::string& module_dir) {
    auto [it, inserted] = module_files.try_emplace(module_dir);
    if (!inserted) return it->second;
    std::vector<std::string> paths;
    std::error_code ec;
    for (fs::directory_iterator entry(module_dir, ec), end; !ec && entry != end; entry.increment(ec)) {
      std::string name = entry->path().filename().string();
      if (is_configuration_file(name) && entry->is_regular_file(ec)) paths.push_back(entry->path().string());
    }
    std::sort(paths.begin(), paths.end());
    for (const std::string& path : paths) {
      GraphFragment ignored;
      auto file = load(path, sources, cache, ignored);
      if (!file) continue;
      it->second.push_back(file.get());
      parsed.push_back(std::move(file));
    }
    return it->second;
  };
  evaluate_root_module(input, options, sources, loader, out);

  // A module instantiated several times reports the same problem once.
  std::sort(out.diagnostics.begin(), out.diagnostics.end(), diagnostic_less);
  out.diagnostics.erase(std::unique(out.diagnostics.begin(), out.diagnostics.end(),
                                    [](const Diagnostic& a, const Diagnostic& b) {
                                      return !diagnostic_less(a, b) && !diagnostic_less(b, a);
                                    }),
                        out.diagnostics.end());
  attach_suppressions(parsed, out);
  return out;
}

size_t parse_only(const std::string& text) {
  return count_syntax_errors(text);
}

}  // namespace vouch::terraform
