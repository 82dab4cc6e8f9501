#include "scan/scan.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "discover/discover.h"
#include "frontends/cloudformation/cloudformation.h"
#include "frontends/kubernetes/kubernetes.h"
#include "frontends/terraform/terraform.h"
#include "frontends/yaml/yaml.h"
#include "scan/parallel.h"
#include "suppress/suppress.h"

extern "C" char** environ;

namespace vouch {

namespace fs = std::filesystem;
using scan_detail::parallel_for;

namespace {

// Larger than any real manifest or template (argo-cd's install.yaml is ~2 MB); a file
// beyond it is reported instead of read, keeping memory bounded on hostile input.
constexpr std::uintmax_t kMaxDocumentBytes = 64u << 20;

constexpr const char* kStdinName = "<stdin>";

Diagnostic file_diagnostic(std::string code, std::string message, const std::string& path) {
  Diagnostic d;
  d.level = DiagnosticLevel::Error;
  d.code = std::move(code);
  d.message = std::move(message);
  d.path = path;
  return d;
}

// Reads a whole file; on failure returns false with a diagnostic in `problem`.
bool read_document(const std::string& path, std::string& text, Diagnostic& problem) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > kMaxDocumentBytes) {
    problem = file_diagnostic("file-too-large",
                              path + " is larger than " + std::to_string(kMaxDocumentBytes >> 20) + " MiB; not scanned",
                              path);
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = file_diagnostic("unreadable-path", "cannot read " + path, path);
    return false;
  }
  text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) {
    problem = file_diagnostic("unreadable-path", "cannot read " + path, path);
    return false;
  }
  return true;
}

// What one document file turned into: a Kubernetes fragment (linked across files
// afterwards), a CloudFormation fragment, a Terraform plan/state fragment, and the
// problems of reading it.
struct DocumentResult {
  GraphFragment kubernetes;
  GraphFragment cloudformation;
  GraphFragment terraform_plan;
  GraphFragment problems;
  bool has_kubernetes = false;
};

void load_document(const SourceFile& file, const cloudformation::Options& cfn, SourceFiles& sources,
                   DocumentResult& out) {
  // A Helm template is not YAML until Helm renders it: reading it would only be noise.
  if (kubernetes::is_helm_template(file)) return;
  const yaml::Stream stream = yaml::load(file);
  // Frontends may or may not copy the stream's diagnostics; duplicates are removed
  // after the merge, so adding them here guarantees none is lost.
  out.problems.diagnostics = stream.diagnostics;
  bool kubernetes = false, cloudformation = false;
  for (const yaml::Document& doc : stream.documents) {
    kubernetes = kubernetes || kubernetes::is_kubernetes_document(doc.root);
    cloudformation = cloudformation || cloudformation::is_template(doc.root);
  }
  if (kubernetes) {
    out.kubernetes = kubernetes::load(file, stream);
    out.has_kubernetes = true;
  }
  if (cloudformation) out.cloudformation = cloudformation::load(file, stream, cfn);
  // `terraform show -json` output: one JSON document per file.
  if (stream.documents.size() == 1 && terraform::is_plan_json(stream.documents[0].root))
    out.terraform_plan = terraform::load_plan_json(file, stream.documents[0].root, sources);
}

bool same_diagnostic(const Diagnostic& a, const Diagnostic& b) {
  const auto pa = a.range.valid() ? a.range.path() : std::string_view(a.path);
  const auto pb = b.range.valid() ? b.range.path() : std::string_view(b.path);
  return pa == pb && a.level == b.level && a.code == b.code && a.message == b.message &&
         std::tie(a.range.start_line, a.range.start_col) == std::tie(b.range.start_line, b.range.start_col);
}

std::string normal_dir(const std::string& dir) {
  std::string out = fs::path(dir).lexically_normal().generic_string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out.empty() ? "." : out;
}

