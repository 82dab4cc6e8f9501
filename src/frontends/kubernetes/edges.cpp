// Edge resolution: which objects a Kubernetes object refers to, by label selector
// (Service, NetworkPolicy, PodDisruptionBudget → workloads) or by name (Ingress →
// Service, workload → ServiceAccount/Secret/ConfigMap/PVC, PVC → StorageClass, …).
// Only objects present in the scan can be targets: a reference to anything else
// has no edge, which rules read as "not found among the scanned manifests".
#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "frontends/kubernetes/objects.h"

namespace vouch::kubernetes::detail {
namespace {

std::string index_path(std::string_view prefix, size_t index, std::string_view suffix = {}) {
  std::string out(prefix);
  out += '[';
  out += std::to_string(index);
  out += ']';
  out += suffix;
  return out;
}

// The facts of one resource that resolution needs, read once.
struct ObjectInfo {
  std::string kind;
  std::string group;
  std::string ns;                     // "" for cluster-scoped objects
  const Value* pod_labels = nullptr;  // workloads only
  bool workload = false;
};

class Resolver {
 public:
  explicit Resolver(const std::vector<Resource>& resources) : resources_(resources) {
    infos_.resize(resources.size());
    for (uint32_t i = 0; i < resources.size(); ++i) {
      const Value& attributes = resources[i].attributes;
      ObjectInfo& info = infos_[i];
      info.kind = string_at(attributes, {"kind"});
      info.group = std::string(api_group(string_at(attributes, {"apiVersion"})));
      info.ns = string_at(attributes, {kNamespace});
      if (attributes.get(kPod) != nullptr) {
        info.workload = true;
        info.pod_labels = lookup(attributes, {kPodMetadata, "labels"});
        workloads_by_namespace_[info.ns].push_back(i);
      }
      by_address_[resources[i].address].push_back(i);
    }
  }

  std::vector<Edge> resolve() {
    for (uint32_t i = 0; i < resources_.size(); ++i) resolve_one(i);
    std::sort(edges_.begin(), edges_.end(), [](const Edge& a, const Edge& b) {
      return std::tie(a.from, a.to, a.path) < std::tie(b.from, b.to, b.path);
    });
    edges_.erase(
        std::unique(edges_.begin(), edges_.end(),
                    [](const Edge& a, const Edge& b) { return a.from == b.from && a.to == b.to && a.path == b.path; }),
        edges_.end());
    return std::move(edges_);
  }

 private:
  void resolve_one(uint32_t i) {
    const Value& a = resources_[i].attributes;
    const ObjectInfo& info = infos_[i];
    const std::string& kind = info.kind;
    const std::string& group = info.group;

    if (group.empty() && kind == "Service") {
      // A Service without a selector selects nothing (its endpoints are managed by hand).
      if (const Member* selector = lookup_member(a, {"spec", "selector"});
          selector != nullptr && selector->value.is_object() && !selector->value.as_object().empty()) {
        select_workloads(i, &selector->value, nullptr, selector->range, "spec.selector");
      }
    } else if (group == "networking.k8s.io" && kind == "NetworkPolicy") {
      // podSelector is required; the empty selector selects every pod of the namespace.
      const Member* selector = lookup_member(a, {"spec", "podSelector"});
      const SourceRange at = selector != nullptr ? selector->range : resources_[i].header;
      select_by_label_selector(i, selector != nullptr ? &selector->value : nullptr, at, "spec.podSelector", true);
    } else if (group == "policy" && kind == "PodDisruptionBudget") {
      const Member* selector = lookup_member(a, {"spec", "selector"});
      if (selector != nullptr) select_by_label_selector(i, &selector->value, selector->range, "spec.selector", true);
    } else if (group == "autoscaling" && kind == "HorizontalPodAutoscaler") {
      if (const Member* target = lookup_member(a, {"spec", "scaleTargetRef"})) {
        link_name(i, string_at(target->value, {"kind"}), info.ns, string_at(target->value, {"name"}),
                  "spec.scaleTargetRef", target->range);
      }
    } else if ((group == "networking.k8s.io" || group == "extensions") && kind == "Ingress") {
      resolve_ingress(i);
    } else if (group.empty() && kind == "PersistentVolumeClaim") {
      resolve_claim(i, a.get("spec"), "spec", resources_[i].header);
    } else if (group == "rbac.authorization.k8s.io" && (kind == "RoleBinding" || kind == "ClusterRoleBinding")) {
      resolve_binding(i);
    }

    if (info.workload) resolve_pod_references(i);
    if (kind == "StatefulSet") {
      if (const Value* templates = lookup(a, {"spec", "volumeClaimTemplates"}); templates && templates->is_list()) {
        for (size_t t = 0; t < templates->as_list().size(); ++t) {
          const Value& claim = templates->as_list()[t];
          resolve_claim(i, claim.get("spec"), index_path("spec.volumeClaimTemplates", t, ".spec"), claim.range());
        }
      }
    }
  }

