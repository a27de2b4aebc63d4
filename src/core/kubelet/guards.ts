import type { ContainerMemo } from "./container-memo.js";
import { inBackOffSince, inBackOffSinceUpdate } from "./container-memo.js";
import { containerEnv } from "./container-env.js";
import { finishedAt } from "./effects-container.js";
import { imageName, pullPolicyOf } from "./images.js";
import { isSidecar, podPhase } from "./pod-status.js";
import type { PodSync, PodWorker } from "./pod-worker.js";
import { scriptedReady } from "./sim-annotations.js";
import type { ContainerGuard, PodGuard } from "./stages.js";
import { PodVolumes } from "./volumes.js";

const BUSY: ReadonlySet<ContainerMemo["state"]> = new Set(["Pulling", "Pulled", "Created"]);
const ALIVE: ReadonlySet<ContainerMemo["state"]> = new Set(["Running", "PreStop", "Stopping"]);

export function isAlive(c: ContainerMemo): boolean {
  return ALIVE.has(c.state);
}

/** The guards of the container rows (stages.ts), evaluated against the pod as read. */
export function containerGuard(w: PodWorker, guard: ContainerGuard, c: ContainerMemo, run: PodSync): boolean {
  const nodeName = run.node.metadata?.name ?? "";
  switch (guard) {
    case "mayStart":
      return mayStart(w, c, run);
    case "imagePresent":
      return pullPolicyOf(c.spec) !== "Always" && w.deps.images.has(nodeName, imageName(c.ref));
    case "imageNeverPulled":
      return pullPolicyOf(c.spec) === "Never" && !w.deps.images.has(nodeName, imageName(c.ref));
    case "imageMissing": {
      const policy = pullPolicyOf(c.spec);
      return policy === "Always" || (policy === "IfNotPresent" && !w.deps.images.has(nodeName, imageName(c.ref)));
    }
    case "pullInBackOff":
    case "pullNotInBackOff": {
      const b = c.pullBackoff?.image === c.spec.image ? c.pullBackoff : undefined;
      return inBackOffSinceUpdate(b, Math.max(c.since, run.cursor)) === (guard === "pullInBackOff");
    }
    case "imageExists":
      return w.deps.runtime.image(c.ref).exists;
    case "imageNotFound":
      return !w.deps.runtime.image(c.ref).exists;
    case "configPresent":
    case "configMissing":
      return (configError(w, c, run) === undefined) === (guard === "configPresent");
    case "processAwake":
      return c.process !== undefined && !c.process.exit && c.process.wakeAt !== undefined;
    case "exitsByItself":
      return c.process?.exit !== undefined;
    case "restarts":
      return restarts(w, c, run);
    case "inBackOff":
    case "notInBackOff": {
      const at = Math.max(c.since, run.cursor);
      return inBackOffSince(c.backoff, finishedAt(w, c, run, c.since), at) === (guard === "inBackOff");
    }
    case "startupPending":
      return !c.startedOk && c.probes.some((p) => p.kind === "startup");
    case "started":
      return c.startedOk;
    case "hasLiveness":
      return c.probes.some((p) => p.kind === "liveness" && !p.onHold);
    case "hasReadiness":
      return c.probes.some((p) => p.kind === "readiness");
    case "unhealthy":
      return c.unhealthy !== undefined;
    case "specChanged":
      return specOf(run, c)?.image !== c.spec.image;
    case "hasPreStop":
      return !!c.spec.lifecycle?.preStop;
    case "noPreStop":
      return !c.spec.lifecycle?.preStop;
    case "deleting":
      return run.deleting;
    case "notDeleting":
      return !run.deleting;
  }
}

export function podGuard(w: PodWorker, guard: PodGuard, run: PodSync): boolean {
  switch (guard) {
    case "deleting":
      return run.deleting;
    case "notDeleting":
      return !run.deleting;
    case "noContainerRunning":
      return !w.containers.some((c) => ALIVE.has(c.state));
    case "containersFinished": {
      if (w.containers.some((c) => BUSY.has(c.state) || ALIVE.has(c.state))) return false;
      const phase = podPhase(run.pod, run.draft, false);
      return phase === "Succeeded" || phase === "Failed";
    }
    case "volumesPresent":
    case "volumesMissing":
      return (missingVolume(w, run) === undefined) === (guard === "volumesPresent");
  }
}

/** The container as the pod's spec says now (its image may have been changed). */
export function specOf(run: PodSync, c: ContainerMemo) {
  const list = c.init ? run.pod.spec?.initContainers : run.pod.spec?.containers;
  return list?.find((x) => x.name === c.spec.name);
}

/** The volume that cannot be mounted (a missing ConfigMap or Secret), cached for the sync. */
export function missingVolume(w: PodWorker, run: PodSync): { volume: string; message: string } | undefined {
  const key = "volumes";
  if (!run.cache.has(key)) run.cache.set(key, PodVolumes.missing(w.deps.api, run.pod));
  return run.cache.get(key) as { volume: string; message: string } | undefined;
}

/** The container's environment, or why it cannot be made (CreateContainerConfigError), cached for the sync. */
export function configError(w: PodWorker, c: ContainerMemo, run: PodSync): string | undefined {
  const key = `env/${c.spec.name}`;
  if (!run.cache.has(key)) run.cache.set(key, containerEnv(w.deps.api, run.pod, c.spec, run.node.status?.allocatable ?? {}));
  const r = run.cache.get(key) as ReturnType<typeof containerEnv>;
  return "error" in r ? r.error : undefined;
}

/**
 * Whether a waiting container may start now: the sandbox is up, the init containers
 * before it completed, and no other container of the pod is being started (the
 * kubelet starts a pod's containers one after another).
 */
function mayStart(w: PodWorker, c: ContainerMemo, run: PodSync): boolean {
  if (w.state !== "SandboxReady" || run.deleting) return false;
  const phase = podPhase(run.pod, run.draft, false);
  if (phase === "Succeeded" || phase === "Failed") return false;
  for (const other of w.containers) {
    if (other !== c && BUSY.has(other.state)) return false;
    if (other === c || !other.init) continue;
    // Init containers before this one (all of them, for a regular container) must have completed.
    if (c.init && w.containers.indexOf(other) > w.containers.indexOf(c)) continue;
    // A sidecar (restartable init container) only needs to have started.
    const s = w.statusOf(run, other);
    if (isSidecar(other.spec, other.init) ? !s?.started : !(s?.state?.terminated?.exitCode === 0)) return false;
  }
  return true;
}

/** restartPolicy applied to the container's last exit (init containers that succeeded never rerun). */
function restarts(w: PodWorker, c: ContainerMemo, run: PodSync): boolean {
  const code = w.statusOf(run, c)?.state?.terminated?.exitCode ?? 0;
  const policy = run.pod.spec?.restartPolicy ?? "Always";
  if (isSidecar(c.spec, c.init)) return true;
  if (c.init) return code !== 0 && policy !== "Never";
  // A container the kubelet killed (liveness, image change) restarts unless the policy is Never.
  if (c.unhealthy) return policy !== "Never";
  return policy === "Always" || (policy === "OnFailure" && code !== 0);
}

/** Whether a container answers readiness checks by its `sim.kdeck.dev/` script at `at`. */
export function scriptedReadyAt(run: PodSync, c: ContainerMemo, at: number): boolean | undefined {
  const f = scriptedReady(run.pod, c.spec.name);
  return f && c.startedAt !== undefined ? f(at - c.startedAt) : undefined;
}
