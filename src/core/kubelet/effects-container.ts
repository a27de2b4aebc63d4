import type { Probe } from "kubernetes-types/core/v1";
import { parseTime, rfc3339 } from "../engine/clock.js";
import type { ContainerMemo, ProbeMemo } from "./container-memo.js";
import { backoffNext, goSeconds } from "./container-memo.js";
import { containerEnv } from "./container-env.js";
import { configError, specOf } from "./guards.js";
import { runHook } from "./hooks.js";
import { imageID, imageName, parseImage } from "./images.js";
import { isSidecar, runningStatus, terminatedStatus, waitingAfterExit, waitingStatus } from "./pod-status.js";
import { containerEvent, formatGoDuration, podDesc, takeLines, type ContainerEffect } from "./effects-common.js";
import type { PodSync, PodWorker } from "./pod-worker.js";
import { scriptedReady } from "./sim-annotations.js";
import { onTick } from "./stages.js";

/** The effects of the image, create, start, exit and restart rows. */
export const CONTAINER_RUN_EFFECTS: Readonly<Record<string, ContainerEffect>> = {
  present(w, c, run) {
    containerEvent(w, c, run, "Normal", "Pulled", `Container image "${c.spec.image}" already present on machine`);
  },
  neverPull(w, c, run) {
    const message = `Container image "${c.spec.image}" is not present with pull policy of Never`;
    w.setStatus(run, c, waitingStatus(c.spec, "ErrImageNeverPull", message, w.statusOf(run, c)));
    containerEvent(w, c, run, "Warning", "ErrImageNeverPull", message);
  },
  pulling(w, c, run) {
    containerEvent(w, c, run, "Normal", "Pulling", `Pulling image "${c.spec.image}"`);
  },
  pulled(w, c, run, at) {
    const took = formatGoDuration(at - c.since);
    const size = w.deps.runtime.image(c.ref).sizeBytes;
    delete c.pullBackoff;
    w.deps.images.add(run.node.metadata?.name ?? "", imageName(c.ref), imageID(c.ref), size);
    containerEvent(w, c, run, "Normal", "Pulled",
      `Successfully pulled image "${c.spec.image}" in ${took} (${took} including waiting). Image size: ${size} bytes.`);
  },
  pullFailed(w, c, run, at) {
    const name = imageName(c.ref);
    const error = `rpc error: code = NotFound desc = failed to pull and unpack image "${name}": failed to resolve reference "${name}": ${name}: not found`;
    containerEvent(w, c, run, "Warning", "Failed", `Failed to pull image "${c.spec.image}": ${error}`);
    const prev = c.pullBackoff?.image === c.spec.image ? c.pullBackoff : undefined;
    // The image puller's back-off: Next(key, now), a failure within the window doubles it.
    const next = prev && at - prev.lastUpdate <= 2 * 300_000 ? { ms: Math.min(prev.ms * 2, 300_000), lastUpdate: at } : { ms: 10_000, lastUpdate: at };
    c.pullBackoff = { ...next, image: c.spec.image ?? "" };
    containerEvent(w, c, run, "Warning", "Failed", "Error: ErrImagePull");
    w.setStatus(run, c, waitingStatus(c.spec, "ErrImagePull", error, w.statusOf(run, c)));
  },
  pullBackOff(w, c, run) {
    const message = `Back-off pulling image "${c.spec.image}"`;
    containerEvent(w, c, run, "Normal", "BackOff", message);
    containerEvent(w, c, run, "Warning", "Failed", "Error: ImagePullBackOff");
    w.setStatus(run, c, waitingStatus(c.spec, "ImagePullBackOff", message, w.statusOf(run, c)));
  },
  created(w, c, run) {
    let id = "";
    while (id.length < 64) id += Math.floor(w.rng.next() * 2 ** 32).toString(16).padStart(8, "0");
    c.containerID = `containerd://${id}`;
    containerEvent(w, c, run, "Normal", "Created", `Created container: ${c.spec.name}`);
  },
  configError(w, c, run) {
    const message = configError(w, c, run) ?? "";
    containerEvent(w, c, run, "Warning", "Failed", `Error: ${message}`);
    const prev = w.statusOf(run, c);
    w.setStatus(run, c, prev?.state?.terminated ? waitingAfterExit(prev, "CreateContainerConfigError", message) : waitingStatus(c.spec, "CreateContainerConfigError", message, prev));
  },
  started(w, c, run, at) {
    startContainer(w, c, run, at);
  },
  step(w, _c, _run, at) {
    w.advanceProcesses(at, true);
  },
  exited(w, c, run) {
    const exit = c.process!.exit!;
    terminate(w, c, run, exit.at, exit.code, exit.reason);
  },
  restart(w, c, run, at) {
    c.backoff = backoffNext(c.backoff, finishedAt(w, c, run, at), at);
    delete c.containerID;
  },
  backOff(w, c, run) {
    const name = c.spec.name;
    const prev = w.statusOf(run, c);
    if (prev) w.setStatus(run, c, waitingAfterExit(prev, "CrashLoopBackOff", `back-off ${goSeconds(c.backoff?.ms ?? 10_000)} restarting failed container=${name} pod=${podDesc(run)}`));
    containerEvent(w, c, run, "Warning", "BackOff", `Back-off restarting failed container ${name} in pod ${podDesc(run)}`);
  },
  backOffResync(w, c, run) {
    containerEvent(w, c, run, "Warning", "BackOff", `Back-off restarting failed container ${c.spec.name} in pod ${podDesc(run)}`);
  },
  backOffDone(w, c, run, at) {
    c.backoff = backoffNext(c.backoff, finishedAt(w, c, run, at), at);
    delete c.containerID;
  },
  respec(_w, c, run) {
    const spec = specOf(run, c);
    if (!spec) return;
    c.spec = spec;
    c.ref = parseImage(spec.image ?? "");
  },
};

