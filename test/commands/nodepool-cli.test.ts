import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectGolden } from "../client/output/golden.js";
import { kdeck, tempDb } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

const EXAMPLE = fileURLToPath(new URL("../../manifests/examples/nodepool-autoscaling.yaml", import.meta.url));

async function session(steps: string[][]): Promise<string> {
  let out = "";
  for (const args of steps) {
    const r = await kdeck(db, args);
    const shown = args.map((a) => (a === EXAMPLE ? "manifests/examples/nodepool-autoscaling.yaml" : a));
    out += `$ kdeck ${shown.join(" ")}\n${r.stdout}${r.stderr}${r.code !== 0 ? `[exit ${r.code}]\n` : ""}`;
  }
  return out;
}

describe("node pools from the command line", () => {
  it("walks through the example: a pool, a scale-up, its limit, and a scale-down", async () => {
    const transcript = await session([
      ["apply", "-f", EXAMPLE],
      ["get", "nodepools"],
      ["advance", "1m"],
      ["get", "nodes", "-l", "kdeck.dev/nodepool=burst"],
      ["scale", "deploy/batch", "--replicas=6"],
      ["advance", "20s"],
      ["get", "events", "--field-selector", "reason=TriggeredScaleUp"],
      ["describe", "nodepool", "burst"],
      ["advance", "1m"],
      ["get", "np", "-o", "wide"],
      ["scale", "deploy/batch", "--replicas=10"],
      ["advance", "2m"],
      ["get", "events", "--field-selector", "reason=NotTriggerScaleUp"],
      ["get", "pods", "--field-selector", "status.phase=Pending"],
      ["scale", "deploy/batch", "--replicas=2"],
      ["advance", "12m"],
      ["get", "nodes"],
      ["get", "events", "--field-selector", "involvedObject.kind=Node,reason=ScaleDown"],
      ["get", "nodepool", "burst"],
      ["get", "configmap", "cluster-autoscaler-status", "-n", "kube-system", "-o", "jsonpath={.data.status}"],
    ]);
    expectGolden(new URL("./testdata/nodepool-walkthrough.golden", import.meta.url), transcript);
  });

  it("explains the kind and lists it in api-resources", async () => {
    const resources = await kdeck(db, ["api-resources"]);
    expect(resources.stdout).toMatch(/^nodepools\s+np\s+kdeck\.dev\/v1alpha1\s+false\s+NodePool$/m);
    const explain = await kdeck(db, ["explain", "nodepool.spec.minSize"]);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain("MinSize is the smallest number of nodes the pool may have.");
  });

  it("deleting a pool deletes its nodes", async () => {
    await kdeck(db, ["apply", "-f", EXAMPLE]);
    await kdeck(db, ["advance", "1m"]);
    expect((await kdeck(db, ["get", "nodes", "-l", "kdeck.dev/nodepool=burst", "-o", "name"])).stdout).toMatch(/^node\/burst-\w{5}\n$/);
    expect((await kdeck(db, ["delete", "np", "burst"])).stdout).toBe('nodepool.kdeck.dev "burst" deleted\n');
    expect((await kdeck(db, ["get", "nodes", "-l", "kdeck.dev/nodepool=burst"])).stderr).toBe("No resources found\n");
  });
});
