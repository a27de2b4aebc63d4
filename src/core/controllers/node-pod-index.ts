import type { Pod } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, type Reconciler } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";

const EMPTY: ReadonlySet<string> = new Set();

/**
 * The pods bound to each node (the `spec.nodeName` indexer the node lifecycle and
 * taint eviction controllers share in kube-controller-manager), kept current from the
 * watch stream and rebuilt from the store when the engine starts. Registered as a
 * reconciler that never reconciles, ahead of the controllers that read it, so that
 * their `keys()` and `reconcile()` always find it current.
 */
export class NodePodIndex implements Reconciler {
  readonly name = "node-pod-index";
  readonly watches = [{ resource: "pods", keys: (ev: WatchEvent) => this.observe(ev) }];
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly nodeOfPod = new Map<string, string>();

  constructor(private readonly ctx: EngineContext) {}

  initialKeys(): Iterable<string> {
    this.podsByNode.clear();
    this.nodeOfPod.clear();
    for (const obj of this.ctx.api.list("pods")) {
      const nodeName = asKind<Pod>(obj).spec?.nodeName;
      if (nodeName) this.set(objectKey(obj.metadata.namespace, obj.metadata.name ?? ""), nodeName);
    }
    return [];
  }

  reconcile(): void {}

  /** Keys (`namespace/name`) of the pods bound to `nodeName`. */
  podsOn(nodeName: string): ReadonlySet<string> {
    return this.podsByNode.get(nodeName) ?? EMPTY;
  }

  private observe(ev: WatchEvent): string[] {
    const key = objectKey(ev.object.metadata.namespace, ev.object.metadata.name ?? "");
    const nodeName = ev.type === "DELETED" ? undefined : asKind<Pod>(ev.object).spec?.nodeName;
    if (nodeName) this.set(key, nodeName);
    else this.remove(key);
    return [];
  }

  private set(key: string, nodeName: string): void {
    const old = this.nodeOfPod.get(key);
    if (old === nodeName) return;
    if (old !== undefined) this.remove(key);
    this.nodeOfPod.set(key, nodeName);
    let set = this.podsByNode.get(nodeName);
    if (!set) this.podsByNode.set(nodeName, (set = new Set()));
    set.add(key);
  }

  private remove(key: string): void {
    const old = this.nodeOfPod.get(key);
    if (old === undefined) return;
    this.nodeOfPod.delete(key);
    const set = this.podsByNode.get(old);
    set?.delete(key);
    if (set?.size === 0) this.podsByNode.delete(old);
  }
}
