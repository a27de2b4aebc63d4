/**
 * The DaemonSet controller: one pod on every eligible node (nodeSelector, required node
 * affinity, tolerated taints; the control plane only when its taint is tolerated),
 * following nodes as they come and go. Pods carry node affinity on the node's name and
 * the default scheduler places them, as in Kubernetes. Template changes roll out with
 * RollingUpdate (maxUnavailable, or maxSurge) or wait for deletions with OnDelete.
 */
import type { DaemonSet, DaemonSetStatus } from "kubernetes-types/apps/v1";
import type { Node, Pod } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import { matches } from "../labels/selector.js";
import type { WatchEvent } from "../store.js";
import { currentRevision, ownedRevisions, templatePatch, truncateHistory } from "./controller-history.js";
import {
  CONTROLLER_REVISION_HASH_LABEL,
  computeHash,
  isPodAvailable,
  isPodReady,
  newControllerRef,
  podFromTemplate,
  podReadySince,
  scaledValue,
  ControllerEvents,
  ownersOfPod,
  selectorOf,
  writeStatusIfChanged,
} from "./controller-utils.js";
import { daemonPodTemplate, nodeNameAffinity, nodeShouldRunDaemonPod, targetNodeName } from "./daemonset-util.js";
import type { SharedInformers } from "./informers.js";

const DAEMONSETS = "daemonsets.apps";
const COMPONENT = "daemonset-controller";
/** kube-controller-manager's burstReplicas for DaemonSets. */
const BURST = 250;

