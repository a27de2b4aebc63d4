/**
 * Describe for the Service, networking and storage kinds: gathers what each describer
 * reads besides the object (a Service's EndpointSlices, an Ingress's backend Services,
 * the pods using a claim) through the cluster's reads, as kubectl's describers do.
 */
import type { Endpoints, Event, PersistentVolume, PersistentVolumeClaim, Pod, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Ingress, IngressClass } from "kubernetes-types/networking/v1";
import type { StorageClass } from "kubernetes-types/storage/v1";
import { asKind, type KubeObject } from "../../core/api/object.js";
import type { ListOptions } from "../../core/apiserver/types.js";
import type { KindInfo } from "../../core/api/registry.js";
import type { DescribeContext } from "./common.js";
import { describeIngress, describeIngressClass } from "./ingress.js";
import { describeEndpoints, describeEndpointSlice, describeService } from "./service.js";
import { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass } from "./storage.js";

/** The reads the describers need. */
export interface DescribeReader {
  list(resource: string, opts?: ListOptions): KubeObject[];
  tryGet(resource: string, namespace: string, name: string): KubeObject | undefined;
}

const SLICES = "endpointslices.discovery.k8s.io";

function slicesOf(reader: DescribeReader, namespace: string, service: string): EndpointSlice[] {
  return reader.list(SLICES, { namespace, labelSelector: `kubernetes.io/service-name=${service}` }).map((s) => asKind<EndpointSlice>(s));
}

/** Pods of the claim's namespace that mount it (`getPodsForPVC`). */
function podsUsing(reader: DescribeReader, pvc: PersistentVolumeClaim): Pod[] {
  return reader
    .list("pods", { namespace: pvc.metadata?.namespace })
    .map((p) => asKind<Pod>(p))
    .filter((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata?.name));
}

/** The describe text for a Service, networking or storage object; undefined for any other kind. */
export function describeNetworkingOrStorage(reader: DescribeReader, kind: KindInfo, obj: KubeObject, events: readonly Event[], ctx: DescribeContext): string | undefined {
  const ns = obj.metadata.namespace ?? "";
  switch (`${kind.kind}.${kind.group}`) {
    case "Service.":
      return describeService(asKind<Service>(obj), slicesOf(reader, ns, obj.metadata.name ?? ""), events, ctx);
    case "Endpoints.":
      return describeEndpoints(asKind<Endpoints>(obj), events, ctx);
    case "EndpointSlice.discovery.k8s.io":
      return describeEndpointSlice(asKind<EndpointSlice>(obj), events, ctx);
    case "Ingress.networking.k8s.io":
      return describeIngress(
        asKind<Ingress>(obj),
        {
          service: (namespace, name) => {
            const svc = reader.tryGet("services", namespace, name);
            return svc ? asKind<Service>(svc) : { error: `services "${name}" not found` };
          },
          endpointSlices: (namespace, name) => slicesOf(reader, namespace, name),
        },
        events,
        ctx,
      );
    case "IngressClass.networking.k8s.io":
      return describeIngressClass(asKind<IngressClass>(obj), events, ctx);
    case "PersistentVolume.":
      return describePersistentVolume(asKind<PersistentVolume>(obj), events, ctx);
    case "PersistentVolumeClaim.": {
      const pvc = asKind<PersistentVolumeClaim>(obj);
      return describePersistentVolumeClaim(pvc, podsUsing(reader, pvc), events, ctx);
    }
    case "StorageClass.storage.k8s.io":
      return describeStorageClass(asKind<StorageClass>(obj), events, ctx);
  }
  return undefined;
}
