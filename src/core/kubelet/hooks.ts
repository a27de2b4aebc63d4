import type { LifecycleHandler } from "kubernetes-types/core/v1";
import type { ContainerMemo } from "./container-memo.js";
import { podDesc } from "./effects-common.js";
import type { PodSync, PodWorker } from "./pod-worker.js";

/** What running a lifecycle hook came to: how long it took, and the kubelet's message when it failed. */
export interface HookResult {
  ok: boolean;
  message: string;
  durationMs: number;
}

/**
 * Runs a postStart or preStop handler in the container (lifecycle/handlers.go): exec in
 * its interpreter and filesystem (a preStop hook alongside the main process, up to the
 * grace period), httpGet against its servers, or sleep.
 */
export function runHook(_w: PodWorker, c: ContainerMemo, run: PodSync, h: LifecycleHandler, at: number, alongside: boolean, limitMs = 30_000): HookResult {
  const who = `for Container "${c.spec.name}" in Pod "${podDesc(run)}"`;
  const sleep = (h as { sleep?: { seconds?: number } }).sleep;
  if (sleep) return { ok: true, message: "", durationMs: Math.min(limitMs, (sleep.seconds ?? 0) * 1000) };
  const p = c.process;
  if (h.exec && p) {
    const cmd = h.exec.command ?? [];
    const r = p.exec(cmd, at, { limitMs, alongside });
    const output = r.stdout + r.stderr;
    const ok = r.exitCode === 0 && !r.timedOut;
    const message = ok ? "" : `Exec lifecycle hook ([${cmd.join(" ")}]) ${who} failed - error: command '${cmd.join(" ")}' exited with ${r.exitCode}: ${r.stderr}, message: ${JSON.stringify(output)}`;
    return { ok, message, durationMs: r.elapsedMs };
  }
  if (h.httpGet && p) {
    const ip = h.httpGet.host ?? run.draft.podIP ?? "";
    const port = portNumber(c, h.httpGet.port);
    const path = h.httpGet.path ?? "/";
    const status = p.http(port, path, at, run.draft.hostIP ?? "");
    if (status === undefined) {
      return { ok: false, message: `HTTP lifecycle hook (${path}) ${who} failed - error: Get "http://${ip}:${port}${path}": dial tcp ${ip}:${port}: connect: connection refused`, durationMs: 0 };
    }
    if (status >= 400) return { ok: false, message: `HTTP lifecycle hook (${path}) ${who} failed - error: HTTP lifecycle hook (${path}) failed with status code: ${status}`, durationMs: 0 };
    return { ok: true, message: "", durationMs: 0 };
  }
  return { ok: true, message: "", durationMs: 0 };
}

/** A probe's or hook's port: a number, or the name of one of the container's ports. */
export function portNumber(c: ContainerMemo, port: number | string | undefined): number {
  if (typeof port === "number") return port;
  const named = (c.spec.ports ?? []).find((p) => p.name === port);
  return named?.containerPort ?? Number(port ?? 0);
}
