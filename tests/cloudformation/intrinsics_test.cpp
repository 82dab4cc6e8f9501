// Each intrinsic function evaluated to its exact value, in short (YAML tag) form.
#include <catch2/catch.hpp>

#include "cfn_test_support.h"

using vouch::cloudformation::test::Loaded;

namespace {

// One resource, Thing, whose properties are the expressions under test.
Loaded thing(const std::string& properties, const std::string& extra_sections = "") {
  return Loaded("t.yaml",
                "AWSTemplateFormatVersion: '2010-09-09'\n"
                "Parameters:\n"
                "  Env:\n"
                "    Type: String\n"
                "    Default: prod\n"
                "  Subnets:\n"
                "    Type: CommaDelimitedList\n"
                "    Default: 'subnet-a, subnet-b,subnet-c'\n"
                "Mappings:\n"
                "  Sizes:\n"
                "    prod:\n"
                "      Instance: m5.large\n"
                "      Count: 3\n" +
                    extra_sections +
                    "Resources:\n"
                    "  Other:\n"
                    "    Type: AWS::S3::Bucket\n"
                    "  Thing:\n"
                    "    Type: AWS::Test::Thing\n"
                    "    Properties:\n" +
                    properties);
}

std::string text_of(const Loaded& loaded, std::string_view path) {
  const vouch::Value* v = loaded.attribute("Thing", path);
  if (v == nullptr) return "<absent>";
  if (v->is_string()) return v->as_string();
  return v->to_display();
}

}  // namespace

TEST_CASE("Ref reads a parameter's default and a list parameter is split", "[cloudformation][intrinsics]") {
  Loaded t = thing(
      "      A: !Ref Env\n"
      "      B: !Ref Subnets\n");
  CHECK(text_of(t, "A") == "prod");
  CHECK(text_of(t, "B") == R"(["subnet-a", "subnet-b", "subnet-c"])");
  const vouch::Value* a = t.attribute("Thing", "A");
  REQUIRE(a != nullptr);
  REQUIRE(a->origins().size() == 1);
  CHECK(a->origins()[0].what == "parameter Env (default)");
  CHECK(a->origins()[0].range.start_line == 5);
  CHECK(t.fragment.diagnostics.empty());
}

TEST_CASE("Fn::Sub substitutes parameters, escapes ${!…} and takes a variable map", "[cloudformation][intrinsics]") {
  Loaded t = thing(
      "      A: !Sub 'app-${Env}-${!Literal}'\n"
      "      B: !Sub\n"
      "        - '${Prefix}-${Env}'\n"
      "        - Prefix: !Join ['', [x, y]]\n"
      "      C: !Sub 'arn:aws:s3:::${AWS::Region}'\n"
      "      D: !Sub '${Other.Arn}/*'\n");
  CHECK(text_of(t, "A") == "app-prod-${Literal}");
  CHECK(text_of(t, "B") == "xy-prod");
  const vouch::Value* c = t.attribute("Thing", "C");
  REQUIRE(c != nullptr);
  REQUIRE(c->is_unknown());
  CHECK(c->unknown_reason() == "pseudo parameter AWS::Region is known only at deploy time");
  const vouch::Value* d = t.attribute("Thing", "D");
  REQUIRE(d != nullptr);
  REQUIRE(d->is_unknown());
  CHECK(d->unknown_reason() == "computed by CloudFormation: Other.Arn");
  CHECK(t.edges() == std::vector<std::string>{"Thing -> Other via D"});
}

TEST_CASE("Fn::Join, Fn::Select, Fn::Split and Fn::Base64 compute their values", "[cloudformation][intrinsics]") {
  Loaded t = thing(
      "      Join: !Join [':', [a, !Ref Env, 3]]\n"
      "      Select: !Select [1, !Ref Subnets]\n"
      "      SelectString: !Select ['2', [x, y, z]]\n"
      "      Split: !Split ['/', 'a/b//c']\n"
      "      Base64: !Base64 'hello world'\n"
      "      Base64Short: !Base64 ab\n");
  CHECK(text_of(t, "Join") == "a:prod:3");
  CHECK(text_of(t, "Select") == "subnet-b");
  CHECK(text_of(t, "SelectString") == "z");
  CHECK(text_of(t, "Split") == R"(["a", "b", "", "c"])");
  CHECK(text_of(t, "Base64") == "aGVsbG8gd29ybGQ=");
  CHECK(text_of(t, "Base64Short") == "YWI=");
  CHECK(t.fragment.diagnostics.empty());
}

