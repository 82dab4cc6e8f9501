#include "discover/discover.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

namespace vouch {

namespace fs = std::filesystem;

namespace {

// Deeper than any real repository; stops a pathological tree (or a bind-mount loop
// that canonical paths cannot see) from recursing without bound.
constexpr unsigned kMaxDepth = 128;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_terraform_file(std::string_view name) { return ends_with(name, ".tf") || ends_with(name, ".tf.json"); }

bool has_document_extension(std::string_view name) {
  return ends_with(name, ".yaml") || ends_with(name, ".yml") || ends_with(name, ".json") ||
         ends_with(name, ".template");
}

// JSON and YAML files that are known not to be infrastructure: passing over them by
// name saves reading them. Anything else is read and the frontends decide by content.
bool is_known_non_iac(std::string_view name) {
  static constexpr std::array<std::string_view, 14> kNames = {
      "package.json",   "package-lock.json", "npm-shrinkwrap.json", "composer.json", "composer.lock",
      "tsconfig.json",  "jsconfig.json",     "renovate.json",       "lerna.json",    "bower.json",
      "pnpm-lock.yaml", "tslint.json",       "cdk.context.json",    "yarn.lock"};
  if (std::find(kNames.begin(), kNames.end(), name) != kNames.end()) return true;
  return ends_with(name, ".tfvars.json") || ends_with(name, ".tfstate.json") || ends_with(name, ".lock.json");
}

// Directories that never hold infrastructure code a user wrote.
bool is_skipped_directory(std::string_view name) { return name == "node_modules"; }

std::string join(const std::string& dir, std::string_view name) {
  if (dir.empty() || dir == ".") return std::string(name);
  if (dir.back() == '/') return dir + std::string(name);
  return dir + "/" + std::string(name);
}

Diagnostic make_diagnostic(DiagnosticLevel level, std::string code, std::string message, std::string path) {
  Diagnostic d;
  d.level = level;
  d.code = std::move(code);
  d.message = std::move(message);
  d.path = std::move(path);
  return d;
}

bool is_within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}


// One walk over the scan paths; accumulates units by directory so a module named
// both as a folder and as a file is evaluated once.
class Walker {
 public:
  explicit Walker(const DiscoverOptions& options) : options_(options) {}

  void add_path(const std::string& input) {
    const std::string shown = display_path(input);
    std::error_code ec;
    const fs::file_status status = fs::status(shown, ec);
    if (ec || !fs::exists(status)) {
      diagnostics_.push_back(make_diagnostic(DiagnosticLevel::Error, "path-not-found",
                                             "no such file or directory: " + shown, shown));
      return;
    }
    if (fs::is_directory(status)) {
      const fs::path canonical = fs::weakly_canonical(shown, ec);
      root_ = ec ? fs::absolute(shown) : canonical;
      root_display_ = shown;
      std::vector<fs::path> ancestors;
      walk(shown, "", canonical, ancestors, 0);
      return;
    }
    add_named_file(shown);
  }

  Discovery finish() {
    Discovery out;
    for (auto& [dir, unit] : modules_) {
      if (whole_modules_.count(dir)) unit.report_only.clear();
      std::sort(unit.files.begin(), unit.files.end());
      unit.files.erase(std::unique(unit.files.begin(), unit.files.end()), unit.files.end());
      std::sort(unit.report_only.begin(), unit.report_only.end());
      unit.report_only.erase(std::unique(unit.report_only.begin(), unit.report_only.end()), unit.report_only.end());
      out.terraform_modules.push_back(std::move(unit));
    }
    out.documents.assign(documents_.begin(), documents_.end());
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(), diagnostic_less);
    out.diagnostics = std::move(diagnostics_);
    return out;
  }

 private:
  struct Entry {
    std::string name;
    bool symlink = false;
    bool directory = false;
    bool regular = false;
  };

  bool excluded(const std::string& relative, bool directory) const {
    for (const std::string& pattern : options_.exclude_globs) {
      if (glob_matches(pattern, relative)) return true;
      if (directory && glob_matches(pattern, relative + "/")) return true;
    }
    return false;
  }

  void walk(const std::string& dir, const std::string& relative, const fs::path& canonical,
            std::vector<fs::path>& ancestors, unsigned depth) {
    if (depth > kMaxDepth) {
      diagnostics_.push_back(make_diagnostic(DiagnosticLevel::Warning, "directory-too-deep",
                                             "folders nested deeper than " + std::to_string(kMaxDepth) +
                                                 " levels were not scanned",
                                             dir));
      return;
    }
    if (!visited_.insert(canonical.string()).second) return;  // reached twice through symlinks
    ancestors.push_back(canonical);

    std::vector<Entry> entries;
    std::error_code ec;
    fs::directory_iterator it(dir.empty() ? "." : dir, ec);
    if (ec) {
      diagnostics_.push_back(make_diagnostic(DiagnosticLevel::Error, "unreadable-path",
                                             "cannot read folder " + dir + ": " + ec.message(), dir));
      ancestors.pop_back();
      return;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      Entry e;
      e.name = it->path().filename().string();
      std::error_code type_ec;
      e.symlink = it->is_symlink(type_ec);
      e.directory = it->is_directory(type_ec);  // follows symlinks
      e.regular = it->is_regular_file(type_ec);
      entries.push_back(std::move(e));
    }
    if (ec) {
      diagnostics_.push_back(make_diagnostic(DiagnosticLevel::Error, "unreadable-path",
                                             "cannot read folder " + dir + ": " + ec.message(), dir));
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });

