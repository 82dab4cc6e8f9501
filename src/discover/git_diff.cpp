// Which files and lines a change touches, asked of git, for `--diff-base REV`.
// git runs without a shell and with the repository's own command hooks switched off
// (fsmonitor, external diff, textconv): the scanned tree's configuration must not
// make vouch run its code.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "discover/discover.h"

extern char** environ;

namespace vouch {

namespace {

struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
};

std::string read_all(int fd) {
  std::string data;
  std::array<char, 65536> buf{};
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n > 0) {
      data.append(buf.data(), static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  return data;
}

CommandResult run_git(const std::string& dir, std::vector<std::string> args) {
  std::vector<std::string> argv = {"git", "-C", dir, "-c", "core.fsmonitor=false", "-c", "core.quotepath=false",
                                   "-c", "diff.external="};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (std::string& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);

  int out_pipe[2], err_pipe[2];
  if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) throw std::runtime_error("cannot create a pipe for git");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "git", &actions, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    throw std::runtime_error(std::string("cannot run git: ") + std::strerror(rc));
  }
  CommandResult result;
  // git's stderr for these commands is small; reading stdout first cannot deadlock
  // unless stderr fills its pipe buffer (64 KiB), which these commands never do.
  result.out = read_all(out_pipe[0]);
  result.err = read_all(err_pipe[0]);
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::vector<std::string> split_nul(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\0', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

ChangedFiles git_changed_files(const std::string& rev, const std::string& dir, bool with_lines) {
  // git would read a leading '-' as an option (`--output=…` writes a file).
  if (rev.empty() || rev.front() == '-') throw std::runtime_error("--diff-base: '" + rev + "' is not a git revision");
  CommandResult top = run_git(dir, {"rev-parse", "--show-toplevel"});
  if (top.status != 0) throw std::runtime_error("--diff-base needs a git checkout: " + dir + " is not in one");
  std::string toplevel = top.out;
  while (!toplevel.empty() && (toplevel.back() == '\n' || toplevel.back() == '\r')) toplevel.pop_back();

  CommandResult verify = run_git(toplevel, {"rev-parse", "--verify", "--quiet", rev + "^{commit}"});
  if (verify.status != 0) {
    CommandResult shallow = run_git(toplevel, {"rev-parse", "--is-shallow-repository"});
    std::string message = "--diff-base: revision '" + rev + "' is not in this clone";
    if (shallow.out.rfind("true", 0) == 0) {
      message += " (it is a shallow clone: fetch the base, e.g. `git fetch --depth=1 origin " + rev +
                 "`, or check out with fetch-depth: 0)";
    }
    throw std::runtime_error(message);
  }

  ChangedFiles changed;
  auto add_path = [&](const std::string& relative) {
    const std::filesystem::path absolute = std::filesystem::path(toplevel) / relative;
    changed.files[std::filesystem::weakly_canonical(absolute).string()];
  };
  CommandResult names = run_git(toplevel, {"diff", "--no-ext-diff", "--no-textconv", "--name-only", "-z",
                                           "--diff-filter=ACMR", rev, "--"});
  if (names.status != 0) throw std::runtime_error("git diff failed: " + names.err);
  for (const std::string& p : split_nul(names.out)) add_path(p);
  // New files not yet added are part of the change too.
  CommandResult untracked = run_git(toplevel, {"ls-files", "-z", "--others", "--exclude-standard"});
  if (untracked.status == 0) {
    for (const std::string& p : split_nul(untracked.out)) {
      add_path(p);
      changed.whole_files.insert(std::filesystem::weakly_canonical(std::filesystem::path(toplevel) / p).string());
    }
  }
  if (!with_lines) return changed;

  CommandResult hunks = run_git(toplevel, {"diff", "--no-ext-diff", "--no-textconv", "--no-color", "-U0",
                                           "--diff-filter=ACMR", rev, "--"});
  if (hunks.status != 0) throw std::runtime_error("git diff failed: " + hunks.err);
  std::string current;
  size_t pos = 0;
  const std::string& text = hunks.out;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.rfind("+++ ", 0) == 0) {
      current.clear();
      if (line.rfind("+++ b/", 0) == 0) {
        current = std::filesystem::weakly_canonical(std::filesystem::path(toplevel) / line.substr(6)).string();
      }
    } else if (line.rfind("@@ ", 0) == 0 && !current.empty()) {
      // @@ -a,b +c,d @@ : lines c … c+d-1 of the new file changed (d = 0: a deletion).
      const size_t plus = line.find('+', 3);
      if (plus == std::string::npos) continue;
      size_t consumed = 0;
      const unsigned long start = std::stoul(line.substr(plus + 1), &consumed);
      unsigned long count = 1;
      const size_t after = plus + 1 + consumed;
      if (after < line.size() && line[after] == ',') count = std::stoul(line.substr(after + 1));
      if (count == 0) {
        // A pure deletion touches the lines around it; the next line carries the change.
        changed.files[current].push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(start + 1)});
      } else {
        changed.files[current].push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(start + count - 1)});
      }
    }
  }
  return changed;
}

bool ChangedFiles::covers(const std::string& absolute_path, uint32_t start_line, uint32_t end_line,
                          bool by_line) const {
  auto it = files.find(absolute_path);
  if (it == files.end()) return false;
  if (!by_line || whole_files.count(absolute_path)) return true;
  for (const auto& [from, to] : it->second) {
    if (from <= end_line && start_line <= to) return true;
  }
  return false;
}

}  // namespace vouch
