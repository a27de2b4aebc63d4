import type { EndpointAddress, Endpoints, Service } from "kubernetes-types/core/v1";
import type { Endpoint, EndpointPort, EndpointSlice } from "kubernetes-types/discovery/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import type { EngineContext } from "../engine/context.js";
import { splitKey, type Reconciler } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";
import { createDerived, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from "./endpoint-pods.js";
import { MAX_ENDPOINTS_PER_SLICE } from "./endpointslice.js";

const SLICES = "endpointslices.discovery.k8s.io";
/** The mirroring controller's name in the managed-by label. */
export const MIRRORING_CONTROLLER_NAME = "endpointslicemirroring-controller.k8s.io";
const SKIP_MIRROR_LABEL = "endpointslice.kubernetes.io/skip-mirror";
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * The EndpointSlice mirroring controller: the Endpoints a user writes for a Service
 * without a selector are mirrored into EndpointSlices, so that everything reading
 * slices (kube-proxy, `describe svc`, `describe ingress`) sees them.
 */
export class EndpointSliceMirroringReconciler implements Reconciler {
  readonly name = "endpointslice-mirroring-controller";
  readonly watches = [
    { resource: "endpoints", keys: (ev: WatchEvent) => [`${ev.object.metadata.namespace}/${ev.object.metadata.name}`] },
    { resource: "services", keys: (ev: WatchEvent) => [`${ev.object.metadata.namespace}/${ev.object.metadata.name}`] },
    {
      resource: SLICES,
      keys: (ev: WatchEvent) => {
        const l = ev.object.metadata.labels ?? {};
        return l[MANAGED_BY_LABEL] === MIRRORING_CONTROLLER_NAME && l[SERVICE_NAME_LABEL] && ev.type !== "ADDED" ? [`${ev.object.metadata.namespace}/${l[SERVICE_NAME_LABEL]}`] : [];
      },
    },
  ];

  constructor(private readonly ctx: EngineContext) {}

  *initialKeys(): Iterable<string> {
    const keys = new Set<string>();
    for (const e of this.ctx.api.list("endpoints")) keys.add(`${e.metadata.namespace}/${e.metadata.name}`);
    for (const s of this.ctx.api.list(SLICES)) {
      const l = s.metadata.labels ?? {};
      if (l[MANAGED_BY_LABEL] === MIRRORING_CONTROLLER_NAME && l[SERVICE_NAME_LABEL]) keys.add(`${s.metadata.namespace}/${l[SERVICE_NAME_LABEL]}`);
    }
    yield* keys;
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const existing = this.ctx.api
      .list(SLICES, { namespace, labelSelector: `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${MIRRORING_CONTROLLER_NAME}` })
      .map((s) => asKind<EndpointSlice>(s))
      .sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
    const svcObj = this.ctx.api.tryGet("services", namespace, name);
    const epObj = this.ctx.api.tryGet("endpoints", namespace, name);
    const svc = svcObj && asKind<Service>(svcObj);
    const ep = epObj && asKind<Endpoints>(epObj);
    const mirror = svc && ep && Object.keys(svc.spec?.selector ?? {}).length === 0 && ep.metadata?.labels?.[SKIP_MIRROR_LABEL] !== "true";
    const desired = mirror ? desiredSlices(ep) : [];
    desired.forEach((d, i) => {
      const slice = this.sliceObject(svc!, ep!, d.ports, d.endpoints, existing[i]);
      if (!existing[i]) createDerived(this.ctx.api, slice);
      else if (JSON.stringify([existing[i]!.metadata?.labels, existing[i]!.ports ?? [], existing[i]!.endpoints ?? []]) !== JSON.stringify([slice.metadata.labels, slice.ports ?? [], slice.endpoints ?? []])) {
        this.ctx.api.update(slice);
      }
    });
    for (const s of existing.slice(desired.length)) {
      try {
        this.ctx.api.delete(SLICES, namespace, s.metadata!.name!);
      } catch (e) {
        if (!isApiError(e, "NotFound")) throw e;
      }
    }
  }

  private sliceObject(svc: Service, ep: Endpoints, ports: EndpointPort[], endpoints: Endpoint[], existing: EndpointSlice | undefined): KubeObject {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(ep.metadata?.labels ?? {})) if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL) labels[k] = v;
    labels[SERVICE_NAME_LABEL] = svc.metadata!.name!;
    labels[MANAGED_BY_LABEL] = MIRRORING_CONTROLLER_NAME;
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(ep.metadata?.annotations ?? {})) if (k !== LAST_APPLIED) annotations[k] = v;
    const metadata = existing
      ? { ...existing.metadata, labels, annotations }
      : {
          generateName: `${ep.metadata!.name}-`,
          namespace: ep.metadata!.namespace,
          labels,
          annotations,
          ownerReferences: [{ apiVersion: "v1", kind: "Endpoints", name: ep.metadata!.name!, uid: ep.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
        };
    if (Object.keys(annotations).length === 0) delete (metadata as { annotations?: unknown }).annotations;
    const slice: Record<string, unknown> = { apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata, addressType: "IPv4", endpoints };
    if (ports.length > 0) slice.ports = ports;
    return slice as unknown as KubeObject;
  }
}

/** One slice per subset (chunked at 100 endpoints), IPv4 addresses only. */
function desiredSlices(ep: Endpoints): { ports: EndpointPort[]; endpoints: Endpoint[] }[] {
  const out: { ports: EndpointPort[]; endpoints: Endpoint[] }[] = [];
  for (const ss of ep.subsets ?? []) {
    const ports: EndpointPort[] = (ss.ports ?? []).map((p) => ({ name: p.name ?? "", port: p.port, protocol: p.protocol ?? "TCP", ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) }));
    const endpoints = [
      ...(ss.addresses ?? []).map((a) => toEndpoint(a, true)),
      ...(ss.notReadyAddresses ?? []).map((a) => toEndpoint(a, false)),
    ].filter((e): e is Endpoint => e !== undefined);
    for (let i = 0; i < endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) out.push({ ports, endpoints: endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
  }
  return out;
}

function toEndpoint(a: EndpointAddress, ready: boolean): Endpoint | undefined {
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(a.ip)) return undefined;
  const e: Endpoint = { addresses: [a.ip], conditions: { ready } };
  if (a.hostname) e.hostname = a.hostname;
  if (a.nodeName) e.nodeName = a.nodeName;
  if (a.targetRef) e.targetRef = a.targetRef;
  return e;
}
