// The evaluation of one CloudFormation template. Private to the frontend: the public
// interface is cloudformation.h.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/cloudformation/cloudformation.h"

namespace vouch::cloudformation::detail {

enum class Tri : uint8_t { False, True, Unknown };

// Evaluates one template (already in long form: `!Ref x` rewritten to `{Ref: x}`)
// into resources, edges and diagnostics, the way CloudFormation would resolve it
// before creating the stack: parameters (defaults, then parameter files, then
// --cfn-param), conditions, mappings and intrinsic functions. Resource attributes are
// the evaluated `Properties` object; Ref and Fn::GetAtt between resources become
// edges whose path is relative to those attributes ("VpcId", "Tags[0].Value").
class TemplateEvaluator {
 public:
  TemplateEvaluator(const SourceFile& file, const Value& root, std::string root_name, const Options& options,
                    GraphFragment& out);
  void run();

 private:
  struct Parameter {
    Value value;         // unknown when it has no value
    std::string origin;  // how it got its value: "default", "--cfn-param", a parameter file
    SourceRange origin_range;
    size_t bytes = 0;  // what one copy of the value costs the evaluation budget
  };
  // A resource as declared, before evaluation. `index` is its place in out_.resources,
  // or -1 when its condition is false and CloudFormation would not create it.
  struct Slot {
    const Member* member = nullptr;
    std::string condition;
    Tri created = Tri::True;
    int index = -1;
  };

  void diagnose(DiagnosticLevel level, std::string code, std::string message, const SourceRange& range);
  void read_transforms();
  void read_parameters();
  void read_parameter_overrides(std::map<std::string, std::pair<std::string, std::string>>& overrides);
  Value parameter_value(const std::string& name, const std::string& type, const std::string& text,
                        const SourceRange& range) const;
  void read_resources();
  Value merged_properties(const Slot& slot, const std::string& type) const;
  void read_suppressions(const Value& metadata, Resource& resource);
  SourceRange header_range(const Member& member) const;

  Tri condition(std::string_view name, const SourceRange& use, unsigned depth);
  Tri condition_expression(const Value& node, unsigned depth);

  std::optional<Value> eval(const Value& node, unsigned depth);
  // Evaluates an argument of an intrinsic function: no attribute path is recorded and
  // AWS::NoValue reads as null.
  Value eval_argument(const Value& node, unsigned depth);
  std::optional<Value> call(const std::string& function, const Value& args, const SourceRange& range, unsigned depth);
  std::optional<Value> call_function(const std::string& function, const Value& args, const SourceRange& range,
                                     unsigned depth);
  std::optional<Value> ref(const std::string& name, const SourceRange& range);
  Value resource_reference(const std::string& logical_id, const std::string& attribute, const SourceRange& range);
  Value fn_sub(const Value& args, const SourceRange& range, unsigned depth);
  Value fn_if(const Value& args, const SourceRange& range, unsigned depth, bool& removed);
  Value fn_find_in_map(const Value& args, const SourceRange& range, unsigned depth);
  Value fn_cidr(const Value& args, const SourceRange& range, unsigned depth);
  // Charges `value`'s text to the evaluation budget; false (with one diagnostic) once
  // it is spent.
  bool spend(size_t bytes, const SourceRange& range);
  Value over_budget(const SourceRange& range) const;
  Value invalid(const std::string& function, const std::string& why, const SourceRange& range);
  Value unresolved(const std::string& function, const std::string& why, const SourceRange& range);

  void check_references(const Value& node, bool in_conditions);
  void check_name(const std::string& name, const SourceRange& range, const char* how);
  void check_resource(const std::string& name, const SourceRange& range);
  void check_condition_name(const std::string& name, const SourceRange& range);
  bool provided_by_module(std::string_view name) const;

  const SourceFile& file_;
  const Value& root_;
  std::string root_name_;
  const Options& options_;
  GraphFragment& out_;

  bool serverless_ = false;  // the AWS::Serverless-2016-10-31 transform is declared
  bool has_transform_ = false;
  std::map<std::string, Parameter, std::less<>> parameters_;
  std::map<std::string, const Value*, std::less<>> condition_definitions_;
  std::map<std::string, Tri, std::less<>> condition_values_;
  std::set<std::string, std::less<>> conditions_in_progress_;
  std::map<std::string, Slot, std::less<>> slots_;
  const Value* mappings_ = nullptr;
  // Logical ids of entries a pre-processor replaces (`Type: !Rain::Module …`).
  std::vector<std::string> module_placeholders_;

  // Where evaluation stands: the resource whose properties are evaluated (-1 outside
  // them) and the attribute path inside them, frozen while inside a function call.
  int current_resource_ = -1;
  AttributePath path_;
  bool path_frozen_ = false;

  mutable std::vector<size_t> line_starts_;  // byte offsets, for the width of quoted keys
  // Bytes of text evaluation has copied or built. Each Ref copies its parameter's
  // value, so a large default referenced many times could otherwise exhaust memory.
  size_t spent_ = 0;
  bool budget_reported_ = false;
};

}  // namespace vouch::cloudformation::detail
