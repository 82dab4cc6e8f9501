// Streams: documents and their indices, syntax errors, tags, duplicate keys, merge keys.
#include <catch2/catch.hpp>

#include "yaml_test_support.h"

using vouch::yaml::test::codes;
using vouch::yaml::test::Loaded;
using vouch::yaml::test::span;

TEST_CASE("every document of a stream is read with its index", "[yaml][stream]") {
  Loaded loaded("multi.yaml",
                "a: 1\n"
                "---\n"
                "b: 2\n"
                "---\n"
                "---\n"
                "c: 3\n");
  REQUIRE(loaded.stream.diagnostics.empty());
  REQUIRE(loaded.stream.documents.size() == 4);
  for (unsigned i = 0; i < 4; ++i) CHECK(loaded.stream.documents[i].index == i);
  CHECK(loaded.root(0).get("a"));
  CHECK(span(loaded.root(1).range()) == "3:1-3:5");
  CHECK(loaded.root(2).is_null());
  CHECK(loaded.root(3).get("c")->as_number() == 3);
}

TEST_CASE("an empty or comment-only file has no documents", "[yaml][stream]") {
  CHECK(Loaded("empty.yaml", "").stream.documents.empty());
  CHECK(Loaded("comment.yaml", "# nothing here\n\n").stream.documents.empty());
  CHECK(Loaded("comment.yaml", "# nothing here\n\n").stream.diagnostics.empty());
}

TEST_CASE("a syntax error is reported with its position and the other documents survive", "[yaml][stream]") {
  Loaded loaded("broken.yaml",
                "a: 1\n"           // 1
                "---\n"            // 2
                "key: value\n"     // 3
                "  bad: indent\n"  // 4
                "---\n"            // 5
                "c: 3\n");         // 6
  REQUIRE(loaded.stream.diagnostics.size() == 1);
  const vouch::Diagnostic& error = loaded.stream.diagnostics[0];
  CHECK(error.level == vouch::DiagnosticLevel::Error);
  CHECK(error.code == "yaml-syntax-error");
  CHECK(error.path == "broken.yaml");
  CHECK(error.range.file == loaded.file);
  CHECK(error.range.start_line == 4);
  CHECK(error.range.start_col == 6);
  CHECK_FALSE(error.message.empty());

  // The broken document is dropped but keeps its place in the numbering.
  REQUIRE(loaded.stream.documents.size() == 2);
  CHECK(loaded.stream.documents[0].index == 0);
  CHECK(loaded.root(0).get("a"));
  CHECK(loaded.stream.documents[1].index == 2);
  CHECK(span(loaded.root(1).find("c")->range) == "6:1-6:5");
}

TEST_CASE("an unclosed flow collection at the end of a file", "[yaml][stream]") {
  Loaded loaded("unclosed.yaml", "a: 1\n---\nb: [1, 2\n");
  CHECK(codes(loaded.stream) == "yaml-syntax-error");
  CHECK(loaded.stream.diagnostics[0].range.start_line >= 3);
  REQUIRE(loaded.stream.documents.size() == 1);
  CHECK(loaded.root(0).get("a"));
}

TEST_CASE("custom tags are recorded at their node and found by range", "[yaml][tags]") {
  Loaded loaded("template.yaml",
                "Resources:\n"                                         // 1
                "  Bucket:\n"                                          // 2
                "    Type: AWS::S3::Bucket\n"                          // 3
                "    Properties:\n"                                    // 4
                "      BucketName: !Sub \"${AWS::StackName}-logs\"\n"  // 5
                "      Arn: !GetAtt [Role, Arn]\n"                     // 6
                "      Other: !Ref\n"                                  // 7
                "        Param\n"                                      // 8
                "      Plain: text\n"                                  // 9
                "      Cond: !If\n"                                    // 10
                "        - IsProd\n"                                   // 11
                "        - !Ref A\n"                                   // 12
                "        - !Ref AWS::NoValue\n");                      // 13
  REQUIRE(loaded.stream.diagnostics.empty());
  const vouch::yaml::Stream& stream = loaded.stream;
  const vouch::Value* properties = loaded.root().get("Resources")->get("Bucket")->get("Properties");
  REQUIRE(properties);

  const vouch::Value* name = properties->get("BucketName");
  CHECK(name->as_string() == "${AWS::StackName}-logs");
  CHECK(stream.tag_at(name->range()) == "!Sub");
  CHECK(span(name->range()) == "5:19-5:48");

  const vouch::Value* arn = properties->get("Arn");
  REQUIRE(arn->is_list());
  CHECK(stream.tag_at(arn->range()) == "!GetAtt");
  CHECK(stream.tag_at(arn->as_list()[0].range()).empty());

  const vouch::Value* other = properties->get("Other");
  CHECK(other->as_string() == "Param");
  CHECK(stream.tag_at(other->range()) == "!Ref");
  CHECK(span(other->range()) == "7:14-8:14");

  CHECK(stream.tag_at(properties->get("Plain")->range()).empty());
  CHECK(stream.tag_at(properties->find("Plain")->range).empty());

  const vouch::Value* condition = properties->get("Cond");
  CHECK(stream.tag_at(condition->range()) == "!If");
  CHECK(stream.tag_at(condition->as_list()[2].range()) == "!Ref");
  CHECK(condition->as_list()[2].as_string() == "AWS::NoValue");

  REQUIRE(stream.tags.size() == 6);
  for (size_t i = 1; i < stream.tags.size(); ++i) {
    const vouch::yaml::TaggedNode& a = stream.tags[i - 1];
    const vouch::yaml::TaggedNode& b = stream.tags[i];
    CHECK((a.line < b.line || (a.line == b.line && a.col < b.col)));
  }
}

