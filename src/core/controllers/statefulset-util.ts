/**
 * StatefulSet pod identity (pkg/controller/statefulset/stateful_set_utils.go): ordinal
 * names, the labels and hostname that make a pod one of the set, and the claims of its
 * volumeClaimTemplates.
 */
import type { StatefulSet } from "kubernetes-types/apps/v1";
import type { PersistentVolumeClaim, Pod, Volume } from "kubernetes-types/core/v1";
import type { OwnerReference } from "kubernetes-types/meta/v1";
import { mutableCopy, type KubeObject } from "../api/object.js";
import { CONTROLLER_REVISION_HASH_LABEL, isPodReady, podFromTemplate } from "./controller-utils.js";

export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

/** `web-3` → 3 for a pod of set `web`; -1 when the name is not one of the set's. */
export function ordinalOf(setName: string, podName: string): number {
  if (!podName.startsWith(`${setName}-`)) return -1;
  const rest = podName.slice(setName.length + 1);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

/** `<template>-<set>-<ordinal>`: the claim a pod's volume claim template gives it. */
export function claimName(templateName: string, setName: string, ordinal: number): string {
  return `${templateName}-${setName}-${ordinal}`;
}

/** The revision a pod was made from (its controller-revision-hash label). */
export function podRevision(pod: Pod): string {
  return pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? "";
}

export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === "Running" && isPodReady(pod);
}

export function isFailed(pod: Pod): boolean {
  return pod.status?.phase === "Failed";
}

export function isTerminating(pod: Pod): boolean {
  return pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
}

/** Running and Ready, and not terminating (isHealthy). */
export function isHealthy(pod: Pod): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/**
 * newVersionedStatefulSetPod: the set's pod for `ordinal` from `set`'s template at
 * `revision`: its name, labels, hostname and subdomain, and a persistentVolumeClaim
 * volume for each volume claim template.
 */
export function newStatefulSetPod(set: StatefulSet, ref: OwnerReference, ordinal: number, revision: string): KubeObject {
  const name = `${set.metadata?.name}-${ordinal}`;
  const pod = podFromTemplate(set.spec?.template, set.metadata?.namespace ?? "", "", ref);
  delete pod.metadata.generateName;
  pod.metadata.name = name;
  pod.metadata.labels = {
    ...(pod.metadata.labels ?? {}),
    [POD_NAME_LABEL]: name,
    [POD_INDEX_LABEL]: String(ordinal),
    [CONTROLLER_REVISION_HASH_LABEL]: revision,
  };
  const spec = pod.spec as NonNullable<Pod["spec"]>;
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  const claims = set.spec?.volumeClaimTemplates ?? [];
  if (claims.length > 0) {
    const volumes: Volume[] = (spec.volumes ?? []).filter((v) => !claims.some((c) => c.metadata?.name === v.name));
    for (const c of claims) {
      volumes.push({ name: c.metadata?.name ?? "", persistentVolumeClaim: { claimName: claimName(c.metadata?.name ?? "", set.metadata?.name ?? "", ordinal) } });
    }
    spec.volumes = volumes;
  }
  return pod;
}

/** The claim for one volume claim template and ordinal, labelled with the set's selector (getPersistentVolumeClaims). */
export function newClaim(set: StatefulSet, template: PersistentVolumeClaim, ordinal: number): KubeObject {
  const t = mutableCopy(template);
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: claimName(t.metadata?.name ?? "", set.metadata?.name ?? "", ordinal),
      namespace: set.metadata?.namespace,
      labels: { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
      ...(t.metadata?.annotations ? { annotations: t.metadata.annotations } : {}),
    },
    spec: t.spec ?? {},
  };
}
