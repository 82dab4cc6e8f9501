// Templates as a whole: resources and their locations, edges, JSON and YAML forms,
// detection, reference diagnostics, Metadata suppressions and SAM.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "cfn_test_support.h"

using vouch::cloudformation::is_template;
using vouch::cloudformation::test::fixture;
using vouch::cloudformation::test::Loaded;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Loaded load_fixture(const std::string& name) {
  return Loaded(fixture(name), read(fixture(name)));
}

bool detected(const std::string& text) {
  const vouch::SourceFile file{"d.yaml", text};
  const vouch::yaml::Stream stream = vouch::yaml::load(file);
  return !stream.documents.empty() && is_template(stream.documents.front().root);
}

}  // namespace

TEST_CASE("a resource is typed, addressed and located", "[cloudformation][template]") {
  Loaded t("stacks/app.yaml",
           "AWSTemplateFormatVersion: '2010-09-09'\n"  // 1
           "Resources:\n"                              // 2
           "  LogsBucket:\n"                           // 3
           "    Type: AWS::S3::Bucket\n"               // 4
           "    DeletionPolicy: Retain\n"              // 5
           "    Properties:\n"                         // 6
           "      BucketName: logs\n"                  // 7
           "      VersioningConfiguration:\n"          // 8
           "        Status: Enabled\n");               // 9
  REQUIRE(t.fragment.resources.size() == 1);
  const vouch::Resource& r = t.fragment.resources[0];
  CHECK(r.platform == vouch::Platform::CloudFormation);
  CHECK(r.type == "AWS::S3::Bucket");
  CHECK(r.address == "LogsBucket");
  CHECK(r.module == "stacks/app.yaml");
  CHECK(r.root == "stacks/app.yaml");
  CHECK(r.header.start_line == 3);
  CHECK(r.header.start_col == 3);
  CHECK(r.header.end_col == 13);
  CHECK(r.range.start_line == 3);
  CHECK(r.range.end_line == 9);
  // The attributes are the Properties: rules say `BucketName`, not `Properties.BucketName`.
  CHECK(r.attributes.get("DeletionPolicy") == nullptr);
  const vouch::Member* status = r.attributes.get("VersioningConfiguration")->find("Status");
  REQUIRE(status != nullptr);
  CHECK(status->range.start_line == 9);
  CHECK(status->value.as_string() == "Enabled");
}

TEST_CASE("Ref and GetAtt between resources become edges with attribute paths", "[cloudformation][template]") {
  Loaded t("e.yaml",
           "Resources:\n"
           "  Vpc:\n"
           "    Type: AWS::EC2::VPC\n"
           "  Group:\n"
           "    Type: AWS::EC2::SecurityGroup\n"
           "    Properties:\n"
           "      VpcId: !Ref Vpc\n"
           "      SecurityGroupIngress:\n"
           "        - CidrIp: !GetAtt Vpc.CidrBlock\n"
           "  Instance:\n"
           "    Type: AWS::EC2::Instance\n"
           "    DependsOn: Vpc\n"
           "    Properties:\n"
           "      SecurityGroupIds: [!Ref Group, !GetAtt [Group, GroupId]]\n"
           "      UserData: {'Fn::Base64': {'Fn::Sub': 'vpc=${Vpc}'}}\n"
           "      Empty: {}\n");
  CHECK(t.edges() == std::vector<std::string>{
                         "Group -> Vpc via SecurityGroupIngress[0].CidrIp",
                         "Group -> Vpc via VpcId",
                         "Instance -> Group via SecurityGroupIds[0]",
                         "Instance -> Group via SecurityGroupIds[1]",
                         "Instance -> Vpc via UserData",
                     });
  const vouch::Edge* vpc_edge = nullptr;
  for (const vouch::Edge& e : t.fragment.edges) {
    if (e.path == "VpcId") vpc_edge = &e;
  }
  REQUIRE(vpc_edge != nullptr);
  CHECK(vpc_edge->range.start_line == 7);
  CHECK(t.attribute("Group", "VpcId")->unknown_reason() == "computed by CloudFormation: Ref Vpc");
  CHECK(t.fragment.diagnostics.empty());
}

