import type { Service } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import { formatIPv4, parseIPv4, parseIPv4Range } from "../apiserver/ipv4.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";

/** The simulated load balancer's address pool when the cluster names none (kind's docker network, as cloud-provider-kind and MetalLB set it up). */
export const DEFAULT_LOAD_BALANCER_POOL = "172.18.255.200-172.18.255.250";
const SOURCE = { component: "service-controller" };

export interface ServiceLoadBalancerOptions {
  /** The pool to hand addresses out of: `first-last` or a CIDR. Read at each reconcile, so a changed setting applies at once. */
  pool?: () => string;
}

/**
 * The load balancer a cloud would provide, simulated: a LoadBalancer Service (without a
 * `loadBalancerClass`, which names another implementation) gets an address from the
 * pool in `status.loadBalancer.ingress` — the one it asked for in `loadBalancerIP` when
 * free, else the lowest free one. With the pool exhausted it stays `<pending>`, as on a
 * cluster without a load balancer, and gets one as soon as another Service frees its
 * address. Events follow the cloud provider's service controller.
 */
export class ServiceLoadBalancerReconciler implements Reconciler {
  readonly name = "service-lb-controller";
  readonly watches;
  private readonly pool: () => string;
  /** LoadBalancer Services waiting for an address. */
  private readonly pending = new Set<string>();
  /** Services that hold an address, to say when they give it back. */
  private readonly holding = new Set<string>();

  constructor(
    private readonly ctx: EngineContext,
    opts: ServiceLoadBalancerOptions = {},
  ) {
    this.pool = opts.pool ?? (() => DEFAULT_LOAD_BALANCER_POOL);
    this.watches = [{ resource: "services", keys: (ev: WatchEvent) => this.onService(ev) }];
  }

  *initialKeys(): Iterable<string> {
    this.pending.clear();
    this.holding.clear();
    for (const s of this.ctx.api.list("services")) {
      const key = objectKey(s.metadata.namespace, s.metadata.name!);
      if (addressOf(asKind<Service>(s))) this.holding.add(key);
      if (asKind<Service>(s).spec?.type === "LoadBalancer") yield key;
    }
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet("services", namespace, name);
    const svc = obj && asKind<Service>(obj);
    if (!svc || obj.metadata.deletionTimestamp) {
      this.pending.delete(key);
      this.holding.delete(key);
      return;
    }
    if (svc.spec?.type !== "LoadBalancer" || svc.spec.loadBalancerClass) {
      this.pending.delete(key);
      if (this.holding.delete(key)) {
        this.ctx.events.record(obj, "Normal", "DeletingLoadBalancer", "Deleting load balancer", SOURCE);
        this.ctx.events.record(obj, "Normal", "DeletedLoadBalancer", "Deleted load balancer", SOURCE);
      }
      return;
    }
    const range = parseIPv4Range(this.pool());
    const current = addressOf(svc);
    const currentN = current === undefined ? undefined : parseIPv4(current);
    const taken = this.takenAddresses(namespace, name);
    const inPool = (n: number) => range !== undefined && n >= range.first && n <= range.last;
    if (currentN !== undefined && inPool(currentN) && !taken.has(currentN)) {
      this.pending.delete(key);
      this.holding.add(key);
      return;
    }
    let chosen: number | undefined;
    const requested = svc.spec.loadBalancerIP ? parseIPv4(svc.spec.loadBalancerIP) : undefined;
    if (requested !== undefined && inPool(requested) && !taken.has(requested)) chosen = requested;
    else if (range && requested === undefined) {
      for (let n = range.first; n <= range.last; n++) {
        if (!taken.has(n)) {
          chosen = n;
          break;
        }
      }
    }
    this.ctx.events.record(obj, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer", SOURCE);
    if (chosen === undefined) {
      this.pending.add(key);
      const why =
        requested !== undefined
          ? `requested IP ${svc.spec.loadBalancerIP} is not available in pool ${this.pool()}`
          : range
            ? `no available IP in pool ${this.pool()}`
            : `the load balancer pool "${this.pool()}" is not a valid address range`;
      this.ctx.events.record(obj, "Warning", "SyncLoadBalancerFailed", `Error syncing load balancer: failed to ensure load balancer: ${why}`, SOURCE);
      if (svc.status?.loadBalancer?.ingress?.length) this.ctx.api.updateStatus({ ...obj, status: { ...svc.status, loadBalancer: {} } });
      return;
    }
    const ip = formatIPv4(chosen);
    this.ctx.api.updateStatus({ ...obj, status: { ...(svc.status ?? {}), loadBalancer: { ingress: [{ ip, ipMode: "VIP" }] } } });
    this.pending.delete(key);
    this.holding.add(key);
    this.ctx.events.record(obj, "Normal", "EnsuredLoadBalancer", "Ensured load balancer", SOURCE);
  }

  /** Addresses other Services hold, from the stored Services (so a restart or another process loses none). */
  private takenAddresses(namespace: string, name: string): Set<number> {
    const taken = new Set<number>();
    for (const o of this.ctx.api.list("services")) {
      if (o.metadata.namespace === namespace && o.metadata.name === name) continue;
      const ip = addressOf(asKind<Service>(o));
      const n = ip === undefined ? undefined : parseIPv4(ip);
      if (n !== undefined) taken.add(n);
    }
    return taken;
  }

  private onService(ev: WatchEvent): string[] {
    const svc = asKind<Service>(ev.object);
    const key = objectKey(svc.metadata?.namespace, svc.metadata!.name!);
    const keys: string[] = [];
    const isLB = svc.spec?.type === "LoadBalancer";
    if (ev.type !== "DELETED" && (isLB || this.holding.has(key) || this.pending.has(key))) keys.push(key);
    // An address may have been given back: the Services waiting for one try again.
    const released = ev.type === "DELETED" ? this.holding.has(key) || addressOf(svc) !== undefined : this.holding.has(key) && !addressOf(svc);
    if (ev.type === "DELETED") {
      this.holding.delete(key);
      this.pending.delete(key);
    }
    if (released) for (const p of this.pending) if (p !== key) keys.push(p);
    return keys;
  }
}

/** The simulated load balancer's address on a Service, if it has one. */
function addressOf(svc: Service): string | undefined {
  return (svc.status?.loadBalancer?.ingress ?? []).find((i) => i.ip)?.ip;
}
