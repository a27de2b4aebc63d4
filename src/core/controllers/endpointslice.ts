import type { Node, Pod, Service } from "kubernetes-types/core/v1";
import type { Endpoint, EndpointPort, EndpointSlice } from "kubernetes-types/discovery/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import type { EngineContext } from "../engine/context.js";
import { splitKey, type Reconciler } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";
import { EndpointPodIndex } from "./endpoint-index.js";
import {
  createDerived,
  ENDPOINTSLICE_CONTROLLER_NAME,
  findPort,
  HEADLESS_LABEL,
  isPodReady,
  MANAGED_BY_LABEL,
  podIPv4,
  SERVICE_NAME_LABEL,
  selectsPods,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from "./endpoint-pods.js";

const SLICES = "endpointslices.discovery.k8s.io";
/** kube-controller-manager's `--max-endpoints-per-slice`. */
export const MAX_ENDPOINTS_PER_SLICE = 100;
const ZONE_LABEL = "topology.kubernetes.io/zone";

interface DesiredEndpoint {
  /** The pod's uid: an endpoint keeps its slice while its pod lives. */
  id: string;
  endpoint: Endpoint;
}

interface PortGroup {
  ports: EndpointPort[];
  endpoints: DesiredEndpoint[];
}

/**
 * The EndpointSlice controller: for each Service with a selector, the pods it selects
 * as endpoints in slices of at most 100, one set of slices per distinct set of resolved
 * ports (a named targetPort may resolve differently per pod). Each endpoint says whether
 * it is ready, serving and terminating, with its node, zone and pod. An endpoint stays in
 * the slice it is in while its pod lives, so a change rewrites as few slices as possible;
 * a Service with no endpoints keeps one empty placeholder slice, as Kubernetes does.
 * Services without a selector are left to the slices their users write.
 */
export class EndpointSliceReconciler implements Reconciler {
  readonly name = "endpointslice-controller";
  readonly watches;
  private readonly index = new EndpointPodIndex();

  constructor(private readonly ctx: EngineContext) {
    this.watches = [
      { resource: "services", keys: (ev: WatchEvent) => this.index.onService(ev) },
      { resource: "pods", keys: (ev: WatchEvent) => this.index.onPod(ev) },
      { resource: SLICES, keys: (ev: WatchEvent) => this.onSlice(ev) },
    ];
  }

  *initialKeys(): Iterable<string> {
    this.index.rebuild(this.ctx.api);
    const seen = new Set<string>();
    for (const s of this.ctx.api.list("services")) seen.add(`${s.metadata.namespace}/${s.metadata.name}`);
    for (const s of this.ctx.api.list(SLICES)) {
      const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc && s.metadata.labels?.[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER_NAME) seen.add(`${s.metadata.namespace}/${svc}`);
    }
    yield* seen;
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet("services", namespace, name);
    const existing = this.ctx.api
      .list(SLICES, { namespace, labelSelector: `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${ENDPOINTSLICE_CONTROLLER_NAME}` })
      .map((s) => asKind<EndpointSlice>(s));
    const svc = obj && asKind<Service>(obj);
    if (!svc || obj.metadata.deletionTimestamp || !selectsPods(svc)) {
      for (const s of existing) this.deleteSlice(namespace, s.metadata!.name!);
      return;
    }
    const groups = this.desiredGroups(svc);
    const wanted = new Map<string, KubeObject>();
    const toCreate: KubeObject[] = [];
    const usedSlices = new Set<string>();
    for (const group of groups.values()) {
      const candidates = existing.filter((s) => portsKey(s.ports ?? []) === portsKey(group.ports) && !usedSlices.has(s.metadata!.name!));
      for (const slice of this.pack(svc, group, candidates)) {
        if (slice.metadata.name) {
          usedSlices.add(slice.metadata.name);
          wanted.set(slice.metadata.name, slice);
        } else {
          toCreate.push(slice);
        }
      }
    }
    // No endpoints at all: one placeholder slice, reusing one that exists.
    if (wanted.size === 0 && toCreate.length === 0) {
      const reuse = existing.find((s) => (s.endpoints ?? []).length === 0) ?? existing[0];
      const placeholder = this.sliceObject(svc, { ports: [] }, [], reuse);
      if (reuse) wanted.set(reuse.metadata!.name!, placeholder);
      else toCreate.push(placeholder);
    }
    for (const s of existing) {
      const name = s.metadata!.name!;
      const next = wanted.get(name);
      if (!next) this.deleteSlice(namespace, name);
      else if (JSON.stringify(comparable(next)) !== JSON.stringify(comparable(s as unknown as KubeObject))) this.ctx.api.update(next);
    }
    for (const s of toCreate) createDerived(this.ctx.api, s);
  }

  /** The endpoints each distinct set of resolved ports should list, in pod order. */
  private desiredGroups(svc: Service): Map<string, PortGroup> {
    const groups = new Map<string, PortGroup>();
    const nodes = new Map<string, Node | undefined>();
    for (const pod of this.index.podsFor(svc)) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const ports = endpointPorts(svc, pod);
      const k = portsKey(ports);
      let group = groups.get(k);
      if (!group) groups.set(k, (group = { ports, endpoints: [] }));
      const nodeName = pod.spec?.nodeName ?? "";
      if (nodeName && !nodes.has(nodeName)) {
        const n = this.ctx.api.tryGet("nodes", "", nodeName);
        nodes.set(nodeName, n && asKind<Node>(n));
      }
      group.endpoints.push({ id: pod.metadata?.uid ?? pod.metadata?.name ?? "", endpoint: podToEndpoint(pod, svc, nodes.get(nodeName)) });
    }
    return groups;
  }

  /**
   * Places a group's endpoints into slices: each endpoint where it already is, new ones
   * into the fullest slices with room, then into new slices. Returns complete slice
   * objects; those without a name are to be created.
   */
  private pack(svc: Service, group: PortGroup, candidates: readonly EndpointSlice[]): KubeObject[] {
    const desired = new Map(group.endpoints.map((e) => [e.id, e]));
    const placed = new Set<string>();
    const fills: { slice: EndpointSlice; endpoints: Endpoint[] }[] = [];
    for (const slice of [...candidates].sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1))) {
      const kept: Endpoint[] = [];
      for (const e of slice.endpoints ?? []) {
        const id = e.targetRef?.uid ?? "";
        const d = desired.get(id);
        if (d && !placed.has(id) && kept.length < MAX_ENDPOINTS_PER_SLICE) {
          kept.push(d.endpoint);
          placed.add(id);
        }
      }
      fills.push({ slice, endpoints: kept });
    }
    const remaining = group.endpoints.filter((e) => !placed.has(e.id));
    // The fullest slices first, so that slices stay few and full.
    const byFullness = fills.filter((f) => f.endpoints.length > 0).sort((a, b) => b.endpoints.length - a.endpoints.length);
    const empties = fills.filter((f) => f.endpoints.length === 0);
    for (const f of [...byFullness, ...empties]) {
      while (remaining.length > 0 && f.endpoints.length < MAX_ENDPOINTS_PER_SLICE) f.endpoints.push(remaining.shift()!.endpoint);
    }
    const out: KubeObject[] = fills.filter((f) => f.endpoints.length > 0).map((f) => this.sliceObject(svc, group, f.endpoints, f.slice));
    while (remaining.length > 0) {
      const chunk = remaining.splice(0, MAX_ENDPOINTS_PER_SLICE).map((e) => e.endpoint);
      out.push(this.sliceObject(svc, group, chunk, undefined));
    }
    return out;
  }

  private sliceObject(svc: Service, group: Pick<PortGroup, "ports">, endpoints: Endpoint[], existing: EndpointSlice | undefined): KubeObject {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(svc.metadata?.labels ?? {})) if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL) labels[k] = v;
    labels[SERVICE_NAME_LABEL] = svc.metadata!.name!;
    labels[MANAGED_BY_LABEL] = ENDPOINTSLICE_CONTROLLER_NAME;
    if (svc.spec?.clusterIP === "None") labels[HEADLESS_LABEL] = "";
    const metadata = existing
      ? { ...existing.metadata, labels }
      : {
          generateName: `${svc.metadata!.name}-`,
          namespace: svc.metadata!.namespace,
          labels,
          ownerReferences: [{ apiVersion: "v1", kind: "Service", name: svc.metadata!.name!, uid: svc.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
        };
    const slice: Record<string, unknown> = { apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata, addressType: "IPv4", endpoints };
    if (group.ports.length > 0) slice.ports = group.ports;
    return slice as unknown as KubeObject;
  }

  private deleteSlice(namespace: string, name: string): void {
    try {
      this.ctx.api.delete(SLICES, namespace, name);
    } catch (e) {
      if (!isApiError(e, "NotFound")) throw e;
    }
  }

  /** A managed slice changed or went away behind the controller's back: its Service is looked at again. */
  private onSlice(ev: WatchEvent): string[] {
    const labels = ev.object.metadata.labels ?? {};
    const svc = labels[SERVICE_NAME_LABEL];
    if (!svc || labels[MANAGED_BY_LABEL] !== ENDPOINTSLICE_CONTROLLER_NAME || ev.type === "ADDED") return [];
    return [`${ev.object.metadata.namespace}/${svc}`];
  }
}

