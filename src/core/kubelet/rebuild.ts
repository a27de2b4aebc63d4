import type { Container, ContainerStatus, Pod, Probe } from "kubernetes-types/core/v1";
import { parseTime } from "../engine/clock.js";
import type { ContainerMemo, ProbeMemo } from "./container-memo.js";
import { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, onTick } from "./stages.js";
import { containerEnv } from "./container-env.js";
import { parseImage } from "./images.js";
import { isSidecar } from "./pod-status.js";
import type { PodWorker } from "./pod-worker.js";
import type { ContainerProcess } from "./runtime.js";
import { scriptedReady } from "./sim-annotations.js";

const WAITING_STATES: Readonly<Record<string, ContainerMemo["state"]>> = {
  CrashLoopBackOff: "BackOff",
  ErrImagePull: "PullError",
  ImagePullBackOff: "PullBackOff",
  CreateContainerConfigError: "ConfigError",
  ErrImageNeverPull: "ImageNeverPull",
};

/**
 * The kubelet's memory of a pod's containers, rebuilt from the stored status: where each
 * is in the stage table, its back-off, its probes, and its process, replayed from its
 * start to now (with the execs of the journal at their times) so that a restarted kdeck
 * continues where the last one stopped. Init containers that completed are replayed
 * too: what they wrote to an emptyDir is still there.
 */
export function rebuildContainers(w: PodWorker, pod: Pod, now: number): ContainerMemo[] {
  const memos = [...(pod.spec?.initContainers ?? []).map((c) => memoOf(pod, c, true, now)), ...(pod.spec?.containers ?? []).map((c) => memoOf(pod, c, false, now))];
  const replays: { memo: ContainerMemo; process: ContainerProcess; until: number }[] = [];
  for (const memo of memos) {
    const s = statusOf(pod, memo);
    const running = s?.state?.running;
    const finished = s?.state?.terminated;
    const startedAt = parseTime(running?.startedAt ?? (memo.init ? finished?.startedAt : undefined));
    if (Number.isNaN(startedAt) || (!running && !(memo.init && finished && !isSidecar(memo.spec, true)))) continue;
    const envResult = containerEnv(w.deps.api, pod, memo.spec);
    const env = "env" in envResult ? envResult.env : new Map<string, string>();
    const process = w.deps.runtime.start({ pod, container: memo.spec, startedAt, restartCount: memo.instance, env, mount: (fs) => w.volumes.mountInto(fs, memo.spec, w.deps.api) });
    const until = running ? now : parseTime(finished?.finishedAt);
    replays.push({ memo, process, until: Number.isNaN(until) ? now : until });
    if (running) {
      memo.process = process;
      memo.startedAt = startedAt;
      memo.probes = probesOf(pod, memo.spec, memo.init, startedAt, now, s!);
      memo.startedOk = !memo.probes.some((p) => p.kind === "startup") || s?.started === true;
    }
  }
  replay(w, pod, replays, now);
  return memos;
}

/** Runs the replayed processes together (they share volumes) to now, with the journal's execs. */
function replay(w: PodWorker, pod: Pod, replays: { memo: ContainerMemo; process: ContainerProcess; until: number }[], now: number): void {
  if (replays.length === 0) return;
  const entries = (w.deps.journal?.read(pod.metadata?.uid ?? "") ?? []).slice().sort((a, b) => a.at - b.at);
  const runTo = (t: number) => {
    for (;;) {
      let first: (typeof replays)[number] | undefined;
      let at = Infinity;
      for (const r of replays) {
        if (r.process.exit) continue;
        const e = r.process.nextEvent();
        if (e <= Math.min(t, r.until) && e < at) {
          at = e;
          first = r;
        }
      }
      if (!first) break;
      first.process.advance(at, true);
    }
    for (const r of replays) if (!r.process.exit) r.process.advance(Math.min(t, r.until), true);
  };
  for (const e of entries) {
    if (e.at > now) break;
    runTo(e.at);
    const target = replays.find((r) => r.memo.spec.name === e.container);
    if (!target) continue;
    const sameInstance = target.memo.instance === e.instance;
    for (const op of e.ops) if (sameInstance || target.process.fs.onVolume(op.path)) target.process.fs.apply(op);
  }
  runTo(now);
  // What the processes printed up to the last flush is in the log store already.
  for (const r of replays) {
    const rest = r.process.takeOutput().filter((l) => onTick(l.ts) > now);
    if (rest.length > 0 && r.memo.process) {
      const ns = pod.metadata?.namespace ?? "";
      w.deps.logs.append(rest.map((l) => ({ namespace: ns, pod: pod.metadata?.name ?? "", container: r.memo.spec.name, instance: r.memo.instance, ts: l.ts, stream: l.stream, text: l.text })));
    }
  }
}