TEST_CASE("an alias of a tagged node carries the tag where the alias is written", "[yaml][tags]") {
  Loaded loaded("alias.yaml", "a: &name !Ref Bucket\nb: *name\n");
  REQUIRE(loaded.stream.diagnostics.empty());
  CHECK(loaded.stream.tag_at(loaded.root().get("a")->range()) == "!Ref");
  CHECK(loaded.stream.tag_at(loaded.root().get("b")->range()) == "!Ref");
}

TEST_CASE("a duplicate key is a warning and the first value wins", "[yaml][keys]") {
  Loaded loaded("dup.yaml",
                "a: 1\n"
                "b: 2\n"
                "a: 3\n"
                "c: {x: 1, x: 2}\n");
  REQUIRE(loaded.stream.diagnostics.size() == 2);
  const vouch::Diagnostic& first = loaded.stream.diagnostics[0];
  CHECK(first.level == vouch::DiagnosticLevel::Warning);
  CHECK(first.code == "duplicate-key");
  CHECK(span(first.range) == "3:1-3:5");
  CHECK(first.message.find("\"a\"") != std::string::npos);
  CHECK(first.message.find("line 1") != std::string::npos);
  CHECK(loaded.root().get("a")->as_number() == 1);
  CHECK(loaded.root().as_object().size() == 3);

  const vouch::Diagnostic& second = loaded.stream.diagnostics[1];
  CHECK(second.code == "duplicate-key");
  CHECK(span(second.range) == "4:11-4:15");
  CHECK(loaded.root().get("c")->get("x")->as_number() == 1);
}

TEST_CASE("merge keys fill in members that are not written explicitly", "[yaml][keys]") {
  Loaded loaded("merge.yaml",
                "base: &base {cpu: 1, memory: 2}\n"
                "extra: &extra {disk: 3, cpu: 9}\n"
                "one:\n"
                "  <<: *base\n"
                "  memory: 4\n"
                "two:\n"
                "  <<: [*base, *extra]\n");
  REQUIRE(loaded.stream.diagnostics.empty());
  const vouch::Value* one = loaded.root().get("one");
  REQUIRE(one);
  CHECK(one->as_object().size() == 2);
  CHECK(one->get("cpu")->as_number() == 1);
  CHECK(one->get("memory")->as_number() == 4);
  CHECK_FALSE(one->get("<<"));

  const vouch::Value* two = loaded.root().get("two");
  REQUIRE(two);
  CHECK(two->get("cpu")->as_number() == 1);  // earlier maps of the list win
  CHECK(two->get("disk")->as_number() == 3);
  CHECK(two->get("memory")->as_number() == 2);
}

TEST_CASE("a quoted << is an ordinary key", "[yaml][keys]") {
  Loaded loaded("merge.yaml", "base: &base {cpu: 1}\none:\n  \"<<\": *base\n");
  REQUIRE(loaded.stream.diagnostics.empty());
  CHECK(loaded.root().get("one")->get("<<"));
}

TEST_CASE("a stray flow separator does not make the parser loop forever", "[yaml][stream]") {
  // yaml-cpp 0.7 yields empty documents without end for a line starting with `,`.
  Loaded alone("comma.yaml", ",x\n");
  CHECK(codes(alone.stream) == "yaml-syntax-error");
  CHECK(alone.stream.documents.size() <= 1);

  Loaded between("comma.yaml", "a: 1\n---\n,x\n---\nb: 2\n");
  CHECK(codes(between.stream) == "yaml-syntax-error");
  REQUIRE_FALSE(between.stream.documents.empty());
  CHECK(between.root(0).get("a"));
  CHECK(between.stream.documents.back().root.get("b"));
}

TEST_CASE("every repetition of a key points back at the first one", "[yaml][keys]") {
  Loaded loaded("dup.yaml", "a: 1\nb: 0\na: 2\na: 3\n");
  REQUIRE(codes(loaded.stream) == "duplicate-key duplicate-key");
  CHECK(loaded.stream.diagnostics[0].range.start_line == 3);
  CHECK(loaded.stream.diagnostics[1].range.start_line == 4);
  for (const vouch::Diagnostic& diagnostic : loaded.stream.diagnostics) {
    CHECK(diagnostic.message.find("line 1,") != std::string::npos);
  }
  CHECK(loaded.root().get("a")->as_number() == 1);
}
