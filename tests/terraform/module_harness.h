// Test helper: writes a small module to a fresh temporary directory, evaluates it and
// offers lookups by address, attribute path and diagnostic code.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "frontends/terraform/terraform.h"

namespace vouch::test {

// Removes a test's temporary directory when the last EvaluatedModule using it goes.
struct TempDirGuard {
  std::string path;
  ~TempDirGuard() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

struct EvaluatedModule {
  std::shared_ptr<TempDirGuard> temp_dir;
  std::unique_ptr<SourceFiles> sources = std::make_unique<SourceFiles>();
  GraphFragment fragment;
  std::string dir;

  const Resource* resource(const std::string& address) const {
    for (const Resource& r : fragment.resources)
      if (r.address == address) return &r;
    return nullptr;
  }

  // The value at a dotted path (`ingress.0.from_port`) of a resource's attributes;
  // a null value when absent.
  Value at(const std::string& address, const std::string& path) const {
    const Resource* r = resource(address);
    if (!r) return Value::unknown("no resource " + address);
    Value v = r->attributes;
    size_t pos = 0;
    while (pos < path.size()) {
      size_t dot = path.find('.', pos);
      std::string part = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
      if (v.is_list()) {
        size_t i = std::stoul(part);
        if (i >= v.as_list().size()) return Value::unknown("index out of range");
        v = v.as_list()[i];
      } else {
        const Value* next = v.get(part);
        if (!next) return Value::unknown("no attribute " + part);
        v = *next;
      }
      if (dot == std::string::npos) break;
      pos = dot + 1;
    }
    return v;
  }

  std::vector<Diagnostic> diagnostics(const std::string& code) const {
    std::vector<Diagnostic> out;
    for (const Diagnostic& d : fragment.diagnostics)
      if (d.code == code) out.push_back(d);
    return out;
  }

  std::vector<const Edge*> edges_from(const std::string& address) const {
    std::vector<const Edge*> out;
    for (const Edge& e : fragment.edges)
      if (fragment.resources[e.from].address == address) out.push_back(&e);
    return out;
  }

  std::string target(const Edge& e) const { return fragment.resources[e.to].address; }
};

inline std::string fresh_temp_dir() {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("vouch-tf-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

// `files` maps file names to contents; the .tf and .tf.json files at the top form the root module,
// the others (tfvars, modules in subdirectories) are just written.
inline EvaluatedModule evaluate(const std::map<std::string, std::string>& files, terraform::Options options = {}) {
  EvaluatedModule m;
  m.dir = fresh_temp_dir();
  m.temp_dir = std::make_shared<TempDirGuard>(TempDirGuard{m.dir});
  std::vector<std::string> tf_files;
  for (const auto& [name, text] : files) {
    std::string path = m.dir + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
    bool in_root = name.find('/') == std::string::npos;
    bool configuration = name.ends_with(".tf") || name.ends_with(".tf.json");
    if (in_root && configuration) tf_files.push_back(path);
  }
  for (std::string& f : options.var_files) f = m.dir + "/" + f;
  options.scan_root = m.dir;
  m.fragment = terraform::evaluate_module(m.dir, tf_files, options, *m.sources);
  return m;
}

inline EvaluatedModule evaluate(const std::string& main_tf) {
  return evaluate({{"main.tf", main_tf}});
}

}  // namespace vouch::test
