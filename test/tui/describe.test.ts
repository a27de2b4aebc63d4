import { afterEach, describe, expect, it } from "vitest";
import { Command } from "../../src/tui/keys/commands.js";
import { renderConsole, testCluster, type Harness } from "./render.js";

const SHOP = `apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: nginx, image: "nginx:1.27" }]
---
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
  await harness.press(Command.FocusNext);
  const keys = harness.console.list("workloads").keys;
  const at = keys.indexOf(`shop/${name}`);
  if (at < 0) throw new Error(`no row shop/${name} among ${keys.join(", ")}`);
  await harness.press(Command.Down, at);
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