// A Terraform file named on the command line evaluates its whole module but reports
// only what is in that file.
std::vector<Finding> keep_reported(std::vector<Finding> findings, const Graph& graph, const Discovery& discovery) {
  std::map<std::string, std::set<std::string, std::less<>>> named_by_dir;
  std::set<std::string, std::less<>> unnamed_files;
  for (const TerraformModuleUnit& unit : discovery.terraform_modules) {
    if (unit.report_only.empty()) continue;
    auto& named = named_by_dir[normal_dir(unit.dir)];
    named.insert(unit.report_only.begin(), unit.report_only.end());
    for (const std::string& file : unit.files) {
      if (!named.count(file)) unnamed_files.insert(file);
    }
  }
  if (named_by_dir.empty()) return findings;
  std::erase_if(findings, [&](const Finding& f) {
    if (f.resource == kNoResource) return false;  // about the configuration, always in scope
    const Resource& resource = graph.resources()[f.resource];
    if (resource.platform == Platform::Terraform) {
      if (auto it = named_by_dir.find(normal_dir(resource.root)); it != named_by_dir.end()) {
        return !it->second.count(f.location.path()) && !it->second.count(resource.range.path());
      }
    }
    return unnamed_files.count(f.location.path()) > 0;
  });
  return findings;
}

// A plan JSON scanned together with the .tf files it was planned from finds the same
// problems at the same .tf lines: those are reported once, from the configuration
// (the .tf text is what is committed; a plan file may be stale).
void drop_plan_duplicates(std::vector<Finding>& findings, const Graph& graph,
                          const std::set<std::string, std::less<>>& plan_files) {
  if (plan_files.empty()) return;
  auto from_plan = [&](const Finding& f) {
    return f.resource != kNoResource && plan_files.count(graph.resources()[f.resource].root) > 0;
  };
  using Key = std::tuple<std::string_view, std::string_view, std::string_view, uint32_t>;
  auto key = [](const Finding& f) { return Key{f.rule->id, f.address, f.location.path(), f.location.start_line}; };
  std::set<Key> from_configuration;
  for (const Finding& f : findings) {
    if (f.rule && !from_plan(f)) from_configuration.insert(key(f));
  }
  std::erase_if(findings, [&](const Finding& f) { return f.rule && from_plan(f) && from_configuration.count(key(f)); });
}

// The folder a scan is rooted at: where `.vouch.yaml` is looked for.
std::string scan_root_dir(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    if (path == "-") continue;
    std::error_code ec;
    if (fs::is_directory(path, ec)) return path;
    const fs::path parent = fs::path(path).parent_path();
    return parent.empty() ? "." : parent.string();
  }
  return ".";
}

[[noreturn]] void throw_config_problems(const std::string& what, std::vector<ConfigProblem> problems) {
  ConfigError error(what + ": " + std::to_string(problems.size()) + " error(s)");
  // In file order, as a reader fixes them.
  std::stable_sort(problems.begin(), problems.end(), [](const ConfigProblem& a, const ConfigProblem& b) {
    return std::tie(a.path, a.line, a.col) < std::tie(b.path, b.line, b.col);
  });
  for (const ConfigProblem& p : problems) error.rule_errors.push_back(RuleError{p.path, p.line, p.col, p.message});
  throw error;
}

Config load_config(const ScanOptions& options, const std::string& root, SourceFiles& sources) {
  Config none;
  if (options.no_config) return none;
  std::string path = options.config_path;
  if (path.empty()) {
    const fs::path candidate = fs::path(root) / ".vouch.yaml";
    std::error_code ec;
    if (!fs::is_regular_file(candidate, ec)) return none;
    path = candidate.lexically_normal().generic_string();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("--config " + path + ": cannot be read");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<ConfigProblem> problems;
  Config config = parse_config(*sources.add(path, std::move(text)), problems);
  if (!problems.empty()) throw_config_problems("invalid configuration " + path, problems);
  // Variable files are written relative to the configuration file.
  const fs::path base = fs::path(path).parent_path();
  for (std::string& file : config.var_files) {
    if (fs::path(file).is_relative()) file = (base / file).lexically_normal().generic_string();
  }
  return config;
}

std::string absolute_path(std::string_view path) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::absolute(fs::path(path), ec), ec);
  return p.string();
}

