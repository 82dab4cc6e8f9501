// Discovery: walks the scan paths and sorts what it finds into work units for the
// frontends — Terraform modules (all .tf/.tf.json files of one directory), YAML and
// JSON documents, plan JSON. Skips .terraform/, .git/ and hidden folders, never
// follows a symlink out of the tree or around a loop, and passes over what no
// frontend reads.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "graph/graph.h"

namespace vouch {

struct TerraformModuleUnit {
  std::string dir;                 // the module directory
  std::vector<std::string> files;  // its .tf and .tf.json files, sorted
  // When the user named single files of this module, only findings in these are
  // reported (the whole module is still evaluated); empty = all.
  std::vector<std::string> report_only;
  // The scan path the module was found under (the module directory itself when a
  // file was named): module sources and file() reads stay inside it.
  std::string scan_root;
};

struct Discovery {
  std::vector<TerraformModuleUnit> terraform_modules;  // sorted by dir
  std::vector<std::string> documents;                  // .yaml/.yml/.json/.template files, sorted
  std::vector<Diagnostic> diagnostics;                 // unreadable paths, symlink loops
};

struct DiscoverOptions {
  std::vector<std::string> exclude_globs;  // matched against paths relative to the scan root
};

// Every path in the result is a display path: relative to the working directory when
// inside it (no leading "./"), '/' separators.
// The files (and, when asked, the lines) a change touches since a git revision:
// `git diff REV` plus untracked files, as canonical absolute paths.
struct ChangedFiles {
  std::map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> files;  // path → changed line ranges
  std::set<std::string> whole_files;  // new, untracked files: every line is new
  // True when `absolute_path` changed (and, with `by_line`, one of lines start..end did).
  bool covers(const std::string& absolute_path, uint32_t start_line, uint32_t end_line, bool by_line) const;
};

// Asks git in `dir`. Throws std::runtime_error with a clear message when `dir` is not
// in a checkout or REV is not in this clone (naming shallow clones as the likely cause).
ChangedFiles git_changed_files(const std::string& rev, const std::string& dir, bool with_lines);

Discovery discover(const std::vector<std::string>& paths, const DiscoverOptions& options = {});

// The display form of a path (see above).
std::string display_path(const std::string& path);

// Glob matching for --exclude: `*` and `?` stay within one path segment, `**` spans
// segments. A pattern without '/' also matches any single segment (like .gitignore).
bool glob_matches(std::string_view pattern, std::string_view relative_path);

}  // namespace vouch
