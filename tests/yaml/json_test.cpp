// JSON files are read by the same loader, with their lines and columns.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/corpus.h"
#include "yaml_test_support.h"

using vouch::yaml::test::Loaded;
using vouch::yaml::test::span;

TEST_CASE("JSON values, escapes and positions", "[yaml][json]") {
  Loaded loaded("template.json",
                "{\n"                                          // 1
                "  \"a\": \"x\\u00e9\\n\\\"q\\\"\\/\\\\\",\n"  // 2
                "  \"n\": -1.5e3,\n"                           // 3
                "  \"t\": true,\n"                             // 4
                "  \"z\": null,\n"                             // 5
                "  \"arr\": [1, {\"k\": []}, {}],\n"           // 6
                "  \"s\":\"no-space\"}\n");                    // 7
  REQUIRE(loaded.stream.diagnostics.empty());
  REQUIRE(loaded.stream.documents.size() == 1);
  const vouch::Value& root = loaded.root();
  CHECK(span(root.range()) == "1:1-7:18");
  CHECK(root.get("a")->as_string() == "x\xC3\xA9\n\"q\"/\\");
  CHECK(span(root.find("a")->range) == "2:3-2:28");
  CHECK(span(root.get("a")->range()) == "2:8-2:28");
  CHECK(root.get("n")->as_number() == -1500);
  CHECK(root.get("t")->as_bool());
  CHECK(root.get("z")->is_null());
  CHECK(span(root.get("z")->range()) == "5:8-5:12");
  const vouch::Value* arr = root.get("arr");
  REQUIRE(arr->as_list().size() == 3);
  CHECK(span(arr->range()) == "6:10-6:28");
  CHECK(span(arr->as_list()[1].range()) == "6:14-6:23");
  CHECK(span(arr->as_list()[2].range()) == "6:25-6:27");
  CHECK(span(root.get("s")->range()) == "7:7-7:17");
}

TEST_CASE("JSON surrogate pairs become the character they encode", "[yaml][json]") {
  Loaded loaded("emoji.json", "{\"e\": \"\\ud83d\\ude00\", \"n\": 1,\n\"m\": 2}");
  REQUIRE(loaded.stream.diagnostics.empty());
  CHECK(loaded.root().get("e")->as_string() == "\xF0\x9F\x98\x80");  // U+1F600
  CHECK(span(loaded.root().get("e")->range()) == "1:7-1:21");
  CHECK(span(loaded.root().get("n")->range()) == "1:28-1:29");
  CHECK(span(loaded.root().get("m")->range()) == "2:6-2:7");

  // An escaped backslash before "u" is not an escape; only the real pair is rewritten.
  Loaded mixed("mixed.json", "{\"a\": \"\\\\ud83d\\\\ude00\", \"b\": \"\\ud83d\\ude00\"}");
  REQUIRE(mixed.stream.diagnostics.empty());
  CHECK(mixed.root().get("a")->as_string() == "\\ud83d\\ude00");
  CHECK(mixed.root().get("b")->as_string() == "\xF0\x9F\x98\x80");
}

TEST_CASE("a lone surrogate is a syntax error", "[yaml][json]") {
  Loaded loaded("lone.json", "{\"e\": \"\\ud83d\"}");
  REQUIRE(loaded.stream.diagnostics.size() == 1);
  CHECK(loaded.stream.diagnostics[0].code == "yaml-syntax-error");
  CHECK(loaded.stream.documents.empty());
}

TEST_CASE("a quoted JSON number stays a string", "[yaml][json]") {
  Loaded loaded("quoted.json", "{\"port\": \"22\", \"n\": 22}");
  CHECK(loaded.root().get("port")->is_string());
  CHECK(loaded.root().get("n")->is_number());
}

TEST_CASE("minified JSON on one line keeps exact columns", "[yaml][json]") {
  std::string text = "[";
  for (int i = 0; i < 2000; ++i) text += (i ? "," : "") + std::string("{\"id\":") + std::to_string(i) + "}";
  text += "]";
  Loaded loaded("min.json", text);
  REQUIRE(loaded.stream.diagnostics.empty());
  const vouch::List& items = loaded.root().as_list();
  REQUIRE(items.size() == 2000);
  // Every item's range must cover exactly its text `{"id":N}`.
  for (size_t i = 0; i < items.size(); i += 97) {
    const vouch::SourceRange& range = items[i].range();
    CHECK(range.start_line == 1);
    std::string written = text.substr(range.start_col - 1, range.end_col - range.start_col);
    CHECK(written == "{\"id\":" + std::to_string(i) + "}");
  }
}

TEST_CASE("the largest argo-cd manifest loads cleanly", "[yaml][json][corpus]") {
  std::filesystem::path path = vouch::test::corpus_dir() / "argoproj__argo-cd" / "manifests" / "ha" / "install.yaml";
  if (!std::filesystem::exists(path)) {
    WARN("corpus not found: " << path);
    return;
  }
  std::ifstream input(path, std::ios::binary);
  std::stringstream text;
  text << input.rdbuf();
  Loaded loaded(path.string(), text.str());
  CHECK(loaded.stream.diagnostics.empty());
  REQUIRE(loaded.stream.documents.size() > 50);
  for (const vouch::yaml::Document& document : loaded.stream.documents) {
    REQUIRE(document.root.is_object());
    CHECK(document.root.get("kind"));
    CHECK(document.root.range().start_line > 0);
  }
}