TEST_CASE("Fn::GetAtt in both short forms makes the same edge and unknown value", "[cloudformation][intrinsics]") {
  Loaded t = thing(
      "      Dotted: !GetAtt Other.Arn\n"
      "      Listed: !GetAtt [Other, DomainName]\n"
      "      Nested: !GetAtt Other.Endpoint.Address\n"
      "      LongString: {'Fn::GetAtt': Other.WebsiteURL}\n");
  const vouch::Value* dotted = t.attribute("Thing", "Dotted");
  const vouch::Value* listed = t.attribute("Thing", "Listed");
  const vouch::Value* nested = t.attribute("Thing", "Nested");
  REQUIRE((dotted && listed && nested));
  CHECK(dotted->unknown_reason() == "computed by CloudFormation: Other.Arn");
  CHECK(listed->unknown_reason() == "computed by CloudFormation: Other.DomainName");
  CHECK(nested->unknown_reason() == "computed by CloudFormation: Other.Endpoint.Address");
  CHECK(t.attribute("Thing", "LongString")->unknown_reason() == "computed by CloudFormation: Other.WebsiteURL");
  CHECK(t.edges() == std::vector<std::string>{"Thing -> Other via Dotted", "Thing -> Other via Listed",
                                              "Thing -> Other via LongString", "Thing -> Other via Nested"});
}

TEST_CASE("Fn::FindInMap looks up mappings and falls back to DefaultValue", "[cloudformation][intrinsics]") {
  Loaded t = thing(
      "      Size: !FindInMap [Sizes, !Ref Env, Instance]\n"
      "      Count: !FindInMap [Sizes, prod, Count]\n"
      "      Fallback: !FindInMap [Sizes, dev, Instance, {DefaultValue: t3.micro}]\n");
  CHECK(text_of(t, "Size") == "m5.large");
  CHECK(text_of(t, "Count") == "3");
  CHECK(text_of(t, "Fallback") == "t3.micro");
  const vouch::Value* size = t.attribute("Thing", "Size");
  REQUIRE(size != nullptr);
  CHECK(size->range().start_line == 20);  // the use, not the mapping
  REQUIRE(size->origins().size() == 1);
  CHECK(size->origins()[0].what == "mapping Sizes.prod.Instance");
  CHECK(size->origins()[0].range.start_line == 12);
}

TEST_CASE("Fn::FindInMap with a missing key and no default is an error", "[cloudformation][intrinsics]") {
  Loaded t = thing("      Size: !FindInMap [Sizes, staging, Instance]\n");
  const vouch::Value* size = t.attribute("Thing", "Size");
  REQUIRE(size != nullptr);
  CHECK(size->is_unknown());
  REQUIRE(t.diagnostics("invalid-intrinsic").size() == 1);
  CHECK(t.diagnostics("invalid-intrinsic")[0]->range.start_line == 20);
}

TEST_CASE("Fn::Cidr carves IPv4 and IPv6 subnets", "[cloudformation][intrinsics]") {
  Loaded t = thing(
      "      Subnets: !Cidr ['10.0.0.0/16', 3, 8]\n"
      "      Small: !Cidr ['192.168.0.0/24', 6, 5]\n"
      "      First: !Select [0, !Cidr ['10.1.2.3/16', '2', '12']]\n"
      "      TooMany: !Cidr ['10.0.0.0/24', 3, 7]\n"
      "      V6: !Cidr ['2001:db8::/56', 3, 64]\n"
      "      V6Unaligned: !Cidr ['fd00:0:0:10:ffff::/60', 2, 64]\n");
  CHECK(text_of(t, "Subnets") == R"(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"])");
  CHECK(
      text_of(t, "Small") ==
      R"(["192.168.0.0/27", "192.168.0.32/27", "192.168.0.64/27", "192.168.0.96/27", "192.168.0.128/27", "192.168.0.160/27"])");
  CHECK(text_of(t, "First") == "10.1.0.0/20");
  CHECK(t.attribute("Thing", "TooMany")->is_unknown());
  CHECK(text_of(t, "V6") == R"(["2001:db8::/64", "2001:db8:0:1::/64", "2001:db8:0:2::/64"])");
  CHECK(text_of(t, "V6Unaligned") == R"(["fd00:0:0:10::/64", "fd00:0:0:11::/64"])");
  CHECK(t.diagnostics("invalid-intrinsic").size() == 1);
}

