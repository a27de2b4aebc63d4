import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/client/cluster.js";
import { healthOf } from "../../../src/client/watch/health.js";

function obj(kind: string, extra: Partial<KubeObject> = {}, apiVersion = "v1"): KubeObject {
  return { apiVersion, kind, metadata: { name: "x", namespace: "default", generation: 1, ...(extra.metadata ?? {}) }, ...extra } as KubeObject;
}

const pod = (status: unknown) => obj("Pod", { spec: { containers: [{ name: "app", image: "nginx" }] }, status });

describe("healthOf", () => {
  it("reads pods: ready, waiting, stuck, unschedulable, failed, completed", () => {
    expect(healthOf(pod({ phase: "Running", conditions: [{ type: "Ready", status: "True" }] }))).toEqual({ state: "ready" });
    expect(healthOf(pod({ phase: "Pending", containerStatuses: [{ name: "app", ready: false, restartCount: 0, image: "nginx", imageID: "", state: { waiting: { reason: "ContainerCreating" } } }] }))).toEqual({
      state: "progressing",
      reason: "ContainerCreating",
    });
    expect(healthOf(pod({ phase: "Running", containerStatuses: [{ name: "app", ready: false, restartCount: 3, image: "nginx", imageID: "", state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s" } } }] }))).toEqual({
      state: "degraded",
      reason: "CrashLoopBackOff",
      message: "back-off 40s",
    });
    expect(healthOf(pod({ phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/4 nodes are available" }] }))).toEqual({
      state: "degraded",
      reason: "Unschedulable",
      message: "0/4 nodes are available",
    });
    expect(healthOf(pod({ phase: "Failed", reason: "Evicted" })).state).toBe("degraded");
    expect(healthOf(pod({ phase: "Succeeded" }))).toEqual({ state: "ready", reason: "Completed" });
  });

  it("counts objects without status as ready once they exist, and unknown when missing", () => {
    expect(healthOf(obj("ConfigMap"))).toEqual({ state: "ready" });
    expect(healthOf(undefined)).toEqual({ state: "unknown", reason: "NotFound" });
    expect(healthOf(obj("ConfigMap", { metadata: { name: "x", deletionTimestamp: "2024-01-01T00:00:00Z" } }))).toEqual({ state: "progressing", reason: "Terminating" });
  });

  it("reads Deployments as kstatus does", () => {
    const deploy = (status: unknown, replicas = 3) => obj("Deployment", { spec: { replicas }, status }, "apps/v1");
    expect(healthOf(deploy({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }))).toEqual({ state: "ready" });
    expect(healthOf(deploy({ observedGeneration: 1, replicas: 3, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 }))).toMatchObject({ state: "progressing", message: "1 of 3 updated" });
    expect(healthOf(deploy({ observedGeneration: 0 }))).toMatchObject({ state: "progressing", reason: "ObservedGeneration" });
    expect(healthOf(deploy({ observedGeneration: 1, conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }] }))).toMatchObject({
      state: "degraded",
      reason: "ProgressDeadlineExceeded",
    });
  });

  it("reads Jobs, namespaces and generic conditions", () => {
    expect(healthOf(obj("Job", { status: { conditions: [{ type: "Complete", status: "True" }] } }, "batch/v1")).state).toBe("ready");
    expect(healthOf(obj("Job", { status: { conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded" }] } }, "batch/v1"))).toMatchObject({
      state: "degraded",
      reason: "BackoffLimitExceeded",
    });
    expect(healthOf(obj("Namespace", { status: { phase: "Terminating" } })).state).toBe("progressing");
    expect(healthOf(obj("Widget", { status: { conditions: [{ type: "Ready", status: "False", reason: "Waiting" }] } }, "example.com/v1"))).toMatchObject({ state: "progressing", reason: "Waiting" });
    expect(healthOf(obj("Widget", { status: { conditions: [{ type: "Stalled", status: "True", reason: "Broken" }] } }, "example.com/v1"))).toMatchObject({ state: "degraded", reason: "Broken" });
  });
});