/** The Service's ports as resolved on one pod; a named targetPort the pod lacks is left out. */
export function endpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: EndpointPort = { name: sp.name ?? "", port, protocol: sp.protocol ?? "TCP" };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

/**
 * One pod as an endpoint (`podToEndpoint`): ready only when the pod is ready and not
 * terminating (or the Service publishes not-ready addresses), serving when ready,
 * terminating while it is being deleted.
 */
export function podToEndpoint(pod: Pod, svc: Service, node: Node | undefined): Endpoint {
  const terminating = Boolean(pod.metadata?.deletionTimestamp);
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const serving = isPodReady(pod);
  const ready = publishNotReady || (serving && !terminating);
  const endpoint: Endpoint = {
    addresses: [podIPv4(pod)!],
    conditions: { ready, serving, terminating },
    targetRef: { kind: "Pod", namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
  if (shouldSetHostname(pod, svc)) endpoint.hostname = pod.spec!.hostname;
  if (pod.spec?.nodeName) endpoint.nodeName = pod.spec.nodeName;
  const zone = node?.metadata?.labels?.[ZONE_LABEL];
  if (zone) endpoint.zone = zone;
  return endpoint;
}

function portsKey(ports: readonly EndpointPort[]): string {
  return JSON.stringify([...ports].map((p) => [p.name ?? "", p.port ?? 0, p.protocol ?? "TCP", p.appProtocol ?? ""]).sort());
}

/** What a write would change: labels, ports and endpoints (not server-set metadata). */
function comparable(slice: KubeObject): unknown {
  const s = slice as unknown as EndpointSlice;
  return [s.metadata?.labels, s.ports ?? [], s.endpoints ?? [], s.addressType];
}
