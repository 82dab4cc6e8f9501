// Helpers for the developer-workflow tests: run the built `vouch` binary in a folder,
// build small projects in temporary folders, and read its SARIF back. Everything a
// test changes lives in a TempDir; fixtures/ is only ever read.
#pragma once

#include <catch2/catch.hpp>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace vouch::workflow_test {

namespace fs = std::filesystem;
using nlohmann::json;

// "Today" for every test that judges an expiry: 2026-06-01 (SOURCE_DATE_EPOCH pins it).
inline constexpr const char* kToday = "SOURCE_DATE_EPOCH=1780315200";

// A scratch folder under the system temp folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("vouch-workflow-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
    path_ = fs::canonical(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const fs::path& path, const std::string& text) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

inline size_t count_of(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

// Single quotes for the shell (the tests write every argument; none comes from input).
inline std::string quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs a shell command in `dir`, capturing its exit code, standard output and error.
inline Run shell(const fs::path& dir, const std::string& command) {
  TempDir tmp;
  const std::string out = tmp / "stdout", err = tmp / "stderr";
  const std::string full = "cd " + quote(dir.string()) + " && ( " + command + " ) >" + quote(out) + " 2>" + quote(err);
  const int status = std::system(full.c_str());
  Run run;
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = read_file(out);
  run.err = read_file(err);
  return run;
}

// Runs `vouch <args>` in `dir` with today pinned; `env` adds VAR=value assignments.
inline Run vouch_in(const fs::path& dir, const std::string& args, const std::string& env = "") {
  return shell(dir, std::string("env -u NO_COLOR -u GITHUB_SHA ") + kToday + " " + env + " " +
                        quote(VOUCH_BINARY) + " " + args);
}

// Runs git quietly in `dir` with a fixed identity, failing the test when git fails.
inline void git(const fs::path& dir, const std::string& args) {
  const Run r = shell(dir, "git -c user.name=vouch-test -c user.email=test@example.invalid -c init.defaultBranch=main "
                           "-c commit.gpgsign=false " + args);
  INFO("git " << args << "\n" << r.err);
  REQUIRE(r.code == 0);
}

// The SARIF log's results, parsed.
inline json sarif_results(const std::string& sarif) { return json::parse(sarif)["runs"][0]["results"]; }

inline std::string address_of(const json& result) {
  return result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].get<std::string>();
}

// "<ruleId> <address>" for every result, in the log's order.
inline std::vector<std::string> result_keys(const json& results) {
  std::vector<std::string> keys;
  for (const json& r : results) keys.push_back(r["ruleId"].get<std::string>() + " " + address_of(r));
  return keys;
}

// The first result of `rule` on `address`, or null.
inline json find_result(const json& results, const std::string& rule, const std::string& address) {
  for (const json& r : results) {
    if (r["ruleId"] == rule && address_of(r) == address) return r;
  }
  return nullptr;
}

}  // namespace vouch::workflow_test
