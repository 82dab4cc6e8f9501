// Parameters: defaults, --cfn-param overrides, AWS CLI parameter files, list types,
// missing values and pseudo parameters.
#include <catch2/catch.hpp>

#include "cfn_test_support.h"

using vouch::cloudformation::Options;
using vouch::cloudformation::test::fixture;
using vouch::cloudformation::test::Loaded;

namespace {

const char* const kTemplate =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Parameters:\n"
    "  Encrypted:\n"
    "    Type: String\n"
    "    Default: 'false'\n"
    "    NoEcho: true\n"
    "  Size:\n"
    "    Type: Number\n"
    "    Default: 20\n"
    "  Zones:\n"
    "    Type: List<AWS::EC2::AvailabilityZone::Id>\n"
    "  Unset:\n"
    "    Type: String\n"
    "  Latest:\n"
    "    Type: AWS::SSM::Parameter::Value<String>\n"
    "    Default: /aws/service/ami\n"
    "Resources:\n"
    "  Db:\n"
    "    Type: AWS::RDS::DBInstance\n"
    "    Properties:\n"
    "      StorageEncrypted: !Ref Encrypted\n"
    "      AllocatedStorage: !Ref Size\n"
    "      Zones: !Ref Zones\n"
    "      Name: !Ref Unset\n"
    "      Image: !Ref Latest\n"
    "      Region: !Ref AWS::Region\n"
    "      Account: !Ref AWS::AccountId\n"
    "      Stack: !Sub '${AWS::StackName}-${AWS::Partition}-${AWS::URLSuffix}'\n";

}  // namespace

TEST_CASE("parameters take their defaults", "[cloudformation][parameters]") {
  Loaded t("p.yaml", kTemplate);
  const vouch::Value* encrypted = t.attribute("Db", "StorageEncrypted");
  REQUIRE(encrypted != nullptr);
  CHECK(encrypted->as_string() == "false");
  CHECK(encrypted->range().start_line == 21);  // where it is used, so findings point at the property
  CHECK(t.attribute("Db", "AllocatedStorage")->as_number() == 20);
}

TEST_CASE("a parameter without default or value is unknown", "[cloudformation][parameters]") {
  Loaded t("p.yaml", kTemplate);
  const vouch::Value* name = t.attribute("Db", "Name");
  REQUIRE(name != nullptr);
  REQUIRE(name->is_unknown());
  CHECK(name->unknown_reason() == "parameter Unset has no value");
  CHECK(t.attribute("Db", "Zones")->unknown_reason() == "parameter Zones has no value");
  CHECK(t.attribute("Db", "Image")->unknown_reason() ==
        "parameter Latest is read from SSM Parameter Store at deploy time");
}

TEST_CASE("pseudo parameters are unknown unless given", "[cloudformation][parameters]") {
  Loaded unknown("p.yaml", kTemplate);
  CHECK(unknown.attribute("Db", "Region")->unknown_reason() ==
        "pseudo parameter AWS::Region is known only at deploy time");
  CHECK(unknown.attribute("Db", "Account")->is_unknown());
  CHECK(unknown.attribute("Db", "Stack")->is_unknown());

  Options options;
  options.parameters = {{"AWS::Region", "eu-west-1"},
                        {"AWS::StackName", "shop"},
                        {"AWS::Partition", "aws"},
                        {"AWS::URLSuffix", "amazonaws.com"}};
  Loaded given("p.yaml", kTemplate, options);
  CHECK(given.attribute("Db", "Region")->as_string() == "eu-west-1");
  CHECK(given.attribute("Db", "Stack")->as_string() == "shop-aws-amazonaws.com");
  CHECK(given.attribute("Db", "Account")->is_unknown());
}

TEST_CASE("--cfn-param overrides a default, later wins, list types split", "[cloudformation][parameters]") {
  Options options;
  options.parameters = {
      {"Encrypted", "maybe"}, {"Encrypted", "true"}, {"Zones", "use1-az1,use1-az2"}, {"NotInTemplate", "ignored"}};
  Loaded t("p.yaml", kTemplate, options);
  const vouch::Value* encrypted = t.attribute("Db", "StorageEncrypted");
  CHECK(encrypted->as_string() == "true");
  REQUIRE(encrypted->origins().size() == 1);
  CHECK(encrypted->origins()[0].what == "parameter Encrypted (--cfn-param)");
  CHECK(t.attribute("Db", "Zones")->to_display() == R"(["use1-az1", "use1-az2"])");
  CHECK(t.fragment.diagnostics.empty());
}

TEST_CASE("a parameter file in the AWS CLI format sets values; --cfn-param wins over it",
          "[cloudformation][parameters]") {
  Options options;
  options.parameter_files = {fixture("parameters.json")};
  Loaded from_file("p.yaml", kTemplate, options);
  CHECK(from_file.attribute("Db", "StorageEncrypted")->as_string() == "true");
  CHECK(from_file.attribute("Db", "Name")->as_string() == "orders");
  CHECK(from_file.attribute("Db", "AllocatedStorage")->as_string() == "100");
  CHECK(from_file.attribute("Db", "StorageEncrypted")->origins()[0].what ==
        "parameter Encrypted (parameter file " + fixture("parameters.json") + ")");

  options.parameters = {{"Name", "x"}, {"Unset", "from-flag"}};
  Loaded both("p.yaml", kTemplate, options);
  CHECK(both.attribute("Db", "Name")->as_string() == "from-flag");
  CHECK(both.attribute("Db", "StorageEncrypted")->as_string() == "true");
}

TEST_CASE("an unreadable or malformed parameter file is diagnosed", "[cloudformation][parameters]") {
  Options options;
  options.parameter_files = {fixture("no-such-file.json"), fixture("parameters-malformed.json")};
  Loaded t("p.yaml", kTemplate, options);
  const auto problems = t.diagnostics("parameter-file");
  REQUIRE(problems.size() == 2);
  CHECK(problems[0]->path != problems[1]->path);
  // The template is still evaluated.
  CHECK(t.attribute("Db", "StorageEncrypted")->as_string() == "false");
}

TEST_CASE("AWS::NoValue removes a property and a list element", "[cloudformation][parameters]") {
  Loaded t("n.yaml",
           "Conditions:\n"
           "  Never: !Equals [a, b]\n"
           "Resources:\n"
           "  B:\n"
           "    Type: AWS::S3::Bucket\n"
           "    Properties:\n"
           "      BucketName: !Ref AWS::NoValue\n"
           "      Logging: !If [Never, {DestinationBucketName: x}, !Ref AWS::NoValue]\n"
           "      Tags:\n"
           "        - !If [Never, {Key: a, Value: b}, !Ref AWS::NoValue]\n"
           "        - {Key: c, Value: d}\n");
  const vouch::Resource* bucket = t.resource("B");
  REQUIRE(bucket != nullptr);
  CHECK(bucket->attributes.get("BucketName") == nullptr);
  CHECK(bucket->attributes.get("Logging") == nullptr);
  CHECK(bucket->attributes.get("Tags")->to_display() == R"([{Key = "c", Value = "d"}])");
  CHECK(t.fragment.diagnostics.empty());
}
