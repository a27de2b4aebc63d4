/**
 * Actions on workloads, as the patches and creates kubectl sends for them, through the
 * Cluster interface: scale (`spec.replicas`), rollout restart (the restartedAt
 * annotation on the pod template), rollout undo (a Deployment's template back to an old
 * ReplicaSet's), set image, pause and resume, and a CronJob's manual run.
 */
import type { Cluster, KubeObject } from "../../client/cluster.js";
import { kindForObject, resourceOf } from "../../client/kinds.js";
import { rfc3339 } from "../../client/time.js";
import { errorMessage, type ActionResult } from "./actions.js";

export const SCALABLE = ["Deployment", "StatefulSet", "ReplicaSet"] as const;
export const RESTARTABLE = ["Deployment", "StatefulSet", "DaemonSet"] as const;
export const IMAGE_SETTABLE = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"] as const;
export const PAUSABLE = ["Deployment", "CronJob"] as const;

const REVISION = "deployment.kubernetes.io/revision";
const RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

function ref(obj: KubeObject): { resource: string; namespace: string; name: string; label: string } {
  const kind = kindForObject(obj.apiVersion, obj.kind);
  const resource = resourceOf(kind);
  return { resource, namespace: obj.metadata.namespace ?? "", name: obj.metadata.name ?? "", label: `${resource}/${obj.metadata.name ?? ""}` };
}

function attempt(fn: () => string): ActionResult {
  try {
    return { ok: true, message: fn() };
  } catch (e) {
    return { ok: false, message: errorMessage(e) };
  }
}

export function replicasOf(obj: KubeObject): number {
  return (obj.spec as { replicas?: number } | undefined)?.replicas ?? 1;
}

/** `kubectl scale --replicas=N`. */
export function scale(cluster: Cluster, obj: KubeObject, replicas: number): ActionResult {
  if (!Number.isInteger(replicas) || replicas < 0) return { ok: false, message: `the replica count must be a whole number of at least 0, not ${replicas}` };
  const r = ref(obj);
  return attempt(() => {
    cluster.patch(r.resource, r.namespace, r.name, { spec: { replicas } }, "merge");
    return `${r.label} scaled to ${replicas}`;
  });
}

/** `kubectl rollout restart`: a new template annotation, so the controller rolls every pod. */
export function restart(cluster: Cluster, obj: KubeObject): ActionResult {
  const r = ref(obj);
  return attempt(() => {
    cluster.patch(r.resource, r.namespace, r.name, { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: rfc3339(cluster.now()) } } } } }, "strategic");
    return `${r.label} restarted`;
  });
}

/** The containers of a workload's pod template, as `name=image`. */
export function templateImages(obj: KubeObject): string {
  const containers = (obj.spec as { template?: { spec?: { containers?: { name: string; image?: string }[] } } } | undefined)?.template?.spec?.containers ?? [];
  return containers.map((c) => `${c.name}=${c.image ?? ""}`).join(" ");
}

/** `kubectl set image KIND/NAME c1=image1 c2=image2`. */
export function setImage(cluster: Cluster, obj: KubeObject, assignments: string): ActionResult {
  const pairs = assignments.split(/\s+/).filter(Boolean).map((a) => a.split("="));
  if (pairs.length === 0 || pairs.some((p) => p.length !== 2 || !p[0] || !p[1])) return { ok: false, message: `expected CONTAINER=IMAGE (several separated by spaces), not "${assignments}"` };
  const names = new Set(templateImages(obj).split(" ").map((x) => x.split("=")[0]));
  const unknown = pairs.find((p) => !names.has(p[0]!));
  if (unknown) return { ok: false, message: `unable to find container named "${unknown[0]}"` };
  const r = ref(obj);
  return attempt(() => {
    cluster.patch(r.resource, r.namespace, r.name, { spec: { template: { spec: { containers: pairs.map(([name, image]) => ({ name, image })) } } } }, "strategic");
    return `${r.label} image updated`;
  });
}

