import type { Namespace, Pod, ReplicationController, Service } from "kubernetes-types/core/v1";
import type { ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
import { asKind } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { fromLabelSelector, fromMap, type Requirement } from "../labels/selector.js";
import { selectorOf, type CompiledSelector } from "./label-selector.js";
import type { NodeInfo } from "./node-info.js";

/**
 * What the scheduler cache tells plugins besides its node list: the short lists of nodes
 * running pods with affinity terms (kube's `HavePodsWithAffinityList`), so a pod without
 * terms of its own looks at those nodes only, and a log of the nodes that changed, so
 * totals per topology domain are patched rather than recounted over every node.
 */
export interface SnapshotLists {
  havePodsWithAffinity(): Iterable<NodeInfo>;
  havePodsWithRequiredAntiAffinity(): Iterable<NodeInfo>;
  /** The sequence number the next change will get. */
  changeSeq(): number;
  /** Nodes changed since `seq` (repeats possible); undefined when that is too long ago to tell. */
  changedSince(seq: number): readonly NodeInfo[] | undefined;
}

/**
 * What the pod affinity and topology spread plugins read besides the node snapshot, as
 * kube-scheduler's informers hold it: namespaces (for `namespaceSelector`), and the
 * Services and controllers that select a pod (for the default spreading constraints).
 */
export interface SchedulingListers {
  /** The labels of a namespace; undefined when it does not exist. */
  namespaceLabels(name: string): Readonly<Record<string, string>> | undefined;
  /** Every namespace. */
  namespaces(): readonly Namespace[];
  services(namespace: string): readonly Service[];
  replicationController(namespace: string, name: string): ReplicationController | undefined;
  replicaSet(namespace: string, name: string): ReplicaSet | undefined;
  statefulSet(namespace: string, name: string): StatefulSet | undefined;
}

/** Listers reading through the API. */
export function apiSchedulingListers(api: Api): SchedulingListers {
  const get = <T>(resource: string, namespace: string, name: string): T | undefined => {
    const o = api.tryGet(resource, namespace, name);
    return o && asKind<T>(o);
  };
  return {
    namespaceLabels: (name) => {
      const ns = get<Namespace>("namespaces", "", name);
      return ns === undefined ? undefined : (ns.metadata?.labels ?? {});
    },
    namespaces: () => api.list("namespaces").map((o) => asKind<Namespace>(o)),
    services: (namespace) => api.list("services", { namespace }).map((o) => asKind<Service>(o)),
    replicationController: (ns, name) => get<ReplicationController>("replicationcontrollers", ns, name),
    replicaSet: (ns, name) => get<ReplicaSet>("replicasets.apps", ns, name),
    statefulSet: (ns, name) => get<StatefulSet>("statefulsets.apps", ns, name),
  };
}

function labelsMatchMap(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector)) if (!Object.hasOwn(labels, k) || labels[k] !== v) return false;
  return true;
}

/**
 * kube-scheduler's `helper.DefaultSelector`: the selectors of the Services that select
 * the pod, merged, plus the selector of its controlling ReplicationController,
 * ReplicaSet or StatefulSet. Empty when nothing selects the pod: it is then not spread
 * by the default constraints.
 */
export function defaultSelector(pod: Pod, listers: SchedulingListers): CompiledSelector {
  const namespace = pod.metadata?.namespace ?? "";
  const labels = pod.metadata?.labels ?? {};
  const merged: Record<string, string> = {};
  for (const svc of listers.services(namespace)) {
    const sel = svc.spec?.selector;
    // A Service without a selector selects nothing, not everything.
    if (sel === undefined || sel === null) continue;
    if (labelsMatchMap(sel, labels)) Object.assign(merged, sel);
  }
  let requirements: Requirement[] = fromMap(merged);
  const owner = (pod.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
  if (owner !== undefined) {
    const gvk = `${owner.apiVersion}/${owner.kind}`;
    if (gvk === "v1/ReplicationController") {
      const rc = listers.replicationController(namespace, owner.name);
      if (rc !== undefined) requirements = fromMap({ ...merged, ...rc.spec?.selector });
    } else if (gvk === "apps/v1/ReplicaSet" || gvk === "apps/v1/StatefulSet") {
      const owned = gvk === "apps/v1/ReplicaSet" ? listers.replicaSet(namespace, owner.name) : listers.statefulSet(namespace, owner.name);
      if (owned !== undefined) {
        try {
          requirements = [...requirements, ...fromLabelSelector(owned.spec?.selector)];
        } catch {
          // A selector that does not parse adds nothing, as kube ignores it.
        }
      }
    }
  }
  return selectorOf(requirements);
}