  void add(uint32_t from, uint32_t to, std::string path, const SourceRange& range) {
    if (from == to) return;
    edges_.push_back(Edge{from, to, std::move(path), range});
  }

  // An edge to the scanned object named `kind/ns/name`.
  void link_name(uint32_t from, std::string_view kind, std::string_view ns, std::string_view name,
                 const std::string& path, const SourceRange& range) {
    if (kind.empty() || name.empty()) return;
    const std::string address = make_address(kind, is_cluster_scoped("", kind) ? std::string_view{} : ns, name);
    auto found = by_address_.find(address);
    if (found == by_address_.end()) return;
    for (uint32_t to : preferred_definitions(from, found->second)) add(from, to, path, range);
  }

  // The definitions of one address that `from` refers to. When the address is
  // defined more than once (reported separately), a definition in the referring
  // file wins: repositories often hold several self-contained copies of one
  // install (plain, namespaced, HA), and linking each copy to all the others
  // multiplies edges for no information. Without one in the same file, every
  // definition is a target.
  std::vector<uint32_t> preferred_definitions(uint32_t from, const std::vector<uint32_t>& definitions) const {
    if (definitions.size() < 2) return definitions;
    const std::string_view from_file = resources_[from].range.path();
    std::vector<uint32_t> same_file;
    for (uint32_t to : definitions) {
      if (resources_[to].range.path() == from_file) same_file.push_back(to);
    }
    return same_file.empty() ? definitions : same_file;
  }

  // A Service-style selector: every label it names must be on the pod.
  static bool labels_match(const Value& selector, const Value* labels) {
    for (const Member& wanted : selector.as_object()) {
      bool ok = false;
      const std::string value = scalar_text(wanted.value, ok);
      if (!ok) return false;
      const Value* have = labels != nullptr ? labels->get(wanted.key) : nullptr;
      bool have_ok = false;
      if (have == nullptr || scalar_text(*have, have_ok) != value || !have_ok) return false;
    }
    return true;
  }

  // A LabelSelector (matchLabels + matchExpressions). `decided` is false when the
  // selector cannot be read (an unknown or malformed part): then nothing matches.
  static bool selector_matches(const Value& selector, const Value* labels, bool& decided) {
    decided = true;
    if (const Value* match_labels = selector.get("matchLabels")) {
      if (!match_labels->is_object()) {
        decided = match_labels->is_null();
        if (!decided) return false;
      } else if (!labels_match(*match_labels, labels)) {
        return false;
      }
    }
    const Value* expressions = selector.get("matchExpressions");
    if (expressions == nullptr || expressions->is_null()) return true;
    if (!expressions->is_list()) {
      decided = false;
      return false;
    }
    for (const Value& expression : expressions->as_list()) {
      const std::string key = string_at(expression, {"key"});
      const std::string op = string_at(expression, {"operator"});
      const Value* have = labels != nullptr && !key.empty() ? labels->get(key) : nullptr;
      bool have_ok = false;
      const std::string have_text = have != nullptr ? scalar_text(*have, have_ok) : "";
      std::vector<std::string> values;
      if (const Value* list = expression.get("values"); list != nullptr && list->is_list()) {
        for (const Value& v : list->as_list()) {
          bool ok = false;
          std::string text = scalar_text(v, ok);
          if (ok) values.push_back(std::move(text));
        }
      }
      const bool in_values = have_ok && std::find(values.begin(), values.end(), have_text) != values.end();
      if (op == "In") {
        if (!in_values) return false;
      } else if (op == "NotIn") {
        if (in_values) return false;
      } else if (op == "Exists") {
        if (have == nullptr) return false;
      } else if (op == "DoesNotExist") {
        if (have != nullptr) return false;
      } else {
        decided = false;
        return false;
      }
    }
    return true;
  }

  void select_by_label_selector(uint32_t from, const Value* selector, const SourceRange& range, std::string_view path,
                                bool empty_selects_all) {
    const bool empty =
        selector == nullptr || selector->is_null() || (selector->is_object() && selector->as_object().empty());
    if (empty) {
      static const Value kEverything = Value::object({});
      if (empty_selects_all) select_workloads(from, nullptr, &kEverything, range, path);
      return;
    }
    if (selector->is_object()) select_workloads(from, nullptr, selector, range, path);
  }

