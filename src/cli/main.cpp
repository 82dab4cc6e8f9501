// The `vouch` command line: argument parsing and output only. All work happens in the
// stages (run_scan, the reporters, the rule loader); every exception ends up in main,
// which maps it to the exit codes documented in docs/usage.md:
//   0 nothing at or above the threshold, 1 findings at or above it,
//   2 usage or configuration error, 3 some input could not be parsed (and nothing else failed).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "report/report.h"
#include "rules/docs.h"
#include "scan/scan.h"
#include "suppress/suppress.h"

#ifndef VOUCH_VERSION
#define VOUCH_VERSION "0.0.0"
#endif

namespace {

enum ExitCode : int { kClean = 0, kFindings = 1, kUsage = 2, kInputError = 3 };

struct ScanArgs {
  std::vector<std::string> paths;
  std::vector<std::string> formats;  // FORMAT or FORMAT:FILE, repeatable; default text
  std::string output;
  std::vector<std::string> rule_dirs;
  std::vector<std::string> only_rules;
  std::string threshold = "low";
  std::vector<std::string> vars;
  std::vector<std::string> var_files;
  std::vector<std::string> cfn_params;
  std::vector<std::string> cfn_param_files;
  std::vector<std::string> excludes;
  unsigned jobs = 0;
  bool no_color = false;
  std::string config;
  bool no_inline_suppressions = false;
  std::string baseline;
  std::string diff_base;
  bool diff_lines = false;
  bool soft_fail = false;
  bool threshold_given = false;
};

const std::vector<std::string> kFormats = {"text", "json", "sarif", "github", "junit", "markdown"};

struct OutputRequest {
  std::string format;
  std::string file;  // "" = standard output
};

// `--format sarif:out.sarif --format text`: each format with its own destination;
// `--output` is the destination of the one format given without a file.
std::vector<OutputRequest> output_requests(const ScanArgs& args) {
  std::vector<OutputRequest> requests;
  for (const std::string& spec : args.formats.empty() ? std::vector<std::string>{"text"} : args.formats) {
    const size_t colon = spec.find(':');
    OutputRequest r{spec.substr(0, colon), colon == std::string::npos ? "" : spec.substr(colon + 1)};
    if (std::find(kFormats.begin(), kFormats.end(), r.format) == kFormats.end()) {
      throw vouch::ConfigError("--format " + spec + ": unknown format (one of text, json, sarif, github, junit, markdown)");
    }
    if (colon != std::string::npos && r.file.empty()) throw vouch::ConfigError("--format " + spec + ": empty file name");
    requests.push_back(std::move(r));
  }
  size_t to_default = 0;
  for (OutputRequest& r : requests) {
    if (r.file.empty()) {
      r.file = args.output;
      ++to_default;
    }
  }
  if (to_default > 1) {
    throw vouch::ConfigError("several --format values share " +
                             std::string(args.output.empty() ? "standard output" : "--output " + args.output) +
                             "; give each its own file with FORMAT:FILE");
  }
  return requests;
}

// Links in the Markdown comment point at the commit under review on GitHub Actions.
std::string markdown_link_base() {
  const char* server = std::getenv("GITHUB_SERVER_URL");
  const char* repo = std::getenv("GITHUB_REPOSITORY");
  const char* sha = std::getenv("GITHUB_SHA");
  if (!server || !repo || !sha || !*server || !*repo || !*sha) return "";
  return std::string(server) + "/" + repo + "/blob/" + sha + "/";
}

// https://no-color.org: any non-empty NO_COLOR turns colour off.
bool colour_wanted(bool no_color_flag, bool to_terminal) {
  if (no_color_flag || !to_terminal) return false;
  if (const char* no_color = std::getenv("NO_COLOR"); no_color && *no_color) return false;
  if (const char* term = std::getenv("TERM"); term && std::string_view(term) == "dumb") return false;
  return true;
}

// Writes `text` to --output, or standard output when none is given.
void emit(const std::string& output, const std::string& text) {
  if (output.empty() || output == "-") {
    std::cout << text << std::flush;
    return;
  }
  std::ofstream file(output, std::ios::binary | std::ios::trunc);
  if (!file || !(file << text) || !file.flush()) throw vouch::ConfigError("cannot write --output " + output);
}

vouch::ScanOptions scan_options(const ScanArgs& args) {
  vouch::ScanOptions options;
  options.paths = args.paths;
  options.rule_dirs = args.rule_dirs;
  options.only_rules = args.only_rules;
  options.var_files = args.var_files;
  options.exclude_globs = args.excludes;
  options.jobs = args.jobs;
  for (const std::string& var : args.vars) {
    const size_t eq = var.find('=');
    if (eq == std::string::npos || eq == 0) throw vouch::ConfigError("--var " + var + ": expected NAME=VALUE");
    options.vars.emplace_back(var.substr(0, eq), var.substr(eq + 1));
  }
  for (const std::string& param : args.cfn_params) {
    const size_t eq = param.find('=');
    if (eq == std::string::npos || eq == 0) throw vouch::ConfigError("--cfn-param " + param + ": expected KEY=VALUE");
    options.cfn_params.emplace_back(param.substr(0, eq), param.substr(eq + 1));
  }
  options.cfn_param_files = args.cfn_param_files;
  options.config_path = args.config;
  options.inline_suppressions = !args.no_inline_suppressions;
  options.baseline_path = args.baseline;
  options.diff_base = args.diff_base;
  options.diff_lines = args.diff_lines;
  if (args.diff_lines && args.diff_base.empty()) throw vouch::ConfigError("--diff-lines needs --diff-base REV");
  return options;
}

int run_scan_command(const ScanArgs& args) {
  const std::vector<OutputRequest> requests = output_requests(args);
  vouch::ScanOptions options = scan_options(args);
  options.include_passes = std::any_of(requests.begin(), requests.end(),
                                       [](const OutputRequest& r) { return r.format == "junit"; });

  const vouch::ScanResult scan = vouch::run_scan(options);
  // The command line wins over .vouch.yaml, which wins over the default.
  const vouch::Severity threshold = args.threshold_given ? *vouch::parse_severity(args.threshold)  // validated by CLI11
                                    : scan.config.severity_threshold.value_or(vouch::Severity::Low);

  vouch::ReportInput input;
  input.rules = &scan.rules;
  input.graph = &scan.graph;
  input.findings = &scan.findings;
  input.diagnostics = &scan.diagnostics;
  input.tool_version = VOUCH_VERSION;
  input.files_scanned = scan.files_scanned;
  input.resources_evaluated = scan.graph.resources().size();
  input.threshold = threshold;
  input.passes = &scan.passes;
  input.baseline_used = scan.baseline_used;

  for (const OutputRequest& request : requests) {
    std::ostringstream out;
    if (request.format == "json") {
      vouch::write_json(input, out);
    } else if (request.format == "sarif") {
      vouch::write_sarif(input, out);
    } else if (request.format == "github") {
      vouch::write_github(input, out);
    } else if (request.format == "junit") {
      vouch::write_junit(input, out);
    } else if (request.format == "markdown") {
      vouch::MarkdownOptions markdown;
      markdown.link_base = markdown_link_base();
      vouch::write_markdown(input, out, markdown);
    } else {
      vouch::TextOptions text;
      const bool to_terminal = (request.file.empty() || request.file == "-") && isatty(STDOUT_FILENO);
      text.color = colour_wanted(args.no_color, to_terminal);
      vouch::write_text(input, out, text);
    }
    emit(request.file, out.str());
  }

  const vouch::ReportSummary summary = vouch::summarize(input);
  if (args.soft_fail || scan.config.soft_fail) return kClean;
  if (summary.at_or_above_threshold > 0) return kFindings;
  if (summary.errors > 0) return kInputError;
  return kClean;
}

// The options `scan` and `baseline create` share: what to scan and how to evaluate it.
void add_scan_options(CLI::App* cmd, ScanArgs& args) {
  // Repeatable options take one value per occurrence (`--rules a --rules b`), so a
  // scan path after them is never swallowed as a second value.
  cmd->add_option("paths", args.paths, "Folders or files to scan ('-' reads standard input; default .)");
  cmd->add_option("--rules", args.rule_dirs, "Add the rule packs in DIR (repeatable)")
      ->type_name("DIR")
      ->allow_extra_args(false);
  cmd->add_option("--rule", args.only_rules, "Run only this rule (id or alias; repeatable)")
      ->type_name("ID")
      ->allow_extra_args(false);
  cmd->add_option("--var", args.vars, "Set a Terraform variable (repeatable)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--var-file", args.var_files, "Read Terraform variables from FILE (repeatable)")
      ->type_name("FILE")
      ->allow_extra_args(false);
  cmd->add_option("--cfn-param", args.cfn_params, "Set a CloudFormation parameter (repeatable)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--cfn-param-file", args.cfn_param_files,
                  "Read CloudFormation parameters from FILE (AWS CLI JSON format; repeatable)")
      ->type_name("FILE")
      ->allow_extra_args(false);
  cmd->add_option("--exclude", args.excludes, "Skip paths matching GLOB, relative to each scan path")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  cmd->add_option("-j,--jobs", args.jobs, "Worker threads (0 = one per core)")->capture_default_str();
  cmd->add_option("--config", args.config, "Read this configuration instead of .vouch.yaml in the scan root")
      ->type_name("FILE");
  cmd->add_flag("--no-inline-suppressions", args.no_inline_suppressions,
                "Make every inline vouch:ignore ineffective (audit code you do not own)");
}

// `vouch baseline create`: today's active failures become accepted.
int create_baseline(const ScanArgs& args, const std::string& output) {
  const vouch::ScanResult scan = vouch::run_scan(scan_options(args));
  std::vector<vouch::Finding> accepted;
  for (const vouch::Finding& f : scan.findings) {
    if (f.outcome == vouch::Outcome::Fail && f.suppressions.empty()) accepted.push_back(f);
  }
  emit(output, vouch::render_baseline(accepted));
  std::cerr << "vouch: wrote " << accepted.size() << (accepted.size() == 1 ? " finding" : " findings") << " to "
            << output << '\n';
  return kClean;
}

std::string platforms_of(const vouch::Rule& rule) {
  std::vector<std::string> names;
  for (const vouch::PlatformCheck& check : rule.checks) names.emplace_back(vouch::to_string(check.platform));
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

int rules_list(const std::vector<std::string>& rule_dirs) {
  const vouch::RuleSet rules = vouch::load_rules(rule_dirs);
  const std::vector<std::string> headings = {"ID", "SEVERITY", "THEME", "PLATFORMS", "TITLE"};
  std::vector<std::vector<std::string>> rows;
  for (const vouch::Rule& rule : rules.rules()) {
    rows.push_back({rule.id, std::string(vouch::to_string(rule.severity)), std::string(vouch::to_string(rule.theme)),
                    platforms_of(rule), rule.title});
  }
  std::vector<size_t> width(headings.size());
  for (size_t c = 0; c < headings.size(); ++c) width[c] = headings[c].size();
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
    }
    std::cout << line << '\n';
  };
  print_row(headings);
  for (const auto& row : rows) print_row(row);
  std::cout << rows.size() << (rows.size() == 1 ? " rule" : " rules") << '\n';
  return kClean;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

void print_block(std::string_view heading, std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  if (text.empty()) return;
  std::cout << '\n' << heading << ":\n";
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) std::cout << (line.empty() ? "" : "  ") << line << '\n';
}

