// Helpers shared by the suites that run the built binary or write inputs: scratch
// folders, whole-file reads and writes, and running a shell command with its output
// captured. Tests never write into fixtures/: whatever they change lives in a TempDir.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace vouch::test {

// A scratch folder under the system temp folder, removed at the end of the test.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "vouch-test-") {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / (prefix + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
    path_ = std::filesystem::canonical(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// Single quotes for the shell (tests write every argument; none comes from input).
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
inline Run shell(const std::filesystem::path& dir, const std::string& command) {
  TempDir tmp("vouch-run-");
  const std::string out = tmp / "stdout", err = tmp / "stderr";
  const std::string full = "cd " + quote(dir.string()) + " && ( " + command + " ) >" + quote(out) + " 2>" + quote(err);
  const int status = std::system(full.c_str());
  Run run;
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = read_file(out);
  run.err = read_file(err);
  return run;
}

}  // namespace vouch::test
