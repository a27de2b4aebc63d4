import { describe, expect, it } from "vitest";
import { SchedulerCache } from "../../../src/core/scheduler/cache.js";
import { bound, makeNode, makePod } from "./fixtures.js";

function requested(cache: SchedulerCache, node: string) {
  return cache.nodeInfo(node)?.requested;
}

describe("SchedulerCache", () => {
  it("sums the requests of the pods bound to each node", () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode("a"));
    cache.setNode(makeNode("b"));
    cache.setPod(makePod("p1", { cpu: "500m", memory: "1Mi", nodeName: "a" }));
    cache.setPod(makePod("p2", { cpu: "250m", nodeName: "a" }));
    cache.setPod(makePod("p3", { cpu: "1", nodeName: "b" }));
    expect(requested(cache, "a")).toEqual({ milliCPU: 750, memory: 1024 * 1024, pods: 2 });
    expect(requested(cache, "b")).toEqual({ milliCPU: 1000, memory: 0, pods: 1 });
    expect(cache.nodeInfo("a")?.pods.map((p) => p.metadata?.name)).toEqual(["p1", "p2"]);
  });

  it("ignores pods without a node", () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode("a"));
    cache.setPod(makePod("pending", { cpu: "1" }));
    expect(requested(cache, "a")?.pods).toBe(0);
  });

  it("counts an assumed pod until its bind is observed, then replaces it without double counting", () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode("a"));
    const pod = makePod("web", { cpu: "300m" });
    cache.assume(pod, "a");
    expect(cache.isAssumed("default", "web")).toBe(true);
    expect(requested(cache, "a")).toMatchObject({ milliCPU: 300, pods: 1 });
    expect(cache.nodeInfo("a")?.pods[0]?.spec?.nodeName).toBe("a");
    expect(pod.spec?.nodeName).toBeUndefined();

    // An update from before the bind (no nodeName yet) leaves the assumption alone.
    cache.setPod(pod);
    expect(requested(cache, "a")).toMatchObject({ milliCPU: 300, pods: 1 });

    cache.setPod(bound(pod, "a"));
    expect(cache.isAssumed("default", "web")).toBe(false);
    expect(requested(cache, "a")).toMatchObject({ milliCPU: 300, pods: 1 });
  });

  it("forgets an assumed pod whose bind failed, but not a bound one", () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode("a"));
    cache.assume(makePod("x", { cpu: "1" }), "a");
    cache.forget("default", "x");
    expect(requested(cache, "a")).toMatchObject({ milliCPU: 0, pods: 0 });

    cache.setPod(makePod("y", { cpu: "1", nodeName: "a" }));
    cache.forget("default", "y");
    expect(requested(cache, "a")).toMatchObject({ milliCPU: 1000, pods: 1 });
  });

  it("moves a pod observed on another node than the one assumed", () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode("a"));
    cache.setNode(makeNode("b"));
    const pod = makePod("p", { cpu: "1" });
    cache.assume(pod, "a");
    cache.setPod(bound(pod, "b"));
    expect(requested(cache, "a")?.pods).toBe(0);
    expect(requested(cache, "b")).toMatchObject({ milliCPU: 1000, pods: 1 });
  });

  it("frees the resources of pods that Succeeded or Failed", () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode("a"));
    const job = makePod("job", { cpu: "2", nodeName: "a", phase: "Running" });
    const crashed = makePod("crashed", { cpu: "1", nodeName: "a", phase: "Running" });
    cache.setPod(job);
    cache.setPod(crashed);
    expect(requested(cache, "a")).toMatchObject({ milliCPU: 3000, pods: 2 });
    cache.setPod(bound(job, "a", "Succeeded"));
    cache.setPod(bound(crashed, "a", "Failed"));
    expect(requested(cache, "a")).toEqual({ milliCPU: 0, memory: 0, pods: 0 });
    expect(cache.nodeInfo("a")?.pods).toEqual([]);
  });

  it("releases a deleted pod", () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode("a"));
    cache.setPod(makePod("p", { cpu: "1", namespace: "ns1", nodeName: "a" }));
    cache.setPod(makePod("p", { cpu: "1", namespace: "ns2", nodeName: "a" }));
    cache.removePod("ns1", "p");
    expect(requested(cache, "a")).toMatchObject({ milliCPU: 1000, pods: 1 });
    cache.removePod("ns1", "p");
    expect(requested(cache, "a")).toMatchObject({ milliCPU: 1000, pods: 1 });
  });

  it("drops a removed node from the snapshot and keeps its pods for when it returns", () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode("a"));
    cache.setNode(makeNode("b"));
    cache.setPod(makePod("p", { cpu: "1", nodeName: "a" }));
    cache.removeNode("a");
    expect(cache.nodeInfos().map((n) => n.name)).toEqual(["b"]);
    expect(cache.nodeInfo("a")).toBeUndefined();

    cache.setNode(makeNode("a"));
    expect(requested(cache, "a")).toMatchObject({ milliCPU: 1000, pods: 1 });
    cache.removeNode("a");
    cache.removePod("default", "p");
    cache.setNode(makeNode("a"));
    expect(requested(cache, "a")?.pods).toBe(0);
  });

  it("counts pods that arrive before their node", () => {
    const cache = new SchedulerCache();
    cache.setPod(makePod("early", { cpu: "500m", nodeName: "late" }));
    expect(cache.nodeInfos()).toEqual([]);
    cache.setNode(makeNode("late"));
    expect(requested(cache, "late")).toMatchObject({ milliCPU: 500, pods: 1 });
  });

  it("updates a node in place, keeping its pods and its place in the list", () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode("a", { cpu: "2" }));
    cache.setNode(makeNode("b"));
    cache.setPod(makePod("p", { cpu: "1", nodeName: "a" }));
    cache.setNode(makeNode("a", { cpu: "8", taints: [{ key: "k", effect: "NoSchedule" }] }));
    const a = cache.nodeInfo("a");
    expect(a?.allocatable.milliCPU).toBe(8000);
    expect(a?.taints).toHaveLength(1);
    expect(a?.requested.pods).toBe(1);
    expect(cache.nodeInfos().map((n) => n.name)).toEqual(["a", "b"]);
  });

  it("records the node's image names", () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode("a", { images: [["nginx:1.25", "docker.io/library/nginx@sha256:abc"], ["redis:7"]] }));
    expect([...(cache.nodeInfo("a")?.imageNames ?? [])]).toEqual(["nginx:1.25", "docker.io/library/nginx@sha256:abc", "redis:7"]);
  });
});