int rules_explain(const std::string& name, const std::vector<std::string>& rule_dirs) {
  const vouch::RuleSet rules = vouch::load_rules(rule_dirs);
  const vouch::Rule* rule = rules.find(name);
  if (!rule) throw vouch::ConfigError("unknown rule: " + name + " (see `vouch rules list`)");
  if (rule->id != name) std::cout << name << " is a former id of " << rule->id << "\n\n";
  std::cout << rule->id << ": " << rule->title << '\n'
            << "  severity:   " << vouch::to_string(rule->severity) << '\n'
            << "  theme:      " << vouch::to_string(rule->theme) << '\n'
            << "  controls:   " << join(rule->controls, ", ") << '\n'
            << "  platforms:  " << platforms_of(*rule) << '\n'
            << "  precision:  " << rule->precision << '\n'
            << "  pack:       " << rule->pack << '\n';
  if (!rule->aliases.empty()) std::cout << "  aliases:    " << join(rule->aliases, ", ") << '\n';
  std::cout << "  message:    " << rule->message << '\n';
  print_block("Rationale", rule->rationale);
  print_block("Remediation", rule->remediation);
  print_block("References", join(rule->references, "\n"));
  for (const vouch::PlatformCheck& check : rule->checks) {
    std::string text = "resources: " + join(check.resources, ", ");
    if (check.data_sources) text += " (and data sources)";
    // format_condition ends each condition with a newline; print_block adds its own.
    auto condition = [](const vouch::Condition& c) {
      std::string out = vouch::format_condition(c, 2);
      while (!out.empty() && out.back() == '\n') out.pop_back();
      return out;
    };
    if (check.where) text += "\nwhere:\n" + condition(*check.where);
    text += "\nrequire:\n" + condition(check.require);
    if (!check.message.empty()) text += "\nmessage: " + check.message;
    if (check.fix) {
      if (!check.fix->insert.empty()) text += "\nfix (insert): " + check.fix->insert;
      if (!check.fix->replace.empty()) text += "\nfix (replace value): " + check.fix->replace;
    }
    print_block(std::string("Check for ") + std::string(vouch::to_string(check.platform)), text);
  }
  std::cout << "\nDefined in " << rule->source_path << '\n';
  return kClean;
}