TEST_CASE("a JSON template keeps the line of every property", "[cloudformation][template][json]") {
  Loaded t = load_fixture("forms-long.json");
  const vouch::Resource* data = t.resource("Data");
  REQUIRE(data != nullptr);
  CHECK(data->header.start_line == 23);
  CHECK(data->header.end_col - data->header.start_col == 6);  // "Data" with its quotes
  const vouch::Member* logging = data->attributes.find("LoggingConfiguration");
  REQUIRE(logging != nullptr);
  CHECK(logging->range.start_line == 27);
  CHECK(logging->value.find("DestinationBucketName")->range.start_line == 27);
  CHECK(data->attributes.find("Imported")->range.start_line == 33);
  CHECK(t.fragment.diagnostics.empty());
}

TEST_CASE("YAML short forms and JSON long forms give the same values", "[cloudformation][template]") {
  Loaded json = load_fixture("forms-long.json");
  Loaded yaml = load_fixture("forms-short.yaml");
  CHECK(json.fragment.diagnostics.empty());
  CHECK(yaml.fragment.diagnostics.empty());
  for (const char* name : {"Logs", "Data"}) {
    INFO(name);
    const vouch::Resource* a = json.resource(name);
    const vouch::Resource* b = yaml.resource(name);
    REQUIRE((a && b));
    CHECK(a->attributes.to_display() == b->attributes.to_display());
  }
  CHECK(yaml.attribute("Logs", "BucketName")->as_string() == "logs-prod-${Keep}");
  CHECK(yaml.attribute("Logs", "VersioningConfiguration.Status")->as_string() == "Enabled");
  CHECK(yaml.attribute("Data", "BucketName")->as_string() == "data-prod");
  CHECK(yaml.attribute("Data", "Subnet")->as_string() == "10.0.1.0/24");
  CHECK(yaml.attribute("Data", "UserData")->as_string() == "eD05MA==");  // base64 of "x=90"
  CHECK(json.edges() == yaml.edges());
  CHECK(yaml.edges() == std::vector<std::string>{"Data -> Logs via Arn",
                                                 "Data -> Logs via LoggingConfiguration.DestinationBucketName"});
}

TEST_CASE("templates are told apart from Kubernetes and other YAML by content", "[cloudformation][detection]") {
  CHECK(detected("AWSTemplateFormatVersion: '2010-09-09'\nDescription: empty\n"));
  CHECK(detected("Resources:\n  B:\n    Type: AWS::S3::Bucket\n"));
  CHECK(detected("Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n"));
  CHECK(detected("Resources:\n  C:\n    Type: Custom::Thing\n  D:\n    Type: MyOrg::Service::Widget\n"));
  CHECK(detected("{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}"));
  // Pre-processed templates mix module entries among resources.
  CHECK(detected("Resources:\n  M:\n    Type: !Rain::Module m.yml\n  B:\n    Type: AWS::S3::Bucket\n"));
  // Kubernetes, CI workflows, compose files and lookalikes are not templates.
  CHECK_FALSE(detected("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"));
  CHECK_FALSE(detected("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n"));
  CHECK_FALSE(detected("services:\n  web:\n    image: nginx\n"));
  CHECK_FALSE(detected("Resources:\n  cpu: 2\n  memory: 4Gi\n"));
  CHECK_FALSE(detected("Resources:\n  B:\n    Type: bucket\n"));
  CHECK_FALSE(detected("Resources: {}\n"));
  CHECK_FALSE(detected("- AWSTemplateFormatVersion\n"));
}

TEST_CASE("load passes over documents that are not templates", "[cloudformation][detection]") {
  Loaded t("mixed.yaml",
           "apiVersion: v1\n"
           "kind: ConfigMap\n"
           "---\n"
           "Resources:\n"
           "  B:\n"
           "    Type: AWS::S3::Bucket\n");
  REQUIRE(t.fragment.resources.size() == 1);
  CHECK(t.fragment.resources[0].range.start_line == 5);
  CHECK(t.fragment.resources[0].root == "mixed.yaml#1");
}

