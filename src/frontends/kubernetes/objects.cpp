#include "frontends/kubernetes/objects.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace vouch::kubernetes::detail {

std::string_view api_group(std::string_view api_version) {
  const size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view{} : api_version.substr(0, slash);
}

bool is_cluster_scoped(std::string_view api_version, std::string_view kind) {
  static constexpr std::array<std::string_view, 24> kClusterKinds = {
      "APIService",
      "CertificateSigningRequest",
      "ClusterRole",
      "ClusterRoleBinding",
      "ComponentStatus",
      "CSIDriver",
      "CSINode",
      "CustomResourceDefinition",
      "FlowSchema",
      "IngressClass",
      "MutatingWebhookConfiguration",
      "Namespace",
      "Node",
      "PersistentVolume",
      "PodSecurityPolicy",
      "PriorityClass",
      "PriorityLevelConfiguration",
      "RuntimeClass",
      "StorageClass",
      "ValidatingAdmissionPolicy",
      "ValidatingAdmissionPolicyBinding",
      "ValidatingWebhookConfiguration",
      "VolumeAttachment",
      "ClusterIssuer",
  };
  if (std::find(kClusterKinds.begin(), kClusterKinds.end(), kind) != kClusterKinds.end()) return true;
  // Component configuration files (kubelet, kube-proxy, kubeadm, apiserver
  // encryption and admission, audit policy) are files on a node, not API objects.
  const std::string_view group = api_group(api_version);
  auto ends_with = [](std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
  };
  return group == "audit.k8s.io" || group == "kubeadm.k8s.io" || ends_with(group, ".config.k8s.io");
}

std::string make_address(std::string_view kind, std::string_view ns, std::string_view name) {
  std::string out(kind);
  out += '/';
  if (!ns.empty()) {
    out += ns;
    out += '/';
  }
  out += name;
  return out;
}

std::string scalar_text(const Value& value, bool& ok) {
  ok = true;
  switch (value.kind()) {
    case ValueKind::String:
      return value.as_string();
    case ValueKind::Bool:
      return value.as_bool() ? "true" : "false";
    case ValueKind::Number: {
      const double n = value.as_number();
      char buffer[64];
      if (std::nearbyint(n) == n && std::fabs(n) < 1e15) {
        std::snprintf(buffer, sizeof buffer, "%.0f", n);
      } else {
        std::snprintf(buffer, sizeof buffer, "%g", n);
      }
      return buffer;
    }
    default:
      ok = false;
      return "";
  }
}

const Value* lookup(const Value& value, std::initializer_list<std::string_view> keys) {
  const Value* current = &value;
  for (std::string_view key : keys) {
    current = current->get(key);
    if (current == nullptr) return nullptr;
  }
  return current;
}

const Member* lookup_member(const Value& value, std::initializer_list<std::string_view> keys) {
  const Value* current = &value;
  const Member* member = nullptr;
  for (std::string_view key : keys) {
    member = current->find(key);
    if (member == nullptr) return nullptr;
    current = &member->value;
  }
  return member;
}

std::string string_at(const Value& value, std::initializer_list<std::string_view> keys) {
  const Value* found = lookup(value, keys);
  return found != nullptr && found->is_string() ? found->as_string() : std::string{};
}

