// The Kubernetes frontend: detection, documents and lists, addresses, the
// normalized pod view and its ranges, command-line flags, edges and hostile input.
#include "frontends/kubernetes/kubernetes.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "frontends/yaml/yaml.h"

namespace {

using namespace vouch;

// Loads one manifest file's text the way a scan does: yaml::load, then the frontend.
struct Loaded {
  std::unique_ptr<SourceFile> file;
  yaml::Stream stream;
  GraphFragment fragment;
};

Loaded load_text(std::string path, std::string text) {
  Loaded out;
  out.file = std::make_unique<SourceFile>(SourceFile{std::move(path), std::move(text)});
  out.stream = yaml::load(*out.file);
  out.fragment = kubernetes::load(*out.file, out.stream);
  return out;
}

const Resource* find_resource(const GraphFragment& fragment, std::string_view address) {
  for (const Resource& r : fragment.resources) {
    if (r.address == address) return &r;
  }
  return nullptr;
}

const Resource& resource(const GraphFragment& fragment, std::string_view address) {
  const Resource* found = find_resource(fragment, address);
  INFO("address " << address);
  REQUIRE(found != nullptr);
  return *found;
}

const Value& at(const Value& value, std::initializer_list<std::string_view> keys) {
  const Value* current = &value;
  for (std::string_view key : keys) {
    INFO("key " << key);
    current = current->get(key);
    REQUIRE(current != nullptr);
  }
  return *current;
}

// "from-address -> to-address @ path" for every edge, sorted, for readable comparisons.
std::vector<std::string> edge_list(const GraphFragment& fragment) {
  std::vector<std::string> out;
  for (const Edge& e : fragment.edges) {
    out.push_back(fragment.resources[e.from].address + " -> " + fragment.resources[e.to].address + " @ " + e.path);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("documents with apiVersion and kind strings are Kubernetes objects", "[kubernetes][detect]") {
  auto k8s = load_text("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
  REQUIRE(k8s.stream.documents.size() == 1);
  CHECK(kubernetes::is_kubernetes_document(k8s.stream.documents[0].root));

  auto cfn =
      load_text("t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n");
  CHECK_FALSE(kubernetes::is_kubernetes_document(cfn.stream.documents[0].root));
  CHECK(cfn.fragment.resources.empty());

  auto compose = load_text("docker-compose.yml", "version: '3'\nservices:\n  web:\n    image: nginx\n");
  CHECK_FALSE(kubernetes::is_kubernetes_document(compose.stream.documents[0].root));

  auto workflow = load_text("ci.yml", "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n");
  CHECK_FALSE(kubernetes::is_kubernetes_document(workflow.stream.documents[0].root));

  auto values = load_text("values.yaml", "replicaCount: 1\nimage:\n  repository: nginx\n  tag: ''\n");
  CHECK(values.fragment.resources.empty());

  // kind written as a number is not an object kind.
  auto numeric = load_text("n.yaml", "apiVersion: v1\nkind: 3\n");
  CHECK_FALSE(kubernetes::is_kubernetes_document(numeric.stream.documents[0].root));
}

TEST_CASE("kustomization files are passed over", "[kubernetes][detect]") {
  auto k = load_text("kustomization.yaml",
                     "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deploy.yaml\n");
  CHECK_FALSE(kubernetes::is_kubernetes_document(k.stream.documents[0].root));
  CHECK(k.fragment.resources.empty());
  CHECK(k.fragment.diagnostics.empty());
}

TEST_CASE("Helm templates are passed over without diagnostics", "[kubernetes][detect]") {
  const std::string chart_template =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"app.fullname\" . }}\n"
      "spec:\n  replicas: {{ .Values.replicaCount }}\n";
  auto helm = load_text("chart/templates/deployment.yaml", chart_template);
  CHECK(kubernetes::is_helm_template(*helm.file));
  CHECK(helm.fragment.resources.empty());
  CHECK(helm.fragment.diagnostics.empty());

  // Argo Workflows' own `{{inputs.parameters.x}}` placeholders are data in a real manifest.
  auto argo = load_text(
      "wf.yaml",
      "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: w\n"
      "spec:\n  arguments:\n    parameters:\n      - name: msg\n        value: \"{{inputs.parameters.x}}\"\n");
  CHECK_FALSE(kubernetes::is_helm_template(*argo.file));
  CHECK(argo.fragment.resources.size() == 1);
}

TEST_CASE("multi-document streams name each document by index", "[kubernetes][documents]") {
  auto l = load_text("multi.yaml",
                     "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n"
                     "---\n# a comment-only document\n"
                     "---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: prod\n");
  REQUIRE(l.fragment.resources.size() == 2);
  const Resource& ns = resource(l.fragment, "Namespace/prod");
  CHECK(ns.module == "multi.yaml#0");
  CHECK(ns.type == "v1/Namespace");
  CHECK(ns.platform == Platform::Kubernetes);
  CHECK(ns.root == "kubernetes");
  const Resource& sa = resource(l.fragment, "ServiceAccount/prod/api");
  CHECK(sa.module == "multi.yaml#2");
  CHECK(sa.header.start_line == 8);  // the object's first line
  CHECK(sa.range.start_line == 8);
}

TEST_CASE("List kinds contribute their items", "[kubernetes][documents]") {
  auto l = load_text("list.yaml",
                     "apiVersion: v1\nkind: List\nitems:\n"
                     "  - apiVersion: v1\n    kind: Service\n    metadata:\n      name: a\n"
                     "  - apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: b\n      namespace: x\n"
                     "  - just: data\n");
  REQUIRE(l.fragment.resources.size() == 2);
  CHECK(resource(l.fragment, "Service/default/a").type == "v1/Service");
  const Resource& d = resource(l.fragment, "Deployment/x/b");
  CHECK(d.type == "apps/v1/Deployment");
  CHECK(d.header.start_line == 8);

  // A typed list whose items leave their kind off, as `kubectl get -o yaml` can.
  auto typed = load_text("typed.yaml",
                         "apiVersion: v1\nkind: ConfigMapList\nitems:\n  - metadata:\n      name: c1\n"
                         "  - metadata:\n      name: c2\n");
  REQUIRE(typed.fragment.resources.size() == 2);
  CHECK(resource(typed.fragment, "ConfigMap/default/c2").type == "v1/ConfigMap");
}

TEST_CASE("JSON manifests load like YAML", "[kubernetes][documents]") {
  auto l = load_text("svc.json",
                     "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Service\",\n"
                     "  \"metadata\": {\"name\": \"web\", \"namespace\": \"shop\"},\n"
                     "  \"spec\": {\"type\": \"NodePort\"}\n}\n");
  REQUIRE(l.fragment.resources.size() == 1);
  const Resource& svc = resource(l.fragment, "Service/shop/web");
  CHECK(svc.header.start_line == 2);
  CHECK(at(svc.attributes, {"spec", "type"}).range().start_line == 5);
}

TEST_CASE("standard input is named <stdin>", "[kubernetes][documents]") {
  auto l = load_text("<stdin>",
                     "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n"
                     "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n");
  REQUIRE(l.fragment.resources.size() == 2);
  CHECK(resource(l.fragment, "Pod/default/p").module == "<stdin>#0");
  const Resource& secret = resource(l.fragment, "Secret/default/s");
  CHECK(secret.module == "<stdin>#1");
  CHECK(secret.range.path() == "<stdin>");
  CHECK(secret.header.start_line == 8);
}

TEST_CASE("namespaces default to `default`; cluster-scoped kinds have none", "[kubernetes][address]") {
  auto l =
      load_text("ns.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n"
                "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: gp3\n  namespace: ignored\n---\n"
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\n---\n"
                "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 10255\n");
  const Resource& cm = resource(l.fragment, "ConfigMap/default/c");
  CHECK(at(cm.attributes, {"$namespace"}).as_string() == "default");
  const Resource& sc = resource(l.fragment, "StorageClass/gp3");
  CHECK(sc.attributes.get("$namespace") == nullptr);
  CHECK(find_resource(l.fragment, "ClusterRole/reader") != nullptr);
  // Component configuration files have no name: the document tells them apart.
  const Resource& kubelet = resource(l.fragment, "KubeletConfiguration/ns.yaml#3");
  CHECK(kubelet.type == "kubelet.config.k8s.io/v1beta1/KubeletConfiguration");
}

TEST_CASE("a duplicate address in one file is a diagnostic", "[kubernetes][address]") {
  auto l = load_text("dup.yaml",
                     "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n"
                     "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  namespace: default\n---\n"
                     "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  namespace: other\n");
  REQUIRE(l.fragment.diagnostics.size() == 1);
  const Diagnostic& d = l.fragment.diagnostics[0];
  CHECK(d.code == "duplicate-address");
  CHECK(d.level == DiagnosticLevel::Warning);
  CHECK(d.range.start_line == 6);
  CHECK(d.message.find("Service/default/a") != std::string::npos);
}

TEST_CASE("$pod points at the pod spec of every workload kind", "[kubernetes][pod]") {
  auto l = load_text("workloads.yaml",
                     "apiVersion: v1\n"                    // 1
                     "kind: Pod\n"                         // 2
                     "metadata:\n"                         // 3
                     "  name: p\n"                         // 4
                     "  labels: {app: p}\n"                // 5
                     "spec:\n"                             // 6
                     "  containers:\n"                     // 7
                     "    - name: c\n"                     // 8
                     "      image: nginx\n"                // 9
                     "      securityContext:\n"            // 10
                     "        privileged: true\n"          // 11
                     "---\n"                               // 12
                     "apiVersion: apps/v1\n"               // 13
                     "kind: Deployment\n"                  // 14
                     "metadata:\n"                         // 15
                     "  name: d\n"                         // 16
                     "spec:\n"                             // 17
                     "  template:\n"                       // 18
                     "    metadata:\n"                     // 19
                     "      labels: {app: d}\n"            // 20
                     "    spec:\n"                         // 21
                     "      initContainers:\n"             // 22
                     "        - name: init\n"              // 23
                     "          image: busybox\n"          // 24
                     "      containers:\n"                 // 25
                     "        - name: c\n"                 // 26
                     "          securityContext:\n"        // 27
                     "            privileged: true\n"      // 28
                     "---\n"                               // 29
                     "apiVersion: batch/v1\n"              // 30
                     "kind: CronJob\n"                     // 31
                     "metadata:\n"                         // 32
                     "  name: cj\n"                        // 33
                     "spec:\n"                             // 34
                     "  schedule: '* * * * *'\n"           // 35
                     "  jobTemplate:\n"                    // 36
                     "    spec:\n"                         // 37
                     "      template:\n"                   // 38
                     "        spec:\n"                     // 39
                     "          containers:\n"             // 40
                     "            - name: c\n"             // 41
                     "              securityContext:\n"    // 42
                     "                privileged: true\n"  // 43
                     "---\n"                               // 44
                     "apiVersion: v1\n"                    // 45
                     "kind: ConfigMap\n"                   // 46
                     "metadata:\n"                         // 47
                     "  name: not-a-workload\n");          // 48
  struct Case {
    std::string address;
    uint32_t pod_line;
    uint32_t privileged_line;
  };
  for (const Case& c :
       {Case{"Pod/default/p", 7, 11}, Case{"Deployment/default/d", 22, 28}, Case{"CronJob/default/cj", 40, 43}}) {
    INFO(c.address);
    const Resource& r = resource(l.fragment, c.address);
    const Value& pod = at(r.attributes, {"$pod"});
    CHECK(pod.range().start_line == c.pod_line);
    const Value& containers = at(pod, {"containers"});
    REQUIRE(containers.as_list().size() == 1);
    CHECK(at(containers.as_list()[0], {"securityContext", "privileged"}).range().start_line == c.privileged_line);
    CHECK(r.attributes.find("$pod")->range.start_line == pod.range().start_line - 1);  // the `spec:` key
  }
  // $containers holds init containers too; $pod_metadata the template's labels.
  const Resource& d = resource(l.fragment, "Deployment/default/d");
  REQUIRE(at(d.attributes, {"$containers"}).as_list().size() == 2);
  CHECK(at(d.attributes, {"$pod_metadata", "labels", "app"}).as_string() == "d");
  CHECK(at(resource(l.fragment, "Pod/default/p").attributes, {"$pod_metadata", "labels", "app"}).as_string() == "p");
  CHECK(resource(l.fragment, "ConfigMap/default/not-a-workload").attributes.get("$pod") == nullptr);
}

TEST_CASE("$securityContext merges pod-level settings under container-level ones", "[kubernetes][pod]") {
  auto l = load_text(
      "sc.yaml",
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
      "  securityContext:\n    runAsNonRoot: true\n    runAsUser: 1000\n    fsGroup: 2000\n"
      "  containers:\n"
      "    - name: inherits\n"
      "    - name: overrides\n      securityContext:\n        runAsNonRoot: false\n        privileged: false\n");
  const List& containers = at(resource(l.fragment, "Pod/default/p").attributes, {"$containers"}).as_list();
  REQUIRE(containers.size() == 2);
  const Value& inherited = at(containers[0], {"$securityContext"});
  CHECK(at(inherited, {"runAsNonRoot"}).as_bool());
  CHECK(at(inherited, {"runAsNonRoot"}).range().start_line == 7);
  CHECK(inherited.get("fsGroup") == nullptr);  // pod-only field, not a container setting
  const Value& overridden = at(containers[1], {"$securityContext"});
  CHECK_FALSE(at(overridden, {"runAsNonRoot"}).as_bool());
  CHECK(at(overridden, {"runAsNonRoot"}).range().start_line == 14);
  CHECK(at(overridden, {"runAsUser"}).as_number() == 1000);
  CHECK(at(overridden, {"privileged"}).is_bool());
}

TEST_CASE("command-line flags are parsed from command and args", "[kubernetes][flags]") {
  auto l = load_text("kube-apiserver.yaml",
                     "apiVersion: v1\n"                           // 1
                     "kind: Pod\n"                                // 2
                     "metadata:\n"                                // 3
                     "  name: kube-apiserver\n"                   // 4
                     "  namespace: kube-system\n"                 // 5
                     "spec:\n"                                    // 6
                     "  containers:\n"                            // 7
                     "    - name: kube-apiserver\n"               // 8
                     "      command:\n"                           // 9
                     "        - /usr/local/bin/kube-apiserver\n"  // 10
                     "        - --anonymous-auth=false\n"         // 11
                     "        - --audit-log-path\n"               // 12
                     "        - /var/log/audit.log\n"             // 13
                     "        - --profiling\n"                    // 14
                     "        - --audit-log-maxage=7\n"           // 15
                     "      args:\n"                              // 16
                     "        - --audit-log-maxage=30\n"          // 17
                     "        - --secure-port\n"                  // 18
                     "        - 6443\n"                           // 19
                     "        - --\n"                             // 20
                     "        - --not-a-flag\n");                 // 21
  const Value& container =
      at(resource(l.fragment, "Pod/kube-system/kube-apiserver").attributes, {"$containers"}).as_list().at(0);
  CHECK(at(container, {"$program"}).as_string() == "kube-apiserver");
  const Value& flags = at(container, {"$flags"});
  CHECK(at(flags, {"anonymous-auth"}).as_string() == "false");
  CHECK(at(flags, {"anonymous-auth"}).range().start_line == 11);
  CHECK(at(flags, {"audit-log-path"}).as_string() == "/var/log/audit.log");
  CHECK(flags.find("audit-log-path")->range.start_line == 12);  // the member starts at the flag
  CHECK(flags.find("audit-log-path")->range.end_line == 13);
  CHECK(at(flags, {"profiling"}).as_string() == "true");
  CHECK(at(flags, {"audit-log-maxage"}).as_string() == "30");  // args come after command; the last wins
  CHECK(at(flags, {"audit-log-maxage"}).range().start_line == 17);
  CHECK(at(flags, {"secure-port"}).as_string() == "6443");
  CHECK(flags.get("not-a-flag") == nullptr);
  CHECK(flags.get("kube-apiserver") == nullptr);

  // The same flags are visible through $pod.
  CHECK(at(resource(l.fragment, "Pod/kube-system/kube-apiserver").attributes, {"$pod"})
            .get("containers")
            ->as_list()
            .at(0)
            .get("$flags") != nullptr);
}

TEST_CASE("ConfigMap and Secret data are listed as key/value entries", "[kubernetes][data]") {
  auto l = load_text("cm.yaml",
                     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"
                     "data:\n  DB_PASSWORD: hunter2\n  mode: fast\n");
  const List& entries = at(resource(l.fragment, "ConfigMap/default/c").attributes, {"$data_entries"}).as_list();
  REQUIRE(entries.size() == 2);
  CHECK(at(entries[0], {"key"}).as_string() == "DB_PASSWORD");
  CHECK(at(entries[0], {"key"}).range().start_line == 6);
  CHECK(at(entries[0], {"field"}).as_string() == "data");
  CHECK(at(entries[1], {"value"}).as_string() == "fast");
}

TEST_CASE("a Service selects the workloads whose pod labels match, in its namespace", "[kubernetes][edges]") {
  auto l = load_text("svc.yaml",
                     "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n"
                     "  selector:\n    app: web\n---\n"
                     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-a\nspec:\n  template:\n"
                     "    metadata:\n      labels: {app: web, track: a}\n    spec:\n      containers: []\n---\n"
                     "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web-b\nspec:\n  template:\n"
                     "    metadata:\n      labels: {app: web}\n    spec:\n      containers: []\n---\n"
                     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n"
                     "    metadata:\n      labels: {app: api}\n    spec:\n      containers: []\n---\n"
                     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-elsewhere\n  namespace: other\n"
                     "spec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: []\n");
  CHECK(edge_list(l.fragment) == std::vector<std::string>{
                                     "Service/default/web -> Deployment/default/web-a @ spec.selector",
                                     "Service/default/web -> StatefulSet/default/web-b @ spec.selector",
                                 });
  const Edge& e = l.fragment.edges.at(0);
  CHECK(e.range.start_line == 7);  // the selector
}

TEST_CASE("a NetworkPolicy selects pods by label selector; the empty selector selects all", "[kubernetes][edges]") {
  auto l =
      load_text("np.yaml",
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\n"
                "spec:\n  podSelector: {}\n---\n"
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: only-db\n"
                "spec:\n  podSelector:\n    matchExpressions:\n      - {key: tier, operator: In, values: [db]}\n"
                "      - {key: legacy, operator: DoesNotExist}\n---\n"
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\n  labels: {tier: db}\nspec:\n  containers: []\n---\n"
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: old-db\n  labels: {tier: db, legacy: 'yes'}\n"
                "spec:\n  containers: []\n---\n"
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers: []\n---\n"
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: other-ns\n  namespace: x\nspec:\n  containers: []\n");
  CHECK(edge_list(l.fragment) == std::vector<std::string>{
                                     "NetworkPolicy/default/deny-all -> Pod/default/db @ spec.podSelector",
                                     "NetworkPolicy/default/deny-all -> Pod/default/old-db @ spec.podSelector",
                                     "NetworkPolicy/default/deny-all -> Pod/default/web @ spec.podSelector",
                                     "NetworkPolicy/default/only-db -> Pod/default/db @ spec.podSelector",
                                 });
}

TEST_CASE("name references: Ingress, PVC, workload volumes and env, HPA, bindings", "[kubernetes][edges]") {
  auto l = load_text(
      "refs.yaml",
      "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ing\nspec:\n"
      "  defaultBackend:\n    service: {name: fallback, port: {number: 80}}\n"
      "  tls:\n    - secretName: tls-cert\n"
      "  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n"
      "            backend:\n              service:\n                name: web\n                port: {number: 80}\n"
      "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
      "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: fallback\n"
      "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: tls-cert\n"
      "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\n"
      "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
      "---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n"
      "---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n"
      "---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\n"
      "provisioner: ebs.csi.aws.com\n"
      "---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: standard\n"
      "  annotations:\n    storageclass.kubernetes.io/is-default-class: 'true'\nprovisioner: ebs.csi.aws.com\n"
      "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n"
      "  storageClassName: fast\n"
      "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: scratch\nspec:\n"
      "  resources: {requests: {storage: 1Gi}}\n"
      "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n"
      "    spec:\n      serviceAccountName: api\n"
      "      volumes:\n        - name: d\n          persistentVolumeClaim: {claimName: data}\n"
      "        - name: s\n          secret: {secretName: db-creds}\n"
      "      containers:\n        - name: c\n          envFrom:\n            - configMapRef: {name: settings}\n"
      "          env:\n            - name: P\n              valueFrom:\n"
      "                secretKeyRef: {name: db-creds, key: p}\n"
      "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bare\nspec:\n  template:\n"
      "    spec:\n      containers: []\n"
      "---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n"
      "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n"
      "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\n"
      "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\n"
      "subjects:\n  - {kind: ServiceAccount, name: api}\n"
      "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: view\n");
  CHECK(edge_list(l.fragment) ==
        std::vector<std::string>{
            "Deployment/default/api -> ConfigMap/default/settings @ $pod.containers[0].envFrom[0].configMapRef.name",
            "Deployment/default/api -> PersistentVolumeClaim/default/data @ "
            "$pod.volumes[0].persistentVolumeClaim.claimName",
            "Deployment/default/api -> Secret/default/db-creds @ $pod.containers[0].env[0].valueFrom.secretKeyRef.name",
            "Deployment/default/api -> Secret/default/db-creds @ $pod.volumes[1].secret.secretName",
            "Deployment/default/api -> ServiceAccount/default/api @ $pod.serviceAccountName",
            "Deployment/default/bare -> ServiceAccount/default/default @ $pod.serviceAccountName",
            "HorizontalPodAutoscaler/default/api -> Deployment/default/api @ spec.scaleTargetRef",
            "Ingress/default/ing -> Secret/default/tls-cert @ spec.tls[0].secretName",
            "Ingress/default/ing -> Service/default/fallback @ spec.defaultBackend.service.name",
            "Ingress/default/ing -> Service/default/web @ spec.rules[0].http.paths[0].backend.service.name",
            "PersistentVolumeClaim/default/data -> StorageClass/fast @ spec.storageClassName",
            "PersistentVolumeClaim/default/scratch -> StorageClass/standard @ spec.storageClassName",
            "RoleBinding/default/rb -> ClusterRole/view @ roleRef",
            "RoleBinding/default/rb -> ServiceAccount/default/api @ subjects[0]",
        });
}

TEST_CASE("link resolves edges across files, whatever order they come in", "[kubernetes][link]") {
  const std::string service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n";
  const std::string deployment =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n"
      "    metadata:\n      labels: {app: web}\n    spec:\n      containers: []\n---\n"
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n";  // also defined in svc.yaml
  auto run = [&](bool reversed) {
    auto a = load_text("svc.yaml", service);
    auto b = load_text("deploy.yaml", deployment);
    CHECK(a.fragment.edges.empty());
    std::vector<GraphFragment*> fragments{&a.fragment, &b.fragment};
    if (reversed) std::reverse(fragments.begin(), fragments.end());
    kubernetes::link(fragments);
    GraphFragment merged;
    for (GraphFragment* f : fragments) {
      const auto offset = static_cast<uint32_t>(merged.resources.size());
      for (Resource& r : f->resources) merged.resources.push_back(std::move(r));
      for (Edge e : f->edges) {
        e.from += offset;
        e.to += offset;
        merged.edges.push_back(e);
      }
      for (Diagnostic& d : f->diagnostics) merged.diagnostics.push_back(d);
    }
    return std::make_pair(edge_list(merged), merged.diagnostics);
  };
  const auto [forward_edges, forward_diagnostics] = run(false);
  const auto [reverse_edges, reverse_diagnostics] = run(true);
  // The Service of deploy.yaml has no selector; the one in svc.yaml selects across files.
  CHECK(forward_edges == std::vector<std::string>{"Service/default/web -> Deployment/default/web @ spec.selector"});
  CHECK(forward_edges == reverse_edges);
  REQUIRE(forward_diagnostics.size() == 1);
  REQUIRE(reverse_diagnostics.size() == 1);
  CHECK(forward_diagnostics[0].code == "duplicate-address");
  CHECK(forward_diagnostics[0].path == "svc.yaml");  // later in path order than deploy.yaml
  CHECK(forward_diagnostics[0].message == reverse_diagnostics[0].message);
}

TEST_CASE("suppressions are read from the vouch.dev/ignore annotation", "[kubernetes][suppress]") {
  auto l = load_text(
      "s.yaml",
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n"
      "    vouch.dev/ignore: |\n      k8s-service-nodeport-exposed reason=\"lab cluster\" expires=2030-01-01\n"
      "      vouch:ignore k8s-service-external-ips-set\n");
  const Resource& svc = resource(l.fragment, "Service/default/web");
  REQUIRE(svc.suppressions.size() == 2);
  CHECK(svc.suppressions[0].rule_id == "k8s-service-nodeport-exposed");
  CHECK(svc.suppressions[0].reason == "lab cluster");
  CHECK(svc.suppressions[0].expires == "2030-01-01");
  CHECK(svc.suppressions[0].range.start_line == 6);
  CHECK(svc.suppressions[1].rule_id == "k8s-service-external-ips-set");
  CHECK(svc.suppressions[1].reason.empty());
}

TEST_CASE("hostile input: deep nesting and alias bombs end in a diagnostic, not a crash", "[kubernetes][hostile]") {
  std::string deep = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ";
  deep += std::string(100000, '[');
  auto nested = load_text("deep.yaml", deep);
  CHECK_FALSE(nested.stream.diagnostics.empty());

  std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    const char prev = static_cast<char>(c - 1);
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) bomb += std::string(i ? "," : "") + "*" + prev;
    bomb += "]\n";
  }
  auto laughs = load_text(
      "bomb.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  " + std::string("x: 1\n") + bomb);
  CHECK_FALSE(laughs.stream.diagnostics.empty());
}

TEST_CASE("added capabilities are listed by normalized name", "[kubernetes][pod]") {
  auto l =
      load_text("caps.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n"
                "      securityContext:\n        capabilities:\n          add: [cap_net_admin, NET_BIND_SERVICE]\n");
  const Value& container = at(resource(l.fragment, "Pod/default/p").attributes, {"$containers"}).as_list().at(0);
  const List& added = at(container, {"$capabilities_added"}).as_list();
  REQUIRE(added.size() == 2);
  CHECK(at(added[0], {"name"}).as_string() == "NET_ADMIN");
  CHECK(at(added[0], {"name"}).range().start_line == 10);
  CHECK(at(added[1], {"name"}).as_string() == "NET_BIND_SERVICE");
}

TEST_CASE("$audit_levels applies an audit policy's first-match order", "[kubernetes][audit]") {
  auto l = load_text("audit-policy.yaml",
                     "apiVersion: audit.k8s.io/v1\n"                                     // 1
                     "kind: Policy\n"                                                    // 2
                     "rules:\n"                                                          // 3
                     "  - level: None\n"                                                 // 4
                     "    users: [system:kube-proxy]\n"                                  // 5
                     "  - level: None\n"                                                 // 6
                     "    verbs: [watch]\n"                                              // 7
                     "    resources: [{group: '', resources: [secrets]}]\n"              // 8
                     "  - level: RequestResponse\n"                                      // 9
                     "    resources: [{group: '', resources: [secrets, configmaps]}]\n"  // 10
                     "  - level: Metadata\n");                                           // 11
  const Value& levels = at(resource(l.fragment, "Policy/audit-policy.yaml#0").attributes, {"$audit_levels"});
  // Watching Secrets is exempted by the second rule: the weakest level is None.
  CHECK(at(levels, {"secrets"}).as_string() == "None");
  CHECK(at(levels, {"secrets"}).range().start_line == 6);
  CHECK(at(levels, {"secrets_strongest"}).as_string() == "RequestResponse");
  CHECK(at(levels, {"secrets_strongest"}).range().start_line == 9);
  // The rule limited to one user does not apply to everyone; the catch-all does.
  CHECK(at(levels, {"rbac_changes"}).as_string() == "Metadata");
  CHECK(at(levels, {"rbac_changes"}).range().start_line == 11);

  auto empty = load_text("empty-policy.yaml", "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n");
  CHECK(at(resource(empty.fragment, "Policy/empty-policy.yaml#0").attributes, {"$audit_levels", "pod_changes"})
            .as_string() == "None");
}

TEST_CASE("copies of one install link within their own file", "[kubernetes][link]") {
  // Two self-contained copies of the same objects (as in install.yaml and
  // ha/install.yaml), and a third file whose Service only exists there.
  const std::string install =
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: {app: api}\n---\n"
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\n"
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n"
      "    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: c\n"
      "          envFrom: [{configMapRef: {name: settings}}]\n";
  auto a = load_text("install.yaml", install);
  auto b = load_text("ha/install.yaml", install);
  auto c = load_text("metrics.yaml",
                     "apiVersion: v1\nkind: Service\nmetadata:\n  name: metrics\nspec:\n"
                     "  selector: {app: api}\n");
  kubernetes::link({&a.fragment, &b.fragment, &c.fragment});
  std::vector<std::string> edges;
  for (const Edge& e : a.fragment.edges) {
    const Resource& from = a.fragment.resources[e.from];
    const Resource& to = a.fragment.resources[e.to];
    edges.push_back(std::string(from.range.path()) + " " + from.address + " -> " + std::string(to.range.path()) + " " +
                    to.address);
  }
  std::sort(edges.begin(), edges.end());
  CHECK(edges == std::vector<std::string>{
                     "ha/install.yaml Deployment/default/api -> ha/install.yaml ConfigMap/default/settings",
                     "ha/install.yaml Service/default/api -> ha/install.yaml Deployment/default/api",
                     "install.yaml Deployment/default/api -> install.yaml ConfigMap/default/settings",
                     "install.yaml Service/default/api -> install.yaml Deployment/default/api",
                     "metrics.yaml Service/default/metrics -> ha/install.yaml Deployment/default/api",
                     "metrics.yaml Service/default/metrics -> install.yaml Deployment/default/api",
                 });
  // One duplicate-address warning per clashing object of the later file.
  size_t duplicates = 0;
  for (const GraphFragment* f : {&a.fragment, &b.fragment, &c.fragment}) {
    for (const Diagnostic& d : f->diagnostics) duplicates += d.code == "duplicate-address" ? 1 : 0;
  }
  CHECK(duplicates == 3);
}

TEST_CASE("the shop example links across its files", "[kubernetes][link][example]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(VOUCH_SOURCE_DIR) / "fixtures" / "kubernetes" / "shop";
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir)) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  REQUIRE(paths.size() == 6);
  std::vector<Loaded> loaded;
  for (const fs::path& path : paths) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    loaded.push_back(load_text("shop/" + path.filename().string(), text.str()));
    CHECK(loaded.back().stream.diagnostics.empty());
  }
  std::vector<GraphFragment*> fragments;
  for (Loaded& l : loaded) fragments.push_back(&l.fragment);
  kubernetes::link(fragments);
  const GraphFragment& all = *fragments.front();
  CHECK(all.resources.size() == 12);
  CHECK(all.diagnostics.empty());
  CHECK(edge_list(all) ==
        std::vector<std::string>{
            "Deployment/shop/api -> ConfigMap/shop/api-settings @ $pod.containers[0].envFrom[0].configMapRef.name",
            "Deployment/shop/api -> Secret/shop/db-credentials @ $pod.containers[0].env[0].valueFrom.secretKeyRef.name",
            "Deployment/shop/api -> ServiceAccount/shop/api @ $pod.serviceAccountName",
            "Ingress/shop/shop -> Service/shop/api @ spec.rules[0].http.paths[0].backend.service.name",
            "NetworkPolicy/shop/db-from-api -> StatefulSet/shop/db @ spec.podSelector",
            "Service/shop/admin -> Deployment/shop/api @ spec.selector",
            "Service/shop/api -> Deployment/shop/api @ spec.selector",
            "Service/shop/db -> StatefulSet/shop/db @ spec.selector",
            "StatefulSet/shop/db -> StorageClass/gp3 @ spec.volumeClaimTemplates[0].spec.storageClassName",
        });
}

TEST_CASE("other Go-template YAML is not taken for a Helm template", "[kubernetes][detect]") {
  const vouch::SourceFile docs{".terraform-docs.yml",
                               "formatter: markdown\ncontent: |-\n  {{ .Header }}\n  {{ .Inputs }}\n"};
  CHECK_FALSE(kubernetes::is_helm_template(docs));
  const vouch::SourceFile helpers{"chart/templates/_helpers.tpl.yaml", "{{- define \"x.name\" -}}\nx\n{{- end }}\n"};
  CHECK(kubernetes::is_helm_template(helpers));
}

TEST_CASE("a PodDisruptionBudget selects its pods; generateName names an object", "[kubernetes][edges]") {
  auto l = load_text("pdb.yaml",
                     "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api\nspec:\n"
                     "  minAvailable: 1\n  selector:\n    matchLabels: {app: api}\n---\n"
                     "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\nspec:\n  template:\n"
                     "    metadata:\n      labels: {app: api}\n    spec:\n      containers: []\n");
  CHECK(edge_list(l.fragment) ==
        std::vector<std::string>{"PodDisruptionBudget/default/api -> Job/default/migrate- @ spec.selector"});
}
