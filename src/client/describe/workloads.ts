/** What describe gathers for the workload kinds: their ReplicaSets or pods, then the describer. */
import type { Event, Pod, PodTemplateSpec, ReplicationController } from "kubernetes-types/core/v1";
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
import { asKind, type KubeObject } from "../../core/api/object.js";
import type { KindInfo } from "../../core/api/registry.js";
import type { DescribeContext } from "./common.js";
import type { DescribeReader } from "./networking-storage.js";
import { describeDaemonSet, describeDeployment, describeReplicaSet, describeReplicationController, describeStatefulSet, podPhaseCounts } from "./workload.js";

/** The describe of a workload kind, or undefined for other kinds. */
export function describeWorkload(reader: DescribeReader, kind: KindInfo, obj: KubeObject, events: Event[], dctx: DescribeContext): string | undefined {
  const key = `${kind.group}/${kind.kind}`;
  const pods = (): Pod[] => reader.list("pods", { namespace: obj.metadata.namespace ?? "" }).map((p) => asKind<Pod>(p));
  switch (key) {
    case "apps/Deployment": {
      const { oldRSs, newRS } = replicaSetsOf(reader, obj);
      return describeDeployment(asKind<Deployment>(obj), oldRSs, newRS, events, dctx);
    }
    case "apps/ReplicaSet":
      return describeReplicaSet(asKind<ReplicaSet>(obj), podPhaseCounts(pods(), obj.metadata.uid), events, dctx);
    case "/ReplicationController":
      return describeReplicationController(asKind<ReplicationController>(obj), podPhaseCounts(pods(), obj.metadata.uid), events, dctx);
    case "apps/DaemonSet":
      return describeDaemonSet(asKind<DaemonSet>(obj), podPhaseCounts(pods(), obj.metadata.uid), events, dctx);
    case "apps/StatefulSet":
      return describeStatefulSet(asKind<StatefulSet>(obj), podPhaseCounts(pods(), obj.metadata.uid), events, dctx);
    default:
      return undefined;
  }
}

/** The Deployment's ReplicaSets: the one with its template (oldest first), and all the others. */
function replicaSetsOf(reader: DescribeReader, obj: KubeObject): { oldRSs: ReplicaSet[]; newRS: ReplicaSet | undefined } {
  const d = asKind<Deployment>(obj);
  const owned = reader
    .list("replicasets.apps", { namespace: obj.metadata.namespace ?? "" })
    .filter((rs) => (rs.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === obj.metadata.uid))
    .map((rs) => asKind<ReplicaSet>(rs))
    .sort((a, b) => (a.metadata?.creationTimestamp ?? "").localeCompare(b.metadata?.creationTimestamp ?? "") || (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""));
  const newRS = owned.find((rs) => sameIgnoringHash(rs.spec?.template, d.spec?.template));
  return { oldRSs: owned.filter((rs) => rs !== newRS), newRS };
}

function sameIgnoringHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined): string => {
    const labels = { ...(t?.metadata?.labels ?? {}) };
    delete labels["pod-template-hash"];
    return canonical({ ...t, metadata: { ...t?.metadata, labels } });
  };
  return strip(a) === strip(b);
}

function canonical(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(",")}}`;
}
