// Source ranges of scalars, collections and members, in block and flow style.
#include <catch2/catch.hpp>

#include "yaml_test_support.h"

using vouch::yaml::test::Loaded;
using vouch::yaml::test::span;

TEST_CASE("block style nodes and members carry their ranges", "[yaml][ranges]") {
  Loaded loaded("deploy.yaml",
                "metadata:\n"          // 1
                "  name: web\n"        // 2
                "  labels:\n"          // 3
                "    app: \"api\"\n"   // 4
                "spec:\n"              // 5
                "  ports:\n"           // 6
                "    - 80\n"           // 7
                "    - name: https\n"  // 8
                "      port: 443\n");  // 9
  REQUIRE(loaded.stream.diagnostics.empty());
  const vouch::Value& root = loaded.root();
  CHECK(span(root.range()) == "1:1-9:16");
  CHECK(root.range().file == loaded.file);

  const vouch::Member* metadata = root.find("metadata");
  REQUIRE(metadata);
  CHECK(span(metadata->range) == "1:1-4:15");
  CHECK(span(metadata->value.range()) == "2:3-4:15");

  const vouch::Member* name = metadata->value.find("name");
  REQUIRE(name);
  CHECK(span(name->range) == "2:3-2:12");
  CHECK(span(name->value.range()) == "2:9-2:12");

  const vouch::Member* app = metadata->value.get("labels")->find("app");
  REQUIRE(app);
  CHECK(app->value.as_string() == "api");
  CHECK(span(app->value.range()) == "4:10-4:15");  // the quotes belong to the scalar
  CHECK(span(app->range) == "4:5-4:15");

  const vouch::Value* ports = root.get("spec")->get("ports");
  REQUIRE(ports);
  REQUIRE(ports->as_list().size() == 2);
  CHECK(span(ports->range()) == "7:5-9:16");
  CHECK(span(ports->as_list()[0].range()) == "7:7-7:9");
  const vouch::Value& https = ports->as_list()[1];
  CHECK(span(https.range()) == "8:7-9:16");
  CHECK(span(https.find("name")->range) == "8:7-8:18");
  CHECK(span(https.find("port")->value.range()) == "9:13-9:16");
}

TEST_CASE("flow style collections end at their closing bracket", "[yaml][ranges]") {
  //                          1234567890123456789012345678901
  Loaded loaded("flow.yaml", "{a: [1, 2], b: {c: \"d\"}, e: []}\n");
  REQUIRE(loaded.stream.diagnostics.empty());
  const vouch::Value& root = loaded.root();
  CHECK(span(root.range()) == "1:1-1:32");
  CHECK(span(root.find("a")->range) == "1:2-1:11");
  CHECK(span(root.get("a")->range()) == "1:5-1:11");
  CHECK(span(root.get("a")->as_list()[0].range()) == "1:6-1:7");
  CHECK(span(root.get("a")->as_list()[1].range()) == "1:9-1:10");
  CHECK(span(root.find("b")->range) == "1:13-1:24");
  CHECK(span(root.get("b")->range()) == "1:16-1:24");
  CHECK(span(root.get("b")->find("c")->range) == "1:17-1:23");
  CHECK(span(root.find("e")->range) == "1:26-1:31");
  CHECK(span(root.get("e")->range()) == "1:29-1:31");
}

TEST_CASE("a flow collection over several lines with a comment", "[yaml][ranges]") {
  Loaded loaded("flow.yaml",
                "list: [\n"
                "  one,\n"
                "  two   # the last\n"
                "]\n");
  REQUIRE(loaded.stream.diagnostics.empty());
  const vouch::Value* list = loaded.root().get("list");
  REQUIRE(list);
  CHECK(span(list->range()) == "1:7-4:2");
  CHECK(span(list->as_list()[1].range()) == "3:3-3:6");
  CHECK(span(loaded.root().find("list")->range) == "1:1-4:2");
}