// --diff-base: keeps what lies in the change (a finding about the configuration always).
void keep_changed(std::vector<Finding>& findings, std::vector<Diagnostic>& diagnostics, const ChangedFiles& changed,
                  bool by_line) {
  std::map<std::string, std::string, std::less<>> absolute;  // display path → canonical absolute
  auto canonical = [&](std::string_view path) -> const std::string& {
    auto it = absolute.find(path);
    if (it == absolute.end()) it = absolute.emplace(std::string(path), absolute_path(path)).first;
    return it->second;
  };
  std::erase_if(findings, [&](const Finding& f) {
    if (f.resource == kNoResource || !f.location.valid()) return false;
    return !changed.covers(canonical(f.location.path()), f.location.start_line, f.location.end_line, by_line);
  });
  std::erase_if(diagnostics, [&](const Diagnostic& d) {
    const std::string_view path = d.range.valid() ? d.range.path() : std::string_view(d.path);
    if (path.empty() || path == kStdinName) return false;
    const uint32_t line = d.range.valid() ? d.range.start_line : 0;
    return !changed.covers(canonical(path), line, line, by_line && line > 0);
  });
}

}  // namespace

RuleSet load_rules(const std::vector<std::string>& rule_dirs, const std::vector<std::string>& only_rules) {
  std::vector<RuleSource> sources = builtin_rule_sources();
  for (const std::string& dir : rule_dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw ConfigError("--rules " + dir + ": not a readable folder");
    try {
      std::vector<RuleSource> more = read_rule_directory(dir);
      std::move(more.begin(), more.end(), std::back_inserter(sources));
    } catch (const std::exception& e) {
      throw ConfigError("--rules " + dir + ": " + e.what());
    }
  }
  std::vector<RuleError> errors;
  RuleSet rules = RuleSet::load(sources, errors);
  if (!errors.empty()) {
    ConfigError error("broken rule pack: " + std::to_string(errors.size()) + " error(s)");
    error.rule_errors = std::move(errors);
    throw error;
  }
  if (only_rules.empty()) return rules;
  std::vector<std::string> ids;
  for (const std::string& name : only_rules) {
    const Rule* rule = rules.find(name);
    if (!rule) throw ConfigError("unknown rule: " + name);
    ids.push_back(rule->id);
  }
  return rules.only(ids);
}

