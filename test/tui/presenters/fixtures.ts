/** Objects as the cluster hands them out, for presenter tests. */
import type { KubeObject } from "../../../src/client/cluster.js";

export const NOW = Date.UTC(2024, 0, 1, 1, 0, 0);
export const T0 = "2024-01-01T00:00:00Z";

export function node(name: string, opts: { ready?: boolean; cordoned?: boolean; zone?: string; cpu?: string; memory?: string } = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, uid: `uid-${name}`, creationTimestamp: T0, labels: { "topology.kubernetes.io/zone": opts.zone ?? "zone-a", "node-role.kubernetes.io/worker": "" } },
    spec: opts.cordoned ? { unschedulable: true } : {},
    status: {
      allocatable: { cpu: opts.cpu ?? "4", memory: opts.memory ?? "16Gi", pods: "110" },
      conditions: [{ type: "Ready", status: opts.ready === false ? "False" : "True" }],
    },
  } as KubeObject;
}

export function pod(name: string, opts: { node?: string; cpu?: string; memory?: string; phase?: string; ready?: boolean; restarts?: number; waiting?: string; namespace?: string; labels?: Record<string, string>; owner?: string } = {}): KubeObject {
  const running = (opts.phase ?? "Running") === "Running" && !opts.waiting;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: opts.namespace ?? "demo",
      uid: `uid-${name}`,
      creationTimestamp: T0,
      labels: opts.labels ?? { app: name },
      ...(opts.owner ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: opts.owner, uid: `uid-${opts.owner}`, controller: true }] } : {}),
    },
    spec: {
      ...(opts.node ? { nodeName: opts.node } : {}),
      containers: [{ name: "app", image: "nginx:1.27", resources: { requests: { cpu: opts.cpu ?? "250m", memory: opts.memory ?? "128Mi" } } }],
    },
    status: {
      phase: opts.phase ?? "Running",
      containerStatuses: [
        {
          name: "app",
          image: "nginx:1.27",
          imageID: "",
          ready: opts.ready ?? running,
          restartCount: opts.restarts ?? 0,
          state: opts.waiting ? { waiting: { reason: opts.waiting } } : running ? { running: { startedAt: T0 } } : { terminated: { exitCode: 0, reason: "Completed" } },
        },
      ],
    },
  } as KubeObject;
}

export function event(name: string, opts: { type?: string; reason?: string; message?: string; kind?: string; object?: string; uid?: string; at?: string; namespace?: string }): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: opts.namespace ?? "demo", creationTimestamp: opts.at ?? T0 },
    involvedObject: { kind: opts.kind ?? "Pod", name: opts.object ?? "web-1", namespace: opts.namespace ?? "demo", ...(opts.uid ? { uid: opts.uid } : {}) },
    type: opts.type ?? "Normal",
    reason: opts.reason ?? "Started",
    message: opts.message ?? "Started container app",
    lastTimestamp: opts.at ?? T0,
    firstTimestamp: opts.at ?? T0,
    count: 1,
  } as KubeObject;
}

export function workload(kind: string, name: string, spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject {
  return { apiVersion: kind === "Job" || kind === "CronJob" ? "batch/v1" : "apps/v1", kind, metadata: { name, namespace: "demo", uid: `uid-${name}`, creationTimestamp: T0 }, spec, status } as KubeObject;
}
