import { describe, expect, it } from "vitest";
import {
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  nodeAllocatable,
  podRequests,
  podResources,
} from "../../../src/core/scheduler/resources.js";
import { container, makeNode, makePod } from "./fixtures.js";

const Mi = 1024 * 1024;

describe("podRequests", () => {
  it("sums the containers and counts one pod", () => {
    const pod = makePod("p", { containers: [container("a", { cpu: "250m", memory: "64Mi" }), container("b", { cpu: "1", memory: "1Gi" })] });
    expect(podRequests(pod)).toEqual({ milliCPU: 1250, memory: 64 * Mi + 1024 * Mi, pods: 1 });
  });

  it("takes the largest init container when it exceeds the containers' sum", () => {
    const pod = makePod("p", {
      containers: [container("a", { cpu: "100m", memory: "100Mi" })],
      initContainers: [container("init-1", { cpu: "2" }), container("init-2", { memory: "50Mi" })],
    });
    expect(podRequests(pod)).toEqual({ milliCPU: 2000, memory: 100 * Mi, pods: 1 });
  });

  it("adds sidecars (restartable init containers) to the sum and to the init containers after them", () => {
    const pod = makePod("p", {
      containers: [container("app", { cpu: "500m" })],
      initContainers: [container("sidecar", { cpu: "200m" }, "Always"), container("migrate", { cpu: "1" })],
    });
    // containers + sidecar = 700m; migrate runs beside the sidecar: 1200m.
    expect(podRequests(pod).milliCPU).toBe(1200);
  });

  it("adds the pod overhead", () => {
    const pod = makePod("p", { cpu: "100m", memory: "10Mi", overhead: { cpu: "250m", memory: "120Mi" } });
    expect(podRequests(pod)).toEqual({ milliCPU: 350, memory: 130 * Mi, pods: 1 });
  });

  it("counts a pod without requests as zero but for its pod slot", () => {
    expect(podRequests(makePod("p"))).toEqual({ milliCPU: 0, memory: 0, pods: 1 });
  });

  it("returns a fresh object the caller may change", () => {
    const pod = makePod("p", { cpu: "1" });
    const r = podRequests(pod);
    r.milliCPU = 5;
    expect(podRequests(pod).milliCPU).toBe(1000);
  });
});

describe("podResources' non-zero requests (scoring only)", () => {
  it("stands in kube-scheduler's defaults for each container missing a request", () => {
    const pod = makePod("p", { containers: [container("a"), container("b", { cpu: "300m" })] });
    const r = podResources(pod);
    expect(r.requests.milliCPU).toBe(300);
    expect(r.nonZeroMilliCPU).toBe(300 + DEFAULT_MILLI_CPU_REQUEST);
    expect(r.nonZeroMemory).toBe(2 * DEFAULT_MEMORY_REQUEST);
  });

  it("keeps an explicit zero request at zero", () => {
    const r = podResources(makePod("p", { cpu: "0", memory: "0" }));
    expect(r.nonZeroMilliCPU).toBe(0);
    expect(r.nonZeroMemory).toBe(0);
  });
});

describe("nodeAllocatable", () => {
  it("reads status.allocatable", () => {
    expect(nodeAllocatable(makeNode("n", { cpu: "3500m", memory: "2Gi", pods: "20" }))).toEqual({ milliCPU: 3500, memory: 2048 * Mi, pods: 20 });
  });

  it("falls back to status.capacity", () => {
    expect(nodeAllocatable(makeNode("n", { cpu: "2", memory: "1Gi", pods: "8", capacityOnly: true }))).toEqual({ milliCPU: 2000, memory: 1024 * Mi, pods: 8 });
  });

  it("treats a node without status as having nothing to offer", () => {
    expect(nodeAllocatable({ metadata: { name: "bare" } })).toEqual({ milliCPU: 0, memory: 0, pods: 0 });
  });
});
