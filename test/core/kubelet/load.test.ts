import { afterEach, describe, expect, it } from "vitest";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";

/**
 * `sim.kdeck.dev/load` on a workload: the CPU its traffic costs, shared by its Ready
 * pods, as `kubectl top pods` and the autoscalers read it from the metrics API.
 */
let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.close();
  cluster = undefined;
});

function web(load: string, replicas: number, extra = ""): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {${load}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}${extra}}
    spec:
      containers:
      - {name: web, image: nginx:1.27}
      - {name: sidecar, image: busybox:1.36, command: [sleep, "3600"]}
`;
}

function cpuByPod(c: TestCluster, container = "web"): number[] {
  return c.kubelet.metrics
    .podMetrics({ namespace: "default" })
    .map((m) => m.containers.find((x) => x.name === container)?.cpuMillis ?? NaN)
    .sort((a, b) => a - b);
}

describe("scripted load", () => {
  it("is shared evenly by the workload's Ready pods, on their first container", () => {
    cluster = createTestCluster();
    const c = cluster;
    c.applyYaml(web(`sim.kdeck.dev/load: "900m"`, 3));
    c.advance(30_000);
    expect(cpuByPod(c)).toEqual([300, 300, 300]);
    // The sidecar keeps its own idle baseline.
    expect(Math.max(...cpuByPod(c, "sidecar"))).toBeLessThan(10);
    c.api.patch("deployments.apps", "default", "web", { spec: { replicas: 6 } }, "merge");
    c.advance(30_000);
    expect(cpuByPod(c)).toEqual([150, 150, 150, 150, 150, 150]);
  });

  it("follows its schedule from the workload's creation, and can name the container", () => {
    cluster = createTestCluster();
    const c = cluster;
    c.applyYaml(web(`sim.kdeck.dev/load.sidecar: "200m, 800m after 2m"`, 2));
    c.advance(60_000);
    expect(cpuByPod(c, "sidecar")).toEqual([100, 100]);
    c.advance(90_000);
    expect(cpuByPod(c, "sidecar")).toEqual([400, 400]);
    expect(Math.max(...cpuByPod(c, "web"))).toBeLessThan(10);
  });

  it("goes only to pods that are Ready: one still starting serves nothing", () => {
    cluster = createTestCluster();
    const c = cluster;
    c.applyYaml(web(`sim.kdeck.dev/load: "600m"`, 2));
    c.advance(30_000);
    // A new pod that takes a minute to become Ready: the two old ones keep the whole load meanwhile.
    c.api.patch("deployments.apps", "default", "web", { spec: { template: { metadata: { annotations: { "sim.kdeck.dev/ready-after": "60s" } } } } }, "strategic");
    c.advance(20_000);
    const shares = cpuByPod(c);
    expect(shares.filter((v) => v === 300)).toHaveLength(2);
    expect(shares.filter((v) => v < 10).length).toBeGreaterThanOrEqual(1);
  });
});
