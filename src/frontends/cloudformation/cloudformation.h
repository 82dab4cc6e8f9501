// The CloudFormation frontend: templates in YAML (every short-form tag) or JSON, with
// parameters, conditions, mappings and intrinsic functions evaluated; Ref/GetAtt
// between resources become edges; what cannot be known before deploy is unknown.
//
// A resource's attributes are its evaluated `Properties` object, so rules say
// `StorageEncrypted`, not `Properties.StorageEncrypted`; `Metadata`, `DependsOn` and
// `Condition` stay out of them (Metadata's `vouch.ignore` entries become the
// resource's suppressions). Edge paths are relative to the same object
// ("VpcId", "Tags[0].Value"). A property's value carries the range of the expression
// written there, and its origins name the parameter or mapping it came from.
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

// Evaluates every template document of `stream` (others are passed over). The
// stream's own YAML diagnostics are not repeated here. Parameter values come from
// defaults, then `parameter_files` in order, then `parameters`; a parameter without
// a value, and pseudo parameters not given, are unknown.
GraphFragment load(const SourceFile& file, const yaml::Stream& stream, const Options& options);

}  // namespace vouch::cloudformation
