#include <catch2/catch.hpp>

#include "graph/graph.h"

using namespace vouch;

namespace {
SourceRange at(const SourceFile* file, uint32_t line) { return SourceRange{file, line, 1, line, 10}; }

Resource make_resource(const SourceFile* file, uint32_t line, std::string address, std::string root = "r") {
  Resource r;
  r.type = "aws_s3_bucket";
  r.address = std::move(address);
  r.range = at(file, line);
  r.root = std::move(root);
  r.attributes = Value::object({});
  return r;
}
}  // namespace

TEST_CASE("source files are interned by path") {
  SourceFiles files;
  const SourceFile* a = files.add("a.tf", "x");
  const SourceFile* again = files.add("a.tf", "ignored");
  CHECK(a == again);
  CHECK(again->text == "x");
  CHECK(files.find("a.tf") == a);
  CHECK(files.find("b.tf") == nullptr);
}

TEST_CASE("objects sort their members and keep the first of duplicate keys") {
  Value v = Value::object({{"b", Value::number(1), {}}, {"a", Value::string("x"), {}}, {"b", Value::number(2), {}}});
  REQUIRE(v.as_object().size() == 2);
  CHECK(v.as_object()[0].key == "a");
  CHECK(v.get("b")->as_number() == 1);
  CHECK(v.get("c") == nullptr);
  CHECK(Value::string("s").get("a") == nullptr);
}

TEST_CASE("unknown is contagious for contains_unknown and never equal") {
  Value inner = Value::unknown("computed by the provider");
  Value v = Value::list({Value::number(1), Value::object({{"k", inner, {}}})});
  CHECK(v.contains_unknown());
  CHECK_FALSE(Value::list({Value::number(1)}).contains_unknown());
  CHECK_FALSE(inner.equals(inner));
  CHECK(inner.unknown_reason() == "computed by the provider");
}

TEST_CASE("structural equality ignores ranges") {
  SourceFiles files;
  const SourceFile* f = files.add("a.tf", "");
  CHECK(Value::number(3, at(f, 1)).equals(Value::number(3)));
  CHECK(Value::list({Value::string("a")}).equals(Value::list({Value::string("a", at(f, 2))})));
  CHECK_FALSE(Value::string("1").equals(Value::number(1)));
  CHECK_FALSE(Value::object({{"a", Value::boolean(true), {}}}).equals(Value::object({{"a", Value::boolean(false), {}}})));
}

TEST_CASE("origins accumulate from the use back to the definition") {
  SourceFiles files;
  const SourceFile* f = files.add("vars.tf", "");
  Value v = Value::boolean(false, at(f, 3)).with_origin({"var.encrypted", at(f, 3)}).with_origin({"local.enc", at(f, 7)});
  REQUIRE(v.origins().size() == 2);
  CHECK(v.origins()[0].what == "var.encrypted");
  CHECK(v.origins()[1].range.start_line == 7);
}

TEST_CASE("display renders values compactly") {
  Value v = Value::object({{"n", Value::number(22), {}}, {"s", Value::string("a\"b"), {}}, {"u", Value::unknown("x"), {}}});
  CHECK(v.to_display() == "{n = 22, s = \"a\\\"b\", u = <unknown>}");
  CHECK(Value::number(0.5).to_display() == "0.5");
  CHECK(Value::list({Value::boolean(true), Value::null()}).to_display() == "[true, null]");
}

TEST_CASE("merge orders resources by file and line and remaps edges") {
  SourceFiles files;
  const SourceFile* a = files.add("a.tf", "");
  const SourceFile* b = files.add("b.tf", "");
  GraphFragment f1;
  f1.resources.push_back(make_resource(b, 5, "aws_s3_bucket.late"));
  f1.resources.push_back(make_resource(a, 9, "aws_s3_bucket.early"));
  f1.edges.push_back(Edge{0, 1, "bucket", at(b, 6)});
  GraphFragment f2;
  f2.resources.push_back(make_resource(a, 2, "aws_s3_bucket.first", "other"));
  f2.diagnostics.push_back(Diagnostic{DiagnosticLevel::Error, "syntax-error", "x", "b.tf", at(b, 1)});

  // The same fragments in either order give the same graph.
  for (bool swap : {false, true}) {
    std::vector<GraphFragment> fragments;
    if (swap) {
      fragments = {f2, f1};
    } else {
      fragments = {f1, f2};
    }
    Graph g = Graph::merge(std::move(fragments));
    REQUIRE(g.resources().size() == 3);
    CHECK(g.resources()[0].address == "aws_s3_bucket.first");
    CHECK(g.resources()[1].address == "aws_s3_bucket.early");
    CHECK(g.resources()[2].address == "aws_s3_bucket.late");
    REQUIRE(g.edges().size() == 1);
    CHECK(g.edges()[0].from == 2);
    CHECK(g.edges()[0].to == 1);
    CHECK(g.outgoing(2).size() == 1);
    CHECK(g.incoming(1).size() == 1);
    CHECK(g.incoming(0).empty());
    CHECK(g.root_members(1).size() == 2);
    CHECK(g.root_members(0).size() == 1);
    CHECK(g.diagnostics().size() == 1);
  }
}

TEST_CASE("attribute paths parse and format") {
  AttributePath path;
  std::string error;
  REQUIRE(parse_attribute_path("ingress[0].cidr_blocks[*]", path, error));
  REQUIRE(path.size() == 4);
  CHECK(path[1].kind == PathSegment::Kind::Index);
  CHECK(path[3].kind == PathSegment::Kind::Wildcard);
  CHECK(format_attribute_path(path) == "ingress[0].cidr_blocks[*]");

  REQUIRE(parse_attribute_path("metadata.annotations[\"vouch.dev/ignore\"]", path, error));
  REQUIRE(path.size() == 3);
  CHECK(path[2].key == "vouch.dev/ignore");
  CHECK(format_attribute_path(path) == "metadata.annotations[\"vouch.dev/ignore\"]");

  REQUIRE(parse_attribute_path("$pod.containers.*.image", path, error));
  CHECK(path[2].kind == PathSegment::Kind::Wildcard);

  for (const char* bad : {"", "a..b", "a.", "a[", "a[x]", ".a", "a]b"}) {
    INFO(bad);
    CHECK_FALSE(parse_attribute_path(bad, path, error));
    CHECK_FALSE(error.empty());
  }
}
