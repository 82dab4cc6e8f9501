#include "frontends/cloudformation/template.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "frontends/cloudformation/functions.h"

namespace vouch::cloudformation::detail {

namespace {

// Deeper nesting of functions and condition references than any real template uses.
constexpr unsigned kMaxDepth = 256;
// Text one template's evaluation may copy or build: far above any real template.
constexpr size_t kEvaluationBudget = size_t{64} << 20;

constexpr std::string_view kServerlessTransform = "AWS::Serverless-2016-10-31";
constexpr std::string_view kLanguageExtensions = "AWS::LanguageExtensions";

constexpr std::string_view kPseudoParameters[] = {
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",   "AWS::Partition",
    "AWS::Region",    "AWS::StackId",          "AWS::StackName", "AWS::URLSuffix",
};

bool is_pseudo_parameter(std::string_view name) {
  return std::find(std::begin(kPseudoParameters), std::end(kPseudoParameters), name) != std::end(kPseudoParameters);
}

// The function an object calls when it is an intrinsic function: exactly one key,
// `Ref` or `Fn::…`. "" for plain data.
std::string_view intrinsic_name(const Value& node) {
  if (!node.is_object() || node.as_object().size() != 1) return {};
  const std::string& key = node.as_object()[0].key;
  // `{"Rain::Embed": file}` is the JSON form of a pre-processor's `!Rain::Embed` tag:
  // evaluated as the unknown function it is.
  if (key == "Ref" || key.starts_with("Fn::") || key.starts_with("Rain::")) return key;
  return {};
}

// What a value costs the evaluation budget: its text, and a little per node. Measuring
// costs about what it charges, so the budget bounds the time spent measuring too.
size_t value_bytes(const Value& value) {
  size_t total = value.is_string() || value.is_unknown() ? value.as_string().size() : 8;
  for (const Value& item : value.as_list()) total += value_bytes(item);
  for (const Member& m : value.as_object()) total += m.key.size() + value_bytes(m.value);
  return total;
}

// The first unknown inside `value` (itself included), so its reason can travel on.
const Value* first_unknown(const Value& value) {
  if (value.is_unknown()) return &value;
  for (const Value& item : value.as_list()) {
    if (const Value* u = first_unknown(item)) return u;
  }
  for (const Member& member : value.as_object()) {
    if (const Value* u = first_unknown(member.value)) return u;
  }
  return nullptr;
}

// CommaDelimitedList, List<Number>, List<AWS::EC2::Subnet::Id>, …: values are split on commas.
bool is_list_type(std::string_view type) {
  return type == "CommaDelimitedList" || type.starts_with("List<");
}

PathSegment key_segment(const std::string& key) {
  PathSegment segment;
  segment.key = key;
  return segment;
}

PathSegment index_segment(uint32_t index) {
  PathSegment segment;
  segment.kind = PathSegment::Kind::Index;
  segment.index = index;
  return segment;
}

// Sets a flag for the lifetime of the guard and restores it after.
class FlagGuard {
 public:
  FlagGuard(bool& flag, bool value) : flag_(flag), saved_(flag) { flag_ = value; }
  ~FlagGuard() { flag_ = saved_; }
  FlagGuard(const FlagGuard&) = delete;
  FlagGuard& operator=(const FlagGuard&) = delete;