// Writes the generated rule reference into `output`, removing pages of rules that no
// longer exist (only files that carry the generated-file marker are ever removed).
int rules_docs(const std::string& output, const std::string& rulepack_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(rulepack_dir, ec)) {
    throw vouch::ConfigError("--rulepacks " + rulepack_dir +
                             ": not a folder (the examples come from the fixtures beside the rule files)");
  }
  const vouch::RuleSet rules = vouch::load_rules({});
  const std::map<std::string, std::string> pages = vouch::render_rule_docs(rules, rulepack_dir);
  fs::create_directories(output, ec);
  if (ec) throw vouch::ConfigError("cannot create " + output + ": " + ec.message());
  for (const auto& entry : fs::directory_iterator(output, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".md" || pages.count(name)) continue;
    std::ifstream in(entry.path());
    std::string first_line;
    std::getline(in, first_line);
    if (first_line.rfind("<!-- generated by `vouch rules docs`", 0) == 0) fs::remove(entry.path(), ec);
  }
  for (const auto& [name, text] : pages) emit((fs::path(output) / name).string(), text);
  std::cout << "wrote " << pages.size() << " pages to " << output << '\n';
  return kClean;
}

void print_config_error(const vouch::ConfigError& e) {
  for (const vouch::RuleError& r : e.rule_errors) {
    std::cerr << r.path << ':' << r.line << ':' << r.col << ": error: " << r.message << '\n';
  }
  std::cerr << "vouch: error: " << e.what() << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vouch: a static policy scanner for infrastructure-as-code", "vouch"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "vouch " VOUCH_VERSION);

  ScanArgs scan;
  CLI::App* scan_cmd = app.add_subcommand("scan", "Scan Terraform, Kubernetes and CloudFormation files");
  add_scan_options(scan_cmd, scan);
  scan_cmd->add_option("-f,--format", scan.formats,
                       "Output format, optionally with its own file: text (default), json, sarif, github, junit, "
                       "markdown; FORMAT:FILE, repeatable")
      ->type_name("FORMAT[:FILE]")
      ->allow_extra_args(false);
  scan_cmd->add_option("-o,--output", scan.output, "Write the report to FILE instead of standard output")
      ->type_name("FILE");
  CLI::Option* threshold_option =
      scan_cmd
          ->add_option("--severity-threshold", scan.threshold,
                       "Lowest severity that makes the scan fail (exit code 1); default low or .vouch.yaml's")
          ->check(CLI::IsMember({"low", "medium", "high", "critical"}));
  scan_cmd->add_flag("--no-color", scan.no_color, "Never colour the text report (NO_COLOR is honoured too)");
  scan_cmd->add_option("--baseline", scan.baseline, "Report as new only findings not in this baseline file")
      ->type_name("FILE");
  scan_cmd->add_option("--diff-base", scan.diff_base,
                       "Report only findings in files changed since git revision REV (modules still evaluated whole)")
      ->type_name("REV");
  scan_cmd->add_flag("--diff-lines", scan.diff_lines, "With --diff-base: only findings on changed lines");
  scan_cmd->add_flag("--soft-fail", scan.soft_fail, "Always exit 0 (findings are still reported)");

  ScanArgs baseline_args;
  std::string baseline_output = ".vouch-baseline.json";
  CLI::App* baseline_cmd = app.add_subcommand("baseline", "Record today's findings as accepted");
  baseline_cmd->require_subcommand(1);
  CLI::App* baseline_create = baseline_cmd->add_subcommand("create", "Write a baseline of the current findings");
  add_scan_options(baseline_create, baseline_args);
  baseline_create->add_option("-o,--output", baseline_output, "Baseline file to write")->capture_default_str();

  std::vector<std::string> rules_dirs;
  std::string explain_id;
  std::string docs_output;
  CLI::App* rules_cmd = app.add_subcommand("rules", "List and explain rules");
  rules_cmd->require_subcommand(1);
  CLI::App* list_cmd = rules_cmd->add_subcommand("list", "List every rule");
  list_cmd->add_option("--rules", rules_dirs, "Also list the rule packs in DIR")->type_name("DIR")->allow_extra_args(false);
  CLI::App* explain_cmd = rules_cmd->add_subcommand("explain", "Show everything about one rule");
  explain_cmd->add_option("id", explain_id, "Rule id or former id (alias)")->required();
  explain_cmd->add_option("--rules", rules_dirs, "Also search the rule packs in DIR")->type_name("DIR")->allow_extra_args(false);
  CLI::App* docs_cmd = rules_cmd->add_subcommand("docs", "Generate the rule reference (docs/rules/)");
  std::string docs_rulepacks = "rulepacks";
  docs_cmd->add_option("-o,--output", docs_output, "Folder to write into")->required();
  docs_cmd->add_option("--rulepacks", docs_rulepacks, "The rulepacks folder, for the fixtures (examples)")
      ->capture_default_str();

  app.add_subcommand("version", "Print the version");

  std::vector<std::string> bench_paths;
  unsigned bench_jobs = 0;
  CLI::App* bench_cmd = app.add_subcommand("bench-parse", "Parse Terraform files only (benchmark baseline)");
  bench_cmd->group("");  // hidden from --help: a tool for scripts/bench.sh
  bench_cmd->add_option("paths", bench_paths)->required();
  bench_cmd->add_option("-j,--jobs", bench_jobs);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kClean : kUsage;
  }

  try {
    if (*scan_cmd) {
      scan.threshold_given = threshold_option->count() > 0;
      return run_scan_command(scan);
    }
    if (*baseline_create) return create_baseline(baseline_args, baseline_output);
    if (*list_cmd) return rules_list(rules_dirs);
    if (*explain_cmd) return rules_explain(explain_id, rules_dirs);
    if (*docs_cmd) return rules_docs(docs_output, docs_rulepacks);
    if (*bench_cmd) {
      const vouch::ParseOnlyStats stats = vouch::parse_terraform_only(bench_paths, bench_jobs);
      std::cout << "files " << stats.files << "\nlines " << stats.lines << "\nbytes " << stats.bytes
                << "\nsyntax_errors " << stats.syntax_errors << '\n';
      return kClean;
    }
    std::cout << "vouch " VOUCH_VERSION "\n";
    return kClean;
  } catch (const vouch::ConfigError& e) {
    print_config_error(e);
    return kUsage;
  } catch (const std::exception& e) {
    std::cerr << "vouch: error: " << e.what() << '\n';
    return kUsage;
  }
}
