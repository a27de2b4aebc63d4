import { stringify } from "yaml";
import type { Toleration } from "kubernetes-types/core/v1";
import type { KubeObject } from "../../src/core/api/object.js";

/** How a test Deployment differs from the plainest one: one nginx container named `web`. */
export interface DeploymentOptions {
  /** Left out (the default namespace) unless given. */
  namespace?: string;
  /** Default 1. */
  replicas?: number;
  /** The selector and the pods' labels (default `{app: <name>}`). */
  labels?: Record<string, string>;
  /** The Deployment's own annotations (`sim.kdeck.dev/load`). */
  annotations?: Record<string, string>;
  /** The pods' annotations (`sim.kdeck.dev/cpu`, `sim.kdeck.dev/memory`, `sim.kdeck.dev/ready-after`). */
  podAnnotations?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  /** The container's name (default `web`). */
  container?: string;
  /** Default `nginx:1.27`. */
  image?: string;
  /** `resources.requests.cpu` of the container. */
  cpu?: string;
  /** `resources.requests.memory` of the container. */
  memory?: string;
  /** `resources.limits` of the container. */
  limits?: Record<string, string>;
  /** More fields of the container (`readinessProbe`, `command`, `volumeMounts`…), before its resources. */
  containerFields?: Record<string, unknown>;
  /** More fields of the pod spec (`volumes`…), after the containers. */
  podFields?: Record<string, unknown>;
}

/** A YAML document of a Deployment, for `applyYaml`, a manifest file or a console test's cluster. */
export function deployment(name: string, opts: DeploymentOptions = {}): string {
  return yamlDocument(deploymentObject(name, opts));
}

/** The Deployment of {@link deployment} as an object, for the API or a benchmark. */
export function deploymentObject(name: string, opts: DeploymentOptions = {}): KubeObject {
  const labels = opts.labels ?? { app: name };
  const requests = {
    ...(opts.cpu !== undefined ? { cpu: opts.cpu } : {}),
    ...(opts.memory !== undefined ? { memory: opts.memory } : {}),
  };
  const resources = {
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
  };
  const container = {
    name: opts.container ?? "web",
    image: opts.image ?? "nginx:1.27",
    ...opts.containerFields,
    ...(Object.keys(resources).length > 0 ? { resources } : {}),
  };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, ...(opts.namespace ? { namespace: opts.namespace } : {}), ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: { ...labels }, ...(opts.podAnnotations ? { annotations: opts.podAnnotations } : {}) },
        spec: {
          ...(opts.nodeSelector ? { nodeSelector: opts.nodeSelector } : {}),
          containers: [container],
          ...opts.podFields,
        },
      },
    },
  };
}

/**
 * The VerticalPodAutoscaler add-on's hamster example: it asks for little (50m and 50Mi
 * unless told) and uses 300m and 200Mi.
 */
export function hamster(replicas: number, opts: Pick<DeploymentOptions, "cpu" | "memory" | "limits" | "podAnnotations"> = {}): string {
  return deployment("hamster", {
    replicas,
    podAnnotations: { "sim.kdeck.dev/cpu": "300m", "sim.kdeck.dev/memory": "200Mi", ...opts.podAnnotations },
    container: "hamster",
    image: "registry.k8s.io/ubuntu-slim:0.14",
    containerFields: { command: ["/bin/sh"], args: ["-c", "while true; do timeout 0.5s yes >/dev/null; sleep 0.5s; done"] },
    cpu: opts.cpu ?? "50m",
    memory: opts.memory ?? "50Mi",
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
}

/** A pool of 2-CPU nodes labelled `pool=<name>`; only pods selecting that label land there. */
export function nodePool(name: string, min: number, max: number, cpu = "2"): string {
  return `
apiVersion: kdeck.dev/v1alpha1
kind: NodePool
metadata: {name: ${name}}
spec:
  minSize: ${min}
  maxSize: ${max}
  provisioningDelay: 60s
  template:
    labels: {pool: ${name}}
    capacity: {cpu: "${cpu}", memory: 8Gi}
`;
}

/** A YAML document of a DaemonSet of one busybox container that sleeps an hour, its pods labelled `app: <name>`. */
export function sleeperDaemonSet(name: string, namespace?: string): string {
  return yamlDocument({
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: "busybox:1.36", command: ["sleep", "3600"] }] } },
    },
  });
}

/** A YAML document of a bare Pod (one nginx container `c`) bound to `nodeName`, with `tolerations` when given. */
export function pinnedPod(name: string, nodeName: string, tolerations?: Toleration[]): string {
  return yamlDocument({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { nodeName, ...(tolerations ? { tolerations } : {}), containers: [{ name: "c", image: "nginx:1.27" }] },
  });
}

/** What a PodDisruptionBudget allows: `{minAvailable: 2}`, `{maxUnavailable: "25%"}`. */
export type Budget = { minAvailable: number | string } | { maxUnavailable: number | string };

/** A YAML document of a PodDisruptionBudget over the pods labelled `app: <app>`. */
export function pdb(name: string, app: string, budget: Budget, extra: Record<string, unknown> = {}): string {
  return yamlDocument({
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name },
    spec: { ...budget, selector: { matchLabels: { app } }, ...extra },
  });
}

/** Documents joined into one multi-document YAML text. */
export function manifests(...docs: string[]): string {
  return docs.join("---\n");
}

function yamlDocument(obj: Record<string, unknown>): string {
  // Shared label maps must be written out twice, not as YAML anchors.
  return stringify(obj, { aliasDuplicateObjects: false });
}

/** A ReadWriteOnce PersistentVolumeClaim object in the default namespace, asking for `storage`. */
export function claim(name: string, storage: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "default" },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage } } },
  };
}