TEST_CASE("multi-line scalars end where their text ends", "[yaml][ranges]") {
  Loaded loaded("scalars.yaml",
                "a: plain\n"      // 1
                "  continued\n"   // 2
                "\n"              // 3
                "  more\n"        // 4
                "b: \"multi\n"    // 5
                "  line\"\n"      // 6
                "c: |\n"          // 7
                "  keep\n"        // 8
                "\n"              // 9
                "  two\n"         // 10
                "# comment\n"     // 11
                "d: >-\n"         // 12
                "  folded\n"      // 13
                "  text   \n"     // 14
                "e: 'it''s'\n");  // 15
  REQUIRE(loaded.stream.diagnostics.empty());
  const vouch::Value& root = loaded.root();
  CHECK(root.get("a")->as_string() == "plain continued\nmore");
  CHECK(span(root.get("a")->range()) == "1:4-4:7");
  CHECK(span(root.get("b")->range()) == "5:4-6:8");
  CHECK(root.get("c")->as_string() == "keep\n\ntwo\n");
  CHECK(span(root.get("c")->range()) == "7:4-10:6");
  CHECK(span(root.find("c")->range) == "7:1-10:6");
  CHECK(root.get("d")->as_string() == "folded text   ");  // trailing blanks are content…
  // …but a range ends at the last visible character.
  CHECK(span(root.get("d")->range()) == "12:4-14:7");
  CHECK(root.get("e")->as_string() == "it's");
  CHECK(span(root.get("e")->range()) == "15:4-15:11");
}

TEST_CASE("an empty value is an empty range after its key", "[yaml][ranges]") {
  Loaded loaded("empty.yaml",
                "key:\n"
                "null: ~\n"
                "list:\n"
                "  -\n"
                "  - x\n");
  REQUIRE(loaded.stream.diagnostics.empty());
  const vouch::Member* key = loaded.root().find("key");
  REQUIRE(key);
  CHECK(key->value.is_null());
  CHECK(span(key->value.range()) == "1:4-1:4");
  CHECK(span(key->range) == "1:1-1:4");
  // `null` as a key is read as the text it is written as; `~` is an explicit null.
  const vouch::Member* null_key = loaded.root().find("null");
  REQUIRE(null_key);
  CHECK(null_key->value.is_null());
  CHECK(span(null_key->value.range()) == "2:7-2:8");
  const vouch::Value* list = loaded.root().get("list");
  REQUIRE(list);
  REQUIRE(list->as_list().size() == 2);
  CHECK(list->as_list()[0].is_null());
  CHECK(list->as_list()[1].as_string() == "x");
}

TEST_CASE("tags and anchors are part of the node they are written on", "[yaml][ranges]") {
  Loaded loaded("props.yaml",
                "a: !Ref Bucket\n"
                "b: &base\n"
                "  x: 1\n"
                "c: *base\n");
  REQUIRE(loaded.stream.diagnostics.empty());
  CHECK(span(loaded.root().get("a")->range()) == "1:4-1:15");
  CHECK(span(loaded.root().get("b")->range()) == "2:4-3:7");
  // An alias is a copy of the anchored node placed where the alias is written; the
  // nodes inside keep the ranges of the anchored text.
  const vouch::Value* c = loaded.root().get("c");
  REQUIRE(c);
  CHECK(c->equals(*loaded.root().get("b")));
  CHECK(span(c->range()) == "4:4-4:9");
  CHECK(span(c->find("x")->range) == "3:3-3:7");
}

TEST_CASE("CRLF line endings and a byte-order mark", "[yaml][ranges]") {
  Loaded loaded("crlf.yaml",
                "\xEF\xBB\xBF"
                "a: 1\r\nb: \"x\"\r\nc: |\r\n  text\r\n");
  REQUIRE(loaded.stream.diagnostics.empty());
  // Columns count bytes of the file, so the mark's three bytes shift line 1.
  CHECK(span(loaded.root().get("a")->range()) == "1:7-1:8");
  CHECK(span(loaded.root().get("b")->range()) == "2:4-2:7");
  CHECK(loaded.root().get("c")->as_string() == "text\n");
  CHECK(span(loaded.root().get("c")->range()) == "3:4-4:7");
}

TEST_CASE("columns count bytes after multi-byte characters", "[yaml][ranges]") {
  Loaded loaded("utf8.yaml", "name: \xC3\xA9t\xC3\xA9\nother: x\n");  // "été"
  REQUIRE(loaded.stream.diagnostics.empty());
  CHECK(loaded.root().get("name")->as_string() == "\xC3\xA9t\xC3\xA9");
  CHECK(span(loaded.root().get("name")->range()) == "1:7-1:12");
  CHECK(span(loaded.root().get("other")->range()) == "2:8-2:9");
}