    // A Helm chart's templates are Go templates, not YAML: reading them would only
    // produce syntax errors. The rendered manifests are what to scan.
    const bool helm_chart = std::any_of(entries.begin(), entries.end(),
                                        [](const Entry& e) { return e.name == "Chart.yaml" && e.regular; });

    for (const Entry& entry : entries) {
      if (entry.name.empty() || entry.name.front() == '.') continue;  // hidden, .git, .terraform
      const std::string path = join(dir, entry.name);
      const std::string child_relative = relative.empty() ? entry.name : relative + "/" + entry.name;
      if (excluded(child_relative, entry.directory)) continue;

      fs::path target;
      if (entry.symlink) {
        std::error_code link_ec;
        target = fs::canonical(path, link_ec);
        if (link_ec) {
          diagnostics_.push_back(make_diagnostic(DiagnosticLevel::Warning, "broken-symlink",
                                                 "symbolic link " + path + " points nowhere", path));
          continue;
        }
        if (entry.directory && std::find(ancestors.begin(), ancestors.end(), target) != ancestors.end()) {
          diagnostics_.push_back(make_diagnostic(DiagnosticLevel::Warning, "symlink-loop",
                                                 "symbolic link " + path + " loops back to " +
                                                     display_path(target.string()) + "; not followed",
                                                 path));
          continue;
        }
        if (!is_within(target, root_)) {
          diagnostics_.push_back(make_diagnostic(DiagnosticLevel::Note, "symlink-outside-root",
                                                 "symbolic link " + path + " leads out of " + root_display_ +
                                                     "; not followed",
                                                 path));
          continue;
        }
      }

      if (entry.directory) {
        if (is_skipped_directory(entry.name)) continue;
        if (helm_chart && entry.name == "templates") {
          diagnostics_.push_back(make_diagnostic(DiagnosticLevel::Note, "helm-templates-skipped",
                                                 "Helm templates in " + path +
                                                     " are not YAML; scan the rendered manifests instead",
                                                 path));
          continue;
        }
        std::error_code canon_ec;
        const fs::path canonical_child = entry.symlink ? target : fs::weakly_canonical(path, canon_ec);
        walk(path, child_relative, canon_ec ? fs::absolute(path) : canonical_child, ancestors, depth + 1);
        continue;
      }
      if (!entry.regular) continue;  // sockets, fifos, devices
      if (is_terraform_file(entry.name)) {
        TerraformModuleUnit& unit = module_for(dir.empty() ? "." : dir);
        unit.files.push_back(path);
        if (unit.scan_root.empty()) unit.scan_root = root_display_;
        whole_modules_.insert(unit.dir);
      } else if (has_document_extension(entry.name) && !is_known_non_iac(entry.name)) {
        documents_.insert(path);
      }
    }
    ancestors.pop_back();
  }

  void add_named_file(const std::string& shown) {
    const fs::path path(shown);
    const std::string name = path.filename().string();
    if (is_terraform_file(name)) {
      std::string dir = path.parent_path().string();
      if (dir.empty()) dir = ".";
      TerraformModuleUnit& unit = module_for(dir);
      if (unit.scan_root.empty()) unit.scan_root = dir;
      unit.report_only.push_back(shown);
      // The whole directory is the module, so references to siblings resolve.
      std::error_code ec;
      for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const std::string sibling = it->path().filename().string();
        std::error_code type_ec;
        if (!sibling.empty() && sibling.front() != '.' && is_terraform_file(sibling) && it->is_regular_file(type_ec)) {
          unit.files.push_back(join(dir, sibling));
        }
      }
      if (ec) {
        diagnostics_.push_back(make_diagnostic(DiagnosticLevel::Error, "unreadable-path",
                                               "cannot read folder " + dir + ": " + ec.message(), dir));
      }
      unit.files.push_back(shown);  // even when the listing failed
      return;
    }
    if (has_document_extension(name)) {
      documents_.insert(shown);  // named explicitly: read it even if the name looks like tooling
      return;
    }
    diagnostics_.push_back(make_diagnostic(DiagnosticLevel::Warning, "unsupported-file",
                                           shown + " is not a Terraform, YAML or JSON file; not scanned", shown));
  }

  TerraformModuleUnit& module_for(const std::string& dir) {
    TerraformModuleUnit& unit = modules_[dir];
    unit.dir = dir;
    return unit;
  }

  const DiscoverOptions& options_;
  fs::path root_;
  std::string root_display_;
  std::map<std::string, TerraformModuleUnit> modules_;
  std::set<std::string> whole_modules_;
  std::set<std::string> documents_;
  std::set<std::string> visited_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace

std::string display_path(const std::string& path) {
  if (path.empty()) return ".";
  fs::path p(path);
  if (p.is_absolute()) {
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    if (!ec && is_within(p.lexically_normal(), cwd)) p = p.lexically_normal().lexically_relative(cwd);
  }
  std::string out = p.lexically_normal().generic_string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (out.empty()) out = ".";
  return out;
}

bool glob_matches(std::string_view pattern, std::string_view relative_path) {
  while (pattern.substr(0, 2) == "./") pattern.remove_prefix(2);
  if (glob_match(pattern, relative_path)) return true;
  if (pattern.find('/') != std::string_view::npos) return false;
  size_t start = 0;
  while (start <= relative_path.size()) {
    size_t end = relative_path.find('/', start);
    if (end == std::string_view::npos) end = relative_path.size();
    if (glob_match(pattern, relative_path.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

Discovery discover(const std::vector<std::string>& paths, const DiscoverOptions& options) {
  Walker walker(options);
  for (const std::string& path : paths) walker.add_path(path);
  return walker.finish();
}

}  // namespace vouch
