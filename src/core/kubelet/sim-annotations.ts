import type { Pod } from "kubernetes-types/core/v1";
import { bytes, cpuMillis } from "../quantity.js";
import { durationMs } from "../shell/index.js";

/**
 * Annotations under `sim.kdeck.dev/` script what a pod's containers do, for demos and
 * tests (the README's "Simulated containers" lists them). Each applies to every
 * container of the pod; `<key>.<container>` applies to one container and wins.
 */
export const SIM_PREFIX = "sim.kdeck.dev/";

/** The annotation's value for one container (`sim.kdeck.dev/cpu.app` before `sim.kdeck.dev/cpu`). */
export function simAnnotation(pod: Pod, container: string, key: string): string | undefined {
  const a = pod.metadata?.annotations;
  if (!a) return undefined;
  return a[`${SIM_PREFIX}${key}.${container}`] ?? a[`${SIM_PREFIX}${key}`];
}

/** A duration like `30s`, `2m`, `1h30m`, `1500ms`; undefined when absent or malformed. */
export function parseDuration(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const t = s.trim();
  if (/^\d+(\.\d+)?ms$/.test(t)) return Number(t.slice(0, -2));
  const parts = t.match(/\d+(?:\.\d+)?[smhd]?/g);
  if (!parts || parts.join("") !== t) return undefined;
  let total = 0;
  for (const p of parts) total += durationMs(p) ?? 0;
  return total;
}

/**
 * A value over time since the container started: `250m`; `64Mi, 300Mi after 1m` (steps);
 * `64Mi, 512Mi over 2m` (a linear ramp from the previous value, then held).
 */
export interface Schedule {
  /** Breakpoints in time order: the value from `at` on, ramping from the previous one when `ramp`. */
  points: { at: number; value: number; ramp: boolean }[];
}

export function parseSchedule(s: string | undefined, measure: (q: string) => number): Schedule | undefined {
  if (!s) return undefined;
  const points: Schedule["points"] = [];
  let t = 0;
  for (const raw of s.split(",")) {
    const seg = raw.trim();
    const m = /^(\S+)(?:\s+(after|over)\s+(\S+))?$/.exec(seg);
    if (!m) return undefined;
    let value: number;
    try {
      value = measure(m[1]!);
    } catch {
      return undefined;
    }
    if (Number.isNaN(value)) return undefined;
    const d = m[3] ? parseDuration(m[3]) : 0;
    if (d === undefined) return undefined;
    if (m[2] === "after") t = d;
    else if (m[2] === "over") t += d;
    points.push({ at: t, value, ramp: m[2] === "over" });
  }
  return points.length > 0 ? { points } : undefined;
}

/** The schedule's value `ms` after start. */
export function scheduleAt(s: Schedule, ms: number): number {
  const pts = s.points;
  let value = pts[0]!.value;
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    if (p.ramp && i > 0) {
      const prev = pts[i - 1]!;
      if (ms < prev.at) break;
      if (ms < p.at) return prev.value + ((p.value - prev.value) * (ms - prev.at)) / Math.max(1, p.at - prev.at);
      value = p.value;
    } else if (ms >= p.at) value = p.value;
    else break;
  }
  return value;
}

/** The first time after start the schedule goes over `limit`; undefined if it never does. */
export function firstAbove(s: Schedule, limit: number): number | undefined {
  const pts = s.points;
  if (pts[0]!.value > limit) return 0;
  for (let i = 1; i < pts.length; i++) {
    const p = pts[i]!;
    const prev = pts[i - 1]!;
    if (p.value <= limit) continue;
    if (!p.ramp) return p.at;
    return prev.at + ((limit - prev.value) / (p.value - prev.value)) * (p.at - prev.at);
  }
  return undefined;
}

export function cpuSchedule(pod: Pod, container: string): Schedule | undefined {
  return parseSchedule(simAnnotation(pod, container, "cpu"), cpuMillis);
}

export function memorySchedule(pod: Pod, container: string): Schedule | undefined {
  return parseSchedule(simAnnotation(pod, container, "memory"), bytes);
}

/** `sim.kdeck.dev/exit-after` (code from `exit-code`, default 0) or `crash-after` (default 1). */
export function scriptedExit(pod: Pod, container: string): { afterMs: number; code: number } | undefined {
  const code = simAnnotation(pod, container, "exit-code");
  const crash = parseDuration(simAnnotation(pod, container, "crash-after"));
  const exit = parseDuration(simAnnotation(pod, container, "exit-after"));
  const afterMs = crash ?? exit;
  if (afterMs === undefined) return undefined;
  const parsed = code !== undefined ? Number.parseInt(code, 10) : NaN;
  return { afterMs, code: Number.isNaN(parsed) ? (crash !== undefined ? 1 : 0) : parsed & 0xff };
}

/** Lines a second, from `sim.kdeck.dev/log-rate` (`10/s`, `30/m`, `100/h`, or a number per second). */
export function logRate(pod: Pod, container: string): { perSecond: number; template: string } | undefined {
  const raw = simAnnotation(pod, container, "log-rate");
  if (!raw) return undefined;
  const m = /^(\d+(?:\.\d+)?)(?:\/(s|m|h))?$/.exec(raw.trim());
  if (!m) return undefined;
  const perSecond = Number(m[1]) / ({ s: 1, m: 60, h: 3600 }[(m[2] ?? "s") as "s" | "m" | "h"]);
  if (!(perSecond > 0)) return undefined;
  return { perSecond, template: simAnnotation(pod, container, "log-line") ?? "{time} INFO handled request {n}" };
}

/**
 * Readiness scripted by `ready-after`, `unready-after` and `ready-flip` (alternating
 * every period, ready first): whether the container answers readiness checks `ms` after start.
 * Undefined when none is set.
 */
export function scriptedReady(pod: Pod, container: string): ((ms: number) => boolean) | undefined {
  const after = parseDuration(simAnnotation(pod, container, "ready-after"));
  const until = parseDuration(simAnnotation(pod, container, "unready-after"));
  const flip = parseDuration(simAnnotation(pod, container, "ready-flip"));
  if (after === undefined && until === undefined && flip === undefined) return undefined;
  return (ms) => {
    if (after !== undefined && ms < after) return false;
    if (until !== undefined && ms >= until) return false;
    if (flip !== undefined && flip > 0) return Math.floor((ms - (after ?? 0)) / flip) % 2 === 0;
    return true;
  };
}

export { bytes, cpuMillis };
