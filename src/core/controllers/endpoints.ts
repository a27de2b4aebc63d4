import type { EndpointAddress, EndpointPort, Endpoints, EndpointSubset, Pod, Service } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import type { EngineContext } from "../engine/context.js";
import { splitKey, type Reconciler } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";
import { EndpointPodIndex } from "./endpoint-index.js";
import { createDerived, findPort, HEADLESS_LABEL, isPodReady, podIPv4, selectsPods, shouldPodBeInEndpoints, shouldSetHostname } from "./endpoint-pods.js";

/** The legacy Endpoints API holds at most this many addresses per object. */
export const MAX_ENDPOINTS_ADDRESSES = 1000;
const OVER_CAPACITY_ANNOTATION = "endpoints.kubernetes.io/over-capacity";

/**
 * The legacy Endpoints controller: one Endpoints object per Service with a selector,
 * named after it, listing the selected pods' addresses (ready ones under `addresses`,
 * the others under `notReadyAddresses`) with the Service's ports resolved per pod, packed
 * into subsets of identical ports and sorted as Kubernetes sorts them. A Service without
 * a selector keeps the Endpoints its user writes; a deleted Service loses its Endpoints.
 */
export class EndpointsReconciler implements Reconciler {
  readonly name = "endpoint-controller";
  readonly watches;
  private readonly index = new EndpointPodIndex();

  constructor(private readonly ctx: EngineContext) {
    this.watches = [
      { resource: "services", keys: (ev: WatchEvent) => this.index.onService(ev) },
      { resource: "pods", keys: (ev: WatchEvent) => this.index.onPod(ev) },
      { resource: "endpoints", keys: (ev: WatchEvent) => (ev.type === "ADDED" ? [] : [`${ev.object.metadata.namespace}/${ev.object.metadata.name}`]) },
    ];
  }

  *initialKeys(): Iterable<string> {
    this.index.rebuild(this.ctx.api);
    const keys = new Set<string>();
    for (const s of this.ctx.api.list("services")) keys.add(`${s.metadata.namespace}/${s.metadata.name}`);
    for (const e of this.ctx.api.list("endpoints")) keys.add(`${e.metadata.namespace}/${e.metadata.name}`);
    yield* keys;
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet("services", namespace, name);
    const current = this.ctx.api.tryGet("endpoints", namespace, name);
    if (!obj) {
      if (current) this.remove(namespace, name);
      return;
    }
    const svc = asKind<Service>(obj);
    if (obj.metadata.deletionTimestamp || !selectsPods(svc)) return;
    const { subsets, truncated } = endpointSubsets(svc, this.index.podsFor(svc));
    const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}) };
    if (svc.spec?.clusterIP === "None") labels[HEADLESS_LABEL] = "";
    else delete labels[HEADLESS_LABEL];
    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = "truncated";
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    const next: Record<string, unknown> = {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: {
        ...(current?.metadata ?? { name, namespace }),
        labels,
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
    };
    if (Object.keys(annotations).length === 0) delete (next.metadata as { annotations?: unknown }).annotations;
    if (subsets.length > 0) next.subsets = subsets;
    if (!current) {
      createDerived(this.ctx.api, next as unknown as KubeObject);
      return;
    }
    const before = asKind<Endpoints>(current);
    const same =
      JSON.stringify(before.subsets ?? []) === JSON.stringify(subsets) &&
      JSON.stringify(before.metadata?.labels ?? {}) === JSON.stringify(labels) &&
      JSON.stringify(before.metadata?.annotations ?? {}) === JSON.stringify(annotations);
    if (!same) this.ctx.api.update(next as unknown as KubeObject);
  }

  private remove(namespace: string, name: string): void {
    try {
      this.ctx.api.delete("endpoints", namespace, name);
    } catch (e) {
      if (!isApiError(e, "NotFound")) throw e;
    }
  }
}

/**
 * The Service's endpoints as Endpoints subsets (`syncService` then `RepackSubsets`):
 * terminating pods only when the Service publishes not-ready addresses, at most 1000
 * addresses (ready ones first) when there are more.
 */
