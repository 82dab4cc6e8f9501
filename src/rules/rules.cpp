// Enum names, rule look-up and reading rule files from disk. The strict parsing of a
// rule file lives in loader.cpp.
#include "rules/rules.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "rules/rule_files.h"

namespace vouch {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::Low:
      return "low";
    case Severity::Medium:
      return "medium";
    case Severity::High:
      return "high";
    case Severity::Critical:
      return "critical";
  }
  return "medium";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (Severity s : {Severity::Low, Severity::Medium, Severity::High, Severity::Critical}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::string_view to_string(Theme theme) {
  switch (theme) {
    case Theme::EncryptionAtRest:
      return "encryption-at-rest";
    case Theme::NetworkExposure:
      return "network-exposure";
    case Theme::Logging:
      return "logging";
    case Theme::WorkloadIsolation:
      return "workload-isolation";
  }
  return "encryption-at-rest";
}

std::optional<Theme> parse_theme(std::string_view text) {
  for (Theme t : {Theme::EncryptionAtRest, Theme::NetworkExposure, Theme::Logging, Theme::WorkloadIsolation}) {
    if (to_string(t) == text) return t;
  }
  return std::nullopt;
}

const Rule* RuleSet::find(std::string_view id_or_alias) const {
  auto it = std::lower_bound(rules_.begin(), rules_.end(), id_or_alias,
                             [](const Rule& r, std::string_view id) { return r.id < id; });
  if (it != rules_.end() && it->id == id_or_alias) return &*it;
  for (const Rule& rule : rules_) {
    if (std::find(rule.aliases.begin(), rule.aliases.end(), id_or_alias) != rule.aliases.end()) {
      return &rule;
    }
  }
  return nullptr;
}

RuleSet RuleSet::only(const std::vector<std::string>& ids) const {
  RuleSet subset;
  for (const Rule& rule : rules_) {
    if (std::find(ids.begin(), ids.end(), rule.id) != ids.end()) subset.rules_.push_back(rule);
  }
  return subset;
}

bool is_rule_file_name(std::string_view file_name) {
  constexpr std::string_view kSuffix = ".yaml";
  if (file_name.size() <= kSuffix.size() || !file_name.ends_with(kSuffix)) return false;
  std::string_view stem = file_name.substr(0, file_name.size() - kSuffix.size());
  // Same test as cmake/VouchHelpers.cmake: `\.[a-z0-9]+\.yaml$` marks a fixture.
  size_t i = stem.size();
  while (i > 0 && ((stem[i - 1] >= 'a' && stem[i - 1] <= 'z') || (stem[i - 1] >= '0' && stem[i - 1] <= '9'))) {
    --i;
  }
  bool fixture = i < stem.size() && i > 0 && stem[i - 1] == '.';
  return !fixture;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read " + path);
  return text.str();
}

std::vector<RuleSource> read_rule_directory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw std::runtime_error("cannot read rule directory " + dir);
  std::vector<std::string> paths;
  // Directory symlinks are not followed, so a symlink loop cannot trap the walk.
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec) && is_fixture_folder_name(it->path().filename().string())) {
      it.disable_recursion_pending();  // a Terraform fixture folder holds no rules
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    if (!is_rule_file_name(it->path().filename().string())) continue;
    paths.push_back(it->path().generic_string());
  }
  if (ec) throw std::runtime_error("cannot read rule directory " + dir + ": " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::vector<RuleSource> sources;
  sources.reserve(paths.size());
  for (std::string& path : paths) {
    std::string text = read_text_file(path);
    sources.push_back({std::move(path), std::move(text)});
  }
  return sources;
}

}  // namespace vouch
