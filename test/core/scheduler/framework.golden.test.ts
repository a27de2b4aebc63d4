import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Node, Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { deepFreeze } from "../../../src/core/api/object.js";
import { SchedulerCache } from "../../../src/core/scheduler/cache.js";
import { Scheduler, type ScheduleResult } from "../../../src/core/scheduler/framework.js";
import { Rng } from "../../../src/core/engine/rand.js";

/**
 * Golden FailedScheduling messages. Each `testdata/unschedulable/NAME.input.yaml` holds
 * Nodes and already-bound Pods; its last document is the pod to schedule. The expected
 * message and per-node reasons are in `NAME.golden`; `UPDATE_GOLDEN=1` rewrites them.
 */
const DIR = join(dirname(fileURLToPath(import.meta.url)), "testdata", "unschedulable");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

interface Manifest {
  kind?: string;
}

function render(result: ScheduleResult): string {
  if (result.status === "Scheduled") return `Scheduled on ${result.nodeName}\n`;
  const lines = [result.message, ""];
  for (const [node, reasons] of [...result.reasons].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) lines.push(`${node}: ${reasons.join(", ")}`);
  return `${lines.join("\n").trimEnd()}\n`;
}

function run(input: string): string {
  const docs = parseAllDocuments(input).map((d) => deepFreeze(d.toJS() as Manifest));
  const target = docs.pop() as Pod;
  const cache = new SchedulerCache();
  for (const doc of docs) {
    if (doc.kind === "Node") cache.setNode(doc as Node);
    else if (doc.kind === "Pod") cache.setPod(doc as Pod);
  }
  const rng = Rng.fromSeed(7);
  return render(new Scheduler(cache, { rand: () => rng.next() }).schedule(target));
}

const scenarios = readdirSync(DIR)
  .filter((f) => f.endsWith(".input.yaml"))
  .map((f) => f.slice(0, -".input.yaml".length))
  .sort();

describe("unschedulable messages (golden)", () => {
  it("has scenarios", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of scenarios) {
    it(name, () => {
      const got = run(readFileSync(join(DIR, `${name}.input.yaml`), "utf8"));
      const goldenPath = join(DIR, `${name}.golden`);
      if (UPDATE) writeFileSync(goldenPath, got);
      let want: string;
      try {
        want = readFileSync(goldenPath, "utf8");
      } catch {
        throw new Error(`${goldenPath} is missing: run with UPDATE_GOLDEN=1 to create it`);
      }
      expect(got).toBe(want);
    });
  }
});