ScanResult run_scan(const ScanOptions& options) {
  ScanResult result;
  result.sources = std::make_unique<SourceFiles>();
  result.config = load_config(options, scan_root_dir(options.paths), *result.sources);
  const Config& config = result.config;
  // Suppressions are judged against every rule vouch knows, so that one naming a rule
  // this run leaves out (--rule, rules.disable) is not called unknown.
  const RuleSet all_rules = load_rules(options.rule_dirs);
  // The configuration's rule names are checked even when --rule overrides its selection.
  std::vector<ConfigProblem> problems;
  RuleSet selected = select_rules(config, all_rules, problems);
  if (!problems.empty()) throw_config_problems("invalid configuration " + config.path, problems);
  result.rules = options.only_rules.empty() ? std::move(selected) : load_rules(options.rule_dirs, options.only_rules);
  Baseline baseline;
  if (!options.baseline_path.empty()) {
    try {
      baseline = read_baseline(options.baseline_path);
    } catch (const std::exception& e) {
      throw ConfigError(std::string("--baseline: ") + e.what());
    }
    result.baseline_used = true;
  }
  ChangedFiles changed;
  if (!options.diff_base.empty()) {
    try {
      changed = git_changed_files(options.diff_base, scan_root_dir(options.paths), options.diff_lines);
    } catch (const std::exception& e) {
      throw ConfigError(e.what());
    }
  }
  std::vector<std::string> var_files = config.var_files;
  var_files.insert(var_files.end(), options.var_files.begin(), options.var_files.end());
  std::vector<std::pair<std::string, std::string>> vars = config.vars;
  vars.insert(vars.end(), options.vars.begin(), options.vars.end());
  for (const std::string& file : var_files) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) throw ConfigError("--var-file " + file + ": no such file");
    if (!std::ifstream(file)) throw ConfigError("--var-file " + file + ": cannot be read");
  }

  bool read_stdin = false;
  std::vector<std::string> paths;
  for (const std::string& path : options.paths) {
    if (path == "-") {
      read_stdin = true;
    } else {
      // A path that is not there is a mistyped argument, not unreadable input.
      std::error_code ec;
      if (!fs::exists(fs::symlink_status(path, ec))) throw ConfigError("no such file or directory: " + path);
      paths.push_back(path);
    }
  }
  if (paths.empty() && !read_stdin) paths.push_back(".");

  DiscoverOptions discover_options;
  discover_options.exclude_globs = config.exclude;
  discover_options.exclude_globs.insert(discover_options.exclude_globs.end(), options.exclude_globs.begin(),
                                        options.exclude_globs.end());
  const Discovery discovery = discover(paths, discover_options);

  // One slot per task, filled by whichever thread runs it; merged in slot order.
  const size_t modules = discovery.terraform_modules.size();
  const size_t documents = discovery.documents.size();
  std::vector<GraphFragment> terraform_fragments(modules);
  std::vector<DocumentResult> document_results(documents + (read_stdin ? 1 : 0));

  cloudformation::Options cfn;
  cfn.parameters = options.cfn_params;
  cfn.parameter_files = options.cfn_param_files;
  for (const std::string& file : cfn.parameter_files) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) throw ConfigError("--cfn-param-file " + file + ": no such file");
  }

  SourceFiles& sources = *result.sources;
  if (read_stdin) {
    std::string text(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>{});
    load_document(*sources.add(kStdinName, std::move(text)), cfn, sources, document_results.back());
  }

  // TF_VAR_* as Terraform reads them, taken once so every module sees the same.
  std::vector<std::pair<std::string, std::string>> tf_var_environment;
  for (char** env = environ; env && *env; ++env) {
    const std::string_view entry(*env);
    const size_t eq = entry.find('=');
    if (entry.rfind("TF_VAR_", 0) == 0 && eq != std::string_view::npos) {
      tf_var_environment.emplace_back(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
    }
  }

  // Example roots call their parent module: parse each file once for the whole scan.
  const std::shared_ptr<terraform::ParseCache> parse_cache = terraform::make_parse_cache();
  parallel_for(modules + documents, options.jobs, [&](size_t task) {
    const std::string& path = task < modules ? discovery.terraform_modules[task].dir : discovery.documents[task - modules];
    try {
      if (task < modules) {
        const TerraformModuleUnit& unit = discovery.terraform_modules[task];
        terraform::Options tf;
        tf.vars = vars;
        tf.var_files = var_files;
        tf.parse_cache = parse_cache;
        tf.env_vars = tf_var_environment;
        tf.scan_root = unit.scan_root.empty() ? unit.dir : unit.scan_root;
        terraform_fragments[task] = terraform::evaluate_module(unit.dir, unit.files, tf, sources);
      } else {
        DocumentResult& out = document_results[task - modules];
        std::string text;
        Diagnostic problem;
        if (!read_document(path, text, problem)) {
          out.problems.diagnostics.push_back(std::move(problem));
          return;
        }
        load_document(*sources.add(path, std::move(text)), cfn, sources, out);
      }
    } catch (const std::exception& e) {
      // A frontend bug must not take the scan down, nor pass in silence.
      GraphFragment& sink = task < modules ? terraform_fragments[task] : document_results[task - modules].problems;
      sink.diagnostics.push_back(file_diagnostic("internal-error", std::string("could not scan: ") + e.what(), path));
    }
  });

  // Selectors and references between manifests cross files: link once everything is loaded.
  std::vector<GraphFragment*> kubernetes_fragments;
  for (DocumentResult& doc : document_results) {
    if (doc.has_kubernetes) kubernetes_fragments.push_back(&doc.kubernetes);
  }
  if (!kubernetes_fragments.empty()) kubernetes::link(kubernetes_fragments);

  std::vector<GraphFragment> fragments;
  fragments.reserve(modules + 4 * document_results.size());
  for (GraphFragment& f : terraform_fragments) fragments.push_back(std::move(f));
  std::set<std::string, std::less<>> plan_files;  // Resource::root of plan resources
  for (DocumentResult& doc : document_results) {
    if (!doc.terraform_plan.resources.empty()) plan_files.insert(doc.terraform_plan.resources[0].root);
    fragments.push_back(std::move(doc.kubernetes));
    fragments.push_back(std::move(doc.cloudformation));
    fragments.push_back(std::move(doc.terraform_plan));
    fragments.push_back(std::move(doc.problems));
  }
  result.graph = Graph::merge(std::move(fragments));

  result.diagnostics = discovery.diagnostics;
  result.diagnostics.insert(result.diagnostics.end(), result.graph.diagnostics().begin(),
                            result.graph.diagnostics().end());
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), diagnostic_less);
  result.diagnostics.erase(std::unique(result.diagnostics.begin(), result.diagnostics.end(), same_diagnostic),
                           result.diagnostics.end());

  EngineOptions engine_options;
  engine_options.jobs = scan_detail::effective_jobs(options.jobs);
  engine_options.include_passes = options.include_passes;
  std::vector<Finding> evaluated = evaluate(result.rules, result.graph, engine_options);
  for (Finding& f : evaluated) {
    (f.outcome == Outcome::Pass ? result.passes : result.findings).push_back(std::move(f));
  }
  drop_plan_duplicates(result.findings, result.graph, plan_files);
  drop_plan_duplicates(result.passes, result.graph, plan_files);
  apply_severity_overrides(config, result.rules, result.findings);

  SuppressOptions suppress;
  suppress.inline_suppressions = options.inline_suppressions && config.inline_suppressions;
  suppress.today = options.today.empty() ? today_utc() : options.today;
  suppress.exceptions = config.exceptions;
  suppress.baseline = result.baseline_used ? &baseline : nullptr;
  apply_suppressions(result.findings, result.graph, all_rules, suppress);

  result.findings = keep_reported(std::move(result.findings), result.graph, discovery);
  result.passes = keep_reported(std::move(result.passes), result.graph, discovery);
  if (!options.diff_base.empty()) {
    keep_changed(result.findings, result.diagnostics, changed, options.diff_lines);
    std::vector<Diagnostic> none;
    keep_changed(result.passes, none, changed, options.diff_lines);
  }

  for (const TerraformModuleUnit& unit : discovery.terraform_modules) result.files_scanned += unit.files.size();
  result.files_scanned += documents + (read_stdin ? 1 : 0);
  return result;
}

