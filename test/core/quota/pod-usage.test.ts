import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { formatResourceList } from "../../../src/core/quota/resources.js";
import { podConstraintsError, podResourceList, podUsage } from "../../../src/core/quota/pod-usage.js";

const T = Date.UTC(2024, 0, 1);

function pod(spec: Record<string, unknown>, meta: Record<string, unknown> = {}, status: Record<string, unknown> = {}): Pod {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default", ...meta }, spec: spec as unknown as Pod["spec"], status } as Pod;
}

const c = (name: string, requests: Record<string, string>, limits: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({ name, image: "x", resources: { requests, limits }, ...extra });

describe("a pod's size (PodRequests / PodLimits)", () => {
  it("sums containers, takes the max with init containers, and counts sidecars for the whole life", () => {
    const p = pod({
      containers: [c("a", { cpu: "100m", memory: "64Mi" }), c("b", { cpu: "200m" })],
      initContainers: [c("init", { cpu: "500m" }), c("sidecar", { cpu: "50m", memory: "32Mi" }, {}, { restartPolicy: "Always" }), c("late", { cpu: "400m" })],
    });
    // Containers 300m + sidecar 50m = 350m; the first init needs 500m alone, the last 400m + the sidecar's 50m.
    expect(formatResourceList(podResourceList(p, "requests"))).toEqual({ cpu: "500m", memory: "96Mi" });
  });

  it("adds overhead to requests, and to limits only where a limit is set", () => {
    const p = pod({ containers: [c("a", { cpu: "100m" }, { cpu: "200m" })], overhead: { cpu: "10m", memory: "16Mi" } });
    expect(formatResourceList(podResourceList(p, "requests"))).toEqual({ cpu: "110m", memory: "16Mi" });
    expect(formatResourceList(podResourceList(p, "limits"))).toEqual({ cpu: "210m" });
    expect(formatResourceList(podResourceList(p, "requests", false))).toEqual({ cpu: "100m" });
  });
});

describe("a pod's quota usage", () => {
  const running = pod({ containers: [c("a", { cpu: "250m", memory: "128Mi", "example.com/gpu": "1" }, { cpu: "500m", memory: "128Mi", "example.com/gpu": "1" })] });

  it("counts requests under both names, limits, the pod, and extended resources as requests.*", () => {
    expect(formatResourceList(podUsage(running, T))).toEqual({
      "count/pods": "1",
      cpu: "250m",
      "limits.cpu": "500m",
      "limits.memory": "128Mi",
      memory: "128Mi",
      pods: "1",
      "requests.cpu": "250m",
      "requests.example.com/gpu": "1",
      "requests.memory": "128Mi",
    });
  });

  it("charges a finished pod, or a terminating one past its grace period, only its object count", () => {
    const done = { ...running, status: { phase: "Succeeded" } } as Pod;
    expect(formatResourceList(podUsage(done, T))).toEqual({ "count/pods": "1" });
    const terminating = { ...running, metadata: { ...running.metadata, deletionTimestamp: "2024-01-01T00:00:30Z", deletionGracePeriodSeconds: 30 } } as Pod;
    expect(formatResourceList(podUsage(terminating, T + 60_000)).pods).toBe("1");
    expect(formatResourceList(podUsage(terminating, T + 60_001))).toEqual({ "count/pods": "1" });
  });

  it("asks every container, init containers too, for what a quota tracks of cpu and memory", () => {
    const p = pod({ containers: [c("a", { cpu: "1" }, { cpu: "1", memory: "1Gi" }), c("b", {})], initContainers: [c("init", { memory: "1Gi" })] });
    expect(podConstraintsError(p, ["requests.cpu", "limits.memory", "pods", "count/pods"])).toBe("must specify limits.memory for: b,init; requests.cpu for: b,init");
    expect(podConstraintsError(p, ["pods"])).toBeUndefined();
  });
});
