import type { Namespace, Node, Pod, PodAffinityTerm, ReplicationController, Service, TopologySpreadConstraint } from "kubernetes-types/core/v1";
import type { ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
import type { OwnerReference } from "kubernetes-types/meta/v1";
import { deepFreeze } from "../../../src/core/api/object.js";
import type { SchedulingListers } from "../../../src/core/scheduler/listers.js";
import { makeNode, makePod, type NodeOptions, type PodOptions } from "./fixtures.js";

/** Test pods for pod affinity and topology spread: labels, spread constraints and an owner on top of {@link makePod}. */
export interface PolicyPodOptions extends PodOptions {
  labels?: Record<string, string>;
  spread?: TopologySpreadConstraint[];
  owner?: OwnerReference;
}

export function policyPod(name: string, o: PolicyPodOptions = {}): Pod {
  const base = structuredClone(makePod(name, o));
  base.metadata = { ...base.metadata, ...(o.labels ? { labels: o.labels } : {}), ...(o.owner ? { ownerReferences: [o.owner] } : {}) };
  if (o.spread) base.spec = { ...base.spec!, topologySpreadConstraints: o.spread };
  return deepFreeze(base);
}

/** A node in a zone (`topology.kubernetes.io/zone`), with its hostname label. */
export function zonedNode(name: string, zone: string | undefined, o: NodeOptions = {}): Node {
  return makeNode(name, { ...o, labels: { ...(zone !== undefined ? { "topology.kubernetes.io/zone": zone } : {}), ...o.labels } });
}

/** A required or preferred term selecting `app=<app>` over `topologyKey`. */
export function term(app: string, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm {
  return { labelSelector: { matchLabels: { app } }, topologyKey, ...extra };
}

export const ZONE = "topology.kubernetes.io/zone";
export const HOSTNAME = "kubernetes.io/hostname";

/** Listers over fixed objects. */
export function fakeListers(objects: {
  namespaces?: Namespace[];
  services?: Service[];
  replicaSets?: ReplicaSet[];
  statefulSets?: StatefulSet[];
  replicationControllers?: ReplicationController[];
}): SchedulingListers {
  const find = <T extends { metadata?: { namespace?: string; name?: string } }>(list: T[] | undefined, ns: string, name: string) =>
    (list ?? []).find((o) => o.metadata?.namespace === ns && o.metadata?.name === name);
  return {
    namespaceLabels: (name) => {
      const ns = (objects.namespaces ?? []).find((n) => n.metadata?.name === name);
      return ns === undefined ? undefined : (ns.metadata?.labels ?? {});
    },
    namespaces: () => objects.namespaces ?? [],
    services: (ns) => (objects.services ?? []).filter((s) => s.metadata?.namespace === ns),
    replicationController: (ns, name) => find(objects.replicationControllers, ns, name),
    replicaSet: (ns, name) => find(objects.replicaSets, ns, name),
    statefulSet: (ns, name) => find(objects.statefulSets, ns, name),
  };
}

export function namespace(name: string, labels: Record<string, string> = {}): Namespace {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "kubernetes.io/metadata.name": name, ...labels } } };
}