  // Edges to the workloads of `from`'s namespace whose pod labels match either the
  // plain `labels` map (a Service selector) or the LabelSelector `label_selector`.
  void select_workloads(uint32_t from, const Value* labels, const Value* label_selector, const SourceRange& range,
                        std::string_view path) {
    auto members = workloads_by_namespace_.find(infos_[from].ns);
    if (members == workloads_by_namespace_.end()) return;
    std::map<std::string_view, std::vector<uint32_t>> matched_by_address;
    for (uint32_t to : members->second) {
      const Value* pod_labels = infos_[to].pod_labels;
      bool matched = false;
      if (label_selector != nullptr) {
        bool decided = false;
        matched = selector_matches(*label_selector, pod_labels, decided) && decided;
      } else if (labels != nullptr) {
        matched = labels_match(*labels, pod_labels);
      }
      if (matched) matched_by_address[resources_[to].address].push_back(to);
    }
    for (const auto& [address, definitions] : matched_by_address) {
      for (uint32_t to : preferred_definitions(from, definitions)) add(from, to, std::string(path), range);
    }
  }

  void resolve_ingress(uint32_t i) {
    const Value& a = resources_[i].attributes;
    const std::string& ns = infos_[i].ns;
    // networking.k8s.io/v1 writes `service.name`, the older APIs `serviceName`.
    auto backend = [&](const Value& value, const std::string& path) {
      if (const Member* name = lookup_member(value, {"service", "name"})) {
        if (name->value.is_string())
          link_name(i, "Service", ns, name->value.as_string(), path + ".service.name", name->range);
      }
      if (const Member* name = value.find("serviceName"); name != nullptr && name->value.is_string()) {
        link_name(i, "Service", ns, name->value.as_string(), path + ".serviceName", name->range);
      }
    };
    if (const Value* fallback = lookup(a, {"spec", "defaultBackend"})) backend(*fallback, "spec.defaultBackend");
    if (const Value* fallback = lookup(a, {"spec", "backend"})) backend(*fallback, "spec.backend");
    if (const Value* rules = lookup(a, {"spec", "rules"}); rules != nullptr && rules->is_list()) {
      for (size_t r = 0; r < rules->as_list().size(); ++r) {
        const Value* paths = lookup(rules->as_list()[r], {"http", "paths"});
        if (paths == nullptr || !paths->is_list()) continue;
        for (size_t p = 0; p < paths->as_list().size(); ++p) {
          if (const Value* target = paths->as_list()[p].get("backend")) {
            backend(*target, index_path(index_path("spec.rules", r, ".http.paths"), p, ".backend"));
          }
        }
      }
    }
    if (const Value* tls = lookup(a, {"spec", "tls"}); tls != nullptr && tls->is_list()) {
      for (size_t t = 0; t < tls->as_list().size(); ++t) {
        if (const Member* secret = tls->as_list()[t].find("secretName"); secret && secret->value.is_string()) {
          link_name(i, "Secret", ns, secret->value.as_string(), index_path("spec.tls", t, ".secretName"),
                    secret->range);
        }
      }
    }
  }

  // A claim (a PVC's spec, or a StatefulSet volumeClaimTemplate's) → its
  // StorageClass; a claim that names none gets the cluster's default class.
  void resolve_claim(uint32_t i, const Value* spec, const std::string& spec_path, const SourceRange& fallback_range) {
    const std::string path = spec_path + ".storageClassName";
    const Member* named = spec != nullptr ? spec->find("storageClassName") : nullptr;
    if (named != nullptr) {
      if (named->value.is_string()) link_name(i, "StorageClass", "", named->value.as_string(), path, named->range);
      return;  // "" (or null) binds statically, without a class
    }
    for (uint32_t to = 0; to < resources_.size(); ++to) {
      if (infos_[to].kind != "StorageClass") continue;
      const Value* is_default =
          lookup(resources_[to].attributes, {"metadata", "annotations", "storageclass.kubernetes.io/is-default-class"});
      bool ok = false;
      if (is_default != nullptr && scalar_text(*is_default, ok) == "true" && ok) add(i, to, path, fallback_range);
    }
  }

  void resolve_binding(uint32_t i) {
    const Value& a = resources_[i].attributes;
    const std::string& ns = infos_[i].ns;
    if (const Member* role = a.find("roleRef")) {
      const std::string role_kind = string_at(role->value, {"kind"});
      link_name(i, role_kind, role_kind == "Role" ? ns : "", string_at(role->value, {"name"}), "roleRef", role->range);
    }
    const Value* subjects = a.get("subjects");
    if (subjects == nullptr || !subjects->is_list()) return;
    for (size_t s = 0; s < subjects->as_list().size(); ++s) {
      const Value& subject = subjects->as_list()[s];
      if (string_at(subject, {"kind"}) != "ServiceAccount") continue;
      std::string subject_ns = string_at(subject, {"namespace"});
      if (subject_ns.empty()) subject_ns = ns;
      link_name(i, "ServiceAccount", subject_ns, string_at(subject, {"name"}), index_path("subjects", s),
                subject.range());
    }
  }