export class DaemonSetReconciler implements Reconciler {
  readonly name = COMPONENT;
  readonly watches;
  private readonly events: ControllerEvents;
  private readonly nodeSignatures = new Map<string, string>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly informers: SharedInformers,
  ) {
    this.events = new ControllerEvents(ctx, COMPONENT);
    this.watches = [
      { resource: DAEMONSETS, keys: (ev: WatchEvent) => (ev.type === "DELETED" ? [] : [objectKey(ev.object.metadata.namespace, ev.object.metadata.name!)]) },
      { resource: "pods", keys: (ev: WatchEvent) => this.onPod(ev) },
      { resource: "nodes", keys: (ev: WatchEvent) => this.onNode(ev) },
    ];
  }

  *initialKeys(): Iterable<string> {
    this.nodeSignatures.clear();
    for (const n of this.ctx.api.list("nodes")) this.nodeSignatures.set(n.metadata.name!, nodeSignature(asKind<Node>(n)));
    for (const ds of this.ctx.api.list(DAEMONSETS)) yield objectKey(ds.metadata.namespace, ds.metadata.name!);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet(DAEMONSETS, namespace, name);
    if (!obj) return;
    const ds = asKind<DaemonSet>(obj);
    const selector = selectorOf(ds.spec?.selector);
    if (selector && !obj.metadata.deletionTimestamp) this.adoptOrphans(obj, selector);
    const nodes = this.ctx.api.list("nodes").map((n) => asKind<Node>(n)).sort((a, b) => ((a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1));
    const revisions = ownedRevisions(this.ctx.api, obj);
    const collisionCount = ds.status?.collisionCount ?? 0;
    const hash = computeHash(ds.spec?.template, collisionCount);
    const cur = currentRevision(
      this.ctx.api,
      obj,
      revisions,
      templatePatch(ds.spec?.template),
      (c) => {
        const h = computeHash(ds.spec?.template, c);
        return { name: `${name}-${h}`, labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: h } };
      },
      collisionCount,
    );
    const curHash = cur.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? hash;
    if (!obj.metadata.deletionTimestamp) {
      this.manage(obj, ds, nodes, curHash);
      if (ds.spec?.updateStrategy?.type !== "OnDelete") this.rollingUpdate(obj, ds, nodes, curHash);
      const live = new Set<string>();
      for (const p of this.podsOf(obj)) {
        const h = p.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
        const cr = revisions.find((r) => r.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === h);
        if (cr) live.add(cr.metadata.name ?? "");
      }
      truncateHistory(this.ctx.api, ownedRevisions(this.ctx.api, obj), live, cur, ds.spec?.revisionHistoryLimit ?? 10);
    }
    return this.updateStatus(obj, ds, nodes, curHash);
  }

  // ---- pods by node --------------------------------------------------------------------

  private podsOf(obj: KubeObject): Pod[] {
    const out: Pod[] = [];
    for (const key of this.informers.pods.owned(obj.metadata.uid ?? "")) {
      const { namespace, name } = splitKey(key);
      const p = this.ctx.api.tryGet("pods", namespace, name);
      if (p) out.push(asKind<Pod>(p));
    }
    return out;
  }

  private podsByNode(obj: KubeObject): Map<string, Pod[]> {
    const byNode = new Map<string, Pod[]>();
    for (const p of this.podsOf(obj)) {
      const node = targetNodeName(p);
      if (!node) continue;
      const list = byNode.get(node) ?? [];
      list.push(p);
      byNode.set(node, list);
    }
    for (const list of byNode.values()) list.sort(byCreationAndPhase);
    return byNode;
  }

  private adoptOrphans(obj: KubeObject, selector: NonNullable<ReturnType<typeof selectorOf>>): void {
    const index = this.informers.pods;
    for (const key of [...index.orphansIn(obj.metadata.namespace ?? "")]) {
      const e = index.get(key);
      if (!e || !matches(selector, e.labels)) continue;
      const pod = this.ctx.api.tryGet("pods", e.namespace, e.name);
      if (!pod || pod.metadata.deletionTimestamp) continue;
      try {
        this.ctx.api.update({ ...pod, metadata: { ...pod.metadata, ownerReferences: [...(pod.metadata.ownerReferences ?? []), newControllerRef(obj)] } });
      } catch (err) {
        if (!isApiError(err, "NotFound") && !isApiError(err, "Conflict")) throw err;
      }
    }
  }

  // ---- manage: one pod per eligible node -------------------------------------------------

  private manage(obj: KubeObject, ds: DaemonSet, nodes: Node[], hash: string): void {
    const byNode = this.podsByNode(obj);
    const surge = (ds.spec?.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate" && scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxSurge ?? 0, 1, true) > 0;
    const create: string[] = [];
    const remove: Pod[] = [];
    const known = new Set<string>();
    for (const node of nodes) {
      const nodeName = node.metadata?.name ?? "";
      known.add(nodeName);
      const pods = byNode.get(nodeName) ?? [];
      const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
      if (shouldRun && pods.length === 0) {
        create.push(nodeName);
      } else if (shouldContinueRunning) {
        const running: Pod[] = [];
        for (const p of pods) {
          if (p.metadata?.deletionTimestamp) continue;
          if (p.status?.phase === "Failed") {
            this.events.record(obj, "Warning", "FailedDaemonPod", `Found failed daemon pod ${p.metadata?.namespace}/${p.metadata?.name} on node ${nodeName}, will try to kill it`);
            remove.push(p);
          } else if (p.status?.phase === "Succeeded") remove.push(p);
          else running.push(p);
        }
        if (running.length > 1) {
          if (!surge) remove.push(...running.slice(1));
          else {
            const updated = running.filter((p) => p.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash);
            const old = running.filter((p) => p.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== hash);
            remove.push(...updated.slice(1), ...old.slice(1));
          }
        }
      } else {
        for (const p of pods) if (!p.metadata?.deletionTimestamp) remove.push(p);
      }
    }
    // Daemon pods meant for nodes that are gone and never scheduled go too.
    for (const [nodeName, pods] of byNode) {
      if (known.has(nodeName)) continue;
      for (const p of pods) if (!p.spec?.nodeName && !p.metadata?.deletionTimestamp) remove.push(p);
    }
    this.syncNodes(obj, ds, remove, create, hash);
  }

  private syncNodes(obj: KubeObject, ds: DaemonSet, remove: readonly Pod[], create: readonly string[], hash: string): void {
    const template = daemonPodTemplate(ds, hash);
    const ref = newControllerRef(obj);
    for (const nodeName of create.slice(0, BURST)) {
      const t = { ...template, spec: { ...template.spec!, affinity: nodeNameAffinity(template.spec?.affinity, nodeName) } };
      try {
        const pod = this.createWithRetry(podFromTemplate(t, obj.metadata.namespace ?? "", `${obj.metadata.name}-`, ref));
        this.events.record(obj, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`);
      } catch (e) {
        if (!isApiError(e)) throw e;
        if (isApiError(e, "Forbidden") && e.message.includes("being terminated")) return;
        this.events.record(obj, "Warning", "FailedCreate", `Error creating: ${e.message}`);
        break;
      }
    }
    for (const p of remove.slice(0, BURST)) {
      try {
        this.ctx.api.delete("pods", p.metadata?.namespace ?? "", p.metadata?.name ?? "");
        this.events.record(obj, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata?.name}`);
      } catch (e) {
        if (!isApiError(e, "NotFound")) throw e;
      }
    }
  }

  private createWithRetry(pod: KubeObject): KubeObject {
    for (let attempt = 0; ; attempt++) {
      try {
        return this.ctx.api.create(pod);
      } catch (e) {
        if (!isApiError(e, "AlreadyExists") || attempt >= 5) throw e;
      }
    }
  }

  // ---- rolling update ----------------------------------------------------------------------

  /** findUpdatedPodsOnNode: the node's one new pod and one old pod (false when there are more). */
  private splitPods(pods: readonly Pod[], hash: string): { ok: boolean; newPod?: Pod; oldPod?: Pod } {
    let newPod: Pod | undefined;
    let oldPod: Pod | undefined;
    for (const p of pods) {
      if (p.metadata?.deletionTimestamp) continue;
      if (p.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) {
        if (newPod) return { ok: false };
        newPod = p;
      } else {
        if (oldPod) return { ok: false };
        oldPod = p;
      }
    }
    return { ok: true, ...(newPod ? { newPod } : {}), ...(oldPod ? { oldPod } : {}) };
  }

  private rollingUpdate(obj: KubeObject, ds: DaemonSet, nodes: Node[], hash: string): void {
    const byNode = this.podsByNode(obj);
    const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).length;
    const ru = ds.spec?.updateStrategy?.rollingUpdate;
    const maxSurge = scaledValue(ru?.maxSurge ?? 0, desired, true);
    const maxUnavailable = scaledValue(ru?.maxUnavailable ?? 1, desired, true);
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    const available = (p: Pod): boolean => isPodAvailable(p, minReady, now);
    const nodeNames = [...byNode.keys()].sort();
    if (maxSurge === 0) {
      let unavailable = 0;
      const allowed: Pod[] = [];
      const candidates: Pod[] = [];
      for (const nodeName of nodeNames) {
        const { ok, newPod, oldPod } = this.splitPods(byNode.get(nodeName)!, hash);
        if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) {
          unavailable++;
          continue;
        }
        if (newPod) {
          if (!available(newPod)) unavailable++;
        } else if (!available(oldPod!)) allowed.push(oldPod!);
        else if (unavailable < maxUnavailable) candidates.push(oldPod!);
      }
      const remaining = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
      this.syncNodes(obj, ds, [...allowed, ...candidates.slice(0, remaining)], [], hash);
      return;
    }
    const toDelete: Pod[] = [];
    const allowedNodes: string[] = [];
    const candidateNodes: string[] = [];
    let surging = 0;
    const nodeByName = new Map(nodes.map((n) => [n.metadata?.name ?? "", n]));
    for (const nodeName of nodeNames) {
      const { ok, newPod, oldPod } = this.splitPods(byNode.get(nodeName)!, hash);
      if (!ok) {
        surging++;
        continue;
      }
      if (!oldPod) continue;
      if (!newPod) {
        if (!available(oldPod)) {
          const node = nodeByName.get(nodeName);
          if (!node || !nodeShouldRunDaemonPod(node, ds).shouldRun) toDelete.push(oldPod);
          else allowedNodes.push(nodeName);
        } else if (surging < maxSurge) candidateNodes.push(nodeName);
      } else if (!available(newPod)) surging++;
      else toDelete.push(oldPod);
    }
    const remaining = Math.min(Math.max(0, maxSurge - surging), candidateNodes.length);
    this.syncNodes(obj, ds, toDelete, [...allowedNodes, ...candidateNodes.slice(0, remaining)], hash);
  }

  // ---- status ------------------------------------------------------------------------------

  private updateStatus(obj: KubeObject, ds: DaemonSet, nodes: Node[], hash: string): ReconcileResult | void {
    const byNode = this.podsByNode(obj);
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    let nextAvailable = Infinity;
    for (const node of nodes) {
      const pods = byNode.get(node.metadata?.name ?? "") ?? [];
      const { shouldRun } = nodeShouldRunDaemonPod(node, ds);
      if (!shouldRun) {
        if (pods.length > 0) misscheduled++;
        continue;
      }
      desired++;
      if (pods.length === 0) continue;
      current++;
      const pod = pods[0]!;
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, minReady, now)) available++;
        else nextAvailable = Math.min(nextAvailable, podReadySince(pod) + minReady * 1000);
      }
      if (pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) updated++;
    }
    const status: DaemonSetStatus = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: obj.metadata.generation ?? 0,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      ...(desired - available > 0 ? { numberUnavailable: desired - available } : {}),
      ...(ds.status?.collisionCount !== undefined ? { collisionCount: ds.status.collisionCount } : {}),
      ...(ds.status?.conditions ? { conditions: ds.status.conditions } : {}),
    };
    writeStatusIfChanged(this.ctx.api, obj, status);
    if (Number.isFinite(nextAvailable)) return { requeueAfter: Math.max(0, nextAvailable - now) };
  }



  // ---- watch routing -------------------------------------------------------------------------

  private onPod(ev: WatchEvent): string[] {
    return ownersOfPod(this.ctx.api, ev, "DaemonSet", DAEMONSETS, (o) => asKind<DaemonSet>(o).spec?.selector);
  }

  /** A node added, removed, or changed where it matters (labels, taints, name) wakes every DaemonSet. */
  private onNode(ev: WatchEvent): string[] {
    const name = ev.object.metadata.name ?? "";
    if (ev.type === "DELETED") this.nodeSignatures.delete(name);
    else {
      const sig = nodeSignature(asKind<Node>(ev.object));
      if (this.nodeSignatures.get(name) === sig) return [];
      this.nodeSignatures.set(name, sig);
    }
    return this.ctx.api.list(DAEMONSETS).map((ds) => objectKey(ds.metadata.namespace, ds.metadata.name!));
  }
}

function nodeSignature(node: Node): string {
  return JSON.stringify([node.metadata?.labels, node.spec?.taints]);
}

/** Oldest first; among equals, the further along (Running before Pending) first (podByCreationTimestampAndPhase). */
function byCreationAndPhase(a: Pod, b: Pod): number {
  const order = (p: Pod): number => (p.status?.phase === "Running" ? 0 : p.status?.phase === "Pending" ? 1 : 2);
  const ta = parseTime(a.metadata?.creationTimestamp ?? undefined);
  const tb = parseTime(b.metadata?.creationTimestamp ?? undefined);
  if (ta !== tb) return ta - tb;
  return order(a) - order(b);
}
