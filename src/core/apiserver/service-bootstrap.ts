import type { Api } from "./types.js";
import { DEFAULT_STORAGE_CLASS_ANNOTATION } from "./default-classes.js";

/** The `kubernetes` Service's address: the first of the service range. */
export const KUBERNETES_SERVICE_IP = "10.96.0.1";
/** Where the API server listens: the control-plane node's address, as in kind. */
const API_SERVER_ENDPOINT = { ip: "172.18.0.2", port: 6443 };

/**
 * What kube-apiserver and kind put in a new cluster beside the namespaces: the
 * `kubernetes` Service in `default` (10.96.0.1:443) with the Endpoints and
 * EndpointSlice the API server keeps for itself, and kind's default StorageClass
 * `standard` (rancher.io/local-path, WaitForFirstConsumer, Delete).
 */
export function bootstrapServicesAndStorage(api: Api): void {
  if (!api.tryGet("services", "default", "kubernetes")) {
    api.create({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" } },
      spec: { type: "ClusterIP", clusterIP: KUBERNETES_SERVICE_IP, ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: API_SERVER_ENDPOINT.port }], sessionAffinity: "None" },
    });
  }
  if (!api.tryGet("endpoints", "default", "kubernetes")) {
    api.create({
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "kubernetes", namespace: "default", labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
      subsets: [{ addresses: [{ ip: API_SERVER_ENDPOINT.ip }], ports: [{ name: "https", port: API_SERVER_ENDPOINT.port, protocol: "TCP" }] }],
    });
  }
  if (!api.tryGet("endpointslices.discovery.k8s.io", "default", "kubernetes")) {
    api.create({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "kubernetes", namespace: "default", labels: { "kubernetes.io/service-name": "kubernetes" } },
      addressType: "IPv4",
      endpoints: [{ addresses: [API_SERVER_ENDPOINT.ip], conditions: { ready: true } }],
      ports: [{ name: "https", port: API_SERVER_ENDPOINT.port, protocol: "TCP" }],
    });
  }
  if (!api.tryGet("storageclasses.storage.k8s.io", "", "standard")) {
    api.create({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "standard", annotations: { [DEFAULT_STORAGE_CLASS_ANNOTATION]: "true" } },
      provisioner: "rancher.io/local-path",
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
    });
  }
}
