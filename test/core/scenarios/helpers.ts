import fs from "node:fs";
import type { Event, Pod } from "kubernetes-types/core/v1";
import { expect } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { printTable } from "../../../src/core/printers/index.js";
import { TEST_EPOCH, type TestCluster } from "../../helpers/cluster.js";

/** `kubectl get pod NAME` without headers: NAME READY STATUS RESTARTS AGE. */
export function getPodRow(c: TestCluster, name: string, namespace = "default"): string {
  const obj = c.api.get("pods", namespace, name);
  const table = printTable("Pod", [obj], { now: c.clock.now() });
  return table.rows[0]!.cells.slice(0, 5).join("  ");
}

/**
 * `kubectl get pod NAME -w` in virtual time: the row every `stepMs` for `totalMs`, kept
 * when its STATUS, READY or RESTARTS count changes, each line stamped with the offset.
 */
export function watchPod(c: TestCluster, name: string, totalMs: number, stepMs = 1000): string[] {
  const out: string[] = [];
  let last = "";
  for (let t = 0; t <= totalMs; t += stepMs) {
    if (t > 0) c.advance(stepMs);
    const row = getPodRow(c, name);
    const key = row.split("  ").slice(1, 4).map((s) => s.replace(/ \(.*\)$/, "")).join(" ");
    if (key === last) continue;
    last = key;
    out.push(`${stamp(c)}  ${row}`);
  }
  return out;
}

function stamp(c: TestCluster): string {
  return `+${String(Math.round((c.clock.now() - TEST_EPOCH) / 1000)).padStart(3)}s`;
}

/** The pod's events as `kubectl events` lists them, oldest first: TYPE REASON (xN) MESSAGE, the pod's uid blanked. */
export function events(c: TestCluster, name: string): string[] {
  const pod = asKind<Pod>(c.api.get("pods", "default", name));
  const uid = pod.metadata?.uid ?? "";
  return c.api
    .list("events")
    .map((e) => asKind<Event>(e))
    .filter((e) => e.involvedObject.name === name)
    .sort((a, b) => (a.firstTimestamp ?? "").localeCompare(b.firstTimestamp ?? "") || (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""))
    .map((e) => `${e.type} ${e.reason}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ""}: ${(e.message ?? "").split(uid).join("<uid>")}`);
}

export function getPod(c: TestCluster, name: string): Pod {
  return asKind<Pod>(c.api.get("pods", "default", name));
}

/** Compares with testdata/<name>; `UPDATE_GOLDEN=1` rewrites it. */
export function expectGolden(name: string, actual: string): void {
  const file = new URL(`./testdata/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN) {
    fs.writeFileSync(file, actual);
    return;
  }
  expect(actual).toBe(fs.readFileSync(file, "utf8"));
}
