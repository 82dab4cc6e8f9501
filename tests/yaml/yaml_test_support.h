// Shared helpers for the yaml loader tests.
#pragma once

#include <string>

#include "frontends/yaml/yaml.h"
#include "graph/graph.h"

namespace vouch::yaml::test {

// A text loaded as one file; keeps the SourceFile alive as long as the ranges that point at it.
struct Loaded {
  Loaded(std::string path, std::string text, const Limits& limits = {})
      : file(files.add(std::move(path), std::move(text))), stream(load(*file, limits)) {}

  const Value& root(size_t document = 0) const { return stream.documents.at(document).root; }

  SourceFiles files;
  const SourceFile* file;
  Stream stream;
};

// "line:col-line:col", for compact range assertions.
inline std::string span(const SourceRange& range) {
  return std::to_string(range.start_line) + ":" + std::to_string(range.start_col) + "-" +
         std::to_string(range.end_line) + ":" + std::to_string(range.end_col);
}

// The diagnostic codes of a stream, in order, joined by spaces.
inline std::string codes(const Stream& stream) {
  std::string out;
  for (const Diagnostic& diagnostic : stream.diagnostics) {
    if (!out.empty()) out += ' ';
    out += diagnostic.code;
  }
  return out;
}

}  // namespace vouch::yaml::test