TEST_CASE("a dangling Ref, GetAtt, Sub or DependsOn is diagnosed with its line", "[cloudformation][diagnostics]") {
  Loaded t("d.yaml",
           "Resources:\n"                                   // 1
           "  B:\n"                                         // 2
           "    Type: AWS::S3::Bucket\n"                    // 3
           "    DependsOn: [Ghost]\n"                       // 4
           "    Properties:\n"                              // 5
           "      BucketName: !Ref Missing\n"               // 6
           "      Arn: !GetAtt Nowhere.Arn\n"               // 7
           "      Name: !Sub '${Nobody}-${AWS::Region}'\n"  // 8
           "Outputs:\n"                                     // 9
           "  O:\n"                                         // 10
           "    Value: !Ref AWS::Nonsense\n");              // 11
  const auto dangling = t.diagnostics("dangling-reference");
  REQUIRE(dangling.size() == 5);
  std::vector<uint32_t> lines;
  for (const vouch::Diagnostic* d : dangling) {
    CHECK(d->level == vouch::DiagnosticLevel::Error);
    lines.push_back(d->range.start_line);
  }
  CHECK(lines == std::vector<uint32_t>{4, 6, 7, 8, 11});
  CHECK(dangling[1]->message == "Ref to Missing, which is neither a parameter, a pseudo parameter nor a resource");
  CHECK(t.attribute("B", "BucketName")->unknown_reason() == "Missing is not defined in the template");
  CHECK(t.fragment.edges.empty());
}

TEST_CASE("a logical id used twice is diagnosed", "[cloudformation][diagnostics]") {
  Loaded t("dup.yaml",
           "Parameters:\n"
           "  Name:\n"
           "    Type: String\n"
           "Resources:\n"
           "  Name:\n"
           "    Type: AWS::S3::Bucket\n"
           "  Twice:\n"
           "    Type: AWS::S3::Bucket\n"
           "  Twice:\n"
           "    Type: AWS::SQS::Queue\n");
  const auto duplicates = t.diagnostics("duplicate-logical-id");
  REQUIRE(duplicates.size() == 2);
  CHECK(duplicates[0]->range.start_line == 5);
  CHECK(duplicates[1]->range.start_line == 9);
  CHECK(duplicates[1]->message.find("Twice") != std::string::npos);
  CHECK(t.resource("Twice")->type == "AWS::S3::Bucket");  // the first one is used
}

TEST_CASE("vouch suppressions in resource Metadata are recorded", "[cloudformation][suppressions]") {
  Loaded t("s.yaml",
           "Resources:\n"
           "  B:\n"
           "    Type: AWS::S3::Bucket\n"
           "    Metadata:\n"
           "      vouch:\n"
           "        ignore:\n"
           "          - id: aws-s3-bucket-unencrypted\n"
           "            reason: public website assets\n"
           "            expires: 2027-01-31\n"
           "          - id: aws-s3-bucket-logging-disabled\n"
           "          - reason: no id\n"
           "          - {id: x, expires: soon}\n");
  const vouch::Resource* b = t.resource("B");
  REQUIRE(b != nullptr);
  REQUIRE(b->suppressions.size() == 4);
  const vouch::InlineSuppression& first = b->suppressions[0];
  CHECK(first.rule_id == "aws-s3-bucket-unencrypted");
  CHECK(first.reason == "public website assets");
  CHECK(first.expires == "2027-01-31");
  CHECK(first.parse_error.empty());
  CHECK(first.range.start_line == 7);
  CHECK(b->suppressions[1].reason.empty());
  CHECK(b->suppressions[1].parse_error.empty());
  CHECK(b->suppressions[2].parse_error == "missing id");
  CHECK(b->suppressions[3].parse_error == "expires 'soon' is not a YYYY-MM-DD date");
}

TEST_CASE("SAM resources keep their properties with Globals merged in", "[cloudformation][sam]") {
  Loaded t("sam.yaml",
           "Transform: AWS::Serverless-2016-10-31\n"
           "Globals:\n"
           "  Function:\n"
           "    Runtime: python3.12\n"
           "    Tracing: Active\n"
           "    Environment:\n"
           "      Variables: {STAGE: prod, LOG: info}\n"
           "    Layers: [arn:layer:common]\n"
           "Resources:\n"
           "  Fn:\n"
           "    Type: AWS::Serverless::Function\n"
           "    Properties:\n"
           "      Handler: app.handler\n"
           "      Tracing: PassThrough\n"
           "      Role: !GetAtt FnRole.Arn\n"
           "      Environment:\n"
           "        Variables: {LOG: debug}\n"
           "      Layers: [arn:layer:own]\n"
           "  Table:\n"
           "    Type: AWS::Serverless::SimpleTable\n"
           "    Properties:\n"
           "      SSESpecification: {SSEEnabled: true}\n");
  CHECK(t.attribute("Fn", "Runtime")->as_string() == "python3.12");
  CHECK(t.attribute("Fn", "Runtime")->range().start_line == 4);  // set in Globals
  CHECK(t.attribute("Fn", "Tracing")->as_string() == "PassThrough");
  CHECK(t.attribute("Fn", "Environment.Variables")->to_display() == R"({LOG = "debug", STAGE = "prod"})");
  CHECK(t.attribute("Fn", "Layers")->to_display() == R"(["arn:layer:common", "arn:layer:own"])");
  CHECK(t.attribute("Table", "SSESpecification.SSEEnabled")->as_bool());
  // SAM creates FnRole itself: with a transform, a dangling reference is only a warning.
  const auto dangling = t.diagnostics("dangling-reference");
  REQUIRE(dangling.size() == 1);
  CHECK(dangling[0]->level == vouch::DiagnosticLevel::Warning);
}

