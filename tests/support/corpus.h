#pragma once
#include <cstdlib>
#include <filesystem>

namespace vouch::test {
// The shared corpus of real infrastructure code; VOUCH_CORPUS overrides the location.
inline std::filesystem::path corpus_dir() {
  if (const char* env = std::getenv("VOUCH_CORPUS")) return env;
  return std::filesystem::path(VOUCH_SOURCE_DIR) / ".." / "shared" / "corpus";
}
}  // namespace vouch::test
