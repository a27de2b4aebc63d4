/**
 * The eviction half of a drain (kubectl's Helper.evictPods and deletePods), stepped in
 * virtual time. kubectl runs one goroutine per pod: print `evicting pod ns/x`, evict,
 * on 429 print the refusal and sleep 5 s, then poll until the pod is gone and print
 * `pod/x evicted`. Here each pod is a small state machine and the loop sleeps until the
 * next retry is due, a waited-for pod disappears, or the global timeout strikes; the
 * lines and their order per pod are kubectl's.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { parseTime } from "../engine/clock.js";
import { shouldSkipPod } from "./filters.js";
import type { DrainApi, DrainClock, DrainEvent, DrainOptions } from "./types.js";

/** kubectl's fixed pause after a refused eviction. */
export const EVICTION_RETRY_MS = 5_000;
/** Longest single wait, so that an endless drain still looks at its pods now and then. */
const MAX_WAIT_MS = 60 * 60_000;

/** An error kubectl would aggregate: its text, and whether it came from the global timeout. */
export interface DrainError {
  messages: string[];
  /** utilerrors.Aggregate (printed one message a line at the end) rather than a plain error. */
  aggregate: boolean;
  timeout?: boolean;
}

/** Where the eviction loop reports and whether it should stop. */
export interface EvictContext {
  api: DrainApi;
  clock: DrainClock;
  opts: DrainOptions;
  node: string;
  emit(kind: DrainEvent["kind"], text: string, stream: DrainEvent["stream"], pod?: Pod): void;
  cancelled(): boolean;
}

interface PodState {
  pod: Pod;
  phase: "evict" | "wait" | "done";
  nextAt: number;
}

/** Go's time.Duration String for whole milliseconds: `20s`, `1m0s`, `1h2m3s`, `500ms`. */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = `${Number(((ms % 60_000) / 1000).toFixed(3))}s`;
  if (h > 0) return `${h}h${m}m${s}`;
  if (m > 0) return `${m}m${s}`;
  return s;
}

function nameOf(pod: Pod): string {
  return pod.metadata?.name ?? "";
}
function nsOf(pod: Pod): string {
  return pod.metadata?.namespace ?? "";
}

/** Gone, or replaced by a new pod of the same name (a StatefulSet's). */
function isGone(api: DrainApi, pod: Pod): boolean {
  const live = api.tryGet("pods", nsOf(pod), nameOf(pod));
  return !live || live.metadata.uid !== pod.metadata?.uid;
}

function deleteGrace(opts: DrainOptions): number | undefined {
  return opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds >= 0 ? opts.gracePeriodSeconds : undefined;
}

/**
 * Evicts `pods`, retrying refusals every 5 s until each is gone or the timeout passes.
 * Resolves the aggregated errors (undefined when every pod went), or "cancelled".
 */
export async function evictPods(ctx: EvictContext, pods: readonly Pod[]): Promise<DrainError | undefined | "cancelled"> {
  const { api, clock, opts } = ctx;
  const timeoutMs = opts.timeoutMs ?? 0;
  const start = clock.now();
  const deadline = timeoutMs > 0 ? start + timeoutMs : Infinity;
  const serverDryRun = opts.dryRun === "server";
  const grace = deleteGrace(opts);
  const states: PodState[] = pods.map((pod) => ({ pod, phase: "evict", nextAt: start }));
  const errors: string[] = [];
  let timedOut = false;

  for (;;) {
    if (ctx.cancelled()) return "cancelled";
    const now = clock.now();
    for (const s of states) {
      const { pod } = s;
      if (s.phase === "evict" && s.nextAt <= now) {
        ctx.emit("evicting", `evicting pod ${nsOf(pod)}/${nameOf(pod)}${serverDryRun ? " (server dry run)" : ""}`, "stdout", pod);
        if (now >= deadline) {
          errors.push(`error when evicting pods/"${nameOf(pod)}" -n "${nsOf(pod)}": global timeout reached: ${goDuration(timeoutMs)}`);
          timedOut = true;
          s.phase = "done";
          continue;
        }
        try {
          api.evict(nsOf(pod), nameOf(pod), { ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}), ...(serverDryRun ? { dryRun: true } : {}) });
          s.phase = serverDryRun ? "done" : "wait";
        } catch (e) {
          if (isApiError(e, "NotFound")) {
            s.phase = "done";
          } else if (isApiError(e, "TooManyRequests")) {
            ctx.emit("retry", `error when evicting pods/"${nameOf(pod)}" -n "${nsOf(pod)}" (will retry after 5s): ${e.message}`, "stderr", pod);
            s.nextAt = now + EVICTION_RETRY_MS;
          } else if (isApiError(e)) {
            errors.push(`error when evicting pods/"${nameOf(pod)}" -n "${nsOf(pod)}": ${e.message}`);
            s.phase = "done";
          } else {
            throw e;
          }
        }
      }
      if (s.phase === "wait") {
        if (isGone(api, pod)) {
          ctx.emit("evicted", `pod/${nameOf(pod)} evicted`, "stdout", pod);
          s.phase = "done";
          continue;
        }
        const live = api.tryGet("pods", nsOf(pod), nameOf(pod));
        const skipAfter = opts.skipWaitForDeleteTimeoutSeconds ?? 0;
        if (live && shouldSkipPod(live as Pod, skipAfter, now)) {
          ctx.emit("skipped", `pod "${nameOf(pod)}" has DeletionTimestamp older than ${skipAfter} seconds, skipping`, "stdout", pod);
          s.phase = "done";
        } else if (now >= deadline) {
          errors.push(`error when waiting for pod "${nameOf(pod)}" in namespace "${nsOf(pod)}" to terminate: global timeout reached: ${goDuration(timeoutMs)}`);
          timedOut = true;
          s.phase = "done";
        }
      }
    }
    if (states.every((s) => s.phase === "done")) break;
    await sleepUntilSomethingHappens(ctx, states, deadline);
  }
  return errors.length === 0 ? undefined : { messages: errors, aggregate: true, timeout: timedOut };
}