TEST_CASE("hostile templates stay bounded", "[cloudformation][limits]") {
  // A long chain of conditions, each referring to the next.
  std::string text = "Conditions:\n";
  for (int i = 0; i < 2000; ++i) {
    text += "  C" + std::to_string(i) + ": !Not [!Condition C" + std::to_string(i + 1) + "]\n";
  }
  text += "  C2000: !Equals [a, a]\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Condition: C0\n";
  Loaded t("chain.yaml", text);
  CHECK(t.resource("B") != nullptr);  // too deep to decide, so created
  CHECK_FALSE(t.diagnostics("nesting-too-deep").empty());
}

TEST_CASE("pre-processor tags and module entries are unknown, not data", "[cloudformation][template]") {
  Loaded t("rain.yaml",
           "Resources:\n"
           "  Network:\n"
           "    Type: !Rain::Module ../modules/vpc.yml\n"
           "  Server:\n"
           "    Type: AWS::EC2::Instance\n"
           "    Properties:\n"
           "      UserData: !Rain::Embed setup.sh\n"
           "      SubnetId: !GetAtt Network.SubnetId\n");
  CHECK(t.fragment.resources.size() == 1);
  const vouch::Value* user_data = t.attribute("Server", "UserData");
  REQUIRE(user_data != nullptr);
  CHECK(user_data->unknown_reason() == "YAML tag !Rain::Embed is not evaluated");
  CHECK(t.diagnostics("unknown-tag").size() == 2);  // !Rain::Module and !Rain::Embed
  CHECK(t.diagnostics("unknown-resource-type").size() == 1);
  CHECK(t.diagnostics("dangling-reference").empty());
  CHECK(t.attribute("Server", "SubnetId")->is_unknown());
}

TEST_CASE("references to what a Rain module adds are not dangling", "[cloudformation][diagnostics]") {
  Loaded t("rain.json",
           "{\"Resources\": {\n"
           "  \"Network\": {\"Type\": {\"Rain::Module\": \"vpc.yml\"}},\n"
           "  \"Server\": {\"Type\": \"AWS::EC2::Instance\", \"Properties\": {\n"
           "    \"SubnetId\": {\"Ref\": \"NetworkPublicSubnet1\"},\n"
           "    \"UserData\": {\"Fn::Base64\": {\"Fn::Sub\": {\"Rain::Embed\": \"setup.sh\"}}},\n"
           "    \"ImageId\": {\"Ref\": \"Elsewhere\"}}}}}\n");
  const auto dangling = t.diagnostics("dangling-reference");
  REQUIRE(dangling.size() == 1);
  CHECK(dangling[0]->message.find("Elsewhere") != std::string::npos);
  CHECK(t.diagnostics("invalid-intrinsic").empty());
  const auto unresolved = t.diagnostics("unresolved-intrinsic");
  REQUIRE(unresolved.size() == 1);
  CHECK(unresolved[0]->message.starts_with("Rain::Embed "));
}

TEST_CASE("a large parameter referenced many times stops at the evaluation budget", "[cloudformation][limits]") {
  // 1 MiB of default, referenced 100 times: 100 MiB if every copy were kept.
  std::string text = "Parameters:\n  Big:\n    Type: String\n    Default: '" + std::string(1 << 20, 'x') +
                     "'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n";
  for (int i = 0; i < 100; ++i) text += "        - !Join ['', [!Ref Big]]\n";
  Loaded t("big.yaml", text);
  REQUIRE(t.diagnostics("evaluation-budget").size() == 1);
  const vouch::Value* last = t.attribute("B", "Tags[99]");
  REQUIRE(last != nullptr);
  CHECK(last->unknown_reason() == "the template's evaluation budget is spent");
  CHECK(t.attribute("B", "Tags[0]")->as_string().size() == size_t{1} << 20);
}
