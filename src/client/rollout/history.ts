/**
 * Rollout history of Deployments (their ReplicaSets' revisions), DaemonSets and
 * StatefulSets (their ControllerRevisions), and what `rollout undo` writes back
 * (kubectl's history.go and rollback.go).
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../../core/api/object.js";
import { canonicalJson } from "../../core/controllers/controller-utils.js";
import type { Cluster } from "../cluster.js";
import { describePodTemplate } from "../describe/pod-template.js";
import { PrefixWriter } from "../describe/prefix-writer.js";
import { DESCRIBE_TABWRITER, TabWriter } from "../output/tabwriter.js";

const REVISION = "deployment.kubernetes.io/revision";
const CHANGE_CAUSE = "kubernetes.io/change-cause";
const POD_TEMPLATE_HASH = "pod-template-hash";
/** What `rollout undo` leaves of a Deployment's own annotations and does not copy from a ReplicaSet. */
const ANNOTATIONS_TO_SKIP = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION,
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

/** One revision of a workload's history. */
export interface Revision {
  revision: number;
  template: PodTemplateSpec;
  changeCause: string | undefined;
  /** The ReplicaSet or ControllerRevision it comes from. */
  source: KubeObject;
}

function controlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === owner.metadata.uid);
}

/** Every revision of `obj` (a Deployment, DaemonSet or StatefulSet), oldest first. */
export function revisionsOf(cluster: Cluster, obj: KubeObject): Revision[] {
  const ns = obj.metadata.namespace ?? "";
  const out: Revision[] = [];
  if (obj.kind === "Deployment") {
    for (const rs of cluster.list("replicasets.apps", { namespace: ns })) {
      if (!controlledBy(rs, obj)) continue;
      const n = Number(rs.metadata.annotations?.[REVISION]);
      if (!Number.isInteger(n)) continue;
      const changeCause = rs.metadata.annotations?.[CHANGE_CAUSE];
      const template = structuredClone(asKind<ReplicaSet>(rs).spec?.template ?? {});
      if (changeCause) template.metadata = { ...template.metadata, annotations: { ...(template.metadata?.annotations ?? {}), [CHANGE_CAUSE]: changeCause } };
      out.push({ revision: n, template, changeCause, source: rs });
    }
  } else {
    for (const cr of cluster.list("controllerrevisions.apps", { namespace: ns })) {
      if (!controlledBy(cr, obj)) continue;
      const data = cr.data as { spec?: { template?: Record<string, unknown> } } | undefined;
      const template = { ...(data?.spec?.template ?? {}) };
      delete template.$patch;
      out.push({ revision: typeof cr.revision === "number" ? cr.revision : 0, template: template as PodTemplateSpec, changeCause: cr.metadata.annotations?.[CHANGE_CAUSE], source: cr });
    }
  }
  return out.sort((a, b) => a.revision - b.revision);
}

/** `REVISION  CHANGE-CAUSE` and one line per revision, or `No rollout history found.`. */
export function historyTable(revisions: readonly Revision[]): string {
  if (revisions.length === 0) return "No rollout history found.";
  const tw = new TabWriter(DESCRIBE_TABWRITER);
  tw.write("REVISION\tCHANGE-CAUSE\n");
  // The same revision twice (after a rollback of a DaemonSet) shows once, as a map would.
  const seen = new Map<number, Revision>();
  for (const r of revisions) seen.set(r.revision, r);
  for (const r of seen.values()) tw.write(`${r.revision}\t${r.changeCause || "<none>"}\n`);
  tw.flush();
  return tw.toString();
}

/** A revision's pod template as `rollout history --revision N` prints it. */
export function revisionTemplateText(template: PodTemplateSpec): string {
  const w = new PrefixWriter();
  describePodTemplate(template, w);
  return w.toString();
}

/** The outcome of `rollout undo`: the patch to send, or why nothing is sent. */
export type UndoPlan = { kind: "patch"; patch: unknown; type: "json" | "strategic"; template: PodTemplateSpec } | { kind: "skip"; message: string };

/**
 * What `rollout undo [--to-revision N]` does: for a Deployment, the ReplicaSet's
 * template (without its hash label) and annotations written back; for a DaemonSet or
 * StatefulSet, the revision's stored patch. Throws kubectl's messages when there is no
 * such revision.
 */
export function planUndo(cluster: Cluster, obj: KubeObject, toRevision: number): UndoPlan {
  const revisions = revisionsOf(cluster, obj);
  const name = obj.metadata.name ?? "";
  if (obj.kind === "Deployment") {
    const d = asKind<Deployment>(obj);
    if (d.spec?.paused) throw new Error("you cannot rollback a paused deployment; resume it first with 'kdeck rollout resume' and try again");
    let target: Revision | undefined;
    if (toRevision > 0) {
      target = revisions.find((r) => r.revision === toRevision);
      if (!target) throw new Error(`unable to find specified revision ${toRevision} in history`);
    } else {
      if (revisions.length < 2) throw new Error(`no rollout history found for deployment "${name}"`);
      target = revisions[revisions.length - 2];
    }
    const rs = asKind<ReplicaSet>(target!.source);
    const template = structuredClone(rs.spec?.template ?? {});
    const labels = { ...(template.metadata?.labels ?? {}) };
    delete labels[POD_TEMPLATE_HASH];
    template.metadata = { ...template.metadata, labels };
    if (sameTemplate(template, d.spec?.template)) {
      return { kind: "skip", message: `skipped rollback (current template already matches revision ${target!.revision})` };
    }
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj.metadata.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
    for (const [k, v] of Object.entries(rs.metadata?.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
    const patch = [
      { op: "replace", path: "/spec/template", value: template },
      { op: "replace", path: "/metadata/annotations", value: annotations },
    ];
    return { kind: "patch", patch, type: "json", template };
  }
  if (toRevision === 0 && revisions.length <= 1) throw new Error("no last revision to roll back to");
  const target = toRevision === 0 ? revisions[revisions.length - 2] : revisions.find((r) => r.revision === toRevision);
  if (!target) throw new Error(`unable to find specified revision ${toRevision} in history`);
  const current = (obj.spec as { template?: PodTemplateSpec } | undefined)?.template;
  if (sameTemplate(target.template, current)) {
    return { kind: "skip", message: `skipped rollback (current template already matches revision ${target.revision})` };
  }
  return { kind: "patch", patch: target.source.data, type: "strategic", template: target.template };
}

function sameTemplate(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonicalJson(a ?? {}) === canonicalJson(b ?? {});
}