ParseOnlyStats parse_terraform_only(const std::vector<std::string>& paths, unsigned jobs) {
  const Discovery discovery = discover(paths);
  std::vector<std::string> files;
  for (const TerraformModuleUnit& unit : discovery.terraform_modules) {
    // .tf.json files are JSON, not HCL: tree-sitter-hcl has nothing to say about them.
    std::copy_if(unit.files.begin(), unit.files.end(), std::back_inserter(files),
                 [](const std::string& f) { return f.size() > 3 && f.compare(f.size() - 3, 3, ".tf") == 0; });
  }
  std::vector<ParseOnlyStats> per_file(files.size());
  parallel_for(files.size(), jobs, [&](size_t i) {
    std::string text;
    Diagnostic problem;
    if (!read_document(files[i], text, problem)) return;
    per_file[i].files = 1;
    per_file[i].bytes = text.size();
    per_file[i].lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    if (!text.empty() && text.back() != '\n') ++per_file[i].lines;
    per_file[i].syntax_errors = terraform::parse_only(text);
  });
  ParseOnlyStats total;
  for (const ParseOnlyStats& s : per_file) {
    total.files += s.files;
    total.lines += s.lines;
    total.bytes += s.bytes;
    total.syntax_errors += s.syntax_errors;
  }
  return total;
}

}  // namespace vouch
