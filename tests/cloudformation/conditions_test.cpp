// Conditions: Fn::Equals/And/Or/Not and Condition references decide which resources
// exist and which Fn::If branch a property takes; unknown stays unknown.
#include <catch2/catch.hpp>

#include "cfn_test_support.h"

using vouch::cloudformation::Options;
using vouch::cloudformation::test::Loaded;

namespace {

const char* const kTemplate =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Parameters:\n"
    "  Env:\n"
    "    Type: String\n"
    "    Default: dev\n"
    "  Owner:\n"
    "    Type: String\n"
    "Conditions:\n"
    "  IsProd: !Equals [!Ref Env, prod]\n"
    "  IsDev: !Equals [dev, !Ref Env]\n"
    "  NotProd: !Not [!Condition IsProd]\n"
    "  DevAndNotProd: !And [!Condition IsDev, !Condition NotProd]\n"
    "  ProdOrDev: !Or [!Condition IsProd, !Condition IsDev]\n"
    "  HasOwner: !Equals [!Ref Owner, alice]\n"
    "  ProdOrOwner: !Or [!Condition IsProd, !Condition HasOwner]\n"
    "  DevOrOwner: !Or [!Condition IsDev, !Condition HasOwner]\n"
    "  ProdAndOwner: !And [!Condition IsProd, !Condition HasOwner]\n"
    "Resources:\n"
    "  ProdOnly:\n"
    "    Type: AWS::S3::Bucket\n"
    "    Condition: IsProd\n"
    "  DevOnly:\n"
    "    Type: AWS::S3::Bucket\n"
    "    Condition: DevAndNotProd\n"
    "  Either:\n"
    "    Type: AWS::S3::Bucket\n"
    "    Condition: ProdOrDev\n"
    "  MaybeOwned:\n"
    "    Type: AWS::S3::Bucket\n"
    "    Condition: ProdOrOwner\n"
    "  DevOrOwned:\n"
    "    Type: AWS::S3::Bucket\n"
    "    Condition: DevOrOwner\n"
    "  NeverOwned:\n"
    "    Type: AWS::S3::Bucket\n"
    "    Condition: ProdAndOwner\n"
    "  Chooser:\n"
    "    Type: AWS::Test::Thing\n"
    "    Properties:\n"
    "      Size: !If [IsProd, large, small]\n"
    "      Owned: !If [HasOwner, yes-owned, not-owned]\n"
    "      Same: !If [HasOwner, same, same]\n"
    "      Target: !If [IsProd, !Ref ProdOnly, !Ref DevOnly]\n";

}  // namespace

TEST_CASE("a resource whose condition is false is not created", "[cloudformation][conditions]") {
  Loaded t("c.yaml", kTemplate);
  CHECK(t.resource("ProdOnly") == nullptr);
  CHECK(t.resource("DevOnly") != nullptr);
  CHECK(t.resource("Either") != nullptr);
  CHECK(t.resource("NeverOwned") == nullptr);  // false and unknown is false
  CHECK(t.resource("DevOrOwned") != nullptr);  // true or unknown is true
}

TEST_CASE("a resource whose condition is unknown is created", "[cloudformation][conditions]") {
  Loaded t("c.yaml", kTemplate);
  CHECK(t.resource("MaybeOwned") != nullptr);  // false or unknown is unknown
}

TEST_CASE("Fn::If takes the branch its condition picks", "[cloudformation][conditions]") {
  Loaded dev("c.yaml", kTemplate);
  CHECK(dev.attribute("Chooser", "Size")->as_string() == "small");
  CHECK(dev.edges() == std::vector<std::string>{"Chooser -> DevOnly via Target"});

  Options prod_options;
  prod_options.parameters = {{"Env", "prod"}};
  Loaded prod("c.yaml", kTemplate, prod_options);
  CHECK(prod.attribute("Chooser", "Size")->as_string() == "large");
  CHECK(prod.resource("ProdOnly") != nullptr);
  CHECK(prod.resource("DevOnly") == nullptr);
  CHECK(prod.edges() == std::vector<std::string>{"Chooser -> ProdOnly via Target"});
}

TEST_CASE("Fn::If on an unknown condition is unknown unless both branches agree", "[cloudformation][conditions]") {
  Loaded t("c.yaml", kTemplate);
  const vouch::Value* owned = t.attribute("Chooser", "Owned");
  REQUIRE(owned != nullptr);
  REQUIRE(owned->is_unknown());
  CHECK(owned->unknown_reason() == "condition HasOwner is not known before deploy");
  CHECK(t.attribute("Chooser", "Same")->as_string() == "same");
}

TEST_CASE("an undefined condition and a condition cycle are diagnosed", "[cloudformation][conditions]") {
  Loaded t("bad.yaml",
           "Conditions:\n"
           "  A: !Condition B\n"
           "  B: !Not [!Condition A]\n"
           "Resources:\n"
           "  X:\n"
           "    Type: AWS::S3::Bucket\n"
           "    Condition: Missing\n"
           "  Y:\n"
           "    Type: AWS::S3::Bucket\n"
           "    Condition: A\n");
  const auto dangling = t.diagnostics("dangling-reference");
  REQUIRE(dangling.size() == 1);
  CHECK(dangling[0]->message == "condition Missing is not defined");
  CHECK(dangling[0]->range.start_line == 7);
  CHECK(t.diagnostics("condition-cycle").size() == 1);
  // Both resources are kept: what cannot be decided is created.
  CHECK(t.resource("X") != nullptr);
  CHECK(t.resource("Y") != nullptr);
}