export function endpointSubsets(svc: Service, pods: readonly Pod[]): { subsets: EndpointSubset[]; truncated: boolean } {
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const servicePorts = svc.spec?.ports ?? [];
  // ports key → subset being built
  const groups = new Map<string, { ports: EndpointPort[]; ready: Map<string, EndpointAddress>; notReady: Map<string, EndpointAddress> }>();
  const add = (ports: EndpointPort[], address: EndpointAddress, ready: boolean) => {
    const k = JSON.stringify(ports.map((p) => [p.name ?? "", p.port, p.protocol]).sort());
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ports, ready: new Map(), notReady: new Map() }));
    const id = `${address.ip}/${address.targetRef?.uid ?? ""}`;
    (ready ? g.ready : g.notReady).set(id, address);
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const address: EndpointAddress = {
      ip: podIPv4(pod)!,
      targetRef: { kind: "Pod", namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
    };
    if (shouldSetHostname(pod, svc)) address.hostname = pod.spec!.hostname;
    if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
    const ready = publishNotReady || isPodReady(pod);
    if (servicePorts.length === 0) {
      if (svc.spec?.clusterIP === "None") add([], address, ready);
      continue;
    }
    // Each Service port is its own subset before repacking: a pod lacking a named port
    // is listed only for the ports it has.
    for (const sp of servicePorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? "TCP" };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      add([ep], address, ready);
    }
  }
  return repack(groups, servicePorts.length);
}

/** Merges per-port groups with the same addresses into one subset, and sorts as `SortSubsets` does. */
function repack(
  groups: Map<string, { ports: EndpointPort[]; ready: Map<string, EndpointAddress>; notReady: Map<string, EndpointAddress> }>,
  _servicePorts: number,
): { subsets: EndpointSubset[]; truncated: boolean } {
  // address set → ports
  const byAddresses = new Map<string, { ready: EndpointAddress[]; notReady: EndpointAddress[]; ports: EndpointPort[] }>();
  for (const g of groups.values()) {
    const ready = [...g.ready.values()].sort(lessAddress);
    const notReady = [...g.notReady.values()].sort(lessAddress);
    const k = JSON.stringify([ready.map(addressId), notReady.map(addressId)]);
    const entry = byAddresses.get(k);
    if (entry) entry.ports.push(...g.ports);
    else byAddresses.set(k, { ready, notReady, ports: [...g.ports] });
  }
  let budget = MAX_ENDPOINTS_ADDRESSES;
  let truncated = false;
  const subsets: EndpointSubset[] = [];
  const entries = [...byAddresses.values()]
    .map((e) => ({ ...e, ports: e.ports.sort((a, b) => compare(JSON.stringify([a.name ?? "", a.port, a.protocol]), JSON.stringify([b.name ?? "", b.port, b.protocol]))) }))
    .sort((a, b) => compare(JSON.stringify(a.ports), JSON.stringify(b.ports)));
  for (const e of entries) {
    let ready = e.ready;
    let notReady = e.notReady;
    if (ready.length + notReady.length > budget) {
      truncated = true;
      ready = ready.slice(0, budget);
      notReady = notReady.slice(0, Math.max(0, budget - ready.length));
    }
    budget -= ready.length + notReady.length;
    if (ready.length === 0 && notReady.length === 0) continue;
    const subset: EndpointSubset = {};
    if (ready.length > 0) subset.addresses = ready;
    if (notReady.length > 0) subset.notReadyAddresses = notReady;
    if (e.ports.length > 0) subset.ports = e.ports;
    subsets.push(subset);
  }
  return { subsets, truncated };
}

function addressId(a: EndpointAddress): string {
  return `${a.ip}/${a.targetRef?.uid ?? ""}`;
}

/** `LessEndpointAddress`: by IP bytes, then by the pod's uid. */
function lessAddress(a: EndpointAddress, b: EndpointAddress): number {
  return compare(a.ip, b.ip) || compare(a.targetRef?.uid ?? "", b.targetRef?.uid ?? "");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
