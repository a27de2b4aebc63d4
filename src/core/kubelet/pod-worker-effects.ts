import type { Node } from "kubernetes-types/core/v1";
import { rfc3339 } from "../engine/clock.js";
import type { EventSource, EventType } from "../engine/context.js";
import { imageID, imageName } from "./images.js";
import { initialWaitingReason, isSidecar, runningStatus, terminatedStatus, waitingStatus } from "./pod-status.js";
import type { ContainerMemo, PodSync, PodWorker } from "./pod-worker.js";
import { flushSlot } from "./stages.js";

/**
 * What happens when a stage-table row fires, by row name: the status it reports, the
 * events it records (worded as the 1.33 kubelet words them) and the log lines written.
 * An effect returning false did not happen (the sandbox found no free IP, say): the
 * row stays in its state and is tried again after its delay.
 */
export type ContainerEffect = (w: PodWorker, c: ContainerMemo, run: PodSync, at: number) => boolean | void;
export type PodEffect = (w: PodWorker, run: PodSync, at: number) => boolean | void;

/** The kubelet's exit code for a container killed when its grace period ends (128 + SIGKILL). */
export const EXIT_CODE_SIGKILL = 137;

export const POD_EFFECTS: Readonly<Record<string, PodEffect>> = {
  accept(w, run, at) {
    const hostIP = internalIP(run.node);
    run.touched = true;
    run.draft.startTime = rfc3339(at);
    if (hostIP) {
      run.draft.hostIP = hostIP;
      run.draft.hostIPs = [{ ip: hostIP }];
    }
    const reason = initialWaitingReason(run.pod);
    for (const c of w.containers) if (!w.statusOf(run, c)) w.setStatus(run, c, waitingStatus(c.spec, reason));
  },
  sandbox(w, run) {
    const ip = run.pod.spec?.hostNetwork ? run.draft.hostIP : w.deps.ips.allocate(run.key, run.node);
    if (!ip) {
      const range = w.deps.ips.rangeOf(run.node) ?? run.node.spec?.podCIDR ?? "<none>";
      podEvent(w, run, "Warning", "FailedCreatePodSandBox",
        `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${range}`);
      return false;
    }
    run.touched = true;
    run.draft.podIP = ip;
    run.draft.podIPs = [{ ip }];
  },
  finish(w, run) {
    w.deps.ips.release(run.key);
  },
  remove(w, run) {
    w.deps.ips.release(run.key);
    run.remove = true;
  },
};

export const CONTAINER_EFFECTS: Readonly<Record<string, ContainerEffect>> = {
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
    w.deps.images.add(run.node.metadata?.name ?? "", imageName(c.ref), imageID(c.ref), size);
    containerEvent(w, c, run, "Normal", "Pulled",
      `Successfully pulled image "${c.spec.image}" in ${took} (${took} including waiting). Image size: ${size} bytes.`);
  },
  created(w, c, run) {
    let id = "";
    while (id.length < 64) id += Math.floor(w.rng.next() * 2 ** 32).toString(16).padStart(8, "0");
    c.containerID = `containerd://${id}`;
    containerEvent(w, c, run, "Normal", "Created", `Created container: ${c.spec.name}`);
  },
  started(w, c, run, at) {
    const cs = runningStatus(w.statusOf(run, c), c.spec, imageName(c.ref), imageID(c.ref), c.containerID ?? "", rfc3339(at), c.init && !isSidecar(c.spec, c.init));
    w.setStatus(run, c, cs);
    c.instance = cs.restartCount;
    c.startedAt = at;
    c.outputDone = 0;
    c.process = w.deps.runtime.process({ pod: run.pod, container: c.spec, startedAt: at, restartCount: cs.restartCount });
    containerEvent(w, c, run, "Normal", "Started", `Started container ${c.spec.name}`);
  },
  output(w, c, run, at) {
    const out = c.process?.output ?? [];
    const startedAt = c.startedAt ?? at;
    const lines = [];
    while (c.outputDone < out.length && startedAt + flushSlot(out[c.outputDone]!.afterMs) <= at) {
      const line = out[c.outputDone++]!;
      lines.push({
        namespace: run.pod.metadata?.namespace ?? "",
        pod: run.pod.metadata?.name ?? "",
        container: c.spec.name,
        instance: c.instance,
        ts: startedAt + line.afterMs,
        stream: line.stream,
        text: line.text,
      });
    }
    if (lines.length > 0) w.deps.logs.append(lines);
  },
  exited(w, c, run, at) {
    terminate(w, c, run, at, c.process?.exit?.code ?? 0);
  },
  restart(_w, c) {
    delete c.containerID;
  },
  kill(w, c, run) {
    containerEvent(w, c, run, "Normal", "Killing", `Stopping container ${c.spec.name}`);
  },
  stopped(w, c, run, at) {
    terminate(w, c, run, at, 0);
  },
  killed(w, c, run, at) {
    terminate(w, c, run, at, EXIT_CODE_SIGKILL);
  },
};

function terminate(w: PodWorker, c: ContainerMemo, run: PodSync, at: number, exitCode: number): void {
  const prev = w.statusOf(run, c);
  if (prev) w.setStatus(run, c, terminatedStatus(prev, exitCode, rfc3339(at), c.init));
}

function source(run: PodSync): EventSource {
  return { component: "kubelet", host: run.node.metadata?.name ?? "" };
}

function podEvent(w: PodWorker, run: PodSync, type: EventType, reason: string, message: string): void {
  w.deps.events.record(run.obj, type, reason, message, source(run));
}

function containerEvent(w: PodWorker, c: ContainerMemo, run: PodSync, type: EventType, reason: string, message: string): void {
  w.deps.events.record(run.obj, type, reason, message, source(run), c.fieldPath);
}

function internalIP(node: Node): string | undefined {
  return node.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
}

/** Go's time.Duration String at millisecond precision: `850ms`, `1.2s`, `1m3.5s`. */
export function formatGoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total === 0) return "0s";
  if (total < 1000) return `${total}ms`;
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = (total % 60_000) / 1000;
  const secs = `${String(Number(s.toFixed(3)))}s`;
  if (h > 0) return `${h}h${m}m${secs}`;
  if (m > 0) return `${m}m${secs}`;
  return secs;
}