TEST_CASE("Fn::GetAZs and Fn::ImportValue are unknown without a warning", "[cloudformation][intrinsics]") {
  Loaded t = thing(
      "      Zones: !GetAZs ''\n"
      "      Zone: !Select [0, !GetAZs '']\n"
      "      Imported: !ImportValue shared-vpc-id\n");
  CHECK(t.attribute("Thing", "Zones")->is_unknown());
  CHECK(t.attribute("Thing", "Zone")->is_unknown());
  CHECK(t.attribute("Thing", "Zone")->unknown_reason() ==
        "the availability zones of the stack's region are known only at deploy time");
  CHECK(t.attribute("Thing", "Imported")->unknown_reason() == "imported from another stack's export shared-vpc-id");
  CHECK(t.fragment.diagnostics.empty());
}

TEST_CASE("Fn::Length and Fn::ToJsonString of the language extensions", "[cloudformation][intrinsics]") {
  Loaded t = thing(
      "      Length: !Length [a, b, c]\n"
      "      LengthOfParameter: !Length {Ref: Subnets}\n"
      "      Json: !ToJsonString {b: [1, true], a: !Ref Env}\n"
      "      JsonUnknown: !ToJsonString {a: !Ref AWS::StackName}\n");
  CHECK(text_of(t, "Length") == "3");
  CHECK(text_of(t, "LengthOfParameter") == "3");
  CHECK(text_of(t, "Json") == R"({"a":"prod","b":[1,true]})");
  CHECK(t.attribute("Thing", "JsonUnknown")->is_unknown());
}

TEST_CASE("an unknown function is unresolved with a warning naming it", "[cloudformation][intrinsics]") {
  Loaded t = thing(
      "      A: !Transform {Name: AWS::Include, Parameters: {Location: s3://x}}\n"
      "      B: {'Fn::Frobnicate': [1]}\n");
  CHECK(t.attribute("Thing", "A")->is_unknown());
  CHECK(t.attribute("Thing", "B")->is_unknown());
  const auto warnings = t.diagnostics("unresolved-intrinsic");
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0]->level == vouch::DiagnosticLevel::Warning);
  CHECK(warnings[0]->message.starts_with("Fn::Transform "));
  CHECK(warnings[1]->message.starts_with("Fn::Frobnicate "));
  CHECK(warnings[0]->range.start_line == 20);
}

TEST_CASE("a function nested in a list element keeps the element's path for its edge", "[cloudformation][intrinsics]") {
  Loaded t = thing(
      "      Tags:\n"
      "        - Key: source\n"
      "          Value: !Join ['', ['x', !Ref Other]]\n");
  CHECK(t.edges() == std::vector<std::string>{"Thing -> Other via Tags[0].Value"});
  CHECK(t.attribute("Thing", "Tags[0].Value")->unknown_reason() == "computed by CloudFormation: Ref Other");
  CHECK(text_of(t, "Tags[0].Key") == "source");
}

TEST_CASE("a Ref without a name is invalid, not dangling", "[cloudformation][intrinsics]") {
  Loaded t = thing("      A: !Ref\n");
  CHECK(t.attribute("Thing", "A")->is_unknown());
  REQUIRE(t.diagnostics("invalid-intrinsic").size() == 1);
  CHECK(t.diagnostics("invalid-intrinsic")[0]->message == "Ref expects a name");
  CHECK(t.diagnostics("dangling-reference").empty());
}
