// The Kubernetes frontend: manifests (multi-document YAML, JSON, List kinds) into
// resources typed `<apiVersion>/<kind>`, addressed `<kind>/<namespace>/<name>`, with
// edges for selectors and references (Service → workloads, NetworkPolicy → pods, …).
// Every workload gets the same synthetic view of its pod spec (`$pod`, `$containers`,
// …; see docs/rule-format.md, "Kubernetes"), so one rule covers every workload kind.
#pragma once

#include <vector>

#include "frontends/yaml/yaml.h"
#include "graph/graph.h"

namespace vouch::kubernetes {

// True when a loaded document is a Kubernetes object (`apiVersion` and `kind`
// strings). Kustomize's own files (`kustomize.config.k8s.io`) are not objects.
bool is_kubernetes_document(const Value& document);

// True when the file is a Helm chart template: Helm template actions
// (`{{ .Values.x }}`, `{{- if … }}`) in a file under `templates/` or in one that
// writes `apiVersion:`/`kind:`. It is not a manifest until Helm renders it, so it
// is passed over without noise.
bool is_helm_template(const SourceFile& file);

// Turns the Kubernetes documents of one stream into resources; other documents are
// passed over silently, and so is a Helm template. Edges are resolved within the
// stream. Duplicate addresses in the stream are Warning diagnostics
// ("duplicate-address"). The stream's own YAML diagnostics are not repeated here:
// whoever called yaml::load reports them.
GraphFragment load(const SourceFile& file, const yaml::Stream& stream);

// Resolves edges across every manifest of a scan (a Service in one file selecting a
// Deployment in another): called once on the fragments of all Kubernetes files.
// Cross-file edges need one index space, so the resources of every fragment move
// into the first one (the others keep their diagnostics); the edges are then
// recomputed, so the result does not depend on the order of `fragments`. Addresses
// defined in more than one file are Warning diagnostics ("duplicate-address").
void link(std::vector<GraphFragment*> fragments);

}  // namespace vouch::kubernetes
