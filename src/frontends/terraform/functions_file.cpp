// Filesystem functions. They read only inside the scan root (unless the user allowed
// more), never follow a directory symlink while walking, cap what they read, and
// register each file they read so findings and code frames can point into it.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "frontends/terraform/functions_support.h"

namespace vouch::terraform::fn {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxFileBytes = 16 * 1024 * 1024;
constexpr size_t kMaxWalkEntries = 100000;

// Resolves `path` (relative to the module directory) and checks it stays under the
// scan root. `display` is the path reports show.
struct Resolved {
  fs::path real;
  std::string display;
};

std::optional<Resolved> resolve(Call& call, const std::string& path) {
  const FunctionContext& ctx = call.context();
  fs::path given(path);
  fs::path joined = given.is_absolute() ? given : fs::path(ctx.module_dir.empty() ? "." : ctx.module_dir) / given;
  std::error_code ec;
  fs::path real = fs::weakly_canonical(joined, ec);
  if (ec) real = fs::absolute(joined, ec).lexically_normal();
  if (!ctx.allow_outside_root) {
    fs::path root = fs::weakly_canonical(ctx.scan_root.empty() ? fs::path(".") : fs::path(ctx.scan_root), ec);
    const fs::path relative = real.lexically_relative(root);
    if (ec || relative.empty() || *relative.begin() == "..") {
      call.fail("\"" + path + "\" is outside the scan root; vouch does not read it");
      return std::nullopt;
    }
  }
  return Resolved{real, joined.lexically_normal().generic_string()};
}

// Reads a regular file under the size cap and registers it with the scan's sources.
std::optional<std::string> read_file(Call& call, const std::string& path) {
  auto resolved = resolve(call, path);
  if (!resolved) return std::nullopt;
  std::error_code ec;
  if (!fs::exists(resolved->real, ec)) {
    call.fail("no file exists at \"" + path + "\"");
    return std::nullopt;
  }
  if (!fs::is_regular_file(resolved->real, ec)) {
    call.fail("\"" + path + "\" is not a regular file");
    return std::nullopt;
  }
  if (fs::file_size(resolved->real, ec) > kMaxFileBytes) {
    call.fail("\"" + path + "\" is larger than 16 MiB; vouch does not read it");
    return std::nullopt;
  }
  std::ifstream in(resolved->real, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) {
    call.fail("cannot read \"" + path + "\"");
    return std::nullopt;
  }
  std::string content = text.str();
  if (call.context().sources) call.context().sources->add(resolved->display, content);
  return content;
}

Value fn_file(Call& call) {
  auto path = call.string(0);
  if (!path) return call.failure();
  auto content = read_file(call, *path);
  if (!content) return call.failure();
  if (!valid_utf8(*content)) {
    return call.fail("contents of \"" + *path + "\" are not valid UTF-8; use filebase64 to read binary files");
  }
  return Value::string(std::move(*content));
}

Value fn_filebase64(Call& call) {
  auto path = call.string(0);
  if (!path) return call.failure();
  auto content = read_file(call, *path);
  return content ? Value::string(base64_encode(*content)) : call.failure();
}

template <auto Digest>
Value file_hex_digest(Call& call) {
  auto path = call.string(0);
  if (!path) return call.failure();
  auto content = read_file(call, *path);
  return content ? Value::string(to_hex(Digest(*content))) : call.failure();
}

template <auto Digest>
Value file_base64_digest(Call& call) {
  auto path = call.string(0);
  if (!path) return call.failure();
  auto content = read_file(call, *path);
  return content ? Value::string(base64_encode(as_bytes(Digest(*content)))) : call.failure();
}

Value fn_fileexists(Call& call) {
  auto path = call.string(0);
  if (!path) return call.failure();
  auto resolved = resolve(call, *path);
  if (!resolved) return call.failure();
  std::error_code ec;
  const fs::file_status status = fs::status(resolved->real, ec);
  if (!fs::exists(status)) return Value::boolean(false);
  if (!fs::is_regular_file(status)) return call.fail("\"" + *path + "\" exists but is not a regular file");
  return Value::boolean(true);
}

// ---- glob -------------------------------------------------------------------------------

// Expands {a,b} alternatives (doublestar syntax) into separate patterns.
void expand_braces(const std::string& pattern, std::vector<std::string>& out) {
  if (out.size() > 1000) return;
  size_t open = std::string::npos;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\')
      ++i;
    else if (pattern[i] == '{') {
      open = i;
      break;
    }
  }
  if (open == std::string::npos) {
    out.push_back(pattern);
    return;
  }
  int depth = 0;
  std::vector<size_t> commas;
  size_t close = std::string::npos;
  for (size_t i = open; i < pattern.size() && close == std::string::npos; ++i) {
    if (pattern[i] == '\\')
      ++i;
    else if (pattern[i] == '{')
      ++depth;
    else if (pattern[i] == '}' && --depth == 0)
      close = i;
    else if (pattern[i] == ',' && depth == 1)
      commas.push_back(i);
  }
  if (close == std::string::npos) {
    out.push_back(pattern);
    return;
  }
  size_t start = open + 1;
  commas.push_back(close);
  for (size_t end : commas) {
    expand_braces(pattern.substr(0, open) + pattern.substr(start, end - start) + pattern.substr(close + 1), out);
    start = end + 1;
  }
}