function statusOf(pod: Pod, memo: ContainerMemo): ContainerStatus | undefined {
  const list = memo.init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses;
  return list?.find((x) => x.name === memo.spec.name);
}

function memoOf(pod: Pod, spec: Container, init: boolean, now: number): ContainerMemo {
  const list = init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses;
  const s = list?.find((x) => x.name === spec.name);
  const memo: ContainerMemo = {
    spec,
    init,
    ref: parseImage(s?.state?.running && s.image ? (spec.image ?? "") : (spec.image ?? "")),
    fieldPath: `spec.${init ? "initContainers" : "containers"}{${spec.name}}`,
    state: "Waiting",
    since: now,
    dues: new Map(),
    instance: s?.restartCount ?? 0,
    probes: [],
    startedOk: true,
  };
  if (s?.containerID) memo.containerID = s.containerID;
  // The back-off an instance count implies: 10 s doubling per restart, up to 5 min.
  const restarts = s?.restartCount ?? 0;
  if (restarts > 0) {
    const lastStart = parseTime(s?.state?.running?.startedAt ?? s?.lastState?.terminated?.startedAt);
    memo.backoff = { ms: Math.min(BACKOFF_INITIAL_MS * 2 ** (restarts - 1), BACKOFF_MAX_MS), lastUpdate: Number.isNaN(lastStart) ? now : lastStart };
  }
  if (s?.state?.running) {
    memo.state = "Running";
    memo.since = parseTime(s.state.running.startedAt) || now;
  } else if (s?.state?.terminated) {
    const finishedAt = parseTime(s.state.terminated.finishedAt);
    memo.state = "Exited";
    memo.since = Number.isNaN(finishedAt) ? now : finishedAt;
  } else if (s?.state?.waiting?.reason && WAITING_STATES[s.state.waiting.reason]) {
    memo.state = WAITING_STATES[s.state.waiting.reason]!;
    const m = /back-off (\d+)m?(\d*)s/.exec(s.state.waiting.message ?? "");
    if (memo.state === "BackOff" && m && memo.backoff) memo.backoff.ms = (m[2] ? Number(m[1]) * 60 + Number(m[2]) : Number(m[1])) * 1000;
  }
  return memo;
}

/** A running container's probes, due at their next period after now. */
function probesOf(pod: Pod, spec: Container, init: boolean, startedAt: number, now: number, s: ContainerStatus): ProbeMemo[] {
  if (init && !isSidecar(spec, init)) return [];
  const out: ProbeMemo[] = [];
  const add = (kind: ProbeMemo["kind"], probe: Probe | undefined) => {
    if (!probe) return;
    const first = startedAt + (probe.initialDelaySeconds ?? 0) * 1000;
    const period = (probe.periodSeconds ?? 10) * 1000;
    const next = now <= first ? first : first + Math.ceil((now - first) / period) * period;
    const last = kind === "readiness" ? s.ready === true : kind === "startup" ? s.started === true : true;
    out.push({ kind, probe, nextAt: onTick(next), run: 1, last });
  };
  add("startup", spec.startupProbe);
  add("liveness", spec.livenessProbe);
  add("readiness", spec.readinessProbe ?? (scriptedReady(pod, spec.name) ? { periodSeconds: 5, failureThreshold: 1, successThreshold: 1 } : undefined));
  return out;
}
