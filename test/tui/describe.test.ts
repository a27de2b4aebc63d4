import { afterEach, describe, expect, it } from "vitest";
import { Command } from "../../src/tui/keys/commands.js";
import { deployment } from "../helpers/fixtures.js";
import { renderConsole, selectWorkload, testCluster, type Harness } from "./render.js";

const SHOP = `apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
${deployment("web", { namespace: "shop", replicas: 2, container: "nginx" })}---
apiVersion: v1
kind: Pod
metadata: { name: huge, namespace: shop }
spec:
  containers:
    - name: app
      image: "nginx:1.27"
      resources: { requests: { cpu: "500" } }
`;

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

/** The console on the shop namespace, the Workloads pane focused on `name`. */
async function onWorkload(name: string): Promise<Harness> {
  const harness = await renderConsole({ cluster: testCluster({ yaml: SHOP }), namespace: "shop", rows: 60 });
  await selectWorkload(harness, `shop/${name}`);
  return harness;
}

describe("describe in the console", () => {
  it("describes a Deployment as kubectl does", async () => {
    h = await onWorkload("web");
    await h.press(Command.Describe);
    const f = h.frame();
    expect(f).toContain("describe deployment/web");
    expect(f).toMatch(/StrategyType:\s+RollingUpdate/);
    expect(f).toMatch(/NewReplicaSet:\s+web-/);
  });

  it("shows a Pending pod's per-node verdicts", async () => {
    h = await onWorkload("huge");
    expect(h.cluster.get("pods", "shop", "huge").status).toMatchObject({ phase: "Pending" });
    await h.press(Command.Describe);
    expect(h.frame()).toContain("describe pod/huge");
    const f = await h.waitFor((x) => x.includes("Node Verdicts:"));
    expect(f).toMatch(/kdeck-worker-1\s+.*Insufficient cpu/);
  });
});
