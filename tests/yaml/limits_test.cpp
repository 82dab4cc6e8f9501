// Hostile input: deep nesting and alias bombs end with a diagnostic, not a crash.
#include <catch2/catch.hpp>

#include "yaml_test_support.h"

using vouch::yaml::Limits;
using vouch::yaml::test::codes;
using vouch::yaml::test::Loaded;

namespace {

std::string repeat(std::string_view piece, size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// The classic "billion laughs": each level refers nine times to the level before.
std::string billion_laughs(int levels) {
  std::string text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int level = 1; level <= levels; ++level) {
    std::string name = "l" + std::to_string(level);
    std::string previous = "*l" + std::to_string(level - 1);
    text += name + ": &" + name + " [" + previous;
    for (int i = 1; i < 9; ++i) text += ", " + previous;
    text += "]\n";
  }
  return text;
}

}  // namespace

TEST_CASE("100,000 unclosed [ end with a nesting error", "[yaml][limits]") {
  Loaded loaded("deep.yaml", repeat("[", 100000) + "\n");
  CHECK(codes(loaded.stream) == "yaml-too-deep");
  CHECK(loaded.stream.diagnostics[0].level == vouch::DiagnosticLevel::Error);
  CHECK(loaded.stream.diagnostics[0].range.start_line == 1);
}

TEST_CASE("100,000 balanced brackets end with a nesting error at the limit", "[yaml][limits]") {
  Loaded loaded("deep.yaml", repeat("[", 100000) + repeat("]", 100000) + "\n");
  REQUIRE(codes(loaded.stream) == "yaml-too-deep");
  // The 257th bracket is the first one deeper than the default limit of 256.
  CHECK(loaded.stream.diagnostics[0].range.start_col == 257);
}

TEST_CASE("deep block nesting ends with a nesting error", "[yaml][limits]") {
  std::string indented;
  for (int level = 0; level < 5000; ++level) indented += std::string(level, ' ') + "a:\n";
  CHECK(codes(Loaded("deep.yaml", indented).stream) == "yaml-too-deep");
  CHECK(codes(Loaded("deep.yaml", repeat("- ", 100000) + "x\n").stream) == "yaml-too-deep");
  CHECK(codes(Loaded("deep.yaml", repeat("{a: ", 100000) + "\n").stream) == "yaml-too-deep");
}

TEST_CASE("yaml-cpp's own nesting guard is reported when the limit is higher", "[yaml][limits]") {
  Limits generous;
  generous.max_depth = 1000000;
  Loaded loaded("deep.yaml", repeat("[", 100000) + repeat("]", 100000) + "\n", generous);
  CHECK(codes(loaded.stream) == "yaml-too-deep");
  CHECK(loaded.stream.documents.empty());
}

TEST_CASE("nesting up to the limit is read; one level more is not", "[yaml][limits]") {
  Limits limits;
  limits.max_depth = 3;
  Loaded within("ok.yaml", "a: {b: {c: 1}}\n", limits);
  CHECK(within.stream.diagnostics.empty());
  CHECK(within.root().get("a")->get("b")->get("c")->as_number() == 1);

  Loaded beyond("deep.yaml", "a: {b: {c: {d: 1}}}\nafter: 2\n---\nnext: 3\n", limits);
  CHECK(codes(beyond.stream) == "yaml-too-deep");
  // What was read before the limit is kept; the too-deep node is null and the rest of
  // that document is skipped; the next document is read.
  REQUIRE(beyond.stream.documents.size() == 2);
  CHECK(beyond.root(0).get("a")->get("b")->get("c")->is_null());
  CHECK_FALSE(beyond.root(0).get("after"));
  CHECK(beyond.root(1).get("next")->as_number() == 3);
}

TEST_CASE("a billion-laughs file stops at the alias budget", "[yaml][limits]") {
  Loaded loaded("laughs.yaml", billion_laughs(9));
  CHECK(codes(loaded.stream) == "yaml-alias-budget");
  const vouch::Diagnostic& error = loaded.stream.diagnostics[0];
  CHECK(error.level == vouch::DiagnosticLevel::Error);
  // 9^5 + 9^4 + … nodes fit in 100,000 node copies only up to level 4 or 5.
  CHECK(error.range.start_line <= 7);
  REQUIRE(loaded.stream.documents.size() == 1);
  CHECK_FALSE(loaded.root().get("l9"));
}

TEST_CASE("the alias budget counts every expanded node", "[yaml][limits]") {
  Limits limits;
  // The anchored map is 5 nodes: itself, two keys and two values.
  limits.max_alias_nodes = 9;
  const std::string text = "base: &b {x: 1, y: 2}\none: *b\ntwo: *b\n";
  Loaded loaded("aliases.yaml", text, limits);
  CHECK(codes(loaded.stream) == "yaml-alias-budget");
  CHECK(loaded.stream.diagnostics[0].range.start_line == 3);
  REQUIRE(loaded.root().get("one")->is_object());
  CHECK(loaded.root().get("one")->get("y")->as_number() == 2);
  CHECK(loaded.root().get("two")->is_null());

  limits.max_alias_nodes = 10;
  Loaded enough("aliases.yaml", text, limits);
  CHECK(enough.stream.diagnostics.empty());
  REQUIRE(enough.root().get("two")->is_object());
  CHECK(enough.root().get("two")->get("x")->as_number() == 1);
}

TEST_CASE("an alias inside the node it names is null", "[yaml][limits]") {
  Loaded loaded("recursive.yaml", "a: &a [1, *a]\n");
  CHECK(codes(loaded.stream) == "yaml-recursive-alias");
  REQUIRE(loaded.root().get("a")->as_list().size() == 2);
  CHECK(loaded.root().get("a")->as_list()[1].is_null());
}