namespace {

SourceRange span(const SourceRange& first, const SourceRange& last) {
  SourceRange out = first;
  if (last.valid()) {
    out.end_line = last.end_line;
    out.end_col = last.end_col;
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// Where a workload keeps its pod template: the object holding `metadata` and `spec`
// of the pods it creates. nullptr for kinds that create no pods.
const Value* pod_template(const Value& object, std::string_view api_version, std::string_view kind) {
  const std::string_view group = api_group(api_version);
  if (group.empty() && kind == "Pod") return &object;
  if (group.empty() && kind == "ReplicationController") return lookup(object, {"spec", "template"});
  if (group.empty() && kind == "PodTemplate") return lookup(object, {"template"});
  const bool apps = group == "apps" || group == "extensions";
  if (apps && (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" || kind == "ReplicaSet")) {
    return lookup(object, {"spec", "template"});
  }
  if (group == "batch" && kind == "Job") return lookup(object, {"spec", "template"});
  if (group == "batch" && kind == "CronJob") return lookup(object, {"spec", "jobTemplate", "spec", "template"});
  return nullptr;
}

// Pod-level security settings a container inherits unless it sets its own.
constexpr std::array<std::string_view, 7> kInheritedSecurityFields = {
    "appArmorProfile", "runAsGroup", "runAsNonRoot", "runAsUser", "seLinuxOptions", "seccompProfile", "windowsOptions",
};

Value effective_security_context(const Value* pod_context, const Value* container_context) {
  Object members;
  if (container_context != nullptr && container_context->is_object()) {
    members = container_context->as_object();
  }
  if (pod_context != nullptr && pod_context->is_object()) {
    for (std::string_view key : kInheritedSecurityFields) {
      const Member* inherited = pod_context->find(key);
      if (inherited == nullptr) continue;
      const bool overridden = container_context != nullptr && container_context->find(key) != nullptr;
      if (!overridden) members.push_back(*inherited);
    }
  }
  const SourceRange range = container_context != nullptr ? container_context->range()
                            : pod_context != nullptr     ? pod_context->range()
                                                         : SourceRange{};
  return Value::object(std::move(members), range);
}

std::string program_name(const Value* command) {
  if (command == nullptr || !command->is_list() || command->as_list().empty()) return "";
  const Value& first = command->as_list().front();
  if (!first.is_string()) return "";
  const std::string& path = first.as_string();
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// `securityContext.capabilities.add` as a list of {name} objects, names upper-cased
// without a `CAP_` prefix, so a rule can test each name against an allowed set.
Value capabilities_added(const Value& added) {
  List out;
  for (const Value& capability : added.as_list()) {
    if (!capability.is_string()) {
      out.push_back(Value::object({Member{"name", capability, capability.range()}}, capability.range()));
      continue;
    }
    std::string name = capability.as_string();
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
    if (starts_with(name, "CAP_")) name.erase(0, 4);
    out.push_back(Value::object({Member{"name", Value::string(name, capability.range()), capability.range()}},
                                capability.range()));
  }
  return Value::list(std::move(out), added.range());
}

// A container with `$flags`, `$program`, `$securityContext` and `$capabilities_added` added.
Value augment_container(const Value& container, const Value* pod_security_context) {
  if (!container.is_object()) return container;
  Object members = container.as_object();
  const Value* command = container.get("command");
  const Value* args = container.get("args");
  if (command != nullptr || args != nullptr) {
    Value flags = parse_flags(command, args);
    const SourceRange at = flags.range();
    members.push_back(Member{std::string(kFlags), std::move(flags), at});
  }
  const std::string program = program_name(command);
  if (!program.empty()) {
    const SourceRange at = command->as_list().front().range();
    members.push_back(Member{std::string(kProgram), Value::string(program, at), at});
  }
  if (const Member* added = lookup_member(container, {"securityContext", "capabilities", "add"});
      added != nullptr && added->value.is_list()) {
    members.push_back(Member{std::string(kCapabilitiesAdded), capabilities_added(added->value), added->range});
  }
  const Value* own_context = container.get("securityContext");
  if (own_context != nullptr || pod_security_context != nullptr) {
    Value effective = effective_security_context(pod_security_context, own_context);
    const Member* own_member = container.find("securityContext");
    const SourceRange at = own_member != nullptr ? own_member->range : effective.range();
    members.push_back(Member{std::string(kSecurityContext), std::move(effective), at});
  }
  return Value::object(std::move(members), container.range());
}

// `data`, `stringData` and `binaryData` of a ConfigMap or Secret as one list of
// {key, value, field} objects, so rules can test key names.
Value data_entries(const Value& object) {
  List entries;
  SourceRange first;
  for (std::string_view field : {"data", "stringData", "binaryData"}) {
    const Member* data = object.find(field);
    if (data == nullptr || !data->value.is_object()) continue;
    if (!first.valid()) first = data->range;
    for (const Member& entry : data->value.as_object()) {
      Object fields;
      fields.push_back(Member{"key", Value::string(entry.key, entry.range), entry.range});
      fields.push_back(Member{"value", entry.value, entry.range});
      fields.push_back(Member{"field", Value::string(std::string(field), data->range), data->range});
      entries.push_back(Value::object(std::move(fields), entry.range));
    }
  }
  return Value::list(std::move(entries), first);
}

// --- Audit policies -------------------------------------------------------------
// An audit Policy's rules apply in order and the first rule that matches a request
// sets its level. `$audit_levels` evaluates that for a few representative requests
// made by an ordinary authenticated user in an application namespace, so rules can
// ask "what does this policy log for Secrets" without re-implementing the ordering.

struct AuditRequest {
  std::string_view group;     // "" for the core group
  std::string_view resource;  // "secrets"
  std::string_view verb;
};

constexpr std::array<std::string_view, 4> kAuditLevelOrder = {"None", "Metadata", "Request", "RequestResponse"};

int audit_level_rank(std::string_view level) {
  for (size_t i = 0; i < kAuditLevelOrder.size(); ++i) {
    if (kAuditLevelOrder[i] == level) return static_cast<int>(i);
  }
  return -1;
}

bool empty_or_absent(const Value* list) {
  return list == nullptr || list->is_null() || (list->is_list() && list->as_list().empty());
}

bool list_contains(const Value* list, std::string_view wanted) {
  if (list == nullptr || !list->is_list()) return false;
  return std::any_of(list->as_list().begin(), list->as_list().end(), [&](const Value& v) {
    return v.is_string() && (v.as_string() == wanted || v.as_string() == "*");
  });
}

bool audit_rule_matches(const Value& rule, const AuditRequest& request) {
  // A rule limited to named users, to non-resource URLs, to named namespaces or to
  // named objects does not match an arbitrary user's request for an arbitrary object.
  if (!empty_or_absent(rule.get("users")) || !empty_or_absent(rule.get("nonResourceURLs")) ||
      !empty_or_absent(rule.get("namespaces"))) {
    return false;
  }
  if (const Value* groups = rule.get("userGroups");
      !empty_or_absent(groups) && !list_contains(groups, "system:authenticated")) {
    return false;
  }
  if (const Value* verbs = rule.get("verbs"); !empty_or_absent(verbs) && !list_contains(verbs, request.verb)) {
    return false;
  }
  const Value* resources = rule.get("resources");
  if (empty_or_absent(resources)) return true;
  if (!resources->is_list()) return false;
  for (const Value& group_resources : resources->as_list()) {
    const Value* group = group_resources.get("group");
    const std::string group_name = group != nullptr && group->is_string() ? group->as_string() : "";
    if (group_name != request.group && group_name != "*") continue;
    if (!empty_or_absent(group_resources.get("resourceNames"))) continue;
    const Value* names = group_resources.get("resources");
    if (empty_or_absent(names) || list_contains(names, request.resource)) return true;
  }
  return false;
}

// The level the policy gives `request`, as a string whose range is the deciding
// rule's `level` (or the `rules` list when no rule matches: then nothing is logged).
Value audit_level_for(const Value& policy, const AuditRequest& request) {
  const Member* rules = policy.find("rules");
  if (rules != nullptr && rules->value.is_list()) {
    for (const Value& rule : rules->value.as_list()) {
      if (!audit_rule_matches(rule, request)) continue;
      const Member* level = rule.find("level");
      if (level != nullptr && level->value.is_string()) return Value::string(level->value.as_string(), level->range);
      return Value::string("None", rule.range());
    }
  }
  return Value::string("None", rules != nullptr ? rules->range : SourceRange{});
}

// The weakest (or strongest) level the policy gives any of `requests`.
Value audit_level_over(const Value& policy, const std::vector<AuditRequest>& requests, bool strongest) {
  Value chosen;
  int chosen_rank = 0;
  for (const AuditRequest& request : requests) {
    Value level = audit_level_for(policy, request);
    const int rank = audit_level_rank(level.as_string());
    if (chosen.is_null() || (strongest ? rank > chosen_rank : rank < chosen_rank)) {
      chosen = std::move(level);
      chosen_rank = rank;
    }
  }
  return chosen;
}

Value audit_levels(const Value& policy) {
  std::vector<AuditRequest> secret_requests;
  for (std::string_view verb : {"get", "list", "watch", "create", "update", "patch", "delete"}) {
    secret_requests.push_back({"", "secrets", verb});
  }
  std::vector<AuditRequest> rbac_changes;
  for (std::string_view resource : {"roles", "rolebindings", "clusterroles", "clusterrolebindings"}) {
    for (std::string_view verb : {"create", "update", "patch", "delete"}) {
      rbac_changes.push_back({"rbac.authorization.k8s.io", resource, verb});
    }
  }
  std::vector<AuditRequest> pod_changes;
  for (std::string_view verb : {"create", "update", "patch", "delete"}) pod_changes.push_back({"", "pods", verb});

  auto member = [](std::string key, Value value) {
    const SourceRange at = value.range();
    return Member{std::move(key), std::move(value), at};
  };
  Object levels;
  levels.push_back(member("secrets", audit_level_over(policy, secret_requests, false)));
  levels.push_back(member("secrets_strongest", audit_level_over(policy, secret_requests, true)));
  levels.push_back(member("rbac_changes", audit_level_over(policy, rbac_changes, false)));
  levels.push_back(member("pod_changes", audit_level_over(policy, pod_changes, false)));
  const Member* rules = policy.find("rules");
  return Value::object(std::move(levels), rules != nullptr ? rules->range : policy.range());
}

}  // namespace

void add_synthetic_attributes(const Value& object, std::string_view api_version, std::string_view kind,
                              const std::string& ns, Object& members) {
  if (!ns.empty()) {
    const Member* written = lookup_member(object, {"metadata", "namespace"});
    const SourceRange at = written != nullptr ? written->value.range() : SourceRange{};
    members.push_back(Member{std::string(kNamespace), Value::string(ns, at), written ? written->range : at});
  }

  if (api_group(api_version).empty() && (kind == "ConfigMap" || kind == "Secret")) {
    Value entries = data_entries(object);
    const SourceRange at = entries.range();
    members.push_back(Member{std::string(kDataEntries), std::move(entries), at});
  }

  if (api_group(api_version) == "audit.k8s.io" && kind == "Policy") {
    Value levels = audit_levels(object);
    const SourceRange at = levels.range();
    members.push_back(Member{std::string(kAuditLevels), std::move(levels), at});
  }

  const Value* tmpl = pod_template(object, api_version, kind);
  if (tmpl == nullptr || !tmpl->is_object()) return;
  const Member* spec_member = tmpl->find("spec");
  if (spec_member == nullptr || !spec_member->value.is_object()) return;
  const Value& spec = spec_member->value;
  const Value* pod_security_context = spec.get("securityContext");

  // The pod spec with every container augmented, and all containers in one list.
  Object pod_members = spec.as_object();
  List all_containers;
  for (Member& member : pod_members) {
    if (member.key != "containers" && member.key != "initContainers" && member.key != "ephemeralContainers") {
      continue;
    }
    if (!member.value.is_list()) continue;
    List augmented;
    for (const Value& container : member.value.as_list()) {
      augmented.push_back(augment_container(container, pod_security_context));
      all_containers.push_back(augmented.back());
    }
    member.value = Value::list(std::move(augmented), member.value.range());
  }
  members.push_back(Member{std::string(kPod), Value::object(std::move(pod_members), spec.range()), spec_member->range});
  members.push_back(
      Member{std::string(kContainers), Value::list(std::move(all_containers), spec.range()), spec_member->range});
  if (const Member* metadata = tmpl->find("metadata")) {
    members.push_back(Member{std::string(kPodMetadata), metadata->value, metadata->range});
  }
}

Value parse_flags(const Value* command, const Value* args) {
  std::vector<const Value*> tokens;
  bool skip_program = true;
  for (const Value* list : {command, args}) {
    if (list == nullptr || !list->is_list()) {
      skip_program = false;
      continue;
    }
    for (const Value& token : list->as_list()) {
      if (list == command && skip_program) {
        skip_program = false;  // the program itself, not a flag
        continue;
      }
      tokens.push_back(&token);
    }
    skip_program = false;
  }

  Object flags;
  auto set_flag = [&](std::string name, Value value, SourceRange member_range) {
    // A repeated flag: the last one wins, as for the components' scalar flags.
    auto existing = std::find_if(flags.begin(), flags.end(), [&](const Member& m) { return m.key == name; });
    if (existing != flags.end()) flags.erase(existing);
    flags.push_back(Member{std::move(name), std::move(value), member_range});
  };
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Value& token = *tokens[i];
    if (!token.is_string()) continue;
    const std::string& text = token.as_string();
    if (text == "--") break;
    if (!starts_with(text, "-") || text.size() < 2) continue;
    const size_t dashes = starts_with(text, "--") ? 2 : 1;
    const std::string body = text.substr(dashes);
    if (body.empty()) continue;
    const size_t equals = body.find('=');
    if (equals != std::string::npos) {
      set_flag(body.substr(0, equals), Value::string(body.substr(equals + 1), token.range()), token.range());
      continue;
    }
    // A plain number in a YAML list (`- 8080`) is still an argument to the program.
    bool next_is_scalar = false;
    const std::string next_text = i + 1 < tokens.size() ? scalar_text(*tokens[i + 1], next_is_scalar) : "";
    if (next_is_scalar && !starts_with(next_text, "-")) {
      const Value& value = *tokens[i + 1];
      set_flag(body, Value::string(next_text, value.range()), span(token.range(), value.range()));
      ++i;
    } else {
      set_flag(body, Value::string("true", token.range()), token.range());
    }
  }
  SourceRange range = command != nullptr ? command->range() : args != nullptr ? args->range() : SourceRange{};
  return Value::object(std::move(flags), range);
}

}  // namespace vouch::kubernetes::detail
