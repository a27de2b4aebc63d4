import type { ContainerMemo } from "./container-memo.js";
import { terminate } from "./effects-container.js";
import { runHook } from "./hooks.js";
import { containerEvent, EXIT_CODE_SIGKILL, type ContainerEffect } from "./effects-common.js";
import type { PodSync, PodWorker } from "./pod-worker.js";

/**
 * Stopping a container (kuberuntime's killContainer): the Killing event, the preStop
 * hook, SIGTERM, and SIGKILL when the grace period runs out. The grace period is the
 * deletion's, or for a kill by the kubelet the probe's terminationGracePeriodSeconds or
 * the pod's.
 */
export const STOP_EFFECTS: Readonly<Record<string, ContainerEffect>> = {
  unhealthy(w, c, run, at) {
    const u = c.unhealthy!;
    containerEvent(w, c, run, "Normal", "Killing", u.message);
    stop(w, c, run, at, graceMs(run, c, u.reason));
  },
  redefined(w, c, run, at) {
    c.unhealthy = { reason: "redefined", message: `Container ${c.spec.name} definition changed, will be restarted` };
    containerEvent(w, c, run, "Normal", "Killing", c.unhealthy.message);
    stop(w, c, run, at, graceMs(run, c, "redefined"));
  },
  kill(w, c, run, at) {
    containerEvent(w, c, run, "Normal", "Killing", `Stopping container ${c.spec.name}`);
    stop(w, c, run, at, undefined);
  },
  preStopDone(_w, c, _run, at) {
    delete c.hookDoneAt;
    c.process?.signal("TERM", at);
  },
  killed(w, c, run, at) {
    c.process?.signal("KILL", at);
    terminate(w, c, run, at, EXIT_CODE_SIGKILL);
  },
};

/** Runs the preStop hook (the row goes to PreStop) or sends SIGTERM (to Stopping). */
function stop(w: PodWorker, c: ContainerMemo, run: PodSync, at: number, grace: number | undefined): void {
  if (grace !== undefined) c.killAt = at + grace;
  const deadline = Math.min(c.killAt ?? Infinity, run.deleting ? Date.parse(run.pod.metadata?.deletionTimestamp ?? "") : Infinity);
  const preStop = c.spec.lifecycle?.preStop;
  if (preStop) {
    const limit = Number.isFinite(deadline) ? Math.max(0, deadline - at) : 30_000;
    const r = runHook(w, c, run, preStop, at, true, limit);
    if (!r.ok) containerEvent(w, c, run, "Warning", "FailedPreStopHook", r.message);
    c.hookDoneAt = at + r.durationMs;
    return;
  }
  c.process?.signal("TERM", at);
}

/** The grace period of a kill by the kubelet: the failed probe's own, else the pod's. */
function graceMs(run: PodSync, c: ContainerMemo, reason: string): number {
  const probe = reason === "startup" ? c.spec.startupProbe : reason === "liveness" ? c.spec.livenessProbe : undefined;
  const seconds = probe?.terminationGracePeriodSeconds ?? run.pod.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, seconds) * 1000;
}