/** Starts the created container: its process, its probes, its postStart hook. */
function startContainer(w: PodWorker, c: ContainerMemo, run: PodSync, at: number): void {
  const spec = c.spec;
  const probes: ProbeMemo[] = [];
  const add = (kind: ProbeMemo["kind"], probe: Probe | undefined) => {
    if (!probe) return;
    probes.push({ kind, probe, nextAt: onTick(at + (probe.initialDelaySeconds ?? 0) * 1000), run: 0 });
  };
  // Init containers have no probes; a sidecar does.
  const probed = !c.init || isSidecar(spec, c.init);
  if (probed) {
    add("startup", spec.startupProbe);
    add("liveness", spec.livenessProbe);
    // Readiness scripted by annotations needs a probe to show: a 5 s one is assumed.
    add("readiness", spec.readinessProbe ?? (scriptedReady(run.pod, spec.name) ? { periodSeconds: 5, failureThreshold: 1, successThreshold: 1 } : undefined));
  }
  c.probes = probes;
  c.startedOk = !probes.some((p) => p.kind === "startup");
  delete c.unhealthy;
  delete c.killAt;
  delete c.hookDoneAt;
  const readyNow = c.startedOk && !probes.some((p) => p.kind === "readiness") && !(c.init && !isSidecar(spec, c.init));
  const cs = runningStatus(w.statusOf(run, c), spec, imageName(c.ref), imageID(c.ref), c.containerID ?? "", rfc3339(at), { ready: readyNow, started: c.startedOk });
  w.setStatus(run, c, cs);
  c.instance = cs.restartCount;
  c.startedAt = at;
  const envResult = containerEnv(w.deps.api, run.pod, spec, run.node.status?.allocatable ?? {});
  const env = "env" in envResult ? envResult.env : new Map<string, string>();
  const pod = { ...run.pod, status: run.draft };
  c.process = w.deps.runtime.start({ pod, container: spec, startedAt: at, restartCount: cs.restartCount, env, mount: (fs) => w.volumes.mountInto(fs, spec, w.deps.api) });
  // The kubelet keeps the current and the previous instance's logs only.
  if (c.instance >= 2) w.deps.logs.forgetBefore?.(run.pod.metadata?.namespace ?? "", run.pod.metadata?.name ?? "", spec.name, c.instance - 1);
  containerEvent(w, c, run, "Normal", "Started", `Started container ${spec.name}`);
  const postStart = spec.lifecycle?.postStart;
  if (postStart) {
    const r = runHook(w, c, run, postStart, at, false);
    if (!r.ok) {
      containerEvent(w, c, run, "Warning", "FailedPostStartHook", r.message);
      c.unhealthy = { reason: "FailedPostStartHook", message: "FailedPostStartHook" };
    }
  }
}

/** The container's process ended (by itself, or killed): its status, its last output. */
export function terminate(w: PodWorker, c: ContainerMemo, run: PodSync, at: number, exitCode: number, reason?: string): void {
  takeLines(w, c, run);
  c.probes = [];
  c.finishedAt = at;
  delete c.hookDoneAt;
  const prev = w.statusOf(run, c);
  if (prev) w.setStatus(run, c, terminatedStatus(prev, exitCode, rfc3339(at), c.init, reason));
}

/** When the container's last instance ended: remembered, or from its status after a restart of kdeck. */
export function finishedAt(w: PodWorker, c: ContainerMemo, run: PodSync, fallback: number): number {
  if (c.finishedAt !== undefined) return c.finishedAt;
  const s = w.statusOf(run, c);
  const t = parseTime(s?.state?.terminated?.finishedAt ?? s?.lastState?.terminated?.finishedAt);
  return Number.isNaN(t) ? fallback : t;
}
