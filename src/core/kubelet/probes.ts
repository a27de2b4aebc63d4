import type { Probe } from "kubernetes-types/core/v1";
import type { ContainerMemo, ProbeMemo } from "./container-memo.js";
import { scriptedReadyAt } from "./guards.js";
import { portNumber } from "./hooks.js";
import { containerEvent, type ContainerEffect } from "./effects-common.js";
import type { PodSync, PodWorker } from "./pod-worker.js";
import { onTick } from "./stages.js";

const TITLE: Readonly<Record<ProbeMemo["kind"], string>> = { startup: "Startup", liveness: "Liveness", readiness: "Readiness" };

/**
 * The prober's work when a probe row fires (prober/worker.go doProbe): run the probe,
 * record Unhealthy on each failure, and act once a result has come `successThreshold` or
 * `failureThreshold` times in a row: readiness sets the container's `ready`, a startup
 * success sets `started` and lets the other probes begin, a liveness or startup failure
 * has the container killed and restarted. A result that changes nothing writes nothing.
 */
export const PROBE_EFFECTS: Readonly<Record<string, ContainerEffect>> = {
  startupProbe: (w, c, run, at) => probe(w, c, run, at, "startup"),
  livenessProbe: (w, c, run, at) => probe(w, c, run, at, "liveness"),
  readinessProbe: (w, c, run, at) => probe(w, c, run, at, "readiness"),
};

function probe(w: PodWorker, c: ContainerMemo, run: PodSync, at: number, kind: ProbeMemo["kind"]): void {
  const p = c.probes.find((x) => x.kind === kind);
  if (!p) return;
  p.nextAt = onTick(at + (p.probe.periodSeconds ?? 10) * 1000);
  const { ok, output } = runProbe(w, c, run, p, at);
  if (p.last === ok) p.run++;
  else {
    p.last = ok;
    p.run = 1;
  }
  if (!ok) containerEvent(w, c, run, "Warning", "Unhealthy", `${TITLE[kind]} probe failed: ${output}`);
  const threshold = ok ? (kind === "readiness" ? (p.probe.successThreshold ?? 1) : 1) : (p.probe.failureThreshold ?? 3);
  if (p.run < threshold) return;
  const cs = w.statusOf(run, c);
  if (kind === "readiness") {
    if (cs && cs.ready !== ok && cs.state?.running) w.setStatus(run, c, { ...cs, ready: ok });
    return;
  }
  if (ok) {
    if (kind === "startup" && !c.startedOk) {
      c.startedOk = true;
      for (const other of c.probes) if (other.kind !== "startup") other.nextAt = Math.max(other.nextAt, onTick(at));
      const ready = !c.probes.some((x) => x.kind === "readiness");
      if (cs) w.setStatus(run, c, { ...cs, started: true, ready });
    }
    return;
  }
  // A failed liveness or startup probe: the container is killed and (unless Never) restarted.
  p.onHold = true;
  p.run = 0;
  const restart = (run.pod.spec?.restartPolicy ?? "Always") !== "Never";
  c.unhealthy = { reason: kind, message: `Container ${c.spec.name} failed ${kind} probe${restart ? ", will be restarted" : ""}` };
}

/** Runs one probe against the container at `at`: exec in its interpreter, or a connection to its servers. */
function runProbe(_w: PodWorker, c: ContainerMemo, run: PodSync, p: ProbeMemo, at: number): { ok: boolean; output: string } {
  const process = c.process;
  const spec: Probe = p.probe;
  const ip = run.draft.podIP ?? "";
  const timeout = spec.timeoutSeconds ?? 1;
  const scripted = p.kind === "readiness" ? scriptedReadyAt(run, c, at) : undefined;
  if (spec.exec) {
    if (scripted === false) return { ok: false, output: "" };
    const cmd = spec.exec.command ?? [];
    if (!process) return { ok: false, output: "" };
    const r = process.exec(cmd, at, { limitMs: timeout * 1000 });
    if (r.timedOut) return { ok: false, output: `command ${JSON.stringify(cmd.join(" "))} timed out` };
    return { ok: r.exitCode === 0, output: (r.stdout + r.stderr).replace(/\s+$/, "") };
  }
  if (spec.httpGet) {
    const port = portNumber(c, spec.httpGet.port);
    const host = spec.httpGet.host ?? ip;
    const path = spec.httpGet.path ?? "/";
    const scheme = (spec.httpGet.scheme ?? "HTTP").toLowerCase();
    const status = process?.http(port, path, at, run.draft.hostIP ?? "");
    if (status === undefined) return { ok: false, output: `Get "${scheme}://${host}:${port}${path}": dial tcp ${host}:${port}: connect: connection refused` };
    const effective = scripted === false ? 503 : status;
    if (effective < 200 || effective >= 400) return { ok: false, output: `HTTP probe failed with statuscode: ${effective}` };
    return { ok: true, output: "" };
  }
  if (spec.tcpSocket) {
    const port = portNumber(c, spec.tcpSocket.port);
    const host = spec.tcpSocket.host ?? ip;
    if (!process?.listens(port, at) || scripted === false) return { ok: false, output: `dial tcp ${host}:${port}: connect: connection refused` };
    return { ok: true, output: "" };
  }
  if (spec.grpc) {
    const port = spec.grpc.port;
    const answer = process?.grpc(port, at);
    if (answer === undefined) return { ok: false, output: `timeout: failed to connect service "${ip}:${port}" within ${timeout}s: context deadline exceeded` };
    if (answer !== "SERVING" || scripted === false) return { ok: false, output: `service unhealthy (responded with "NOT_SERVING")` };
    return { ok: true, output: "" };
  }
  // A readiness check that only the sim.kdeck.dev annotations answer.
  return { ok: scripted !== false, output: "" };
}