// One path component against one pattern component: *, ?, [set], [!set], \x.
bool match_component(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_p = pi++;
      star_s = si;
      continue;
    }
    bool matched = false;
    size_t next = pi + 1;
    if (pi < p.size()) {
      if (p[pi] == '?') {
        matched = true;
      } else if (p[pi] == '[') {
        size_t k = pi + 1;
        const bool negate = k < p.size() && (p[k] == '!' || p[k] == '^');
        if (negate) ++k;
        bool in = false;
        const size_t first = k;
        while (k < p.size() && (p[k] != ']' || k == first)) {
          char lo = p[k];
          if (lo == '\\' && k + 1 < p.size()) lo = p[++k];
          char hi = lo;
          if (k + 2 < p.size() && p[k + 1] == '-' && p[k + 2] != ']') {
            hi = p[k + 2];
            k += 2;
          }
          if (s[si] >= lo && s[si] <= hi) in = true;
          ++k;
        }
        matched = k < p.size() && in != negate;
        next = k + 1;
      } else if (p[pi] == '\\' && pi + 1 < p.size()) {
        matched = p[pi + 1] == s[si];
        next = pi + 2;
      } else {
        matched = p[pi] == s[si];
      }
    }
    if (matched) {
      pi = next;
      ++si;
    } else if (star_p != std::string_view::npos) {
      pi = star_p + 1;
      si = ++star_s;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool match_path(const std::vector<std::string>& pattern, size_t pi, const std::vector<std::string>& name, size_t ni,
                unsigned& budget) {
  if (budget == 0) return false;
  --budget;
  if (pi == pattern.size()) return ni == name.size();
  if (pattern[pi] == "**") {
    for (size_t k = ni; k <= name.size(); ++k) {
      if (match_path(pattern, pi + 1, name, k, budget)) return true;
    }
    return false;
  }
  return ni < name.size() && match_component(pattern[pi], name[ni]) &&
         match_path(pattern, pi + 1, name, ni + 1, budget);
}

std::vector<std::string> split_path(std::string_view s) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t slash = s.find('/', start);
    const std::string_view part =
        s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!part.empty() && part != ".") parts.emplace_back(part);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

Value fn_fileset(Call& call) {
  auto base = call.string(0);
  auto pattern = call.string(1);
  if (!base || !pattern) return call.failure();
  auto resolved = resolve(call, *base);
  if (!resolved) return call.failure();
  std::vector<std::string> alternatives;
  expand_braces(*pattern, alternatives);
  std::vector<std::vector<std::string>> patterns;
  // How deep the walk must go: as deep as the longest pattern, unless one has "**".
  size_t depth_needed = 0;
  for (const std::string& alternative : alternatives) {
    patterns.push_back(split_path(alternative));
    const auto& parts = patterns.back();
    depth_needed =
        std::find(parts.begin(), parts.end(), "**") != parts.end() ? SIZE_MAX : std::max(depth_needed, parts.size());
  }

  List out;
  std::error_code ec;
  if (!fs::is_directory(resolved->real, ec)) return Value::list(std::move(out));
  size_t seen = 0;
  // Directory symlinks are not followed: a link loop must not hang the scan.
  for (auto it = fs::recursive_directory_iterator(resolved->real, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (++seen > kMaxWalkEntries) return call.fail("more than 100000 entries under \"" + *base + "\"");
    if (static_cast<size_t>(it.depth()) + 1 >= depth_needed) it.disable_recursion_pending();
    if (!it->is_regular_file(ec)) continue;
    const std::string relative = it->path().lexically_relative(resolved->real).generic_string();
    const std::vector<std::string> name = split_path(relative);
    for (const auto& p : patterns) {
      unsigned budget = 100000;
      if (match_path(p, 0, name, 0, budget)) {
        out.push_back(Value::string(relative));
        break;
      }
    }
  }
  return Value::list(make_set(std::move(out)));
}

// ---- path strings (Go's path/filepath on '/') -------------------------------------------

std::string clean_path(std::string_view path) {
  if (path.empty()) return ".";
  const bool rooted = path.front() == '/';
  std::vector<std::string> parts;
  for (const std::string& part : split_path(path)) {
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..")
        parts.pop_back();
      else if (!rooted)
        parts.push_back(part);
    } else {
      parts.push_back(part);
    }
  }
  std::string out = rooted ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out.empty() ? "." : out;
}

Value fn_basename(Call& call) {
  auto path = call.string(0);
  if (!path) return call.failure();
  std::string_view p = *path;
  if (p.empty()) return Value::string(".");
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  if (p == "/") return Value::string("/");
  const size_t slash = p.rfind('/');
  return Value::string(std::string(slash == std::string_view::npos ? p : p.substr(slash + 1)));
}

Value fn_dirname(Call& call) {
  auto path = call.string(0);
  if (!path) return call.failure();
  const size_t slash = path->rfind('/');
  return Value::string(clean_path(slash == std::string::npos ? "" : std::string_view(*path).substr(0, slash + 1)));
}

const Function kFileFunctions[] = {
    {"basename", fn_basename, 1, 1},
    {"dirname", fn_dirname, 1, 1},
    {"file", fn_file, 1, 1},
    {"filebase64", fn_filebase64, 1, 1},
    {"filebase64sha256", file_base64_digest<sha256>, 1, 1},
    {"filebase64sha512", file_base64_digest<sha512>, 1, 1},
    {"fileexists", fn_fileexists, 1, 1},
    {"filemd5", file_hex_digest<md5>, 1, 1},
    {"fileset", fn_fileset, 2, 2},
    {"filesha1", file_hex_digest<sha1>, 1, 1},
    {"filesha256", file_hex_digest<sha256>, 1, 1},
    {"filesha512", file_hex_digest<sha512>, 1, 1},
};

}  // namespace

std::span<const Function> file_functions() {
  return kFileFunctions;
}

}  // namespace vouch::terraform::fn