  // Workload → ServiceAccount, Secrets, ConfigMaps and claims its pods use. Paths
  // are written through `$pod`, so one rule reads them for every workload kind.
  void resolve_pod_references(uint32_t i) {
    const Value& a = resources_[i].attributes;
    const Value* pod = a.get(kPod);
    const std::string& ns = infos_[i].ns;
    auto name_ref = [&](const Value& holder, std::string_view key, std::string_view kind, const std::string& path) {
      const Member* name = holder.find(key);
      if (name != nullptr && name->value.is_string())
        link_name(i, kind, ns, name->value.as_string(), path, name->range);
    };

    const Member* account = pod->find("serviceAccountName");
    if (account == nullptr) account = pod->find("serviceAccount");
    if (account != nullptr) {
      name_ref(*pod, account->key, "ServiceAccount", "$pod." + account->key);
    } else {
      // Pods without one run as the namespace's `default` ServiceAccount.
      link_name(i, "ServiceAccount", ns, "default", "$pod.serviceAccountName", resources_[i].header);
    }

    if (const Value* volumes = pod->get("volumes"); volumes != nullptr && volumes->is_list()) {
      for (size_t v = 0; v < volumes->as_list().size(); ++v) {
        const Value& volume = volumes->as_list()[v];
        const std::string base = index_path("$pod.volumes", v);
        if (const Value* secret = volume.get("secret"))
          name_ref(*secret, "secretName", "Secret", base + ".secret.secretName");
        if (const Value* map = volume.get("configMap")) name_ref(*map, "name", "ConfigMap", base + ".configMap.name");
        if (const Value* claim = volume.get("persistentVolumeClaim")) {
          name_ref(*claim, "claimName", "PersistentVolumeClaim", base + ".persistentVolumeClaim.claimName");
        }
        const Value* sources = lookup(volume, {"projected", "sources"});
        if (sources == nullptr || !sources->is_list()) continue;
        for (size_t s = 0; s < sources->as_list().size(); ++s) {
          const Value& source = sources->as_list()[s];
          const std::string source_path = index_path(base + ".projected.sources", s);
          if (const Value* secret = source.get("secret"))
            name_ref(*secret, "name", "Secret", source_path + ".secret.name");
          if (const Value* map = source.get("configMap"))
            name_ref(*map, "name", "ConfigMap", source_path + ".configMap.name");
        }
      }
    }

    if (const Value* pulls = pod->get("imagePullSecrets"); pulls != nullptr && pulls->is_list()) {
      for (size_t p = 0; p < pulls->as_list().size(); ++p) {
        name_ref(pulls->as_list()[p], "name", "Secret", index_path("$pod.imagePullSecrets", p, ".name"));
      }
    }

    for (std::string_view list_key : {"containers", "initContainers", "ephemeralContainers"}) {
      const Value* containers = pod->get(list_key);
      if (containers == nullptr || !containers->is_list()) continue;
      for (size_t c = 0; c < containers->as_list().size(); ++c) {
        const Value& container = containers->as_list()[c];
        const std::string base = index_path("$pod." + std::string(list_key), c);
        if (const Value* env_from = container.get("envFrom"); env_from != nullptr && env_from->is_list()) {
          for (size_t e = 0; e < env_from->as_list().size(); ++e) {
            const Value& source = env_from->as_list()[e];
            const std::string path = index_path(base + ".envFrom", e);
            if (const Value* secret = source.get("secretRef"))
              name_ref(*secret, "name", "Secret", path + ".secretRef.name");
            if (const Value* map = source.get("configMapRef"))
              name_ref(*map, "name", "ConfigMap", path + ".configMapRef.name");
          }
        }
        if (const Value* env = container.get("env"); env != nullptr && env->is_list()) {
          for (size_t e = 0; e < env->as_list().size(); ++e) {
            const Value* from = env->as_list()[e].get("valueFrom");
            if (from == nullptr) continue;
            const std::string path = index_path(base + ".env", e, ".valueFrom");
            if (const Value* secret = from->get("secretKeyRef"))
              name_ref(*secret, "name", "Secret", path + ".secretKeyRef.name");
            if (const Value* map = from->get("configMapKeyRef"))
              name_ref(*map, "name", "ConfigMap", path + ".configMapKeyRef.name");
          }
        }
      }
    }
  }

  const std::vector<Resource>& resources_;
  std::vector<ObjectInfo> infos_;
  std::map<std::string, std::vector<uint32_t>, std::less<>> by_address_;
  std::map<std::string, std::vector<uint32_t>, std::less<>> workloads_by_namespace_;
  std::vector<Edge> edges_;
};

}  // namespace

std::vector<Edge> resolve_edges(const std::vector<Resource>& resources) {
  return Resolver(resources).resolve();
}

}  // namespace vouch::kubernetes::detail
