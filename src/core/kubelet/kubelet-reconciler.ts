import type { Node, Pod } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import type { EngineContext } from "../engine/context.js";
import { Rng } from "../engine/rand.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";
import { nodeRunsPods } from "./node-health.js";
import type { NodeImageCache } from "./node-images.js";
import type { PodIPAllocator } from "./pod-ips.js";
import { PodWorker } from "./pod-worker.js";
import type { ContainerRuntime } from "./runtime.js";
import type { ExecJournal } from "./exec-journal.js";
import { PodVolumes } from "./volumes.js";

export interface KubeletOptions {
  runtime: ContainerRuntime;
  images: NodeImageCache;
  ips: PodIPAllocator;
  journal?: ExecJournal;
}

/**
 * Every simulated node's kubelet, as one reconciler keyed by pod `namespace/name`. For
 * a pod bound to a node that exists and is Ready it runs a {@link PodWorker}, which
 * walks the stage table and says when the next transition is due; a pod on a missing
 * or NotReady node is left as it is (the node lifecycle controller's business).
 *
 * Per-pod work is O(1): workers, pod IPs and the pods of each node are kept in memory
 * and rebuilt from the store on first use, never by listing per reconcile.
 */
export class KubeletReconciler implements Reconciler {
  readonly name = "kubelet";
  readonly watches;
  private readonly workers = new Map<string, PodWorker>();
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly nodeOfPod = new Map<string, string>();
  /** Whether each node ran pods when last seen, to wake its pods when that changes. */
  private readonly nodeUsable = new Map<string, boolean>();
  /**
   * Our own status writes need no reconcile. The engine may route a change while it is
   * written (`writing`) or after the commit (`ownWrites`: the resourceVersion written).
   */
  private readonly ownWrites = new Map<string, string>();
  private writing: string | undefined;
  /** Exec journal entries each live pod has seen (by uid), and the journal's version when last read. */
  private readonly journalCounts = new Map<string, number>();
  private journalVersion: string | undefined;
  /** Pods by the ConfigMaps and Secrets their volumes read (`configmaps/NS/NAME`), and each pod's (with its uid). */
  private readonly podsByVolumeSource = new Map<string, Set<string>>();
  private readonly volumeSourcesOfPod = new Map<string, { uid: string; refs: string[] }>();
  /** Pods whose volume sources changed since their last reconcile. */
  private readonly volumeSourceChanged = new Set<string>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly opts: KubeletOptions,
  ) {
    this.watches = [
      { resource: "pods", keys: (ev: WatchEvent) => this.onPod(ev) },
      { resource: "nodes", keys: (ev: WatchEvent) => this.onNode(ev) },
      { resource: "configmaps", keys: (ev: WatchEvent) => this.onVolumeSource("configmaps", ev) },
      { resource: "secrets", keys: (ev: WatchEvent) => this.onVolumeSource("secrets", ev) },
    ];
  }

  *initialKeys(): Iterable<string> {
    for (const obj of this.ctx.api.list("pods")) {
      const pod = asKind<Pod>(obj);
      const nodeName = pod.spec?.nodeName;
      if (!nodeName) continue;
      const key = objectKey(pod.metadata?.namespace, pod.metadata?.name ?? "");
      this.track(key, nodeName);
      this.indexVolumeSources(key, pod);
      const phase = pod.status?.phase;
      if (pod.metadata?.deletionTimestamp || (phase !== "Succeeded" && phase !== "Failed")) yield key;
    }
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet("pods", namespace, name);
    if (!obj) {
      this.forget(key);
      return;
    }
    const pod = asKind<Pod>(obj);
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    this.track(key, nodeName);
    this.indexVolumeSources(key, pod);
    const nodeObj = this.ctx.api.tryGet("nodes", "", nodeName);
    const node = nodeObj && asKind<Node>(nodeObj);
    if (!node || !nodeRunsPods(node)) return;

    const now = this.ctx.clock.now();
    let worker = this.workers.get(key);
    if (worker && worker.uid !== pod.metadata?.uid) {
      // A new pod of the same name (a StatefulSet's, say): the old one's IP and logs go.
      this.forget(key);
      this.track(key, nodeName);
      this.indexVolumeSources(key, pod);
      worker = undefined;
    }
    if (!worker) {
      const rng = Rng.fromSeed(this.ctx.rand.int(2 ** 31));
      worker = new PodWorker(pod, now, rng, { ...this.opts, api: this.ctx.api, events: this.ctx.events, logs: this.ctx.logs });
      this.journalCounts.set(pod.metadata?.uid ?? "", this.opts.journal?.read(pod.metadata?.uid ?? "").length ?? 0);
      this.workers.set(key, worker);
      // A new worker mounted what the API holds now.
      this.volumeSourceChanged.delete(key);
    }
    if (this.volumeSourceChanged.delete(key)) worker.volumesChanged(now);

    const result = worker.sync(obj, node, now);
    if (result.status) {
      this.writing = key;
      try {
        const written = this.ctx.api.updateStatus({ ...obj, status: result.status });
        if (written.metadata.resourceVersion && this.writing === key) this.ownWrites.set(key, written.metadata.resourceVersion);
      } finally {
        this.writing = undefined;
      }
    }
    if (result.remove) {
      this.ctx.api.delete("pods", namespace, name, { gracePeriodSeconds: 0 });
      this.forget(key);
      return;
    }
    if (result.idle) this.workers.delete(key);
    if (result.nextDue !== undefined) return { requeueAfter: Math.max(0, result.nextDue - now) };
  }

  /** The worker running a pod in this process, if any (exec acts on it). */
  liveWorker(key: string, uid: string): PodWorker | undefined {
    const w = this.workers.get(key);
    return w && w.uid === uid ? w : undefined;
  }

  /** An exec in this process appended to the pod's journal: its live container has it already. */
  journalSeen(uid: string): void {
    this.journalCounts.set(uid, (this.journalCounts.get(uid) ?? 0) + 1);
    this.journalVersion = this.opts.journal?.version();
  }

  /**
   * Applies execs another kdeck process ran (on a replica) to the live containers: called
   * on each real-time tick, it costs one metadata read when nothing changed.
   */
  pollExecJournal(): void {
    const journal = this.opts.journal;
    if (!journal) return;
    const version = journal.version();
    if (version === this.journalVersion) return;
    this.journalVersion = version;
    for (const w of this.workers.values()) {
      const entries = journal.read(w.uid);
      const seen = this.journalCounts.get(w.uid) ?? 0;
      for (const e of entries.slice(seen)) {
        const c = w.containers.find((x) => x.spec.name === e.container);
        const p = c?.process;
        if (!p || p.exit) continue;
        for (const op of e.ops) if (c.instance === e.instance || p.fs.onVolume(op.path)) p.fs.apply(op);
      }
      this.journalCounts.set(w.uid, entries.length);
    }
  }

  private onPod(ev: WatchEvent): Iterable<string> {
    const pod = asKind<Pod>(ev.object);
    const nodeName = pod.spec?.nodeName;
    const key = objectKey(pod.metadata?.namespace, pod.metadata?.name ?? "");
    if (ev.type === "DELETED") return this.nodeOfPod.has(key) || this.workers.has(key) ? [key] : [];
    if (!nodeName) return [];
    this.track(key, nodeName);
    this.indexVolumeSources(key, pod);
    if (ev.type === "MODIFIED" && this.writing === key) {
      // Seen as it is written: nothing to recognise after the commit.
      this.writing = undefined;
      return [];
    }
    if (ev.type === "MODIFIED" && this.ownWrites.get(key) === pod.metadata?.resourceVersion) {
      this.ownWrites.delete(key);
      return [];
    }
    return [key];
  }

  private onNode(ev: WatchEvent): Iterable<string> {
    const node = asKind<Node>(ev.object);
    const name = node.metadata?.name ?? "";
    if (ev.type === "DELETED") {
      this.nodeUsable.delete(name);
      return [];
    }
    const usable = nodeRunsPods(node);
    const before = this.nodeUsable.get(name);
    this.nodeUsable.set(name, usable);
    return usable && before !== true ? [...(this.podsByNode.get(name) ?? [])] : [];
  }

  /** A ConfigMap or Secret changed: the running pods whose volumes read it check their files. */
  private onVolumeSource(resource: "configmaps" | "secrets", ev: WatchEvent): Iterable<string> {
    const m = ev.object.metadata;
    const pods = this.podsByVolumeSource.get(`${resource}/${m.namespace ?? "default"}/${m.name ?? ""}`);
    if (!pods) return [];
    const keys = [...pods].filter((k) => this.workers.has(k));
    for (const k of keys) this.volumeSourceChanged.add(k);
    return keys;
  }

  /** Indexes the pod under the ConfigMaps and Secrets its volumes read (a pod's volumes never change; a new pod of the name may). */
  private indexVolumeSources(key: string, pod: Pod): void {
    const uid = pod.metadata?.uid ?? "";
    if (this.volumeSourcesOfPod.get(key)?.uid === uid) return;
    this.unindexVolumeSources(key);
    const ns = pod.metadata?.namespace ?? "default";
    const refs = PodVolumes.references(pod).map((r) => {
      const [resource, name] = r.split("/") as [string, string];
      return `${resource}/${ns}/${name}`;
    });
    this.volumeSourcesOfPod.set(key, { uid, refs });
    for (const r of refs) {
      let set = this.podsByVolumeSource.get(r);
      if (!set) {
        set = new Set();
        this.podsByVolumeSource.set(r, set);
      }
      set.add(key);
    }
  }

  private unindexVolumeSources(key: string): void {
    for (const r of this.volumeSourcesOfPod.get(key)?.refs ?? []) {
      const set = this.podsByVolumeSource.get(r);
      set?.delete(key);
      if (set?.size === 0) this.podsByVolumeSource.delete(r);
    }
    this.volumeSourcesOfPod.delete(key);
    this.volumeSourceChanged.delete(key);
  }

  private track(key: string, nodeName: string): void {
    if (this.nodeOfPod.get(key) === nodeName) return;
    this.nodeOfPod.set(key, nodeName);
    let set = this.podsByNode.get(nodeName);
    if (!set) {
      set = new Set();
      this.podsByNode.set(nodeName, set);
    }
    set.add(key);
  }

  /** The pod is gone: its worker, its IP, its place in the node index and its logs. */
  private forget(key: string): void {
    const uid = this.workers.get(key)?.uid;
    if (uid) {
      this.opts.journal?.forget(uid);
      this.journalCounts.delete(uid);
    }
    this.workers.delete(key);
    this.ownWrites.delete(key);
    this.unindexVolumeSources(key);
    this.opts.ips.release(key);
    const nodeName = this.nodeOfPod.get(key);
    if (nodeName !== undefined) {
      this.podsByNode.get(nodeName)?.delete(key);
      this.nodeOfPod.delete(key);
    }
    const { namespace, name } = splitKey(key);
    this.ctx.logs.forget(namespace, name);
  }
}
