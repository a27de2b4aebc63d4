import type { Pod, Service } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { objectKey } from "../engine/reconciler.js";
import { fromMap, matches, type Selector } from "../labels/selector.js";
import type { WatchEvent } from "../store.js";
import { endpointSignature } from "./endpoint-pods.js";

interface IndexedService {
  selector: Selector;
}

/**
 * The endpoint controllers' informer caches: pods by namespace and the Services' compiled
 * selectors, kept from watch events and rebuilt from the store when the engine starts.
 * A pod change wakes only the Services that select it now or selected it before, and
 * only when something its endpoint shows changed; a reconcile reads the pods of one
 * namespace without listing or sorting the cluster.
 */
export class EndpointPodIndex {
  private readonly pods = new Map<string, Map<string, Pod>>();
  private readonly services = new Map<string, Map<string, IndexedService>>();

  /** Forgets everything and reads the pods and Services from the store. */
  rebuild(api: Api): void {
    this.pods.clear();
    this.services.clear();
    for (const o of api.list("services")) this.setService(asKind<Service>(o));
    for (const o of api.list("pods")) {
      const pod = asKind<Pod>(o);
      this.podsIn(pod.metadata?.namespace ?? "").set(pod.metadata?.name ?? "", pod);
    }
  }

  /** Files a Service change; returns its key. */
  onService(ev: WatchEvent): string[] {
    const svc = asKind<Service>(ev.object);
    const ns = svc.metadata?.namespace ?? "";
    const name = svc.metadata?.name ?? "";
    if (ev.type === "DELETED") this.services.get(ns)?.delete(name);
    else this.setService(svc);
    return [objectKey(ns, name)];
  }

  /** Files a pod change; returns the keys of the Services whose endpoints it may change. */
  onPod(ev: WatchEvent): string[] {
    const pod = asKind<Pod>(ev.object);
    const ns = pod.metadata?.namespace ?? "";
    const name = pod.metadata?.name ?? "";
    const pods = this.podsIn(ns);
    const previous = pods.get(name);
    if (ev.type === "DELETED") pods.delete(name);
    else pods.set(name, pod);
    const services = this.services.get(ns);
    if (!services || services.size === 0) return [];
    if (ev.type === "MODIFIED" && previous && endpointSignature(previous) === endpointSignature(pod)) return [];
    const keys: string[] = [];
    for (const [svcName, s] of services) {
      if (matches(s.selector, pod.metadata?.labels) || (previous && matches(s.selector, previous.metadata?.labels))) keys.push(objectKey(ns, svcName));
    }
    return keys;
  }

  /** The pods of the Service's namespace its selector matches. */
  podsFor(svc: Service): Pod[] {
    const selector = fromMap(svc.spec?.selector);
    const out: Pod[] = [];
    for (const pod of this.pods.get(svc.metadata?.namespace ?? "")?.values() ?? []) if (matches(selector, pod.metadata?.labels)) out.push(pod);
    return out;
  }

  private setService(svc: Service): void {
    const ns = svc.metadata?.namespace ?? "";
    let byName = this.services.get(ns);
    if (!byName) this.services.set(ns, (byName = new Map()));
    const selector = svc.spec?.selector && Object.keys(svc.spec.selector).length > 0 ? fromMap(svc.spec.selector) : undefined;
    // Only Services that select pods are kept: a namespace without any costs a pod change nothing.
    if (selector) byName.set(svc.metadata?.name ?? "", { selector });
    else byName.delete(svc.metadata?.name ?? "");
  }

  private podsIn(ns: string): Map<string, Pod> {
    let m = this.pods.get(ns);
    if (!m) this.pods.set(ns, (m = new Map()));
    return m;
  }
}