/** `kubectl rollout pause|resume` for a Deployment; suspend and resume for a CronJob. */
export function togglePause(cluster: Cluster, obj: KubeObject): ActionResult {
  const r = ref(obj);
  const spec = obj.spec as { paused?: boolean; suspend?: boolean } | undefined;
  const cronJob = obj.kind === "CronJob";
  const now = cronJob ? spec?.suspend === true : spec?.paused === true;
  return attempt(() => {
    cluster.patch(r.resource, r.namespace, r.name, { spec: cronJob ? { suspend: !now } : { paused: !now } }, "merge");
    return cronJob ? `${r.label} ${now ? "resumed" : "suspended"}` : `${r.label} ${now ? "resumed" : "paused"}`;
  });
}

/** `kubectl create job --from=cronjob/NAME`: a Job from the CronJob's template, owned by it. */
export function triggerCronJob(cluster: Cluster, obj: KubeObject): ActionResult {
  const tpl = (obj.spec as { jobTemplate?: { metadata?: KubeObject["metadata"]; spec?: unknown } } | undefined)?.jobTemplate;
  if (!tpl) return { ok: false, message: `${obj.metadata.name ?? ""} has no job template` };
  const name = `${(obj.metadata.name ?? "job").slice(0, 40)}-manual-${Math.floor(cluster.now() / 1000) % 100_000}`;
  return attempt(() => {
    cluster.create({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name,
        namespace: obj.metadata.namespace,
        labels: { ...(tpl.metadata?.labels ?? {}) },
        annotations: { ...(tpl.metadata?.annotations ?? {}), "cronjob.kubernetes.io/instantiate": "manual" },
        ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: obj.metadata.name ?? "", uid: obj.metadata.uid ?? "", controller: true }],
      },
      spec: tpl.spec,
    } as KubeObject);
    return `job.batch/${name} created`;
  });
}

/** One revision of a Deployment: its ReplicaSet and what its template runs. */
export interface Revision {
  revision: number;
  replicaSet: string;
  images: string;
  current: boolean;
}

/** A Deployment's revisions, newest first, from the ReplicaSets it owns (as `kubectl rollout history`). */
export function revisions(cluster: Cluster, deployment: KubeObject): Revision[] {
  const own = cluster.list("replicasets.apps", { namespace: deployment.metadata.namespace ?? "" }).filter((rs) => (rs.metadata.ownerReferences ?? []).some((o) => o.uid === deployment.metadata.uid));
  const current = Number(deployment.metadata.annotations?.[REVISION] ?? "0");
  return own
    .map((rs) => {
      const revision = Number(rs.metadata.annotations?.[REVISION] ?? "0");
      return { revision, replicaSet: rs.metadata.name ?? "", images: templateImages(rs), current: revision === current };
    })
    .filter((r) => r.revision > 0)
    .sort((a, b) => b.revision - a.revision);
}

/** `kubectl rollout undo --to-revision=N`: the Deployment's template back to that ReplicaSet's. */
export function undo(cluster: Cluster, deployment: KubeObject, revision: number): ActionResult {
  const r = ref(deployment);
  const rs = cluster
    .list("replicasets.apps", { namespace: r.namespace })
    .find((x) => (x.metadata.ownerReferences ?? []).some((o) => o.uid === deployment.metadata.uid) && Number(x.metadata.annotations?.[REVISION] ?? "0") === revision);
  if (!rs) return { ok: false, message: `unable to find specified revision ${revision} in history` };
  const template = structuredClone((rs.spec as { template?: { metadata?: { labels?: Record<string, string> } } }).template ?? {});
  // The hash label is the ReplicaSet's own; the Deployment's controller adds it back.
  if (template.metadata?.labels) delete template.metadata.labels["pod-template-hash"];
  return attempt(() => {
    const current = cluster.get(r.resource, r.namespace, r.name);
    cluster.update({ ...current, spec: { ...(current.spec as object), template } } as KubeObject);
    return `${r.label} rolled back to revision ${revision}`;
  });
}