/**
 * Waits (in virtual time) for the next retry, the deadline, a waited-for pod's
 * disappearance, a skip-wait timeout or a cancel, whichever comes first.
 */
async function sleepUntilSomethingHappens(ctx: EvictContext, states: readonly PodState[], deadline: number): Promise<void> {
  const now = ctx.clock.now();
  // A pod between attempts only notices the timeout when its 5 s pause ends (kubectl's
  // goroutine sleeps through it); a pod being waited for notices it at once.
  let wakeAt = states.some((s) => s.phase === "wait") ? deadline : Infinity;
  const skipAfter = ctx.opts.skipWaitForDeleteTimeoutSeconds ?? 0;
  for (const s of states) {
    if (s.phase === "evict") wakeAt = Math.min(wakeAt, s.nextAt);
    if (s.phase === "wait" && skipAfter > 0) {
      const live = ctx.api.tryGet("pods", nsOf(s.pod), nameOf(s.pod));
      const since = parseTime(live?.metadata.deletionTimestamp ?? undefined);
      // shouldSkipPod holds once more than `skipAfter` whole seconds have passed.
      if (!Number.isNaN(since)) wakeAt = Math.min(wakeAt, since + (skipAfter + 1) * 1000);
    }
  }
  const waited = states.filter((s) => s.phase === "wait");
  const done = (): boolean => ctx.cancelled() || waited.some((s) => isGone(ctx.api, s.pod));
  // Never a zero wait: virtual time must move, or the loop would spin.
  await ctx.clock.wait(done, Math.max(1, Math.min(wakeAt - now, MAX_WAIT_MS)));
}

/**
 * Helper.deletePods (--disable-eviction): deletes every pod, stopping at the first
 * refusal, then waits for them all to go, printing `pod/x deleted` as each does.
 */
export async function deletePods(ctx: EvictContext, pods: readonly Pod[]): Promise<DrainError | undefined | "cancelled"> {
  const { api, clock, opts } = ctx;
  const grace = deleteGrace(opts);
  const serverDryRun = opts.dryRun === "server";
  for (const pod of pods) {
    try {
      api.delete("pods", nsOf(pod), nameOf(pod), { ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}), ...(serverDryRun ? { dryRun: true } : {}) });
    } catch (e) {
      if (isApiError(e, "NotFound")) continue;
      if (isApiError(e)) return { messages: [e.message], aggregate: false };
      throw e;
    }
  }
  if (serverDryRun) return undefined;
  const timeoutMs = opts.timeoutMs ?? 0;
  const deadline = timeoutMs > 0 ? clock.now() + timeoutMs : Infinity;
  let pending = [...pods];
  for (;;) {
    if (ctx.cancelled()) return "cancelled";
    const now = clock.now();
    const still: Pod[] = [];
    for (const pod of pending) {
      if (isGone(api, pod)) {
        ctx.emit("evicted", `pod/${nameOf(pod)} deleted`, "stdout", pod);
        continue;
      }
      const live = api.tryGet("pods", nsOf(pod), nameOf(pod));
      const skipAfter = opts.skipWaitForDeleteTimeoutSeconds ?? 0;
      if (live && shouldSkipPod(live as Pod, skipAfter, now)) {
        ctx.emit("skipped", `pod "${nameOf(pod)}" has DeletionTimestamp older than ${skipAfter} seconds, skipping`, "stdout", pod);
        continue;
      }
      still.push(pod);
    }
    pending = still;
    if (pending.length === 0) return undefined;
    // wait.PollImmediate's own timeout: its error, not wrapped.
    if (now >= deadline) return { messages: ["timed out waiting for the condition"], aggregate: false, timeout: true };
    const done = (): boolean => ctx.cancelled() || pending.some((p) => isGone(api, p));
    await clock.wait(done, Math.max(1, Math.min(deadline - now, MAX_WAIT_MS)));
  }
}