 private:
  bool& flag_;
  bool saved_;
};

}  // namespace

TemplateEvaluator::TemplateEvaluator(const SourceFile& file, const Value& root, std::string root_name,
                                     const Options& options, GraphFragment& out)
    : file_(file), root_(root), root_name_(std::move(root_name)), options_(options), out_(out) {}

void TemplateEvaluator::diagnose(DiagnosticLevel level, std::string code, std::string message,
                                 const SourceRange& range) {
  out_.diagnostics.push_back(Diagnostic{level, std::move(code), std::move(message), file_.path, range});
}

void TemplateEvaluator::run() {
  read_transforms();
  read_parameters();
  if (const Value* mappings = root_.get("Mappings"); mappings != nullptr && mappings->is_object()) {
    mappings_ = mappings;
  }
  if (const Value* conditions = root_.get("Conditions"); conditions != nullptr && conditions->is_object()) {
    for (const Member& m : conditions->as_object()) condition_definitions_.emplace(m.key, &m.value);
  }
  read_resources();

  for (const char* section : {"Conditions", "Outputs"}) {
    if (const Value* value = root_.get(section)) check_references(*value, std::string_view(section) == "Conditions");
  }
}

// ---- Transforms and parameters ---------------------------------------------

void TemplateEvaluator::read_transforms() {
  const Member* transform = root_.find("Transform");
  if (transform == nullptr) return;
  has_transform_ = true;
  List names = transform->value.is_list() ? transform->value.as_list() : List{transform->value};
  for (const Value& name : names) {
    if (name.is_string() && name.as_string() == kServerlessTransform) {
      serverless_ = true;
    } else if (name.is_string() && name.as_string() == kLanguageExtensions) {
      // Its functions (Fn::Length, Fn::ToJsonString) are evaluated; Fn::ForEach is reported where used.
    } else {
      const std::string shown = name.is_string() ? name.as_string() : name.to_display();
      diagnose(DiagnosticLevel::Note, "unapplied-transform",
               "transform " + shown + " is not applied: what it adds or changes is not scanned",
               name.range().valid() ? name.range() : transform->range);
    }
  }
}

void TemplateEvaluator::read_parameter_overrides(
    std::map<std::string, std::pair<std::string, std::string>>& overrides) {
  for (const std::string& path : options_.parameter_files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      out_.diagnostics.push_back(
          {DiagnosticLevel::Error, "parameter-file", "cannot read parameter file " + path, path, {}});
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    // The parameter file's values are copied without ranges: its SourceFile lives only
    // here, and the values' origins name the file instead.
    const SourceFile parameter_file{path, text.str()};
    const yaml::Stream stream = yaml::load(parameter_file);
    const Value root = stream.documents.empty() ? Value() : stream.documents.front().root;
    const std::string origin = "parameter file " + path;
    auto bad = [&](const Value& where, const std::string& why) {
      out_.diagnostics.push_back({DiagnosticLevel::Error,
                                  "parameter-file",
                                  path + ":" + std::to_string(where.range().start_line) + ": " + why,
                                  path,
                                  {}});
    };
    if (!stream.diagnostics.empty()) {
      out_.diagnostics.push_back(
          {DiagnosticLevel::Error, "parameter-file", path + ": " + stream.diagnostics.front().message, path, {}});
      continue;
    }
    if (root.is_list()) {
      // The AWS CLI's format: [{"ParameterKey": "K", "ParameterValue": "V"}, …]
      for (const Value& entry : root.as_list()) {
        const Value* key = entry.get("ParameterKey");
        const Value* value = entry.get("ParameterValue");
        std::string text_value;
        if (key == nullptr || !key->is_string()) {
          bad(entry, "entry without a ParameterKey string");
          continue;
        }
        if (value == nullptr) continue;  // {"UsePreviousValue": true} entries carry no value
        if (!scalar_to_string(*value, text_value)) {
          bad(*value, "ParameterValue of " + key->as_string() + " is not a string");
          continue;
        }
        overrides[key->as_string()] = {text_value, origin};
      }
    } else if (const Value* parameters = root.get("Parameters"); parameters != nullptr && parameters->is_object()) {
      // CodePipeline's template configuration: {"Parameters": {"K": "V"}}
      for (const Member& m : parameters->as_object()) {
        std::string text_value;
        if (!scalar_to_string(m.value, text_value)) {
          bad(m.value, "value of " + m.key + " is not a string");
          continue;
        }
        overrides[m.key] = {text_value, origin};
      }
    } else {
      bad(root, "expected a list of {ParameterKey, ParameterValue}");
    }
  }
  for (const auto& [key, value] : options_.parameters) overrides[key] = {value, "--cfn-param"};
}

Value TemplateEvaluator::parameter_value(const std::string& name, const std::string& type, const std::string& text,
                                         const SourceRange& range) const {
  if (is_list_type(type) || name == "AWS::NotificationARNs") {
    List items;
    for (std::string& item : split_comma_list(text)) items.push_back(Value::string(std::move(item), range));
    return Value::list(std::move(items), range);
  }
  return Value::string(text, range);
}

void TemplateEvaluator::read_parameters() {
  std::map<std::string, std::pair<std::string, std::string>> overrides;
  read_parameter_overrides(overrides);

  // Pseudo parameters are unknown unless the user gives them (--cfn-param AWS::Region=…).
  for (std::string_view pseudo : kPseudoParameters) {
    auto it = overrides.find(std::string(pseudo));
    if (it == overrides.end() || pseudo == "AWS::NoValue") continue;
    Value value = parameter_value(it->first, "", it->second.first, {});
    const size_t bytes = value_bytes(value);
    parameters_[it->first] = {std::move(value), it->second.second, {}, bytes};
  }

  const Value* section = root_.get("Parameters");
  if (section == nullptr) return;
  if (!section->is_object()) {
    diagnose(DiagnosticLevel::Error, "invalid-template", "Parameters is not a mapping", section->range());
    return;
  }
  for (const Member& m : section->as_object()) {
    const Value* type_value = m.value.get("Type");
    const std::string type = type_value != nullptr && type_value->is_string() ? type_value->as_string() : "String";
    Parameter parameter;
    if (type.starts_with("AWS::SSM::Parameter::Value<")) {
      // Whatever is given is the name of an SSM parameter; its value is read at deploy.
      parameter.value = Value::unknown("parameter " + m.key + " is read from SSM Parameter Store at deploy time");
      parameter.origin = "SSM parameter";
      parameter.origin_range = m.range;
    } else if (auto it = overrides.find(m.key); it != overrides.end()) {
      parameter.value = parameter_value(m.key, type, it->second.first, {});
      parameter.origin = it->second.second;
      parameter.origin_range = m.range;
    } else if (const Value* fallback = m.value.get("Default"); fallback != nullptr) {
      std::string text;
      if (fallback->is_list()) {
        parameter.value = *fallback;
      } else if (is_list_type(type) && scalar_to_string(*fallback, text)) {
        parameter.value = parameter_value(m.key, type, text, fallback->range());
      } else {
        parameter.value = *fallback;
      }
      parameter.origin = "default";
      parameter.origin_range = fallback->range();
    } else {
      parameter.value = Value::unknown("parameter " + m.key + " has no value");
      parameter.origin = "no value";
      parameter.origin_range = m.range;
    }
    parameter.bytes = value_bytes(parameter.value);
    parameters_[m.key] = std::move(parameter);
  }
}

// ---- Resources ---------------------------------------------------------------

SourceRange TemplateEvaluator::header_range(const Member& member) const {
  SourceRange header = member.range;
  header.end_line = header.start_line;
  auto width = static_cast<uint32_t>(member.key.size());
  // A JSON key is written with its quotes; find them at the start of the range.
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < file_.text.size(); ++i) {
      if (file_.text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }
  if (header.start_line > 0 && header.start_line <= line_starts_.size() && header.start_col > 0) {
    const size_t offset = line_starts_[header.start_line - 1] + header.start_col - 1;
    if (offset < file_.text.size() && (file_.text[offset] == '"' || file_.text[offset] == '\'')) width += 2;
  }
  header.end_col = header.start_col + width;
  return header;
}

void TemplateEvaluator::read_resources() {
  const Member* section = root_.find("Resources");
  if (section == nullptr) {
    diagnose(DiagnosticLevel::Warning, "invalid-template", "template has no Resources section", root_.range());
    return;
  }
  if (!section->value.is_object()) {
    diagnose(DiagnosticLevel::Error, "invalid-template", "Resources is not a mapping", section->range);
    return;
  }

  // Declarations first, so references can point forward.
  std::vector<const Member*> declared;
  for (const Member& m : section->value.as_object()) {
    if (m.key.starts_with("Fn::ForEach::")) {
      unresolved("Fn::ForEach", "resources generated by loops are not scanned", m.range);
      continue;
    }
    const Value* type = m.value.get("Type");
    if (!m.value.is_object() || type == nullptr) {
      diagnose(DiagnosticLevel::Error, "invalid-template", "resource " + m.key + " has no Type", m.range);
      continue;
    }
    if (!type->is_string()) {
      // `Type: !Rain::Module …`: an entry a pre-processor replaces. References to it
      // stay valid, but there is nothing to scan.
      diagnose(DiagnosticLevel::Warning, "unknown-resource-type",
               "resource " + m.key + " has no literal Type and is not scanned", type->range());
      Slot placeholder;
      placeholder.member = &m;
      slots_.emplace(m.key, placeholder);
      module_placeholders_.push_back(m.key);
      continue;
    }
    if (parameters_.count(m.key) != 0) {
      diagnose(DiagnosticLevel::Error, "duplicate-logical-id",
               "logical id " + m.key + " is both a parameter and a resource", header_range(m));
    }
    declared.push_back(&m);
  }
  std::stable_sort(declared.begin(), declared.end(),
                   [](const Member* a, const Member* b) { return range_less(a->range, b->range); });
  for (const Member* m : declared) {
    Slot slot;
    slot.member = m;
    if (const Value* condition = m->value.get("Condition")) {
      if (condition->is_string()) {
        slot.condition = condition->as_string();
      } else {
        diagnose(DiagnosticLevel::Error, "invalid-template", "the Condition of resource " + m->key + " is not a name",
                 condition->range());
        slot.created = Tri::Unknown;
      }
    }
    slots_.emplace(m->key, std::move(slot));
  }
  // Conditions are evaluated once every resource is declared, so that a reference in
  // a condition resolves like any other.
  for (const Member* m : declared) {
    Slot& slot = slots_[m->key];
    if (!slot.condition.empty()) {
      const SourceRange& use = m->value.get("Condition")->range();
      check_condition_name(slot.condition, use);
      slot.created = condition(slot.condition, use, 0);
    }
    if (slot.created != Tri::False) {
      slot.index = static_cast<int>(out_.resources.size());
      out_.resources.emplace_back();
    }
  }

  for (const Member* m : declared) {
    const Slot& slot = slots_[m->key];
    check_references(m->value, false);
    if (slot.index < 0) continue;
    Resource& resource = out_.resources[static_cast<size_t>(slot.index)];
    resource.platform = Platform::CloudFormation;
    resource.type = m->value.get("Type")->as_string();
    resource.address = m->key;
    resource.range = m->range;
    resource.header = header_range(*m);
    resource.module = file_.path;
    resource.root = root_name_;

    current_resource_ = slot.index;
    path_.clear();
    const Value properties = merged_properties(slot, resource.type);
    std::optional<Value> attributes = eval(properties, 0);
    current_resource_ = -1;
    if (attributes && attributes->is_object()) {
      resource.attributes = std::move(*attributes);
    } else {
      if (attributes && !attributes->is_null()) {
        diagnose(DiagnosticLevel::Warning, "unknown-properties",
                 "the Properties of resource " + m->key + " are not known before deploy: " +
                     (attributes->is_unknown() ? attributes->unknown_reason() : "not a mapping"),
                 properties.range());
      }
      resource.attributes = Value::object({}, properties.range().valid() ? properties.range() : m->range);
    }
    if (const Value* metadata = m->value.get("Metadata")) read_suppressions(*metadata, resource);
  }
}

Value TemplateEvaluator::merged_properties(const Slot& slot, const std::string& type) const {
  const Value* own = slot.member->value.get("Properties");
  Value properties = own != nullptr ? *own : Value::object({}, slot.member->range);
  if (!serverless_ || !type.starts_with("AWS::Serverless::")) return properties;
  const Value* globals = root_.get("Globals");
  const Value* section =
      globals != nullptr ? globals->get(type.substr(std::string_view("AWS::Serverless::").size())) : nullptr;
  if (section == nullptr || !section->is_object() || !properties.is_object()) return properties;

  // SAM's rules: the resource's own scalar wins, maps merge, lists are concatenated
  // (globals first).
  struct Merger {
    static Value merge(const Value& global, const Value& local) {
      if (global.is_object() && local.is_object() && intrinsic_name(global).empty() && intrinsic_name(local).empty()) {
        Object members = local.as_object();  // same order as local's, so indices carry over
        for (const Member& g : global.as_object()) {
          if (const Member* mine = local.find(g.key)) {
            members[static_cast<size_t>(mine - local.as_object().data())].value = merge(g.value, mine->value);
          } else {
            members.push_back(g);
          }
        }
        return Value::object(std::move(members), local.range());
      }
      if (global.is_list() && local.is_list()) {
        List items = global.as_list();
        items.insert(items.end(), local.as_list().begin(), local.as_list().end());
        return Value::list(std::move(items), local.range());
      }
      return local;
    }
  };
  return Merger::merge(*section, properties);
}

void TemplateEvaluator::read_suppressions(const Value& metadata, Resource& resource) {
  const Value* vouch = metadata.get("vouch");
  const Value* ignore = vouch != nullptr ? vouch->get("ignore") : nullptr;
  if (ignore == nullptr) return;
  List entries = ignore->is_list() ? ignore->as_list() : List{*ignore};
  for (const Value& entry : entries) {
    InlineSuppression suppression;
    suppression.range = entry.range();
    if (entry.is_string()) {
      suppression.rule_id = entry.as_string();  // a bare id: its missing reason is reported later
    } else if (entry.is_object()) {
      for (const Member& m : entry.as_object()) {
        std::string text;
        const bool is_text = scalar_to_string(m.value, text);
        if (m.key != "id" && m.key != "reason" && m.key != "expires") {
          suppression.parse_error = "unknown key '" + m.key + "' (expected id, reason, expires)";
        } else if (!is_text) {
          suppression.parse_error = m.key + " is not a string";
        } else if (m.key == "id") {
          suppression.rule_id = text;
        } else if (m.key == "reason") {
          suppression.reason = text;
        } else {
          suppression.expires = text;
          const bool date_shape =
              text.size() == 10 && text[4] == '-' && text[7] == '-' &&
              std::all_of(text.begin(), text.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
          if (!date_shape) suppression.parse_error = "expires '" + text + "' is not a YYYY-MM-DD date";
        }
      }
      if (suppression.rule_id.empty() && suppression.parse_error.empty()) suppression.parse_error = "missing id";
    } else {
      suppression.parse_error = "expected {id, reason, expires}";
    }
    resource.suppressions.push_back(std::move(suppression));
  }
}

// ---- Conditions ----------------------------------------------------------------

Tri TemplateEvaluator::condition(std::string_view name, const SourceRange& use, unsigned depth) {
  if (auto it = condition_values_.find(name); it != condition_values_.end()) return it->second;
  auto definition = condition_definitions_.find(name);
  if (definition == condition_definitions_.end()) return Tri::Unknown;  // reported by check_references
  if (conditions_in_progress_.count(name) != 0) {
    diagnose(DiagnosticLevel::Error, "condition-cycle", "condition " + std::string(name) + " depends on itself", use);
    return Tri::Unknown;
  }
  if (depth > kMaxDepth) {
    diagnose(DiagnosticLevel::Error, "nesting-too-deep", "conditions refer to each other too deeply", use);
    return Tri::Unknown;
  }
  conditions_in_progress_.emplace(name);
  // Conditions are evaluated outside any resource: a reference there makes no edge.
  const int saved_resource = current_resource_;
  current_resource_ = -1;
  const Tri value = condition_expression(*definition->second, depth + 1);
  current_resource_ = saved_resource;
  conditions_in_progress_.erase(conditions_in_progress_.find(name));
  condition_values_.emplace(std::string(name), value);
  return value;
}

Tri TemplateEvaluator::condition_expression(const Value& node, unsigned depth) {
  if (node.is_bool()) return node.as_bool() ? Tri::True : Tri::False;
  if (depth > kMaxDepth) {
    diagnose(DiagnosticLevel::Error, "nesting-too-deep", "conditions nest too deeply", node.range());
    return Tri::Unknown;
  }
  if (!node.is_object() || node.as_object().size() != 1) {
    diagnose(DiagnosticLevel::Error, "invalid-intrinsic",
             "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not "
             "or Condition",
             node.range());
    return Tri::Unknown;
  }
  const Member& call = node.as_object()[0];
  const Value& args = call.value;
  if (call.key == "Condition") {
    if (!args.is_string()) {
      invalid("Condition", "expects the name of a condition", node.range());
      return Tri::Unknown;
    }
    return condition(args.as_string(), node.range(), depth + 1);
  }
  if (call.key == "Fn::Equals") {
    if (!args.is_list() || args.as_list().size() != 2) {
      invalid(call.key, "expects a list of two values", node.range());
      return Tri::Unknown;
    }
    const Value a = eval_argument(args.as_list()[0], depth + 1);
    const Value b = eval_argument(args.as_list()[1], depth + 1);
    if (a.contains_unknown() || b.contains_unknown()) return Tri::Unknown;
    std::string sa, sb;
    // CloudFormation compares what is written: "10" equals 10, "true" equals true.
    if (scalar_to_string(a, sa) && scalar_to_string(b, sb)) return sa == sb ? Tri::True : Tri::False;
    return a.equals(b) ? Tri::True : Tri::False;
  }
  if (call.key == "Fn::Not") {
    if (!args.is_list() || args.as_list().size() != 1) {
      invalid(call.key, "expects a list of one condition", node.range());
      return Tri::Unknown;
    }
    const Tri inner = condition_expression(args.as_list()[0], depth + 1);
    return inner == Tri::Unknown ? Tri::Unknown : inner == Tri::True ? Tri::False : Tri::True;
  }
  if (call.key == "Fn::And" || call.key == "Fn::Or") {
    const bool is_and = call.key == "Fn::And";
    if (!args.is_list() || args.as_list().empty()) {
      invalid(call.key, "expects a list of conditions", node.range());
      return Tri::Unknown;
    }
    // Kleene logic: a decisive operand decides even when another is unknown.
    bool any_unknown = false;
    for (const Value& operand : args.as_list()) {
      const Tri t = condition_expression(operand, depth + 1);
      if (t == Tri::Unknown) any_unknown = true;
      if (is_and && t == Tri::False) return Tri::False;
      if (!is_and && t == Tri::True) return Tri::True;
    }
    if (any_unknown) return Tri::Unknown;
    return is_and ? Tri::True : Tri::False;
  }
  // Anything else (an Fn::If, a Ref to a boolean parameter) is evaluated as a value.
  const Value value = eval_argument(node, depth + 1);
  if (value.is_bool()) return value.as_bool() ? Tri::True : Tri::False;
  if (value.is_string() && (value.as_string() == "true" || value.as_string() == "false")) {
    return value.as_string() == "true" ? Tri::True : Tri::False;
  }
  if (!value.is_unknown()) invalid(call.key, "does not give a condition", node.range());
  return Tri::Unknown;
}

// ---- Values and intrinsic functions ------------------------------------------

bool TemplateEvaluator::spend(size_t bytes, const SourceRange& range) {
  spent_ += bytes;
  if (spent_ <= kEvaluationBudget) return true;
  if (!budget_reported_) {
    budget_reported_ = true;
    diagnose(DiagnosticLevel::Error, "evaluation-budget",
             "evaluating the template copies more than " + std::to_string(kEvaluationBudget >> 20) +
                 " MiB of values; the remaining values are unknown",
             range);
  }
  return false;
}

Value TemplateEvaluator::over_budget(const SourceRange& range) const {
  return Value::unknown("the template's evaluation budget is spent", range);
}

Value TemplateEvaluator::invalid(const std::string& function, const std::string& why, const SourceRange& range) {
  diagnose(DiagnosticLevel::Error, "invalid-intrinsic", function + " " + why, range);
  return Value::unknown("invalid " + function + ": " + why, range);
}

Value TemplateEvaluator::unresolved(const std::string& function, const std::string& why, const SourceRange& range) {
  // The message starts with the function name: reports count these per function.
  diagnose(DiagnosticLevel::Warning, "unresolved-intrinsic", function + " is not evaluated: " + why, range);
  return Value::unknown(function + " is not evaluated", range);
}

std::optional<Value> TemplateEvaluator::eval(const Value& node, unsigned depth) {
  if (depth > kMaxDepth) {
    diagnose(DiagnosticLevel::Error, "nesting-too-deep", "values nest too deeply", node.range());
    return Value::unknown("nested too deeply", node.range());
  }
  if (const std::string_view function = intrinsic_name(node); !function.empty()) {
    // Inside a function's arguments there is no attribute path, except in the
    // branches of Fn::If, which stand where the Fn::If stands.
    FlagGuard freeze(path_frozen_, path_frozen_ || function != "Fn::If");
    return call(std::string(function), node.as_object()[0].value, node.range(), depth + 1);
  }
  if (node.is_object()) {
    Object members;
    members.reserve(node.as_object().size());
    for (const Member& m : node.as_object()) {
      if (m.key.starts_with("Fn::ForEach::")) {
        unresolved("Fn::ForEach", "properties generated by loops are not scanned", m.range);
        continue;
      }
      if (!path_frozen_) path_.push_back(key_segment(m.key));
      std::optional<Value> value = eval(m.value, depth + 1);
      if (!path_frozen_) path_.pop_back();
      if (value) members.push_back(Member{m.key, std::move(*value), m.range});
    }
    return Value::object(std::move(members), node.range());
  }
  if (node.is_list()) {
    List items;
    items.reserve(node.as_list().size());
    uint32_t index = 0;
    for (const Value& item : node.as_list()) {
      if (!path_frozen_) path_.push_back(index_segment(index));
      std::optional<Value> value = eval(item, depth + 1);
      if (!path_frozen_) path_.pop_back();
      if (value) {
        items.push_back(std::move(*value));
        ++index;
      }
    }
    return Value::list(std::move(items), node.range());
  }
  return node;
}

Value TemplateEvaluator::eval_argument(const Value& node, unsigned depth) {
  FlagGuard freeze(path_frozen_, true);
  std::optional<Value> value = eval(node, depth);
  return value ? std::move(*value) : Value::null(node.range());
}

std::optional<Value> TemplateEvaluator::ref(const std::string& name, const SourceRange& range) {
  if (auto it = parameters_.find(name); it != parameters_.end()) {
    if (!spend(it->second.bytes, range)) return over_budget(range);
    Value value = it->second.value;
    value.set_range(range);
    return value.with_origin({"parameter " + name + " (" + it->second.origin + ")", it->second.origin_range});
  }
  if (name == "AWS::NoValue") return std::nullopt;
  if (is_pseudo_parameter(name)) {
    return Value::unknown("pseudo parameter " + name + " is known only at deploy time", range);
  }
  return resource_reference(name, "", range);
}

Value TemplateEvaluator::resource_reference(const std::string& logical_id, const std::string& attribute,
                                            const SourceRange& range) {
  auto it = slots_.find(logical_id);
  if (it == slots_.end()) return Value::unknown(logical_id + " is not defined in the template", range);
  const Slot& target = it->second;
  if (target.created == Tri::False) {
    return Value::unknown("resource " + logical_id + " is not created: condition " + target.condition + " is false",
                          range);
  }
  if (current_resource_ >= 0 && target.index >= 0 && target.index != current_resource_) {
    out_.edges.push_back(Edge{static_cast<uint32_t>(current_resource_), static_cast<uint32_t>(target.index),
                              format_attribute_path(path_), range});
  }
  return Value::unknown(
      "computed by CloudFormation: " + (attribute.empty() ? "Ref " + logical_id : logical_id + "." + attribute), range);
}

std::optional<Value> TemplateEvaluator::call(const std::string& function, const Value& args, const SourceRange& range,
                                             unsigned depth) {
  std::optional<Value> result = call_function(function, args, range, depth);
  // Ref charges itself; If passes on what its branch built.
  if (result && function != "Ref" && function != "Fn::If" && !spend(value_bytes(*result), range)) {
    return over_budget(range);
  }
  return result;
}

std::optional<Value> TemplateEvaluator::call_function(const std::string& function, const Value& args,
                                                      const SourceRange& range, unsigned depth) {
  if (function == "Ref") {
    const Value name = eval_argument(args, depth);
    if (name.is_unknown()) return Value::unknown(name.unknown_reason(), range);
    if (!name.is_string() || name.as_string().empty()) return invalid(function, "expects a name", range);
    return ref(name.as_string(), range);
  }
  if (function == "Fn::GetAtt") {
    std::string logical_id, attribute;
    if (args.is_string()) {
      const size_t dot = args.as_string().find('.');
      if (dot == std::string::npos) return invalid(function, "expects Resource.Attribute", range);
      logical_id = args.as_string().substr(0, dot);
      attribute = args.as_string().substr(dot + 1);
    } else if (args.is_list() && args.as_list().size() == 2 && args.as_list()[0].is_string()) {
      logical_id = args.as_list()[0].as_string();
      const Value name = eval_argument(args.as_list()[1], depth);
      if (name.is_string()) {
        attribute = name.as_string();
      } else if (name.is_unknown()) {
        attribute = "<attribute>";
      } else {
        return invalid(function, "expects an attribute name", range);
      }
    } else {
      return invalid(function, "expects [Resource, Attribute]", range);
    }
    return resource_reference(logical_id, attribute, range);
  }
  if (function == "Fn::Sub") return fn_sub(args, range, depth);
  if (function == "Fn::If") {
    bool removed = false;
    Value value = fn_if(args, range, depth, removed);
    if (removed) return std::nullopt;
    return value;
  }
  if (function == "Fn::FindInMap") return fn_find_in_map(args, range, depth);
  if (function == "Fn::Cidr") return fn_cidr(args, range, depth);
  if (function == "Fn::Equals" || function == "Fn::And" || function == "Fn::Or" || function == "Fn::Not") {
    const Tri t = condition_expression(Value::object({Member{function, args, range}}, range), depth);
    if (t == Tri::Unknown) return Value::unknown("condition is not known before deploy", range);
    return Value::boolean(t == Tri::True, range);
  }

  if (function == "Fn::Join") {
    if (!args.is_list() || args.as_list().size() != 2) return invalid(function, "expects [delimiter, list]", range);
    const Value delimiter = eval_argument(args.as_list()[0], depth);
    const Value items = eval_argument(args.as_list()[1], depth);
    if (const Value* u = first_unknown(delimiter)) return Value::unknown(u->unknown_reason(), range);
    if (items.is_unknown()) return Value::unknown(items.unknown_reason(), range);
    if (!delimiter.is_string() || !items.is_list()) return invalid(function, "expects [delimiter, list]", range);
    std::string joined;
    bool first = true;
    for (const Value& item : items.as_list()) {
      if (item.is_unknown()) return Value::unknown(item.unknown_reason(), range);
      std::string text;
      if (!scalar_to_string(item, text)) return invalid(function, "can only join strings", range);
      if (!first) joined += delimiter.as_string();
      first = false;
      joined += text;
    }
    return Value::string(std::move(joined), range);
  }
  if (function == "Fn::Select") {
    if (!args.is_list() || args.as_list().size() != 2) return invalid(function, "expects [index, list]", range);
    const Value index = eval_argument(args.as_list()[0], depth);
    const Value items = eval_argument(args.as_list()[1], depth);
    if (index.is_unknown()) return Value::unknown(index.unknown_reason(), range);
    if (items.is_unknown()) return Value::unknown(items.unknown_reason(), range);
    long long i = 0;
    if (!to_integer(index, i) || !items.is_list()) return invalid(function, "expects [index, list]", range);
    if (i < 0 || static_cast<size_t>(i) >= items.as_list().size()) {
      return invalid(
          function,
          "index " + std::to_string(i) + " is out of range for a list of " + std::to_string(items.as_list().size()),
          range);
    }
    Value selected = items.as_list()[static_cast<size_t>(i)];
    selected.set_range(range);
    return selected;
  }
  if (function == "Fn::Split") {
    if (!args.is_list() || args.as_list().size() != 2) return invalid(function, "expects [delimiter, string]", range);
    const Value delimiter = eval_argument(args.as_list()[0], depth);
    const Value source = eval_argument(args.as_list()[1], depth);
    if (delimiter.is_unknown()) return Value::unknown(delimiter.unknown_reason(), range);
    if (source.is_unknown()) return Value::unknown(source.unknown_reason(), range);
    std::string text;
    if (!delimiter.is_string() || !scalar_to_string(source, text)) {
      return invalid(function, "expects [delimiter, string]", range);
    }
    List parts;
    for (std::string& part : split(text, delimiter.as_string())) parts.push_back(Value::string(std::move(part), range));
    return Value::list(std::move(parts), range);
  }
  if (function == "Fn::Base64") {
    const Value source = eval_argument(args, depth);
    if (source.is_unknown()) return Value::unknown(source.unknown_reason(), range);
    std::string text;
    if (!scalar_to_string(source, text)) return invalid(function, "expects a string", range);
    return Value::string(base64_encode(text), range);
  }
  if (function == "Fn::GetAZs") {
    const Value region = eval_argument(args, depth);
    std::string name;
    if (!scalar_to_string(region, name) || name.empty()) name = "the stack's region";
    return Value::unknown("the availability zones of " + name + " are known only at deploy time", range);
  }
  if (function == "Fn::ImportValue") {
    const Value name = eval_argument(args, depth);
    std::string text;
    if (scalar_to_string(name, text)) return Value::unknown("imported from another stack's export " + text, range);
    return Value::unknown("imported from another stack's export", range);
  }
  if (function == "Fn::Length") {
    const Value items = eval_argument(args, depth);
    if (items.is_unknown()) return Value::unknown(items.unknown_reason(), range);
    if (!items.is_list()) return invalid(function, "expects a list", range);
    return Value::number(static_cast<double>(items.as_list().size()), range);
  }
  if (function == "Fn::ToJsonString") {
    const Value value = eval_argument(args, depth);
    if (const Value* u = first_unknown(value)) return Value::unknown(u->unknown_reason(), range);
    return Value::string(to_json(value), range);
  }
  if (function == "Fn::Transform") return unresolved(function, "macros run at deploy time", range);
  if (function.starts_with("Fn::ForEach")) return unresolved("Fn::ForEach", "loops are not expanded", range);
  if (function.starts_with("Rain::")) return unresolved(function, "pre-processor directives are not applied", range);
  return unresolved(function, "unknown function", range);
}

Value TemplateEvaluator::fn_sub(const Value& args, const SourceRange& range, unsigned depth) {
  const std::string function = "Fn::Sub";
  const Value* text = &args;
  std::map<std::string, Value, std::less<>> variables;
  if (args.is_list()) {
    if (args.as_list().size() != 2 || !args.as_list()[1].is_object()) {
      return invalid(function, "expects a string or [string, {variables}]", range);
    }
    text = &args.as_list()[0];
    for (const Member& m : args.as_list()[1].as_object()) variables[m.key] = eval_argument(m.value, depth);
  }
  const Value template_text = text->is_string() ? *text : eval_argument(*text, depth);  // `!Sub !Rain::Embed f`
  if (template_text.is_unknown()) return Value::unknown(template_text.unknown_reason(), range);
  if (!template_text.is_string()) return invalid(function, "expects a string", range);

  std::string result;
  std::optional<Value> first_unknown_piece;
  for (const SubPiece& piece : parse_sub(template_text.as_string())) {
    if (!piece.variable) {
      result += piece.text;
      continue;
    }
    std::optional<Value> value;
    if (auto it = variables.find(piece.text); it != variables.end()) {
      value = it->second;
    } else if (const size_t dot = piece.text.find('.');
               dot != std::string::npos && slots_.count(std::string_view(piece.text).substr(0, dot)) != 0) {
      value = resource_reference(piece.text.substr(0, dot), piece.text.substr(dot + 1), range);
    } else {
      value = ref(piece.text, range);
      if (!value) value = Value::string("", range);  // ${AWS::NoValue}
    }
    // Every reference is followed (for its edge) even after an unknown one.
    if (const Value* u = first_unknown(*value)) {
      if (!first_unknown_piece) first_unknown_piece = *u;
      continue;
    }
    std::string piece_text;
    if (!scalar_to_string(*value, piece_text)) {
      return invalid(function, "variable " + piece.text + " is not a string", range);
    }
    result += piece_text;
  }
  if (first_unknown_piece) return Value::unknown(first_unknown_piece->unknown_reason(), range);
  return Value::string(std::move(result), range);
}

Value TemplateEvaluator::fn_if(const Value& args, const SourceRange& range, unsigned depth, bool& removed) {
  const std::string function = "Fn::If";
  if (!args.is_list() || args.as_list().size() != 3 || !args.as_list()[0].is_string()) {
    return invalid(function, "expects [condition, value if true, value if false]", range);
  }
  const std::string& name = args.as_list()[0].as_string();
  const Tri chosen = condition(name, args.as_list()[0].range(), depth);
  auto branch = [&](size_t i) { return eval(args.as_list()[i], depth + 1); };
  if (chosen != Tri::Unknown) {
    std::optional<Value> value = branch(chosen == Tri::True ? 1 : 2);
    if (!value) {
      removed = true;
      return Value();
    }
    return std::move(*value);
  }
  // Both branches are followed so that either one's references show up as edges.
  const std::optional<Value> then_value = branch(1);
  const std::optional<Value> else_value = branch(2);
  if (!then_value && !else_value) {
    removed = true;
    return Value();
  }
  if (then_value && else_value && then_value->equals(*else_value)) return *then_value;
  return Value::unknown("condition " + name + " is not known before deploy", range);
}

Value TemplateEvaluator::fn_find_in_map(const Value& args, const SourceRange& range, unsigned depth) {
  const std::string function = "Fn::FindInMap";
  if (!args.is_list() || args.as_list().size() < 3 || args.as_list().size() > 4) {
    return invalid(function, "expects [map, top-level key, second-level key]", range);
  }
  std::optional<Value> fallback;
  if (args.as_list().size() == 4) {
    const Value* default_value = args.as_list()[3].get("DefaultValue");
    if (default_value == nullptr) return invalid(function, "expects {DefaultValue: …} as its fourth argument", range);
    fallback = eval_argument(*default_value, depth);
  }
  std::string keys[3];
  for (size_t i = 0; i < 3; ++i) {
    const Value key = eval_argument(args.as_list()[i], depth);
    if (key.is_unknown()) return Value::unknown(key.unknown_reason(), range);
    if (!scalar_to_string(key, keys[i])) return invalid(function, "keys must be strings", range);
  }
  const Value* found = mappings_ != nullptr ? mappings_->get(keys[0]) : nullptr;
  if (found == nullptr && !fallback) return invalid(function, "mapping " + keys[0] + " is not defined", range);
  if (found != nullptr) found = found->get(keys[1]);
  if (found != nullptr) found = found->get(keys[2]);
  if (found == nullptr) {
    if (fallback) {
      fallback->set_range(range);
      return *fallback;
    }
    return invalid(function, "mapping " + keys[0] + " has no entry " + keys[1] + "." + keys[2], range);
  }
  Value value = *found;
  value.set_range(range);
  return value.with_origin({"mapping " + keys[0] + "." + keys[1] + "." + keys[2], found->range()});
}

Value TemplateEvaluator::fn_cidr(const Value& args, const SourceRange& range, unsigned depth) {
  const std::string function = "Fn::Cidr";
  if (!args.is_list() || args.as_list().size() != 3)
    return invalid(function, "expects [block, count, cidrBits]", range);
  Value parts[3];
  for (size_t i = 0; i < 3; ++i) {
    parts[i] = eval_argument(args.as_list()[i], depth);
    if (parts[i].is_unknown()) return Value::unknown(parts[i].unknown_reason(), range);
  }
  long long count = 0, host_bits = 0;
  if (!parts[0].is_string() || !to_integer(parts[1], count) || !to_integer(parts[2], host_bits)) {
    return invalid(function, "expects [block, count, cidrBits]", range);
  }
  std::vector<std::string> subnets;
  std::string error;
  if (!cidr_subnets(parts[0].as_string(), count, host_bits, subnets, error)) {
    return invalid(function, error, range);
  }
  List items;
  for (std::string& subnet : subnets) items.push_back(Value::string(std::move(subnet), range));
  return Value::list(std::move(items), range);
}

// ---- Reference checks ----------------------------------------------------------

bool TemplateEvaluator::provided_by_module(std::string_view name) const {
  // Rain names a module's resources <ModuleLogicalId><ResourceLogicalId>.
  return std::any_of(module_placeholders_.begin(), module_placeholders_.end(),
                     [&](const std::string& module) { return name.starts_with(module); });
}

void TemplateEvaluator::check_name(const std::string& name, const SourceRange& range, const char* how) {
  if (parameters_.count(name) != 0 || is_pseudo_parameter(name) || slots_.count(name) != 0) return;
  if (provided_by_module(name)) return;
  // A transform may add what the template refers to (SAM's implicit roles and APIs).
  diagnose(has_transform_ ? DiagnosticLevel::Warning : DiagnosticLevel::Error, "dangling-reference",
           std::string(how) + " " + name + ", which is neither a parameter, a pseudo parameter nor a resource", range);
}

void TemplateEvaluator::check_resource(const std::string& name, const SourceRange& range) {
  if (slots_.count(name) != 0 || provided_by_module(name)) return;
  diagnose(has_transform_ ? DiagnosticLevel::Warning : DiagnosticLevel::Error, "dangling-reference",
           "Fn::GetAtt of " + name + ", which is not a resource", range);
}

void TemplateEvaluator::check_condition_name(const std::string& name, const SourceRange& range) {
  if (condition_definitions_.count(name) != 0) return;
  diagnose(DiagnosticLevel::Error, "dangling-reference", "condition " + name + " is not defined", range);
}

void TemplateEvaluator::check_references(const Value& node, bool in_conditions) {
  if (node.is_list()) {
    for (const Value& item : node.as_list()) check_references(item, in_conditions);
    return;
  }
  if (!node.is_object() || node.as_object().empty()) return;
  const std::string_view function = intrinsic_name(node);
  const Value& args = node.as_object().front().value;
  if (function == "Ref" && args.is_string()) {
    if (!args.as_string().empty()) check_name(args.as_string(), node.range(), "Ref to");  // else invalid-intrinsic
    return;
  }
  if (function == "Fn::GetAtt") {
    if (args.is_string()) {
      check_resource(args.as_string().substr(0, args.as_string().find('.')), node.range());
    } else if (args.is_list() && !args.as_list().empty() && args.as_list()[0].is_string()) {
      check_resource(args.as_list()[0].as_string(), node.range());
      check_references(args, in_conditions);
    }
    return;
  }
  if (function == "Fn::Sub") {
    const Value* text = &args;
    const Value* variables = nullptr;
    if (args.is_list() && args.as_list().size() == 2) {
      text = &args.as_list()[0];
      variables = &args.as_list()[1];
      check_references(*variables, in_conditions);
    }
    if (!text->is_string()) {
      check_references(*text, in_conditions);
      return;
    }
    for (const SubPiece& piece : parse_sub(text->as_string())) {
      if (!piece.variable || (variables != nullptr && variables->get(piece.text) != nullptr)) continue;
      const size_t dot = piece.text.find('.');
      if (dot != std::string::npos && !is_pseudo_parameter(piece.text)) {
        check_resource(piece.text.substr(0, dot), node.range());
      } else {
        check_name(piece.text, node.range(), "${} reference to");
      }
    }
    return;
  }
  if (function == "Fn::If" && args.is_list() && !args.as_list().empty() && args.as_list()[0].is_string()) {
    check_condition_name(args.as_list()[0].as_string(), args.as_list()[0].range());
    for (size_t i = 1; i < args.as_list().size(); ++i) check_references(args.as_list()[i], in_conditions);
    return;
  }
  if (in_conditions && node.as_object().size() == 1 && node.as_object().front().key == "Condition") {
    if (args.is_string()) check_condition_name(args.as_string(), node.range());
    return;
  }
  for (const Member& m : node.as_object()) {
    if (m.key == "DependsOn" && function.empty()) {
      const List targets = m.value.is_list() ? m.value.as_list() : List{m.value};
      for (const Value& target : targets) {
        if (target.is_string() && slots_.count(target.as_string()) == 0 && !provided_by_module(target.as_string())) {
          diagnose(has_transform_ ? DiagnosticLevel::Warning : DiagnosticLevel::Error, "dangling-reference",
                   "DependsOn " + target.as_string() + ", which is not a resource", target.range());
        }
      }
      continue;
    }
    check_references(m.value, in_conditions);
  }
}

}  // namespace vouch::cloudformation::detail
