import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectGolden } from "../client/output/golden.js";
import { kdeck, tempDb } from "./run.js";

let db: string;
let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ db, cleanup } = tempDb());
  dir = path.dirname(db);
});
afterEach(() => cleanup());

/** Four pods that may not share a zone: the default cluster has three zones of workers. */
function antiAffinityPods(): string {
  return Array.from(
    { length: 4 },
    (_, i) => `apiVersion: v1
kind: Pod
metadata: { name: web-${i + 1}, labels: { app: web } }
spec:
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        - labelSelector: { matchLabels: { app: web } }
          topologyKey: topology.kubernetes.io/zone
  containers:
    - name: nginx
      image: nginx:1.27
      resources: { requests: { cpu: 250m, memory: 64Mi } }
`,
  ).join("---\n");
}

async function session(steps: string[][]): Promise<string> {
  let out = "";
  for (const args of steps) {
    const r = await kdeck(db, args);
    const shown = args.map((a) => (a.startsWith(dir) ? path.basename(a) : a));
    out += `$ kdeck ${shown.join(" ")}\n${r.stdout}${r.stderr}${r.code !== 0 ? `[exit ${r.code}]\n` : ""}`;
  }
  return out;
}

describe("kdeck explain-schedule", () => {
  it("explains a Pending pod node by node, a bound one as if scheduled again, and describe lists each node's verdict", async () => {
    const file = path.join(dir, "web.yaml");
    fs.writeFileSync(file, antiAffinityPods());
    const transcript = await session([
      ["apply", "-f", file],
      ["get", "pods", "-o", "wide"],
      ["explain-schedule", "web-4"],
      ["explain-schedule", "pod/web-1", "-o", "wide"],
      ["describe", "pod", "web-4"],
      ["explain-schedule", "nope"],
    ]);
    expectGolden(new URL("./testdata/explain-schedule.golden", import.meta.url), transcript);
  });

  it("prints the explanation as JSON, and refuses other kinds and formats", async () => {
    const file = path.join(dir, "web.yaml");
    fs.writeFileSync(file, antiAffinityPods());
    await kdeck(db, ["apply", "-f", file]);
    const json = await kdeck(db, ["explain-schedule", "web-4", "-o", "json"]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { name: string; message: string; nodes: { nodeName: string; feasible: boolean }[] };
    expect(parsed.name).toBe("web-4");
    expect(parsed.message).toContain("3 node(s) didn't match pod anti-affinity rules");
    expect(parsed.nodes.map((n) => [n.nodeName, n.feasible])).toEqual([
      ["kdeck-control-plane", false],
      ["kdeck-worker-1", false],
      ["kdeck-worker-2", false],
      ["kdeck-worker-3", false],
    ]);
    expect((await kdeck(db, ["explain-schedule", "deploy/web"])).code).toBe(2);
    expect((await kdeck(db, ["explain-schedule", "web-4", "-o", "name"])).code).toBe(2);
  });

  it("follows the cluster: once web-1 is gone, web-4 takes its zone and is explained as bound there", async () => {
    const file = path.join(dir, "web.yaml");
    fs.writeFileSync(file, antiAffinityPods());
    await kdeck(db, ["apply", "-f", file]);
    const freed = (await kdeck(db, ["get", "pod", "web-1", "-o", "jsonpath={.spec.nodeName}"])).stdout;
    expect(freed).toMatch(/^kdeck-worker-\d$/);
    await kdeck(db, ["delete", "pod", "web-1", "--now"]);
    const r = await kdeck(db, ["explain-schedule", "web-4"]);
    expect(r.stdout.split("\n")[0]).toBe(`Pod default/web-4 is bound to ${freed}. Scheduled again now, it would fit 1 of 4 nodes.`);
    expect(r.stdout).toMatch(new RegExp(`^${freed}\\s+\\d+\\s+best$`, "m"));
  });
});
