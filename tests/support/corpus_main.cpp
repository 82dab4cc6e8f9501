// Main for the corpus suite: the corpus lives beside the project (../shared/corpus),
// not in it. Where it is absent (a user's own clone) the suite says so and exits 77,
// which CTest reports as skipped: it never passes in silence.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

#include "support/corpus.h"

int main(int argc, char* argv[]) {
  const std::filesystem::path corpus = vouch::test::corpus_dir();
  if (!std::filesystem::is_directory(corpus)) {
    std::printf("SKIPPED: corpus not found at %s; the corpus suite needs ../shared/corpus beside the project\n",
                corpus.string().c_str());
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
