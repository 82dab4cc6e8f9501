// Helpers for the developer-workflow tests: run the built `vouch` binary in a folder,
// build small projects in temporary folders, and read its SARIF back. Everything a
// test changes lives in a TempDir; fixtures/ is only ever read.
#pragma once

#include <catch2/catch.hpp>

#include "support/files.h"
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

using test::read_file;
using test::Run;
using test::shell;
using test::write_file;
using test::quote;

// Scratch folders of these tests are named vouch-workflow-….
class TempDir : public test::TempDir {
 public:
  TempDir() : test::TempDir("vouch-workflow-") {}
};

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

inline size_t count_of(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
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
