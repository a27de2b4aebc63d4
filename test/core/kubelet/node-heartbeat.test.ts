import type { Node } from "kubernetes-types/core/v1";
import { afterEach, describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { NODE_STATUS_UPDATE_FREQUENCY_MS } from "../../../src/core/kubelet/index.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";
import { podYaml } from "./helpers.js";

let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.close();
  cluster = undefined;
});

function node(c: TestCluster, name: string): Node {
  return asKind<Node>(c.api.get("nodes", "", name));
}

describe("NodeHeartbeatReconciler", () => {
  it("refreshes lastHeartbeatTime every interval and keeps Ready's lastTransitionTime", () => {
    const c = (cluster = createTestCluster());
    c.advance(NODE_STATUS_UPDATE_FREQUENCY_MS - 1_000);
    expect(node(c, "kdeck-worker-1").status?.conditions?.find((x) => x.type === "Ready")?.lastHeartbeatTime).toBe("2024-01-01T00:00:00Z");
    c.advance(1_000);
    const ready = node(c, "kdeck-worker-1").status?.conditions?.find((x) => x.type === "Ready");
    expect(ready).toMatchObject({ status: "True", reason: "KubeletReady", lastHeartbeatTime: "2024-01-01T00:05:00Z", lastTransitionTime: "2024-01-01T00:00:00Z" });
    c.advance(NODE_STATUS_UPDATE_FREQUENCY_MS);
    expect(node(c, "kdeck-worker-1").status?.conditions?.find((x) => x.type === "Ready")?.lastHeartbeatTime).toBe("2024-01-01T00:10:00Z");
  });

  it("brings a node's Ready condition back to True", () => {
    const c = (cluster = createTestCluster());
    const n = node(c, "kdeck-worker-1");
    c.api.updateStatus({
      ...c.api.get("nodes", "", "kdeck-worker-1"),
      status: { ...n.status, conditions: n.status?.conditions?.map((x) => (x.type === "Ready" ? { ...x, status: "False", reason: "KubeletNotReady" } : x)) },
    });
    c.settle();
    expect(node(c, "kdeck-worker-1").status?.conditions?.find((x) => x.type === "Ready")?.status).toBe("True");
  });

  it("reports pulled images in node.status.images soon after the pull", () => {
    const c = (cluster = createTestCluster());
    c.applyYaml(podYaml({ name: "nginx" }));
    c.advance(10_000);
    expect(node(c, "kdeck-worker-1").status?.images).toEqual([
      { names: [expect.stringMatching(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/), "docker.io/library/nginx:1.25"], sizeBytes: expect.any(Number) },
    ]);
    expect(node(c, "kdeck-worker-2").status?.images).toEqual([]);
  });
});
