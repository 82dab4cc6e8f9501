// The Kubernetes frontend: manifests (multi-document YAML, JSON, List kinds) into
// resources typed `<apiVersion>/<kind>`, addressed `<kind>/<namespace>/<name>`, with
// edges for selectors and references (Service → workloads, NetworkPolicy → pods, …).
#pragma once

#include <vector>

#include "frontends/yaml/yaml.h"
#include "graph/graph.h"

namespace vouch::kubernetes {

// True when a loaded document is a Kubernetes object (`apiVersion` and `kind` strings).
bool is_kubernetes_document(const Value& document);

// Turns the Kubernetes documents of one stream into resources; other documents are
// passed over silently. Edges are resolved within the stream.
GraphFragment load(const SourceFile& file, const yaml::Stream& stream);

// Resolves edges across every manifest of a scan (a Service in one file selecting a
// Deployment in another): called once on the fragments of all Kubernetes files.
void link(std::vector<GraphFragment*> fragments);

}  // namespace vouch::kubernetes
