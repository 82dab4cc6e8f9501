// Private to the Kubernetes frontend: what the frontend knows about Kubernetes
// itself — which kinds are cluster-scoped, how an object is addressed, where a
// workload keeps its pod template — shared by object loading and edge resolution.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"

namespace vouch::kubernetes::detail {

// The root every Kubernetes resource of a scan shares: a Service in one file may
// select a Deployment in another, so the whole scan is one namespace of names.
inline constexpr std::string_view kRoot = "kubernetes";

// "apps" for "apps/v1", "" for the core group ("v1").
std::string_view api_group(std::string_view api_version);

// Kinds that live outside namespaces (StorageClass, ClusterRole, …) and the
// configuration files of cluster components (KubeletConfiguration, audit Policy,
// EncryptionConfiguration), which are files on a node rather than objects.
bool is_cluster_scoped(std::string_view api_version, std::string_view kind);

// `<kind>/<namespace>/<name>`, or `<kind>/<name>` when `ns` is empty.
std::string make_address(std::string_view kind, std::string_view ns, std::string_view name);

// A scalar as the text Kubernetes would see ("80", "true"); "" for non-scalars and
// unknowns, with `ok` false.
std::string scalar_text(const Value& value, bool& ok);

// Nested object lookup; nullptr when any step is absent or not an object.
const Value* lookup(const Value& value, std::initializer_list<std::string_view> keys);
const Member* lookup_member(const Value& value, std::initializer_list<std::string_view> keys);
// The string at `keys`, or "" when absent or not a string.
std::string string_at(const Value& value, std::initializer_list<std::string_view> keys);

// Synthetic attributes added to a resource's attributes (documented in
// docs/rule-format.md, "Kubernetes"). They start with `$`, which no Kubernetes
// field does.
inline constexpr std::string_view kPod = "$pod";
inline constexpr std::string_view kPodMetadata = "$pod_metadata";
inline constexpr std::string_view kContainers = "$containers";
inline constexpr std::string_view kNamespace = "$namespace";
inline constexpr std::string_view kDataEntries = "$data_entries";
inline constexpr std::string_view kFlags = "$flags";
inline constexpr std::string_view kProgram = "$program";
inline constexpr std::string_view kSecurityContext = "$securityContext";
inline constexpr std::string_view kCapabilitiesAdded = "$capabilities_added";
inline constexpr std::string_view kAuditLevels = "$audit_levels";

// Builds the synthetic members of one object (the document `object` of the given
// kind) and appends them to `members`.
void add_synthetic_attributes(const Value& object, std::string_view api_version, std::string_view kind,
                              const std::string& ns, Object& members);

// Parses command-line flags from a container's `command` followed by its `args`:
// `--name=value`, `--name value` and bare `--name` (→ "true"); a later repeat wins;
// `--` ends the flags. Keys are flag names without dashes; values are strings whose
// range is where the value (or the bare flag) is written, and each member's range
// spans the flag and its value. Non-string arguments are skipped.
Value parse_flags(const Value* command, const Value* args);

// Every edge among `resources` (all Kubernetes), deduplicated and sorted.
std::vector<Edge> resolve_edges(const std::vector<Resource>& resources);

}  // namespace vouch::kubernetes::detail
