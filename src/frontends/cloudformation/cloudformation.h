// The CloudFormation frontend: templates in YAML (every short-form tag) or JSON, with
// parameters, conditions, mappings and intrinsic functions evaluated; Ref/GetAtt
// between resources become edges; what cannot be known before deploy is unknown.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "frontends/yaml/yaml.h"
#include "graph/graph.h"

namespace vouch::cloudformation {

struct Options {
  std::vector<std::pair<std::string, std::string>> parameters;  // --cfn-param, later wins
  std::vector<std::string> parameter_files;                      // AWS CLI JSON format
};

// True when a loaded document is a CloudFormation template.
bool is_template(const Value& document);

GraphFragment load(const SourceFile& file, const yaml::Stream& stream, const Options& options);

}  // namespace vouch::cloudformation
